/**
 * The grid's filters in the stock page's address (`#/stock?filter=below-reorder`), and its value
 * columns (`#/stock?show=value`), so that a figure of the start page opens the grid showing what it
 * counts. Only the toolbar's checkboxes that a start page figure counts are named here; anything else
 * in the address is no filter.
 */
import type { FilterChange } from "../grid/grid-toolbar";

export type StockFilter = "below-reorder" | "negative";

const CHANGES: Record<StockFilter, FilterChange> = {
	"below-reorder": { belowReorder: true },
	negative: { negativeAvailable: true },
};

/** The stock page's address with that filter ticked. */
export function stockFilterHash(filter: StockFilter): string {
	return `#/stock?filter=${filter}`;
}

/**
 * The grid filter a hash asks for; null for none or an unknown one.
 * @example stockFilterOf("#/stock?filter=negative") // { negativeAvailable: true }
 */
export function stockFilterOf(hash: string): FilterChange | null {
	const filter = hashParams(hash).get("filter") ?? "";
	return Object.hasOwn(CHANGES, filter) ? CHANGES[filter as StockFilter] : null;
}

/** The stock page's address with the grid's "Show value" on (the start page's stock value figure). */
export function stockValueHash(): string {
	return "#/stock?show=value";
}

/**
 * Whether a hash asks for the grid's value columns.
 * @example showsStockValue("#/stock?show=value") // true
 */
export function showsStockValue(hash: string): boolean {
	return hashParams(hash).get("show") === "value";
}

function hashParams(hash: string): URLSearchParams {
	const index = hash.indexOf("?");
	return new URLSearchParams(index >= 0 ? hash.slice(index + 1) : "");
}
