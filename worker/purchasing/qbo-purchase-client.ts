/**
 * Whether a purchase's documents go to QBO, and handing them to the company's sync object, which
 * creates them (worker/purchasing/qbo-purchase-queue.ts). Purchases and receipts call these and
 * never see a stub.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { AppError } from "../core/app-error";
import { type Database, database } from "../db/client";
import { products, purchaseReceipts, purchases, qboConnections, vendors } from "../db/schema";
import { getSettings } from "../settings/company-settings";
import { billRequestId, parseRequestId, purchaseOrderRequestId } from "./qbo-purchase-bodies";

/** The realm of the company's QBO connection, when it is connected. */
export async function connectedRealm(db: Database, companyId: string): Promise<string | null> {
	const row = await db.query.qboConnections.findFirst({
		where: and(eq(qboConnections.companyId, companyId), eq(qboConnections.status, "connected")),
	});
	return row?.realmId ?? null;
}

/** The realm a purchase's PurchaseOrder goes to when it is ordered; null when the setting is off or not connected. */
export async function purchaseOrderRealm(db: Database, companyId: string): Promise<string | null> {
	if (!(await getSettings(db, companyId)).purchasesToQbo) return null;
	return connectedRealm(db, companyId);
}

/**
 * Whether a receipt makes a bill in QBO: as asked (`createBill`), else as the setting says. A bill
 * needs a connection, the vendor in QBO and at least one QBO item received; when one is missing, a
 * bill asked for explicitly is refused (nothing received), and the setting's default quietly
 * falls back to no bill (the quantity is then pushed, when stock sync is on).
 */
export async function receiptMakesBill(
	db: Database,
	companyId: string,
	purchase: { vendorId: string | null },
	productIds: string[],
	createBill: boolean | undefined,
): Promise<boolean> {
	const wanted = createBill ?? (await getSettings(db, companyId)).purchasesToQbo;
	if (!wanted) return false;
	const [vendorRows, itemRows] = await db.batch([
		db
			.select({ qboId: vendors.qboId })
			.from(vendors)
			.where(and(eq(vendors.companyId, companyId), eq(vendors.id, purchase.vendorId ?? ""))),
		db
			.select({ id: products.id })
			.from(products)
			.where(and(eq(products.companyId, companyId), inArray(products.id, productIds), isNotNull(products.qboId))),
	]);
	const why = !(await connectedRealm(db, companyId))
		? "the company is not connected to QuickBooks"
		: !vendorRows[0]?.qboId
			? "the purchase names no QuickBooks vendor"
			: itemRows.length === 0
				? "none of the received products is a QuickBooks item"
				: null;
	if (why === null) return true;
	if (createBill === true)
		throw new AppError("conflict", `No bill can be created in QuickBooks: ${why}.`, [
			{ in: "body", field: "createBill", message: why },
		]);
	return false;
}

/** Hands a document (by its request id) to the realm's sync object; queuing it twice changes nothing. */
export async function queuePurchaseDocument(env: Env, realmId: string, requestId: string): Promise<void> {
	await env.COMPANY_SYNC.get(env.COMPANY_SYNC.idFromName(realmId)).queuePurchaseDocument(realmId, requestId);
}

/**
 * Sends again what of a purchase has not reached QBO: its PurchaseOrder and its receipts' bills
 * that are pending or failed. Answers how many documents were queued.
 */
export async function retryPurchaseDocuments(env: Env, companyId: string, purchaseId: string): Promise<number> {
	const db = database(env.DB);
	const realmId = await connectedRealm(db, companyId);
	if (!realmId) throw new AppError("conflict", "Reconnect to QuickBooks first.");
	const unsent = inArray(purchases.qboStatus, ["pending", "failed"]);
	const [purchaseRows, receiptRows] = await db.batch([
		db
			.select({ id: purchases.id })
			.from(purchases)
			.where(and(eq(purchases.companyId, companyId), eq(purchases.id, purchaseId), unsent)),
		db
			.select({ id: purchaseReceipts.id })
			.from(purchaseReceipts)
			.where(
				and(
					eq(purchaseReceipts.companyId, companyId),
					eq(purchaseReceipts.purchaseId, purchaseId),
					inArray(purchaseReceipts.qboStatus, ["pending", "failed"]),
				),
			),
	]);
	const keys = [
		...purchaseRows.map((p) => purchaseOrderRequestId(p.id)),
		...receiptRows.map((r) => billRequestId(r.id)),
	];
	await markPending(db, companyId, purchaseId);
	for (const key of keys) await queuePurchaseDocument(env, realmId, key);
	return keys.length;
}

/** The sync log's retry of a failed PurchaseOrder or Bill (its entry names the request id). */
export async function retryPurchaseDocument(env: Env, companyId: string, requestId: string): Promise<boolean> {
	const target = parseRequestId(requestId);
	if (!target) return false;
	const db = database(env.DB);
	if (target.kind === "close_purchase_order") {
		const realmId = await connectedRealm(db, companyId);
		if (!realmId) throw new AppError("conflict", "Reconnect to QuickBooks first.");
		await queuePurchaseDocument(env, realmId, requestId);
		return true;
	}
	const purchaseId =
		target.kind === "purchase_order"
			? target.id
			: (
					await db.query.purchaseReceipts.findFirst({
						where: and(eq(purchaseReceipts.companyId, companyId), eq(purchaseReceipts.id, target.id)),
					})
				)?.purchaseId;
	if (!purchaseId) throw new AppError("not_found", `No purchase document ${requestId}.`);
	return (await retryPurchaseDocuments(env, companyId, purchaseId)) > 0;
}

/** Failed documents of a purchase go back to pending: they are being sent again. */
async function markPending(db: Database, companyId: string, purchaseId: string) {
	await db.batch([
		db
			.update(purchases)
			.set({ qboStatus: "pending", qboError: null })
			.where(and(eq(purchases.companyId, companyId), eq(purchases.id, purchaseId), eq(purchases.qboStatus, "failed"))),
		db
			.update(purchaseReceipts)
			.set({ qboStatus: "pending", qboError: null })
			.where(
				and(
					eq(purchaseReceipts.companyId, companyId),
					eq(purchaseReceipts.purchaseId, purchaseId),
					eq(purchaseReceipts.qboStatus, "failed"),
				),
			),
	]);
}
