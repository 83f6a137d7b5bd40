/**
 * Transaction headers: the party, dates, numbering, totals and balances, and the defaults QBO writes
 * (currency, print/email status, deposit and A/P accounts, Estimate TxnStatus, PO POStatus).
 */

import { asArray, asObject, asString, type JsonObject } from "../lib/json.ts";
import { addDays, formatDate, isDate } from "../lib/time.ts";
import { businessValidation, invalidReference, invalidValue, requiredParam } from "../qbo/faults.ts";
import type { BuildContext } from "./build-context.ts";
import { buildAdjustmentLines, buildExpenseLines } from "./expense-lines.ts";
import { accountRefByName, resolveRef } from "./refs.ts";
import { buildSalesLines } from "./sales-lines.ts";

const USD: JsonObject = { value: "USD", name: "United States Dollar" };

function header(ctx: BuildContext, draft: JsonObject, autoNumber: boolean): JsonObject {
	const { company, entity, previous } = ctx;
	const out: JsonObject = { ...draft };
	const txnDate = asString(draft.TxnDate) ?? formatDate(company.now(), company.offsetMinutes);
	if (!isDate(txnDate)) throw invalidValue("TxnDate", "expected YYYY-MM-DD");
	out.TxnDate = txnDate;
	const docNumber = asString(draft.DocNumber) ?? asString(previous?.DocNumber);
	if (docNumber !== undefined) out.DocNumber = docNumber;
	else if (autoNumber) out.DocNumber = company.nextDocNumber(entity);
	out.CurrencyRef = asObject(draft.CurrencyRef) ?? USD;
	const department = resolveRef(company, draft.DepartmentRef, "Department", "DepartmentRef");
	if (department) out.DepartmentRef = department.ref;
	else delete out.DepartmentRef;
	return out;
}

function setDefault(out: JsonObject, field: string, value: JsonObject | string | undefined): void {
	if (out[field] === undefined && value !== undefined) out[field] = value;
}

/** `LinkedTxn` entries must point at existing documents of their TxnType. */
function checkLinks(ctx: BuildContext, draft: JsonObject, allowed: Record<string, "Estimate" | "PurchaseOrder">): void {
	for (const raw of asArray(draft.LinkedTxn) ?? []) {
		const link = asObject(raw) ?? {};
		const type = asString(link.TxnType);
		const id = asString(link.TxnId);
		const target = type ? allowed[type] : undefined;
		if (!target || id === undefined) continue;
		if (!ctx.company.get(target, id)) throw invalidReference("LinkedTxn", id);
	}
}

export function buildSales(ctx: BuildContext, draft: JsonObject): JsonObject {
	const { company, entity, previous } = ctx;
	const out = header(ctx, draft, true);
	const customer = resolveRef(company, draft.CustomerRef, "Customer", "CustomerRef", { required: true });
	if (customer) out.CustomerRef = customer.ref;
	const { lines, total, counted } = buildSalesLines(company, draft.Line, previous?.Line);
	if (counted === 0) throw businessValidation("You must fill out at least one split line.", "Line");
	out.Line = lines;
	out.TxnTaxDetail = asObject(draft.TxnTaxDetail) ?? { TotalTax: 0 };
	out.TotalAmt = total;
	out.ApplyTaxAfterDiscount = draft.ApplyTaxAfterDiscount ?? false;
	out.PrintStatus = asString(draft.PrintStatus) ?? "NotSet";
	out.EmailStatus = asString(draft.EmailStatus) ?? "NotSet";
	switch (entity) {
		case "Invoice":
			checkLinks(ctx, draft, { Estimate: "Estimate" });
			out.DueDate = asString(draft.DueDate) ?? addDays(String(out.TxnDate), 30);
			out.LinkedTxn = asArray(draft.LinkedTxn) ?? [];
			out.Balance = total;
			out.Deposit = draft.Deposit ?? 0;
			for (const flag of [
				"AllowIPNPayment",
				"AllowOnlinePayment",
				"AllowOnlineCreditCardPayment",
				"AllowOnlineACHPayment",
			])
				out[flag] = draft[flag] ?? false;
			break;
		case "Estimate": {
			const status = asString(draft.TxnStatus) ?? "Pending";
			if (!["Pending", "Accepted", "Closed", "Rejected"].includes(status))
				throw invalidValue("TxnStatus", `"${status}" is not an estimate status`);
			out.TxnStatus = status;
			break;
		}
		case "SalesReceipt":
			out.Balance = 0;
			setDefault(out, "DepositToAccountRef", accountRefByName(company, "Undeposited Funds"));
			break;
		case "RefundReceipt":
			out.Balance = 0;
			setDefault(out, "DepositToAccountRef", accountRefByName(company, "Checking"));
			break;
		case "CreditMemo":
			out.Balance = total;
			out.RemainingCredit = total;
			break;
	}
	return out;
}

export function buildPurchase(ctx: BuildContext, draft: JsonObject): JsonObject {
	const { company, entity, previous } = ctx;
	const out = header(ctx, draft, entity === "PurchaseOrder");
	if (entity === "Purchase") {
		const account = resolveRef(company, draft.AccountRef, "Account", "AccountRef", { required: true });
		if (account) out.AccountRef = account.ref;
		const paymentType = asString(draft.PaymentType);
		if (paymentType === undefined) throw requiredParam("PaymentType");
		if (!["Cash", "Check", "CreditCard"].includes(paymentType))
			throw invalidValue("PaymentType", `"${paymentType}" is not a payment type`);
		const entityRef = asObject(draft.EntityRef);
		if (entityRef) {
			const target = asString(entityRef.type) === "Customer" ? "Customer" : "Vendor";
			const resolved = resolveRef(company, entityRef, target, "EntityRef");
			if (resolved) out.EntityRef = { ...resolved.ref, type: target };
		}
	} else {
		const vendor = resolveRef(company, draft.VendorRef, "Vendor", "VendorRef", { required: true });
		if (vendor) out.VendorRef = vendor.ref;
		const ap = resolveRef(company, draft.APAccountRef, "Account", "APAccountRef");
		out.APAccountRef = ap?.ref ?? accountRefByName(company, "Accounts Payable (A/P)") ?? null;
		if (out.APAccountRef === null) delete out.APAccountRef;
	}
	const { lines, total } = buildExpenseLines(company, draft.Line, previous?.Line);
	out.Line = lines;
	out.TotalAmt = total;
	switch (entity) {
		case "Bill":
			checkLinks(ctx, draft, { PurchaseOrder: "PurchaseOrder" });
			out.DueDate = asString(draft.DueDate) ?? String(out.TxnDate);
			out.Balance = total;
			break;
		case "VendorCredit":
			out.Balance = total;
			break;
		case "PurchaseOrder": {
			const status = asString(draft.POStatus) ?? "Open";
			if (status !== "Open" && status !== "Closed") throw invalidValue("POStatus", `"${status}" is not a PO status`);
			out.POStatus = status;
			out.EmailStatus = asString(draft.EmailStatus) ?? "NotSet";
			break;
		}
	}
	return out;
}

export function buildAdjustment(ctx: BuildContext, draft: JsonObject): JsonObject {
	const { company, previous } = ctx;
	const out = header(ctx, draft, true);
	if (previous && out.TxnDate !== previous.TxnDate)
		throw businessValidation("The transaction date of an inventory adjustment cannot be changed.", "TxnDate");
	const account = resolveRef(company, draft.AdjustAccountRef, "Account", "AdjustAccountRef", { required: true });
	if (account) out.AdjustAccountRef = account.ref;
	const lines = buildAdjustmentLines(company, draft.Line, previous?.Line);
	if (lines.length === 0) throw businessValidation("You must fill out at least one split line.", "Line");
	out.Line = lines;
	delete out.CurrencyRef;
	return out;
}
