/**
 * The D1 side of creating purchases' documents in QBO: what to send (read when it is sent, so a
 * retry sends the purchase as it is then) and what became of it (`qbo_status`, the QBO id, the
 * last error), on the purchase for its PurchaseOrder and on each receipt for its Bill.
 */
import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import {
	locations,
	products,
	purchaseLines,
	purchaseReceiptLines,
	purchaseReceipts,
	purchases,
	vendors,
} from "../db/schema";
import type { BillDraft, PurchaseDocumentKind, PurchaseOrderDraft, QboLineDraft } from "./qbo-purchase-bodies";

type DocumentKind = PurchaseDocumentKind;
type Purchase = typeof purchases.$inferSelect;

/** What to do with a queued document: send it, drop it (done, or no longer wanted), or fail it for good. */
export type DraftOutcome<T> = { action: "send"; draft: T } | { action: "drop" } | { action: "fail"; error: string };

async function vendorAndDepartment(db: Database, companyId: string, vendorId: string | null, locationId: string) {
	const [vendorRows, locationRows] = await db.batch([
		db
			.select({ qboId: vendors.qboId })
			.from(vendors)
			.where(and(eq(vendors.companyId, companyId), eq(vendors.id, vendorId ?? ""))),
		db
			.select({ departmentId: locations.qboDepartmentId })
			.from(locations)
			.where(and(eq(locations.companyId, companyId), eq(locations.id, locationId))),
	]);
	return { vendorQboId: vendorRows[0]?.qboId ?? null, departmentId: locationRows[0]?.departmentId ?? null };
}

/** Why a purchase cannot have QBO documents, or null when it can. */
function unsendable(vendorQboId: string | null, lines: QboLineDraft[]): string | null {
	if (!vendorQboId) return "The purchase names no QuickBooks vendor; QuickBooks needs one.";
	if (lines.length === 0) return "None of its products is a QuickBooks item.";
	return null;
}

/** What a purchase's PurchaseOrder and its receipts' Bills share. */
type DocumentParts = { vendorQboId: string; departmentId: string | null; lines: QboLineDraft[] };

/**
 * A PurchaseOrder's or a Bill's draft: the parts they share — the vendor's QBO id, the location's
 * department and the lines that are QBO items — with the document's own fields (`draft`); or why
 * the document cannot be sent.
 */
async function documentDraft<D>(
	db: Database,
	companyId: string,
	purchase: Pick<Purchase, "vendorId" | "locationId">,
	lines: (Omit<QboLineDraft, "qboItemId"> & { qboItemId: string | null })[],
	draft: (parts: DocumentParts) => D,
): Promise<DraftOutcome<D>> {
	const { vendorQboId, departmentId } = await vendorAndDepartment(
		db,
		companyId,
		purchase.vendorId,
		purchase.locationId,
	);
	const qboLines = lines.map((l) => ({ qboItemId: l.qboItemId ?? "", quantity: l.quantity, unitCost: l.unitCost }));
	const error = unsendable(vendorQboId, qboLines);
	if (error || !vendorQboId) return { action: "fail", error: error ?? "" };
	return { action: "send", draft: draft({ vendorQboId, departmentId, lines: qboLines }) };
}

/**
 * The PurchaseOrder to create for a purchase: its lines that are QBO items, at their unit costs.
 * Cancelled before it was ever sent, it is not; once sent (`attempted`), QBO may hold it with its
 * answer lost: it is sent again under the same request id, and the cancellation then closes it.
 */
export async function purchaseOrderDraft(
	db: Database,
	companyId: string,
	purchaseId: string,
	attempted: boolean,
): Promise<DraftOutcome<PurchaseOrderDraft>> {
	const purchase = await db.query.purchases.findFirst({
		where: and(eq(purchases.companyId, companyId), eq(purchases.id, purchaseId)),
	});
	if (!purchase || purchase.qboPurchaseOrderId !== null || purchase.status === "draft") return { action: "drop" };
	if (purchase.status === "cancelled" && !attempted) return { action: "drop" };
	const lines = await db
		.select({ qboItemId: products.qboId, quantity: purchaseLines.ordered, unitCost: purchaseLines.unitCost })
		.from(purchaseLines)
		.innerJoin(products, and(eq(products.companyId, companyId), eq(products.id, purchaseLines.productId)))
		.where(
			and(eq(purchaseLines.companyId, companyId), eq(purchaseLines.purchaseId, purchaseId), isNotNull(products.qboId)),
		)
		.orderBy(asc(purchaseLines.position));
	return documentDraft(db, companyId, purchase, lines, (parts) => ({
		purchaseId,
		number: purchase.number,
		expectedDate: purchase.expectedDate,
		...parts,
	}));
}

/** The QBO PurchaseOrder to close: a cancelled purchase's, once created; null: none. */
export async function purchaseOrderToClose(
	db: Database,
	companyId: string,
	purchaseId: string,
): Promise<string | null> {
	const purchase = await db.query.purchases.findFirst({
		where: and(eq(purchases.companyId, companyId), eq(purchases.id, purchaseId)),
	});
	return purchase?.status === "cancelled" ? purchase.qboPurchaseOrderId : null;
}

/** The Bill to create for a receipt: its received quantities, at the purchase's unit costs. */
export async function billDraft(db: Database, companyId: string, receiptId: string): Promise<DraftOutcome<BillDraft>> {
	const receipt = await db.query.purchaseReceipts.findFirst({
		where: and(eq(purchaseReceipts.companyId, companyId), eq(purchaseReceipts.id, receiptId)),
	});
	if (!receipt || receipt.qboStatus === "created" || receipt.qboStatus === null) return { action: "drop" };
	const purchase = await db.query.purchases.findFirst({
		where: and(eq(purchases.companyId, companyId), eq(purchases.id, receipt.purchaseId)),
	});
	if (!purchase) return { action: "drop" };
	const lines = await db
		.select({ qboItemId: products.qboId, quantity: purchaseReceiptLines.quantity, unitCost: purchaseLines.unitCost })
		.from(purchaseReceiptLines)
		.innerJoin(products, and(eq(products.companyId, companyId), eq(products.id, purchaseReceiptLines.productId)))
		.innerJoin(
			purchaseLines,
			and(
				eq(purchaseLines.companyId, companyId),
				eq(purchaseLines.purchaseId, purchase.id),
				eq(purchaseLines.productId, purchaseReceiptLines.productId),
			),
		)
		.where(
			and(
				eq(purchaseReceiptLines.companyId, companyId),
				eq(purchaseReceiptLines.receiptId, receiptId),
				isNotNull(products.qboId),
			),
		)
		.orderBy(asc(purchaseLines.position));
	return documentDraft(db, companyId, purchase, lines, (parts) => ({
		receiptId,
		receiptNumber: receipt.number,
		purchaseId: purchase.id,
		purchaseNumber: purchase.number,
		txnDate: new Date(receipt.createdAt).toISOString().slice(0, 10),
		purchaseOrderQboId: purchase.qboPurchaseOrderId,
		...parts,
	}));
}

/** QBO created the document: keep its id. (A closed PO: its last error, if any, is gone.) */
export async function recordCreated(db: Database, companyId: string, kind: DocumentKind, id: string, qboId: string) {
	if (kind === "close_purchase_order")
		await db
			.update(purchases)
			.set({ qboError: null })
			.where(and(eq(purchases.companyId, companyId), eq(purchases.id, id)));
	else if (kind === "purchase_order")
		await db
			.update(purchases)
			.set({ qboPurchaseOrderId: qboId, qboStatus: "created", qboError: null })
			.where(and(eq(purchases.companyId, companyId), eq(purchases.id, id)));
	else
		await db
			.update(purchaseReceipts)
			.set({ qboBillId: qboId, qboStatus: "created", qboError: null })
			.where(and(eq(purchaseReceipts.companyId, companyId), eq(purchaseReceipts.id, id)));
}

/** An attempt failed (it may be retried): the user sees why. */
export async function recordFailed(db: Database, companyId: string, kind: DocumentKind, id: string, error: string) {
	// The PO exists; only its closing failed.
	if (kind === "close_purchase_order")
		await db
			.update(purchases)
			.set({ qboError: `Closing it in QuickBooks failed: ${error}` })
			.where(and(eq(purchases.companyId, companyId), eq(purchases.id, id)));
	else if (kind === "purchase_order")
		await db
			.update(purchases)
			.set({ qboStatus: "failed", qboError: error })
			.where(
				and(
					eq(purchases.companyId, companyId),
					eq(purchases.id, id),
					inArray(purchases.qboStatus, ["pending", "failed"]),
				),
			);
	else
		await db
			.update(purchaseReceipts)
			.set({ qboStatus: "failed", qboError: error })
			.where(
				and(
					eq(purchaseReceipts.companyId, companyId),
					eq(purchaseReceipts.id, id),
					inArray(purchaseReceipts.qboStatus, ["pending", "failed"]),
				),
			);
}

/** A purchase cancelled before its PurchaseOrder was created: it will not be. */
export async function recordDropped(db: Database, companyId: string, kind: DocumentKind, id: string) {
	if (kind === "purchase_order")
		await db
			.update(purchases)
			.set({ qboStatus: null, qboError: null })
			.where(
				and(
					eq(purchases.companyId, companyId),
					eq(purchases.id, id),
					isNull(purchases.qboPurchaseOrderId),
					eq(purchases.status, "cancelled"),
				),
			);
}
