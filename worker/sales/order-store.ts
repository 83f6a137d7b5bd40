/**
 * Orders in D1, and how a change of one is written: one batch whose FIRST statement claims the next
 * version in `order_revisions`. A concurrent writer that read the same version fails on that key,
 * its batch (a transaction) rolls back, and it reads again and retries.
 */
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { AppError } from "../core/app-error";
import type { Scaled } from "../core/quantity";
import type { BatchStatement, Database } from "../db/client";
import { deliveryNoteLines, deliveryNoteLots, deliveryNotes, orderRevisions, orders, products } from "../db/schema";

export type Order = typeof orders.$inferSelect;
export type OrderChange = Partial<
	Pick<
		Order,
		| "estimateQboId"
		| "salesType"
		| "salesQboId"
		| "docNumber"
		| "customerName"
		| "shipTo"
		| "txnDate"
		| "locationId"
		| "status"
		| "lines"
		| "documents"
		| "flags"
		| "mode"
	>
>;

/** How many times a writer re-reads and retries after losing a race, before answering 409. */
const ORDER_WRITE_ATTEMPTS = 6;

export async function findOrder(db: Database, companyId: string, id: string): Promise<Order | undefined> {
	return db.query.orders.findFirst({ where: and(eq(orders.companyId, companyId), eq(orders.id, id)) });
}

export async function getOrder(db: Database, companyId: string, id: string): Promise<Order> {
	const order = await findOrder(db, companyId, id);
	if (!order) throw new AppError("not_found", `No order ${id}.`);
	return order;
}

/**
 * Σ of the order's active delivery notes, per product. What a note delivered of a product since
 * merged into another in QuickBooks counts for the survivor (worker/sync/item-merge.ts), whose
 * line the order now has.
 */
export async function noteDeliveredOf(db: Database, companyId: string, orderId: string): Promise<Map<string, Scaled>> {
	const rows = await db
		.select({
			productId: sql<string>`coalesce(${products.mergedInto}, ${deliveryNoteLines.productId})`,
			quantity: deliveryNoteLines.quantity,
		})
		.from(deliveryNoteLines)
		.innerJoin(deliveryNotes, eq(deliveryNotes.id, deliveryNoteLines.noteId))
		.innerJoin(products, eq(products.id, deliveryNoteLines.productId))
		.where(
			and(
				eq(deliveryNotes.companyId, companyId),
				eq(deliveryNotes.orderId, orderId),
				eq(deliveryNotes.status, "active"),
			),
		);
	const sums = new Map<string, Scaled>();
	for (const r of rows) sums.set(r.productId, (sums.get(r.productId) ?? 0) + r.quantity);
	return sums;
}

/**
 * The statements of one change of `order` (read at its version V): the claim of V + 1 first, then
 * the order's update, guarded by V as well.
 */
export function orderChangeStatements(
	db: Database,
	order: Order,
	change: OrderChange,
	cause: string,
): [BatchStatement, BatchStatement] {
	const now = Date.now();
	return [
		db
			.insert(orderRevisions)
			.values({ orderId: order.id, version: order.version + 1, companyId: order.companyId, cause, at: now }),
		db
			.update(orders)
			.set({ ...change, version: order.version + 1, updatedAt: now })
			.where(and(eq(orders.id, order.id), eq(orders.companyId, order.companyId), eq(orders.version, order.version))),
	];
}

/** True for the error of a batch that lost a race on a unique key (a revision, a note number, a key). */
function isUniqueClash(error: unknown): boolean {
	// drizzle may wrap the D1 error: look at its cause too.
	for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++)
		if (/UNIQUE constraint failed/i.test(e.message)) return true;
	return false;
}

/** The 409 of an interactive writer that lost every race on an order. */
export function orderBusy(): AppError {
	return new AppError("conflict", "The order is being changed by someone else; try again.");
}

/**
 * Runs `write` (read the order, compute, write one batch) again each time its batch loses a race
 * on a unique key, at most ORDER_WRITE_ATTEMPTS times; after the last, throws `lostEveryRace()`
 * (default: the clash itself). Any other error is thrown at once.
 */
export async function withOrderRetry<T>(write: () => Promise<T>, lostEveryRace?: () => Error): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await write();
		} catch (error) {
			if (!isUniqueClash(error)) throw error;
			if (attempt >= ORDER_WRITE_ATTEMPTS) throw lostEveryRace ? lostEveryRace() : error;
		}
	}
}

/** Marks `version` as applied by every product object, unless a later version already is. */
export function markApplied(db: Database, companyId: string, orderId: string, version: number) {
	return db
		.update(orders)
		.set({ appliedVersion: version })
		.where(and(eq(orders.companyId, companyId), eq(orders.id, orderId), lt(orders.appliedVersion, version)));
}

/**
 * What marks, in an order's revision, a version that a product object refused (a quantity beyond the
 * bounds): applying it again would be refused again, so the repair leaves it. The order's next
 * change (its document edited, a note) is a new version, applied as usual.
 */
const REFUSED = " — refused by stock: ";

/** Records in the revision of `version` that applying it was refused, and why (once). */
export function markRefused(db: Database, companyId: string, orderId: string, version: number, why: string) {
	return db
		.update(orderRevisions)
		.set({ cause: sql`${orderRevisions.cause} || ${`${REFUSED}${why}`}` })
		.where(
			and(
				eq(orderRevisions.orderId, orderId),
				eq(orderRevisions.version, version),
				eq(orderRevisions.companyId, companyId),
				sql`instr(${orderRevisions.cause}, ${REFUSED}) = 0`,
			),
		);
}

/**
 * The orders (every company) whose last version some product object may not have applied yet,
 * except those whose last version was refused (`markRefused`).
 */
export async function ordersToRepair(db: Database, limit: number): Promise<Pick<Order, "id" | "companyId">[]> {
	return db
		.select({ id: orders.id, companyId: orders.companyId })
		.from(orders)
		.where(
			and(
				lt(orders.appliedVersion, orders.version),
				sql`NOT EXISTS (SELECT 1 FROM ${orderRevisions} WHERE ${orderRevisions.orderId} = ${orders.id}
					AND ${orderRevisions.version} = ${orders.version} AND instr(${orderRevisions.cause}, ${REFUSED}) > 0)`,
			),
		)
		.orderBy(orders.updatedAt)
		.limit(limit);
}

/** The delivery notes of some orders, with their lines and the lots each line was asked to pick. */
export async function notesOfOrders(db: Database, companyId: string, orderIds: string[]) {
	if (orderIds.length === 0) return [];
	const [notes, lines, lots] = await db.batch([
		db
			.select()
			.from(deliveryNotes)
			.where(and(eq(deliveryNotes.companyId, companyId), inArray(deliveryNotes.orderId, orderIds)))
			.orderBy(deliveryNotes.seq),
		db
			.select({
				noteId: deliveryNoteLines.noteId,
				productId: deliveryNoteLines.productId,
				quantity: deliveryNoteLines.quantity,
			})
			.from(deliveryNoteLines)
			.innerJoin(deliveryNotes, eq(deliveryNotes.id, deliveryNoteLines.noteId))
			.where(and(eq(deliveryNotes.companyId, companyId), inArray(deliveryNotes.orderId, orderIds))),
		db
			.select({
				noteId: deliveryNoteLots.noteId,
				productId: deliveryNoteLots.productId,
				lot: deliveryNoteLots.lot,
				quantity: deliveryNoteLots.quantity,
			})
			.from(deliveryNoteLots)
			.innerJoin(deliveryNotes, eq(deliveryNotes.id, deliveryNoteLots.noteId))
			.where(and(eq(deliveryNotes.companyId, companyId), inArray(deliveryNotes.orderId, orderIds)))
			.orderBy(deliveryNoteLots.position),
	]);
	return notes.map((n) => ({
		...n,
		lines: lines
			.filter((l) => l.noteId === n.id)
			.map((l) => ({
				...l,
				lots: lots
					.filter((p) => p.noteId === n.id && p.productId === l.productId)
					.map((p) => ({ lot: p.lot, quantity: p.quantity })),
			})),
	}));
}
