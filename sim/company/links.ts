/**
 * What QBO does to the other side of a link. An invoice created from an estimate (`LinkedTxn` of type
 * Estimate) closes the estimate and links it back (see cdc-response-estimates: TxnStatus "Closed" with a
 * LinkedTxn to the Invoice); unlinking or deleting the invoice reopens it. A bill linked to a purchase
 * order is listed on the PO, which closes once everything ordered has been billed.
 */

import { addQty } from "../lib/decimal.ts";
import { asArray, asNumber, asObject, asString, type Json, type JsonObject, refValue } from "../lib/json.ts";
import type { EntityName } from "../qbo/entities.ts";
import type { Company } from "./company.ts";

/** Saves a changed linked document: SyncToken+1, LastUpdatedTime, an Update notification. */
export type Touch = (entity: EntityName, data: JsonObject) => void;

function linkedIds(doc: JsonObject | undefined, type: string): Set<string> {
	const ids = new Set<string>();
	for (const raw of asArray(doc?.LinkedTxn) ?? []) {
		const link = asObject(raw);
		const id = asString(link?.TxnId);
		if (id !== undefined && link?.TxnType === type) ids.add(id);
	}
	return ids;
}

function withLink(links: Json | undefined, id: string, type: string, present: boolean): Json[] {
	const rest = (asArray(links) ?? []).filter((raw) => {
		const link = asObject(raw);
		return !(asString(link?.TxnId) === id && link?.TxnType === type);
	});
	return present ? [...rest, { TxnId: id, TxnType: type }] : rest;
}

function itemQuantities(doc: JsonObject, into = new Map<string, number>()): Map<string, number> {
	for (const raw of asArray(doc.Line) ?? []) {
		const detail = asObject(asObject(raw)?.ItemBasedExpenseLineDetail);
		const item = refValue(detail?.ItemRef);
		const qty = asNumber(detail?.Qty);
		if (item !== undefined && qty !== undefined) into.set(item, addQty(into.get(item) ?? 0, qty));
	}
	return into;
}

function poStatus(company: Company, po: JsonObject): "Open" | "Closed" {
	const billed = new Map<string, number>();
	for (const billId of linkedIds(po, "Bill")) {
		const bill = company.get("Bill", billId);
		if (bill) itemQuantities(bill, billed);
	}
	const ordered = itemQuantities(po);
	if (ordered.size === 0 || linkedIds(po, "Bill").size === 0) return "Open";
	for (const [item, qty] of ordered) if ((billed.get(item) ?? 0) < qty) return "Open";
	return "Closed";
}

/** Brings linked documents in line after `entity` `id` changed from `before` to `after` (undefined: deleted). */
export function syncLinks(
	company: Company,
	entity: EntityName,
	id: string,
	before: JsonObject | undefined,
	after: JsonObject | undefined,
	touch: Touch,
): void {
	if (entity === "Invoice") {
		const old = linkedIds(before, "Estimate");
		const now = linkedIds(after, "Estimate");
		for (const estimateId of new Set([...old, ...now])) {
			if (old.has(estimateId) === now.has(estimateId)) continue;
			const estimate = company.get("Estimate", estimateId);
			if (!estimate) continue;
			const next: JsonObject = {
				...estimate,
				LinkedTxn: withLink(estimate.LinkedTxn, id, "Invoice", now.has(estimateId)),
			};
			next.TxnStatus = linkedIds(next, "Invoice").size > 0 ? "Closed" : "Pending";
			touch("Estimate", next);
		}
	}
	if (entity === "Bill") {
		const old = linkedIds(before, "PurchaseOrder");
		const now = linkedIds(after, "PurchaseOrder");
		for (const poId of new Set([...old, ...now])) {
			const po = company.get("PurchaseOrder", poId);
			if (!po) continue;
			const next: JsonObject = { ...po, LinkedTxn: withLink(po.LinkedTxn, id, "Bill", now.has(poId)) };
			next.POStatus = po.ManuallyClosed === true ? "Closed" : poStatus(company, next);
			if (JSON.stringify(next.LinkedTxn) !== JSON.stringify(po.LinkedTxn) || next.POStatus !== po.POStatus)
				touch("PurchaseOrder", next);
		}
	}
}
