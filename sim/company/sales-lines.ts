/**
 * Lines of sales documents (Invoice, Estimate, SalesReceipt, CreditMemo, RefundReceipt), completed as
 * QBO completes them: item names and income accounts filled in, amounts computed, a bundle line
 * (`GroupLineDetail` with `GroupItemRef` and `Quantity`) expanded into nested `SalesItemLineDetail`
 * component lines (docs/qbo.md#lines), a server-computed SubTotal line, discounts applied.
 */

import { addQty, roundMoney, roundQty, sumMoney } from "../lib/decimal.ts";
import { asArray, asBoolean, asNumber, asObject, asString, type Json, type JsonObject } from "../lib/json.ts";
import { invalidValue, requiredParam } from "../qbo/faults.ts";
import type { Company } from "./company.ts";
import { type LineIds, lineIds } from "./line-ids.ts";
import { priceLine } from "./line-pricing.ts";
import { accountRefByName, resolveRef } from "./refs.ts";

const NON_TAXABLE: JsonObject = { value: "NON" };

function itemLine(company: Company, line: JsonObject, ids: LineIds): JsonObject {
	const detail = asObject(line.SalesItemLineDetail) ?? {};
	const item = resolveRef(company, detail.ItemRef, "Item", "ItemRef", { required: true });
	if (!item) throw requiredParam("ItemRef");
	const type = asString(item.data.Type);
	if (type === "Group") throw invalidValue("ItemRef", "a bundle goes on a GroupLineDetail line");
	if (type === "Category") throw invalidValue("ItemRef", "a category cannot be sold");
	const { qty, unitPrice, amount } = priceLine(line, detail, item.data.UnitPrice);
	const out: JsonObject = { ...detail, ItemRef: item.ref };
	if (qty !== undefined) out.Qty = qty;
	if (unitPrice !== undefined) out.UnitPrice = unitPrice;
	const income = asObject(item.data.IncomeAccountRef);
	if (income) out.ItemAccountRef = income;
	out.TaxCodeRef = asObject(detail.TaxCodeRef) ?? NON_TAXABLE;
	const result: JsonObject = { Id: ids.take(line.Id) };
	const description = asString(line.Description) ?? asString(item.data.Description);
	if (description !== undefined) result.Description = description;
	result.Amount = roundMoney(amount);
	result.DetailType = "SalesItemLineDetail";
	result.SalesItemLineDetail = out;
	return result;
}

/** A bundle's components × the line's Quantity, priced at each component's UnitPrice. */
function expandBundle(company: Company, bundle: JsonObject, quantity: number, ids: LineIds): JsonObject[] {
	const components = asArray(asObject(bundle.ItemGroupDetail)?.ItemGroupLine) ?? [];
	return components.map((raw) => {
		const component = asObject(raw) ?? {};
		const qty = roundQty((asNumber(component.Qty) ?? 1) * quantity);
		return itemLine(
			company,
			{ DetailType: "SalesItemLineDetail", SalesItemLineDetail: { ItemRef: component.ItemRef ?? null, Qty: qty } },
			ids,
		);
	});
}

function previousQuantity(previous: Json[] | undefined, id: string | undefined): number | undefined {
	if (id === undefined) return undefined;
	for (const line of previous ?? []) {
		const object = asObject(line);
		if (asString(object?.Id) === id) return asNumber(asObject(object?.GroupLineDetail)?.Quantity);
	}
	return undefined;
}

/**
 * A bundle line. Sent as `{GroupItemRef, Quantity}` it is expanded from the bundle's definition. Sent
 * back with its nested lines (a client updating a document it read) the nested lines are kept — unless
 * the Quantity changed, which re-expands the components for the new quantity.
 */
function groupLine(company: Company, line: JsonObject, ids: LineIds, previous: Json[] | undefined): JsonObject {
	const detail = asObject(line.GroupLineDetail);
	if (!detail) throw requiredParam("GroupLineDetail");
	const bundle = resolveRef(company, detail.GroupItemRef, "Item", "GroupItemRef", { required: true });
	if (!bundle) throw requiredParam("GroupItemRef");
	if (bundle.data.Type !== "Group") throw invalidValue("GroupItemRef", "the item is not a bundle");
	const quantity = asNumber(detail.Quantity) ?? 1;
	const id = ids.take(line.Id);
	const nested = asArray(detail.Line);
	const before = previousQuantity(previous, asString(line.Id));
	const keepNested = nested !== undefined && nested.length > 0 && (before === undefined || before === quantity);
	const components = keepNested
		? nested.map((raw) => itemLine(company, asObject(raw) ?? {}, ids))
		: expandBundle(company, bundle.data, quantity, ids);
	const out: JsonObject = { Id: id };
	const description = asString(line.Description) ?? asString(bundle.data.Description);
	if (description !== undefined) out.Description = description;
	out.Amount = sumMoney(components.map((c) => asNumber(c.Amount) ?? 0));
	out.DetailType = "GroupLineDetail";
	out.GroupLineDetail = { GroupItemRef: bundle.ref, Quantity: quantity, Line: components };
	return out;
}

export type SalesLines = { lines: JsonObject[]; total: number; counted: number };

/** Normalizes a sales document's `Line` array; `previous` is the stored document's lines on update. */
export function buildSalesLines(company: Company, raw: unknown, previous: unknown): SalesLines {
	if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw invalidValue("Line", "expected an array");
	const input = asArray(raw) ?? [];
	const prior = asArray(previous);
	const ids = lineIds(prior, input);
	const body: JsonObject[] = [];
	const discounts: JsonObject[] = [];
	let lineNum = 0;
	for (const item of input) {
		const line = asObject(item);
		if (!line) throw invalidValue("Line", "each line must be an object");
		const type = asString(line.DetailType);
		if (type === undefined) throw requiredParam("Line.DetailType");
		if (type === "SubTotalLineDetail") continue; // server-computed, recomputed below
		if (type === "DiscountLineDetail") {
			discounts.push(line);
			continue;
		}
		let out: JsonObject;
		if (type === "SalesItemLineDetail") out = itemLine(company, line, ids);
		else if (type === "GroupLineDetail") out = groupLine(company, line, ids, prior);
		else if (type === "DescriptionOnly") {
			out = { Id: ids.take(line.Id), Description: asString(line.Description) ?? "", DetailType: "DescriptionOnly" };
			if (line.DescriptionLineDetail !== undefined) out.DescriptionLineDetail = line.DescriptionLineDetail;
			out.Amount = asNumber(line.Amount) ?? 0;
		} else throw invalidValue("Line.DetailType", `"${type}" is not a sales line type`);
		out = { Id: out.Id ?? null, LineNum: ++lineNum, ...out };
		body.push(out);
	}
	const counted = body.filter((l) => l.DetailType !== "DescriptionOnly").length;
	const subtotal = sumMoney(body.filter((l) => l.DetailType !== "DescriptionOnly").map((l) => asNumber(l.Amount) ?? 0));
	const lines = [...body, { Amount: subtotal, DetailType: "SubTotalLineDetail", SubTotalLineDetail: {} }];
	let discountTotal = 0;
	for (const line of discounts) {
		const detail = asObject(line.DiscountLineDetail) ?? {};
		const percentBased = asBoolean(detail.PercentBased) ?? false;
		const percent = asNumber(detail.DiscountPercent) ?? 0;
		const amount = percentBased ? roundMoney((subtotal * percent) / 100) : asNumber(line.Amount);
		if (amount === undefined) throw requiredParam("Line.Amount");
		discountTotal = addQty(discountTotal, amount);
		const account = resolveRef(company, detail.DiscountAccountRef, "Account", "DiscountAccountRef");
		const out: JsonObject = { ...detail, PercentBased: percentBased };
		if (percentBased) out.DiscountPercent = percent;
		const accountRef = account?.ref ?? accountRefByName(company, "Discounts given");
		if (accountRef) out.DiscountAccountRef = accountRef;
		lines.push({ Id: ids.take(line.Id), Amount: amount, DetailType: "DiscountLineDetail", DiscountLineDetail: out });
	}
	return { lines, total: roundMoney(subtotal - discountTotal), counted };
}
