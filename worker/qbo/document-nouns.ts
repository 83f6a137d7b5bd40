/** What the sync log calls each QBO document type: the words of QuickBooks' screens (a Purchase is an expense there). */
import type { QboDocumentType } from "./document-entities";

export const DOCUMENT_NOUNS: Record<QboDocumentType, string> = {
	Invoice: "invoice",
	SalesReceipt: "sales receipt",
	Estimate: "estimate",
	CreditMemo: "credit memo",
	RefundReceipt: "refund receipt",
	Bill: "bill",
	Purchase: "expense",
	VendorCredit: "vendor credit",
	PurchaseOrder: "purchase order",
	InventoryAdjustment: "inventory adjustment",
};

/** The noun with its article: "an invoice", "a bill". */
export function aDocument(entityType: QboDocumentType): string {
	const noun = DOCUMENT_NOUNS[entityType];
	return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}
