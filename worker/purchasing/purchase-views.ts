/**
 * Purchases as the API shows them: the list (newest first, filtered), a purchase with its lines and
 * receipts, and the pieces other answers reuse; the reads the commands (purchases.ts) start from.
 */
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { AppError } from "../core/app-error";
import { pageOf } from "../core/cursor";
import { newestFirst } from "../core/keyset";
import { fromScaled } from "../core/quantity";
import type { Database } from "../db/client";
import { containsText } from "../db/contains-text";
import { purchaseLines, purchaseReceiptLines, purchaseReceiptLots, purchaseReceipts, purchases } from "../db/schema";
import type { PurchaseStatus } from "./purchase-effects";

export type Purchase = typeof purchases.$inferSelect;
export type PurchaseLine = typeof purchaseLines.$inferSelect;

export async function getPurchase(db: Database, companyId: string, id: string): Promise<Purchase> {
	const row = await db.query.purchases.findFirst({
		where: and(eq(purchases.id, id), eq(purchases.companyId, companyId)),
	});
	if (!row) throw new AppError("not_found", `No purchase ${id}.`);
	return row;
}

export async function linesOf(db: Database, companyId: string, purchaseId: string): Promise<PurchaseLine[]> {
	return db
		.select()
		.from(purchaseLines)
		.where(and(eq(purchaseLines.companyId, companyId), eq(purchaseLines.purchaseId, purchaseId)))
		.orderBy(asc(purchaseLines.position));
}

/** A page of purchases, newest first, with optional filters. */
export async function listPurchases(
	db: Database,
	companyId: string,
	query: {
		status?: PurchaseStatus;
		vendorId?: string;
		q?: string;
		/** Only purchases still to arrive (ordered, partially received) expected on or before this day (YYYY-MM-DD). */
		expectedBy?: string;
		/** Only purchases to these locations (a caller limited to some); undefined: every location. */
		locationIds?: string[];
		limit: number;
		cursor?: string;
	},
) {
	const keyset = newestFirst(query.cursor, [purchases.seq], ["number"]);
	const rows = await db
		.select()
		.from(purchases)
		.where(
			and(
				eq(purchases.companyId, companyId),
				query.status ? eq(purchases.status, query.status) : undefined,
				query.vendorId ? eq(purchases.vendorId, query.vendorId) : undefined,
				query.locationIds ? inArray(purchases.locationId, query.locationIds) : undefined,
				query.q ? containsText(query.q, purchases.number) : undefined,
				query.expectedBy
					? and(
							inArray(purchases.status, ["ordered", "partially_received"]),
							lte(purchases.expectedDate, query.expectedBy),
						)
					: undefined,
				keyset.after,
			),
		)
		.orderBy(...keyset.orderBy)
		.limit(query.limit + 1);
	return pageOf(rows, query.limit, (p) => [p.seq]);
}

/** The purchase with its lines and receipts (each line with the lots it went into), as the API shows it. */
export async function purchaseDetail(db: Database, companyId: string, id: string) {
	const purchase = await getPurchase(db, companyId, id);
	const [lines, receipts, receiptLines, receiptLots] = await db.batch([
		db
			.select()
			.from(purchaseLines)
			.where(and(eq(purchaseLines.companyId, companyId), eq(purchaseLines.purchaseId, id)))
			.orderBy(asc(purchaseLines.position)),
		db
			.select()
			.from(purchaseReceipts)
			.where(and(eq(purchaseReceipts.companyId, companyId), eq(purchaseReceipts.purchaseId, id)))
			.orderBy(asc(purchaseReceipts.seq)),
		db
			.select({
				receiptId: purchaseReceiptLines.receiptId,
				productId: purchaseReceiptLines.productId,
				quantity: purchaseReceiptLines.quantity,
			})
			.from(purchaseReceiptLines)
			.innerJoin(purchaseReceipts, eq(purchaseReceipts.id, purchaseReceiptLines.receiptId))
			.where(and(eq(purchaseReceiptLines.companyId, companyId), eq(purchaseReceipts.purchaseId, id))),
		db
			.select({
				receiptId: purchaseReceiptLots.receiptId,
				productId: purchaseReceiptLots.productId,
				lot: purchaseReceiptLots.lot,
				expiry: purchaseReceiptLots.expiry,
				quantity: purchaseReceiptLots.quantity,
			})
			.from(purchaseReceiptLots)
			.innerJoin(purchaseReceipts, eq(purchaseReceipts.id, purchaseReceiptLots.receiptId))
			.where(and(eq(purchaseReceiptLots.companyId, companyId), eq(purchaseReceipts.purchaseId, id)))
			.orderBy(asc(purchaseReceiptLots.position)),
	]);
	return {
		...purchaseView(purchase, lines),
		receipts: receipts.map((r) => ({
			id: r.id,
			number: r.number,
			createdAt: new Date(r.createdAt).toISOString(),
			...receiptQboView(r),
			lines: receiptLines
				.filter((l) => l.receiptId === r.id)
				.map((l) => ({
					productId: l.productId,
					quantity: fromScaled(l.quantity),
					lots: receiptLots
						.filter((n) => n.receiptId === r.id && n.productId === l.productId)
						.map((n) => ({ lot: n.lot, expiry: n.expiry, quantity: fromScaled(n.quantity) })),
				})),
		})),
	};
}

/** A purchase's header, as lists show it. */
export function purchaseSummary(p: Purchase) {
	return {
		id: p.id,
		number: p.number,
		status: p.status,
		vendorId: p.vendorId,
		locationId: p.locationId,
		expectedDate: p.expectedDate,
		note: p.note,
		qboPurchaseOrderId: p.qboPurchaseOrderId,
		qboStatus: p.qboStatus,
		qboError: p.qboError,
		version: p.version,
		createdAt: new Date(p.createdAt).toISOString(),
		updatedAt: new Date(p.updatedAt).toISOString(),
	};
}

/** A receipt's bill in QBO: its id once created, and where its creation stands (null: no bill). */
export function receiptQboView(r: typeof purchaseReceipts.$inferSelect) {
	return { qboBillId: r.qboBillId, qboStatus: r.qboStatus, qboError: r.qboError };
}

/** A purchase with its lines; `received` may exceed `ordered`, `open` never falls below zero. */
export function purchaseView(p: Purchase, lines: PurchaseLine[]) {
	return {
		...purchaseSummary(p),
		lines: lines.map((l) => ({
			productId: l.productId,
			ordered: fromScaled(l.ordered),
			received: fromScaled(l.received),
			open: fromScaled(Math.max(0, l.ordered - l.received)),
			unitCost: l.unitCost === null ? null : fromScaled(l.unitCost),
		})),
	};
}
