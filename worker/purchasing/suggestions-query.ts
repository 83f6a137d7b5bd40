/**
 * Reads what purchase suggestions need for a whole company in one D1 query: the stock_levels rows of
 * active inventory products at active locations that are at or under their reorder point or short
 * (the same test as `isNeeded`, done in SQL so 10 000 products × 3 locations return only the few
 * rows that matter), with each product's preferred vendor and its cost.
 */
import { type SuggestionGroup, type SuggestionRow, suggestPurchases } from "./suggestions";

export async function purchaseSuggestions(
	env: Env,
	companyId: string,
	filter: { locationIds?: string[]; vendorId?: string } = {},
): Promise<SuggestionGroup[]> {
	const params: (string | number)[] = [companyId];
	let where = "";
	if (filter.locationIds && filter.locationIds.length > 0) {
		where += ` AND l.location_id IN (${filter.locationIds.map((id) => `?${params.push(id)}`).join(", ")})`;
	}
	if (filter.vendorId !== undefined) where += ` AND p.preferred_vendor_id = ?${params.push(filter.vendorId)}`;
	const { results } = await env.DB.prepare(
		`SELECT l.product_id AS productId, p.sku AS sku, p.name AS name, l.location_id AS locationId,
			l.on_hand AS onHand, l.reserved AS reserved, l.incoming AS incoming,
			l.reorder_point AS reorderPoint, l.reorder_qty AS reorderQty,
			v.id AS vendorId, v.name AS vendorName, p.purchase_cost AS purchaseCost
		FROM stock_levels l
		JOIN products p ON p.id = l.product_id AND p.company_id = ?1
		JOIN locations loc ON loc.id = l.location_id AND loc.company_id = ?1
		LEFT JOIN vendors v ON v.id = p.preferred_vendor_id AND v.company_id = ?1
		WHERE l.company_id = ?1 AND p.type = 'inventory' AND p.archived_at IS NULL AND loc.archived_at IS NULL
			AND (l.on_hand - l.reserved + l.incoming < 0
				OR (l.reorder_point IS NOT NULL AND l.on_hand - l.reserved + l.incoming <= l.reorder_point))${where}`,
	)
		.bind(...params)
		.all<SuggestionRow>();
	return suggestPurchases(results);
}
