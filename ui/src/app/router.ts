/**
 * Hash routing for the app (`#/stock`, `#/products/:id`, …): pure, so that links, the back button
 * and a reload all land on the same page without any server route.
 */
export const NAV_PAGES = [
	"start",
	"stock",
	"lots",
	"orders",
	"purchases",
	"locations",
	"settings",
	"sync",
	"audit",
	"members",
	"tokens",
] as const;
export type NavPage = (typeof NAV_PAGES)[number];

export type Route =
	| { page: NavPage }
	| { page: "product"; productId: string }
	| { page: "lot"; productId: string; lot: string }
	| { page: "order"; orderId: string }
	| { page: "delivery"; deliveryId: string }
	| { page: "purchase"; purchaseId: string }
	| { page: "purchase-new" }
	| { page: "purchase-suggestions" }
	| { page: "not-found"; path: string };

/**
 * The route of a location hash; the empty hash is the start page (what needs attention today).
 * @example parseRoute("#/products/01J…") // { page: "product", productId: "01J…" }
 */
export function parseRoute(hash: string): Route {
	const path = hash.replace(/^#/, "").split("?")[0] ?? "";
	const parts = path.split("/").filter((part) => part !== "");
	if (parts.length === 0) return { page: "start" };
	const [first, second, ...rest] = parts;
	if (parts.length === 1 && (NAV_PAGES as readonly string[]).includes(first ?? "")) return { page: first as NavPage };
	if (first === "products" && second !== undefined && rest.length === 0) {
		const productId = safeDecode(second);
		if (productId) return { page: "product", productId };
	}
	// A lot's (or serial's) page: `#/lots/<productId>/<lot>`, the lot percent-encoded.
	if (first === "lots" && second !== undefined && rest.length === 1) {
		const productId = safeDecode(second);
		const lot = safeDecode(rest[0] ?? "");
		if (productId && lot) return { page: "lot", productId, lot };
	}
	if (first === "orders" && second !== undefined && rest.length === 0) {
		const orderId = safeDecode(second);
		if (orderId) return { page: "order", orderId };
	}
	if (first === "deliveries" && second !== undefined && rest.length === 0) {
		const deliveryId = safeDecode(second);
		if (deliveryId) return { page: "delivery", deliveryId };
	}
	if (first === "purchases" && second !== undefined && rest.length === 0) {
		// "new" and "suggestions" are pages of their own; anything else is a purchase's id (ULIDs never clash).
		if (second === "new") return { page: "purchase-new" };
		if (second === "suggestions") return { page: "purchase-suggestions" };
		const purchaseId = safeDecode(second);
		if (purchaseId) return { page: "purchase", purchaseId };
	}
	return { page: "not-found", path: `/${parts.join("/")}` };
}

/** The hash of a route, e.g. `#/products/abc`; what `parseRoute` reads back. */
export function routeHash(route: Route): string {
	switch (route.page) {
		case "product":
			return `#/products/${encodeURIComponent(route.productId)}`;
		case "lot":
			return `#/lots/${encodeURIComponent(route.productId)}/${encodeURIComponent(route.lot)}`;
		case "order":
			return `#/orders/${encodeURIComponent(route.orderId)}`;
		case "delivery":
			return `#/deliveries/${encodeURIComponent(route.deliveryId)}`;
		case "purchase":
			return `#/purchases/${encodeURIComponent(route.purchaseId)}`;
		case "purchase-new":
			return "#/purchases/new";
		case "purchase-suggestions":
			return "#/purchases/suggestions";
		case "not-found":
			return `#${route.path}`;
		default:
			return `#/${route.page}`;
	}
}

/** The nav entry a route belongs to (a product's page sits under Stock, a lot's under Lots, an order's and a delivery note's under Orders). */
export function navPageOf(route: Route): NavPage | null {
	if (route.page === "product") return "stock";
	if (route.page === "lot") return "lots";
	if (route.page === "order" || route.page === "delivery") return "orders";
	if (route.page === "purchase" || route.page === "purchase-new" || route.page === "purchase-suggestions")
		return "purchases";
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
