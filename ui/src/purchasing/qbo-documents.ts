/**
 * How the purchase page shows a purchase's documents in QuickBooks — its PurchaseOrder and each
 * receipt's Bill, created by the company's sync object. Pure: the page renders what these answer.
 */
import type { PurchaseDetail, QboSendStatus } from "../api/types";

/** What to say about one document: its state, its QBO id once created, why it failed. */
export type QboDocumentView =
	| { state: "none" }
	| { state: "pending" }
	| { state: "created"; qboId: string | null }
	| { state: "failed"; error: string };

/** The view of one document from the API's `qboStatus` (absent or null: none is made). */
export function qboDocumentView(
	status: QboSendStatus | undefined,
	qboId: string | null | undefined,
	error: string | null | undefined,
): QboDocumentView {
	switch (status) {
		case "pending":
			return { state: "pending" };
		case "created":
			return { state: "created", qboId: qboId ?? null };
		case "failed":
			return { state: "failed", error: error ?? "" };
		default:
			// A bill QBO made whose create answer was lost is recognized by its echo: the id comes first.
			return qboId ? { state: "created", qboId } : { state: "none" };
	}
}

/** Whether a purchase shows anything about QuickBooks at all: it or one of its receipts has a document. */
export function hasQboDocuments(p: PurchaseDetail): boolean {
	return (
		qboDocumentView(p.qboStatus, p.qboPurchaseOrderId, p.qboError).state !== "none" ||
		p.receipts.some((r) => qboDocumentView(r.qboStatus, r.qboBillId, r.qboError).state !== "none")
	);
}

/**
 * Whether the Retry button shows: the purchase's PurchaseOrder or one of its receipts' bills failed
 * (`POST /purchases/{id}/qbo/retry` sends all of those again).
 */
export function canRetryQbo(p: PurchaseDetail): boolean {
	return p.qboStatus === "failed" || p.receipts.some((r) => r.qboStatus === "failed");
}
