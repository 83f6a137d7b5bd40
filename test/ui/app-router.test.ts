import { describe, expect, it } from "vitest";
import { NAV_PAGES, navPageOf, parseRoute, routeHash } from "../../ui/src/app/router";

describe("the app's hash router", () => {
	it("opens the start page when the address has no hash", () => {
		expect(parseRoute("")).toEqual({ page: "start" });
		expect(parseRoute("#")).toEqual({ page: "start" });
		expect(parseRoute("#/")).toEqual({ page: "start" });
	});

	it("opens each page of the nav bar from its link, with or without a trailing slash", () => {
		for (const page of NAV_PAGES) {
			expect(parseRoute(routeHash({ page }))).toEqual({ page });
			expect(parseRoute(`#/${page}/`)).toEqual({ page });
		}
	});

	it("opens a product's page, its id decoded, and links back to the same address", () => {
		const route = parseRoute("#/products/01J%2FAB%20C");
		expect(route).toEqual({ page: "product", productId: "01J/AB C" });
		expect(routeHash(route)).toBe("#/products/01J%2FAB%20C");
		expect(parseRoute(routeHash({ page: "product", productId: "p-1" }))).toEqual({ page: "product", productId: "p-1" });
	});

	it("says not found for an unknown path, a product without id and a malformed escape", () => {
		expect(parseRoute("#/nowhere")).toEqual({ page: "not-found", path: "/nowhere" });
		expect(parseRoute("#/products")).toEqual({ page: "not-found", path: "/products" });
		expect(parseRoute("#/products/a/b")).toEqual({ page: "not-found", path: "/products/a/b" });
		expect(parseRoute("#/products/%E0%A4%A")).toEqual({ page: "not-found", path: "/products/%E0%A4%A" });
	});

	it("ignores a query after the path", () => {
		expect(parseRoute("#/sync?status=failed")).toEqual({ page: "sync" });
	});

	it("highlights Stock in the nav bar on a product's page", () => {
		expect(navPageOf({ page: "product", productId: "x" })).toBe("stock");
		expect(navPageOf({ page: "tokens" })).toBe("tokens");
		expect(navPageOf({ page: "not-found", path: "/x" })).toBeNull();
	});
});
