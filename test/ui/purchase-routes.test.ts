import { describe, expect, it } from "vitest";
import { navPageOf, parseRoute, routeHash } from "../../ui/src/app/router";

describe("the purchasing pages' addresses", () => {
	it("opens the list, a new purchase, the suggestions and a purchase by id, all under Purchasing", () => {
		const routes = [
			["#/purchases", { page: "purchases" }],
			["#/purchases/new", { page: "purchase-new" }],
			["#/purchases/suggestions", { page: "purchase-suggestions" }],
			["#/purchases/01J%2FX", { page: "purchase", purchaseId: "01J/X" }],
		] as const;
		for (const [hash, route] of routes) {
			expect(parseRoute(hash)).toEqual(route);
			expect(routeHash(route)).toBe(hash);
			expect(navPageOf(route)).toBe("purchases");
		}
	});

	it("says not found for deeper paths", () => {
		expect(parseRoute("#/purchases/a/b")).toEqual({ page: "not-found", path: "/purchases/a/b" });
	});
});
