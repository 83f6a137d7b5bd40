/**
 * Hash routing for the app (`#/stock`, `#/products/:id`, …): pure, so that links, the back button
 * and a reload all land on the same page without any server route.
 */
export const NAV_PAGES = ["stock", "locations", "settings", "sync", "tokens"] as const;
export type NavPage = (typeof NAV_PAGES)[number];

export type Route = { page: NavPage } | { page: "product"; productId: string } | { page: "not-found"; path: string };

/**
 * The route of a location hash; the empty hash is the stock page.
 * @example parseRoute("#/products/01J…") // { page: "product", productId: "01J…" }
 */
export function parseRoute(hash: string): Route {
	const path = hash.replace(/^#/, "").split("?")[0] ?? "";
	const parts = path.split("/").filter((part) => part !== "");
	if (parts.length === 0) return { page: "stock" };
	const [first, second, ...rest] = parts;
	if (parts.length === 1 && (NAV_PAGES as readonly string[]).includes(first ?? "")) return { page: first as NavPage };
	if (first === "products" && second !== undefined && rest.length === 0) {
		const productId = safeDecode(second);
		if (productId) return { page: "product", productId };
	}
	return { page: "not-found", path: `/${parts.join("/")}` };
}

/** The hash of a route, e.g. `#/products/abc`; what `parseRoute` reads back. */
export function routeHash(route: Route): string {
	switch (route.page) {
		case "product":
			return `#/products/${encodeURIComponent(route.productId)}`;
		case "not-found":
			return `#${route.path}`;
		default:
			return `#/${route.page}`;
	}
}

/** The nav entry a route belongs to (a product's page sits under Stock). */
export function navPageOf(route: Route): NavPage | null {
	if (route.page === "product") return "stock";
	if (route.page === "not-found") return null;
	return route.page;
}

export function sameRoute(a: Route, b: Route): boolean {
	return routeHash(a) === routeHash(b);
}

function safeDecode(part: string): string | null {
	try {
		return decodeURIComponent(part);
	} catch {
		return null; // a malformed escape such as "%E0%A4%A": no such product
	}
}
