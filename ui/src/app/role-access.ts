/**
 * What each role may use in the app: the pages it opens and the location limits it may carry, as the
 * API's access table (worker/api/access-rules.ts) sets them. The app hides what a role cannot use
 * rather than let it fail; the server still decides every request. Pure, so that it is tested on Node.
 */
import type { Role } from "../api/types";
import { NAV_PAGES, type NavPage, type Route } from "./router";

/** Least to most, as the API ranks them. */
export const ROLES: readonly Role[] = ["viewer", "staff", "manager", "owner"];

/**
 * True when `role` is `least` or more. A role not yet known (null) is left to the server: a page
 * shown before `/me` answers, or outside the shell, refuses nothing itself.
 * @example roleAtLeast("staff", "manager") // false
 */
export function roleAtLeast(role: Role | null, least: Role): boolean {
	if (role === null) return true;
	return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

/** Only staff and viewers are limited to locations: a manager runs the whole business. */
export function mayBeLimited(role: Role): boolean {
	return role === "staff" || role === "viewer";
}

/**
 * The least role of each page: the role the API asks of what the page is for. Everyone reads stock,
 * lots, orders, purchases, locations and settings; a new purchase and the suggestions make purchases
 * (managers); QuickBooks' sync log and the audit trail are the managers'; people and tokens the owners'.
 */
const PAGE_LEAST: Record<Route["page"], Role> = {
	start: "viewer",
	stock: "viewer",
	product: "viewer",
	lots: "viewer",
	lot: "viewer",
	orders: "viewer",
	order: "viewer",
	delivery: "viewer",
	purchases: "viewer",
	purchase: "viewer",
	"purchase-new": "manager",
	"purchase-suggestions": "manager",
	locations: "viewer",
	settings: "viewer",
	sync: "manager",
	audit: "manager",
	members: "owner",
	tokens: "owner",
	"not-found": "viewer",
};

/** True when `role` may open the page of `route`. */
export function mayOpen(route: Route, role: Role | null): boolean {
	return roleAtLeast(role, PAGE_LEAST[route.page]);
}

/** The nav bar's entries for `role`, in the nav's order. */
export function navPagesFor(role: Role | null): NavPage[] {
	return NAV_PAGES.filter((page) => roleAtLeast(role, PAGE_LEAST[page]));
}

/**
 * The location limit to send with a role: the ticked locations for staff and viewers, null (every
 * location) when none is ticked or the role cannot be limited — the API refuses a limit on a
 * manager or an owner, and an empty one.
 * @example locationLimitFor("manager", ["loc-1"]) // null
 */
export function locationLimitFor(role: Role, ticked: readonly string[]): string[] | null {
	return mayBeLimited(role) && ticked.length > 0 ? [...new Set(ticked)] : null;
}

/**
 * The names of a limit's locations, in the order given, `unknown` for an id no longer listed; null
 * for no limit (every location), so that the page says it in its own words.
 */
export function locationNames(
	ids: readonly string[] | null,
	names: ReadonlyMap<string, string>,
	unknown: string,
): string[] | null {
	if (ids === null) return null;
	return ids.map((id) => names.get(id) ?? unknown);
}
