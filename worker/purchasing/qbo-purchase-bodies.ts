/**
 * The QBO PurchaseOrder of a purchase and the QBO Bill of a receipt, as sent to QBO (docs/qbo.md#purchasing-documents):
 * item-based lines with quantity and unit cost, the vendor, the location's department, the bill
 * linked to the purchase order. Pure: the caller reads the data and sends the body.
 *
 * Each body carries our mark in `PrivateNote` (QBO keeps it and shows it as the memo): the bill's
 * names the receipt's id, so that its webhook is recognized as ours even when it arrives before
 * QBO's answer to the create was stored (worker/purchasing/bill-echo.ts).
 */
import type { Scaled } from "../core/quantity";
import { fromScaled, QUANTITY_SCALE } from "../core/quantity";

export type QboLineDraft = { qboItemId: string; quantity: Scaled; unitCost: Scaled | null };

export type PurchaseOrderDraft = {
	purchaseId: string;
	number: string;
	vendorQboId: string;
	departmentId: string | null;
	expectedDate: string | null;
	lines: QboLineDraft[];
};

export type BillDraft = {
	receiptId: string;
	receiptNumber: string;
	purchaseId: string;
	purchaseNumber: string;
	vendorQboId: string;
	departmentId: string | null;
	/** YYYY-MM-DD: the day of the receipt. */
	txnDate: string;
	/** The purchase's QBO PurchaseOrder, when it has one: the bill is linked to it. */
	purchaseOrderQboId: string | null;
	lines: QboLineDraft[];
};

const MARK = "Stockroom";
/** A ULID: 26 characters of Crockford's base 32. */
const RECEIPT_MARK = new RegExp(`^${MARK} RC-\\d+ ([0-9A-HJKMNP-TV-Z]{26})(?:\\s|$)`);

/** QBO's `requestid` of a purchase's PO: the same id on every retry, so QBO creates it once. */
export function purchaseOrderRequestId(purchaseId: string): string {
	return `po-${purchaseId}`;
}

/** QBO's `requestid` of a receipt's bill (≤ 50 characters: "bill-" and a ULID). */
export function billRequestId(receiptId: string): string {
	return `bill-${receiptId}`;
}

/** The job that closes the QBO PurchaseOrder of a purchase cancelled in Stockroom. */
export function closePurchaseOrderRequestId(purchaseId: string): string {
	return `pc-${purchaseId}`;
}

export type PurchaseDocumentKind = "purchase_order" | "close_purchase_order" | "bill";

const KINDS: Record<string, PurchaseDocumentKind> = { po: "purchase_order", pc: "close_purchase_order", bill: "bill" };

/** The purchase or receipt id behind a job's request id, and what the job does; null: not ours. */
export function parseRequestId(requestId: string): { kind: PurchaseDocumentKind; id: string } | null {
	const match = /^(po|pc|bill)-([0-9A-HJKMNP-TV-Z]{26})$/.exec(requestId);
	const kind = KINDS[match?.[1] ?? ""];
	if (!kind || !match?.[2]) return null;
	return { kind, id: match[2] };
}

/** The receipt a bill's `PrivateNote` names when Stockroom wrote it; null otherwise. */
export function receiptIdInNote(note: unknown): string | null {
	if (typeof note !== "string") return null;
	return RECEIPT_MARK.exec(note)?.[1] ?? null;
}

/**
 * A line's amount in currency, to the cent: quantity × unit cost computed on the scaled integers
 * (BigInt: the product of two scaled values passes 2^53), rounded half away from zero.
 */
function lineAmount(quantity: Scaled, unitCost: Scaled | null): number {
	if (unitCost === null) return 0;
	const product = BigInt(quantity) * BigInt(unitCost);
	const perCent = BigInt((QUANTITY_SCALE * QUANTITY_SCALE) / 100);
	const negative = product < 0n;
	const magnitude = negative ? -product : product;
	const cents = Number((magnitude + perCent / 2n) / perCent);
	return (negative ? -cents : cents) / 100;
}

function itemLines(lines: QboLineDraft[]) {
	return lines.map((line) => ({
		DetailType: "ItemBasedExpenseLineDetail",
		Amount: lineAmount(line.quantity, line.unitCost),
		ItemBasedExpenseLineDetail: {
			ItemRef: { value: line.qboItemId },
			Qty: fromScaled(line.quantity),
			UnitPrice: line.unitCost === null ? 0 : fromScaled(line.unitCost),
		},
	}));
}

/** The PurchaseOrder of an ordered purchase; its number is ours, so the user finds it in QBO. */
export function purchaseOrderBody(draft: PurchaseOrderDraft) {
	return {
		VendorRef: { value: draft.vendorQboId },
		DocNumber: draft.number,
		PrivateNote: `${MARK} ${draft.number} ${draft.purchaseId}`,
		...(draft.expectedDate ? { DueDate: draft.expectedDate } : {}),
		...(draft.departmentId ? { DepartmentRef: { value: draft.departmentId } } : {}),
		Line: itemLines(draft.lines),
	};
}

/**
 * The Bill of one receipt: the received quantities at the purchase's unit costs. Linked to the
 * purchase order when there is one (LinkedTxn TxnType "PurchaseOrder", docs/qbo.md#purchasing-documents): QBO then
 * lists the bill on the PO and closes the PO once all is billed.
 */
export function billBody(draft: BillDraft) {
	return {
		VendorRef: { value: draft.vendorQboId },
		TxnDate: draft.txnDate,
		PrivateNote: `${MARK} ${draft.receiptNumber} ${draft.receiptId} (${draft.purchaseNumber})`,
		...(draft.departmentId ? { DepartmentRef: { value: draft.departmentId } } : {}),
		...(draft.purchaseOrderQboId ? { LinkedTxn: [{ TxnId: draft.purchaseOrderQboId, TxnType: "PurchaseOrder" }] } : {}),
		Line: itemLines(draft.lines),
	};
}
