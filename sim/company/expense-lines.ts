/**
 * Lines of purchasing documents (Bill, VendorCredit, PurchaseOrder, Purchase): item-based lines (the
 * stock-receiving ones) priced at the item's PurchaseCost by default, and account-based lines.
 */

import { roundMoney, sumMoney } from "../lib/decimal.ts";
import { asArray, asNumber, asObject, asString, type JsonObject } from "../lib/json.ts";
import { invalidValue, requiredParam } from "../qbo/faults.ts";
import type { Company } from "./company.ts";
import { type LineIds, lineIds } from "./line-ids.ts";
import { priceLine } from "./line-pricing.ts";
import { resolveRef } from "./refs.ts";

const NON_TAXABLE: JsonObject = { value: "NON" };

function itemBased(company: Company, line: JsonObject, ids: LineIds): JsonObject {
	const detail = asObject(line.ItemBasedExpenseLineDetail) ?? {};
	const item = resolveRef(company, detail.ItemRef, "Item", "ItemRef", { required: true });
	if (!item) throw requiredParam("ItemRef");
	if (item.data.Type === "Group" || item.data.Type === "Category")
		throw invalidValue("ItemRef", "bundles and categories cannot be purchased");
	const { qty, unitPrice, amount } = priceLine(line, detail, item.data.PurchaseCost);
	const out: JsonObject = { ...detail, ItemRef: item.ref };
	if (qty !== undefined) out.Qty = qty;
	if (unitPrice !== undefined) out.UnitPrice = unitPrice;
	out.BillableStatus = asString(detail.BillableStatus) ?? "NotBillable";
	out.TaxCodeRef = asObject(detail.TaxCodeRef) ?? NON_TAXABLE;
	const customer = resolveRef(company, detail.CustomerRef, "Customer", "CustomerRef");
	if (customer) out.CustomerRef = customer.ref;
	const result: JsonObject = { Id: ids.take(line.Id) };
	const description = asString(line.Description) ?? asString(item.data.PurchaseDesc);
	if (description !== undefined) result.Description = description;
	result.Amount = roundMoney(amount);
	result.DetailType = "ItemBasedExpenseLineDetail";
	result.ItemBasedExpenseLineDetail = out;
	return result;
}

function accountBased(company: Company, line: JsonObject, ids: LineIds): JsonObject {
	const detail = asObject(line.AccountBasedExpenseLineDetail) ?? {};
	const account = resolveRef(company, detail.AccountRef, "Account", "AccountRef", { required: true });
	const amount = asNumber(line.Amount);
	if (amount === undefined) throw requiredParam("Amount");
	const out: JsonObject = { ...detail, AccountRef: account?.ref ?? null };
	out.BillableStatus = asString(detail.BillableStatus) ?? "NotBillable";
	out.TaxCodeRef = asObject(detail.TaxCodeRef) ?? NON_TAXABLE;
	const result: JsonObject = { Id: ids.take(line.Id) };
	if (line.Description !== undefined) result.Description = line.Description;
	result.Amount = roundMoney(amount);
	result.DetailType = "AccountBasedExpenseLineDetail";
	result.AccountBasedExpenseLineDetail = out;
	return result;
}

export function buildExpenseLines(
	company: Company,
	raw: unknown,
	previous: unknown,
): { lines: JsonObject[]; total: number } {
	if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw invalidValue("Line", "expected an array");
	const input = asArray(raw) ?? [];
	const ids = lineIds(previous, input);
	const lines = input.map((item, index): JsonObject => {
		const line = asObject(item);
		if (!line) throw invalidValue("Line", "each line must be an object");
		const type = asString(line.DetailType);
		let out: JsonObject;
		if (type === "ItemBasedExpenseLineDetail") out = itemBased(company, line, ids);
		else if (type === "AccountBasedExpenseLineDetail") out = accountBased(company, line, ids);
		else if (type === undefined) throw requiredParam("Line.DetailType");
		else throw invalidValue("Line.DetailType", `"${type}" is not a purchase line type`);
		const numbered: JsonObject = { Id: out.Id ?? null, LineNum: index + 1, ...out };
		return numbered;
	});
	return { lines, total: sumMoney(lines.map((l) => asNumber(l.Amount) ?? 0)) };
}

/** InventoryAdjustment lines: `ItemAdjustmentLineDetail {ItemRef, QtyDiff}`, Inventory items only. */
export function buildAdjustmentLines(company: Company, raw: unknown, previous: unknown): JsonObject[] {
	if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw invalidValue("Line", "expected an array");
	const input = asArray(raw) ?? [];
	const ids = lineIds(previous, input);
	return input.map((item) => {
		const line = asObject(item) ?? {};
		const detail = asObject(line.ItemAdjustmentLineDetail);
		if (!detail) throw requiredParam("ItemAdjustmentLineDetail");
		const ref = resolveRef(company, detail.ItemRef, "Item", "ItemRef", { required: true });
		if (!ref) throw requiredParam("ItemRef");
		if (ref.data.Type !== "Inventory") throw invalidValue("ItemRef", "only inventory items can be adjusted");
		const qtyDiff = asNumber(detail.QtyDiff);
		if (qtyDiff === undefined) throw requiredParam("QtyDiff");
		return {
			Id: ids.take(line.Id),
			DetailType: "ItemAdjustmentLineDetail",
			ItemAdjustmentLineDetail: { ...detail, ItemRef: ref.ref, QtyDiff: qtyDiff },
		};
	});
}
