/**
 * How QBO moves an Inventory item's company-wide `QtyOnHand` (docs/qbo.md#which-documents-move-stock):
 * invoices and sales receipts take stock out, credit memos and refund receipts put it back, bills and item-based
 * purchases bring it in, vendor credits send it back, adjustments apply QtyDiff. Bundle lines move
 * their nested component lines, never the bundle. Only Inventory items with TrackQtyOnHand move.
 *
 * Each document's applied effect is remembered, so an edit, a void (quantities zeroed) or a delete
 * moves exactly the difference — also when an item's type or a line's item changed in between.
 */

import { addQty } from "../lib/decimal.ts";
import { asArray, asNumber, asObject, type JsonObject, refValue } from "../lib/json.ts";
import type { EntityName } from "../qbo/entities.ts";
import type { Company } from "./company.ts";

type Rule = { detail: string; qty: string; sign: 1 | -1 };

const RULES: Partial<Record<EntityName, Rule>> = {
	Invoice: { detail: "SalesItemLineDetail", qty: "Qty", sign: -1 },
	SalesReceipt: { detail: "SalesItemLineDetail", qty: "Qty", sign: -1 },
	CreditMemo: { detail: "SalesItemLineDetail", qty: "Qty", sign: 1 },
	RefundReceipt: { detail: "SalesItemLineDetail", qty: "Qty", sign: 1 },
	Bill: { detail: "ItemBasedExpenseLineDetail", qty: "Qty", sign: 1 },
	Purchase: { detail: "ItemBasedExpenseLineDetail", qty: "Qty", sign: 1 },
	VendorCredit: { detail: "ItemBasedExpenseLineDetail", qty: "Qty", sign: -1 },
	InventoryAdjustment: { detail: "ItemAdjustmentLineDetail", qty: "QtyDiff", sign: 1 },
};

/** Lines including those nested in bundle (GroupLineDetail) lines, depth first. */
function flatten(lines: unknown, into: JsonObject[] = []): JsonObject[] {
	for (const raw of asArray(lines) ?? []) {
		const line = asObject(raw);
		if (!line) continue;
		into.push(line);
		flatten(asObject(line.GroupLineDetail)?.Line, into);
	}
	return into;
}

/** Item id → quantity this document adds to QtyOnHand (negative takes out). */
export function stockEffect(company: Company, entity: EntityName, doc: JsonObject): Map<string, number> {
	const effect = new Map<string, number>();
	const rule = RULES[entity];
	if (!rule) return effect;
	// A credit-card credit (Purchase with Credit:true) is a return to the vendor.
	const sign = entity === "Purchase" && doc.Credit === true ? -rule.sign : rule.sign;
	for (const line of flatten(doc.Line)) {
		const detail = asObject(line[rule.detail]);
		const itemId = refValue(detail?.ItemRef);
		const qty = asNumber(detail?.[rule.qty]);
		if (itemId === undefined || qty === undefined || qty === 0) continue;
		const item = company.get("Item", itemId);
		if (item?.Type !== "Inventory" || item.TrackQtyOnHand !== true) continue;
		effect.set(itemId, addQty(effect.get(itemId) ?? 0, sign * qty));
	}
	return effect;
}

export function stockKey(entity: EntityName, id: string): string {
	return `${entity}:${id}`;
}

/** Replaces a document's applied effect with `next`, moving QtyOnHand by the difference. */
export function applyStockEffect(company: Company, key: string, next: Map<string, number>): void {
	const before = company.stockEffects.get(key) ?? new Map<string, number>();
	for (const itemId of new Set([...before.keys(), ...next.keys()])) {
		const delta = addQty(next.get(itemId) ?? 0, -(before.get(itemId) ?? 0));
		if (delta === 0) continue;
		const item = company.get("Item", itemId);
		if (item) item.QtyOnHand = addQty(asNumber(item.QtyOnHand) ?? 0, delta);
	}
	if (next.size === 0) company.stockEffects.delete(key);
	else company.stockEffects.set(key, next);
}
