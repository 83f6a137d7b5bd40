/**
 * Purchase suggestions, pure: from one product × location's levels, how much to order.
 *
 * The position is what the location will have once everything ordered arrives and every
 * reservation ships: onHand − reserved + incoming. A line is needed when the position is at or
 * under the reorder point, or negative (a sales shortfall, with or without a reorder point).
 * The suggestion is the largest of:
 * - the reorder quantity (the usual order size), when at or under the point;
 * - enough to end one unit above the point: point − position + 1, when at or under the point
 *   (so a location far below its point is never left below it after the order arrives);
 * - the shortfall itself: −position, when the position is negative.
 * So after receiving every suggestion, every location is above its point and not short.
 * All quantities are scaled integers (×10 000): exact.
 */
import { QUANTITY_SCALE, type Scaled } from "../core/quantity";

/** One unit, scaled: the margin that puts a position strictly above its reorder point. */
export const ONE_UNIT: Scaled = QUANTITY_SCALE;

export type SuggestionLevel = {
	onHand: Scaled;
	reserved: Scaled;
	incoming: Scaled;
	reorderPoint: Scaled | null;
	reorderQty: Scaled | null;
};

/** onHand − reserved + incoming: the stock once what is ordered arrives and what is reserved ships. */
export function positionOf(level: SuggestionLevel): Scaled {
	return level.onHand - level.reserved + level.incoming;
}

/** True when the location needs ordering: at or under its reorder point, or short. */
export function isNeeded(level: SuggestionLevel): boolean {
	const position = positionOf(level);
	return position < 0 || (level.reorderPoint !== null && position <= level.reorderPoint);
}

/** How much to order for this location (0 when nothing is needed). */
export function suggestedQuantity(level: SuggestionLevel): Scaled {
	const position = positionOf(level);
	let suggested = 0;
	if (level.reorderPoint !== null && position <= level.reorderPoint)
		suggested = Math.max(level.reorderQty ?? 0, level.reorderPoint - position + ONE_UNIT);
	if (position < 0) suggested = Math.max(suggested, -position);
	return suggested;
}

export type SuggestionRow = SuggestionLevel & {
	productId: string;
	sku: string;
	name: string;
	locationId: string;
	vendorId: string | null;
	vendorName: string | null;
	/** The product's cost as imported from QuickBooks (its PurchaseCost), per unit; null when unknown. */
	purchaseCost: Scaled | null;
};

export type SuggestionLine = {
	productId: string;
	sku: string;
	name: string;
	locationId: string;
	available: Scaled;
	incoming: Scaled;
	reserved: Scaled;
	reorderPoint: Scaled | null;
	reorderQty: Scaled | null;
	suggested: Scaled;
	/** Per unit, for the page to estimate what the suggestion costs; null when unknown. */
	purchaseCost: Scaled | null;
};

export type SuggestionGroup = { vendor: { id: string; name: string } | null; lines: SuggestionLine[] };

/**
 * The needed lines grouped by preferred vendor: vendors by name (then id), the group without a
 * vendor last; lines in SKU order (then product, then location, for a stable order).
 */
export function suggestPurchases(rows: SuggestionRow[]): SuggestionGroup[] {
	const groups = new Map<string | null, SuggestionGroup>();
	for (const row of rows) {
		const suggested = suggestedQuantity(row);
		if (suggested <= 0) continue;
		let group = groups.get(row.vendorId);
		if (!group) {
			group = {
				vendor: row.vendorId === null ? null : { id: row.vendorId, name: row.vendorName ?? "" },
				lines: [],
			};
			groups.set(row.vendorId, group);
		}
		group.lines.push({
			productId: row.productId,
			sku: row.sku,
			name: row.name,
			locationId: row.locationId,
			available: row.onHand - row.reserved,
			incoming: row.incoming,
			reserved: row.reserved,
			reorderPoint: row.reorderPoint,
			reorderQty: row.reorderQty,
			suggested,
			purchaseCost: row.purchaseCost,
		});
	}
	const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
	for (const group of groups.values())
		group.lines.sort(
			(a, b) => byText(a.sku, b.sku) || byText(a.productId, b.productId) || byText(a.locationId, b.locationId),
		);
	return [...groups.values()].sort((a, b) => {
		if (a.vendor === null || b.vendor === null) return a.vendor === null ? (b.vendor === null ? 0 : 1) : -1;
		return byText(a.vendor.name, b.vendor.name) || byText(a.vendor.id, b.vendor.id);
	});
}
