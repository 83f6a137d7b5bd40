/**
 * QBO sales documents → orders. An invoice, sales receipt or (when estimates create orders) an
 * estimate is one of its order's documents; the order owns their stock effect. An invoice made from
 * an estimate that has an order joins that order and governs it from then on: nothing is reserved
 * or delivered twice.
 *
 * The order's change and the document's `qbo_documents` record are one D1 batch; the product objects
 * are told afterwards. A crash in between leaves `applied_version` behind `version`: the next sync
 * of the document, a retried delivery, or the cron applies the order again (absolute effects).
 * A change whose stock would pass the bounds is refused before anything is written.
 */
import { and, eq, or } from "drizzle-orm";
import { ulid } from "ulid";
import { type BatchStatement, type Database, database } from "../db/client";
import { type OrderDocumentRecord, orderRevisions, orders } from "../db/schema";
import { assertChangesWithinBounds } from "../stock/bounds-precheck";
import type { OrderHeader } from "./order-documents";
import { applyOrder } from "./order-effects";
import { governingDocument, orderChanges, orderState, salesDocumentOf } from "./order-state";
import { noteDeliveredOf, type Order, type OrderChange, orderChangeStatements, withOrderRetry } from "./order-store";

export type OrderDocumentSync = {
	companyId: string;
	/** The document as its order sees it. */
	part: OrderDocumentRecord;
	/** Its header; null for a deleted stub (QBO leaves only an Id). */
	header: OrderHeader | null;
	/** The estimate an invoice or sales receipt was made from. */
	linkedEstimate: string | null;
	settings: { orderMode: Order["mode"]; estimatesCreateOrders: boolean };
	/** The document's `qbo_documents` upsert: written in the same batch as the order's change. */
	record: BatchStatement;
	/**
	 * The version a new order starts at: above any version the document's own source may already
	 * hold in a product object (its SyncToken + 1, from before documents fed orders), or the order's
	 * first effect would be refused as stale.
	 */
	firstVersion: number;
};

/** Updates (or makes) the order of one synced document, then applies it to stock. */
export async function syncOrderDocument(env: Env, input: OrderDocumentSync): Promise<{ orderId: string | null }> {
	const db = database(env.DB);
	// Retried when another writer (a delivery note) changed the order between our read and our batch.
	return withOrderRetry(async () => {
		const written = await writeOrderDocument(db, input);
		// Applied when this sync changed the order, and also when an earlier change never reached the
		// product objects (a crash): the order's effects are absolute, so applying again is harmless.
		if (written?.toApply) await applyOrder(env, input.companyId, written.orderId, { interactive: false });
		return { orderId: written?.orderId ?? null };
	});
}

/**
 * One attempt: read the order, compute, write in one batch. Answers the order's id, if there is one,
 * and whether the product objects have a version of it to apply.
 */
async function writeOrderDocument(
	db: Database,
	input: OrderDocumentSync,
): Promise<{ orderId: string; toApply: boolean } | null> {
	const { companyId, part } = input;
	const order = await orderOfDocument(db, input);
	// An estimate's order released when the setting was switched off (estimate-orders-release.ts)
	// is not brought back by the estimate's edits while it stays off.
	const released =
		order?.status === "cancelled" &&
		order.salesQboId === null &&
		part.type === "estimate" &&
		!input.settings.estimatesCreateOrders;
	if (released) {
		await db.batch([input.record]);
		return null;
	}
	if (!order) {
		const creates =
			part.status === "active" &&
			part.lines.length > 0 &&
			(part.type !== "estimate" || input.settings.estimatesCreateOrders);
		if (!creates) {
			await db.batch([input.record]);
			return null;
		}
		const id = ulid();
		const fresh: Order = {
			id,
			companyId,
			originType: part.type,
			originQboId: part.qboId,
			estimateQboId: part.type === "estimate" ? part.qboId : null,
			salesType: part.type === "estimate" ? null : part.type,
			salesQboId: part.type === "estimate" ? null : part.qboId,
			docNumber: null,
			customerName: null,
			shipTo: null,
			txnDate: null,
			locationId: part.locationId,
			mode: input.settings.orderMode,
			status: "open",
			lines: [],
			documents: [],
			flags: [],
			version: input.firstVersion,
			appliedVersion: 0,
			qboPushed: {},
			qboPushPending: null,
			createdAt: Date.now(),
			updatedAt: Date.now(),
		};
		const row = { ...fresh, ...nextOrder(fresh, input, new Map()) };
		await assertOrderWithinBounds(db, companyId, null, row);
		await db.batch([
			db.insert(orders).values(row),
			db
				.insert(orderRevisions)
				.values({ orderId: id, version: input.firstVersion, companyId, cause: causeOf(part), at: Date.now() }),
			input.record,
		]);
		return { orderId: id, toApply: true };
	}
	const change = nextOrder(order, input, await noteDeliveredOf(db, companyId, order.id));
	if (unchanged(order, change)) {
		await db.batch([input.record]);
		return { orderId: order.id, toApply: order.appliedVersion < order.version };
	}
	await assertOrderWithinBounds(db, companyId, order, { ...order, ...change });
	await db.batch([...orderChangeStatements(db, order, change, causeOf(part)), input.record]);
	return { orderId: order.id, toApply: true };
}

/**
 * Refuses (422 `quantity_out_of_bounds`) a change of an order whose own effect would pass the bounds
 * as D1 shows the levels, before the change or the document's record is written: the document is
 * then not applied at all, and its next version (or a retry) maps again from the same record.
 */
async function assertOrderWithinBounds(
	db: Database,
	companyId: string,
	before: Pick<Order, "locationId" | "lines"> | null,
	after: Pick<Order, "locationId" | "lines">,
) {
	await assertChangesWithinBounds(
		db,
		companyId,
		orderChanges(before, after, () => "Line"),
	);
}

function causeOf(part: OrderDocumentRecord): string {
	return `qbo:${part.type}:${part.qboId}:${part.status}`;
}

/**
 * The order this document belongs to: an estimate's by its estimate id; an invoice's or sales
 * receipt's the one it governs or made, else its estimate's order when that order has no active
 * sales document yet (the hand-over).
 */
async function orderOfDocument(db: Database, input: OrderDocumentSync): Promise<Order | undefined> {
	const { companyId, part } = input;
	const own = await db.query.orders.findFirst({ where: orderOfQboDocument(companyId, part.type, part.qboId) });
	if (own || part.type === "estimate" || !input.linkedEstimate || part.status !== "active") return own;
	const estimateOrder = await db.query.orders.findFirst({
		where: orderOfQboDocument(companyId, "estimate", input.linkedEstimate),
	});
	if (!estimateOrder) return undefined;
	const current = salesDocumentOf(estimateOrder.documents, estimateOrder.salesQboId);
	const free = estimateOrder.salesQboId === null || current?.status !== "active";
	return free ? estimateOrder : undefined;
}

/** The order with this document's new state: documents, governing document, header, lines, flags. */
function nextOrder(order: Order, input: OrderDocumentSync, noteDelivered: Map<string, number>): OrderChange {
	const { part } = input;
	const same = (d: OrderDocumentRecord) => d.type === part.type && d.qboId === part.qboId;
	// A deleted document keeps its last lines on the order page; QBO sends none.
	const updated = (before: OrderDocumentRecord | undefined): OrderDocumentRecord =>
		part.status === "deleted" ? { ...part, docNumber: before?.docNumber ?? null, lines: before?.lines ?? [] } : part;
	const documents = order.documents.some(same)
		? order.documents.map((d) => (same(d) ? updated(d) : d))
		: [...order.documents, updated(undefined)];
	// A sales document takes the order over when it has none, or when the one it has is no longer
	// active (its invoice deleted, a new invoice made from the estimate) — never from an active one.
	const current = salesDocumentOf(order.documents, order.salesQboId);
	const joins =
		part.type !== "estimate" &&
		part.qboId !== order.salesQboId &&
		(order.salesQboId === null || (current?.status !== "active" && part.status === "active"));
	const salesType = joins ? (part.type as "invoice" | "sales_receipt") : order.salesType;
	const salesQboId = joins ? part.qboId : order.salesQboId;
	const state = orderState({
		mode: order.mode,
		documents,
		salesQboId,
		noteDelivered,
		previousProducts: order.lines.map((l) => l.productId),
	});
	const governing = governingDocument(documents, salesQboId);
	const isGoverning = governing?.type === part.type && governing.qboId === part.qboId;
	const header = isGoverning && input.header ? input.header : null;
	return {
		estimateQboId: part.type === "estimate" ? part.qboId : order.estimateQboId,
		salesType,
		salesQboId,
		docNumber: governing?.docNumber ?? order.docNumber,
		customerName: header ? (header.customerName ?? order.customerName) : order.customerName,
		shipTo: header ? header.shipTo : order.shipTo,
		txnDate: header ? (header.txnDate ?? order.txnDate) : order.txnDate,
		locationId: governing?.locationId ?? order.locationId,
		status: state.status,
		lines: state.lines,
		documents,
		flags: state.flags,
	};
}

function unchanged(order: Order, change: OrderChange): boolean {
	return (Object.keys(change) as (keyof OrderChange)[]).every(
		(k) => JSON.stringify(order[k]) === JSON.stringify(change[k]),
	);
}

/**
 * The order a QBO document belongs to: an estimate's by its estimate id; an invoice's or sales
 * receipt's the one it governs or made. QBO numbers each entity type on its own (invoice 1 and
 * estimate 1 both exist), so the type is part of the name.
 */
export function orderOfQboDocument(companyId: string, type: OrderDocumentRecord["type"], qboId: string) {
	return and(
		eq(orders.companyId, companyId),
		type === "estimate"
			? eq(orders.estimateQboId, qboId)
			: or(
					and(eq(orders.salesType, type), eq(orders.salesQboId, qboId)),
					and(eq(orders.originType, type), eq(orders.originQboId, qboId)),
				),
	);
}

/**
 * Orders named by a QBO document id of any type: its estimate, its governing document, or the one
 * it made. Several orders when documents of different types share the id.
 */
export function ordersOfQboId(companyId: string, qboId: string) {
	return and(
		eq(orders.companyId, companyId),
		or(eq(orders.estimateQboId, qboId), eq(orders.salesQboId, qboId), eq(orders.originQboId, qboId)),
	);
}
