/**
 * Orders and delivery notes as the API shows them: lists, the order page (documents, lines with
 * shortfall, notes, movements) and the printable delivery note.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "../core/app-error";
import { pageOf } from "../core/cursor";
import { newestFirst } from "../core/keyset";
import { fromScaled, type Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { containsText } from "../db/contains-text";
import {
	deliveryNoteLines,
	deliveryNotes,
	locations,
	type OrderDocumentRecord,
	orders,
	products,
	stockMovements,
} from "../db/schema";
import { chunk } from "../lib/chunk";
import { lotsMovedBy } from "../stock/lots";
import type { MovementKind } from "../stock/stock-command";
import { deliverySource, orderSource } from "./order-effects";
import { governingDocument, type OrderStatus, remainingOf } from "./order-state";
import { getOrder, notesOfOrders, type Order } from "./order-store";
import { orderOfQboDocument, ordersOfQboId } from "./order-sync";

type DeliveryNote = typeof deliveryNotes.$inferSelect;
type ProductInfo = { sku: string; name: string };
type TakenLot = { lot: string; expiry: string | null; quantity: number };
/** Per `delivery:<noteId>` source and product: the lots its line took. */
type TakenLots = Map<string, TakenLot[]>;

export type DeliveryNoteView = {
	id: string;
	number: string;
	orderId: string;
	status: "active" | "cancelled";
	locationId: string;
	note: string | null;
	/** `lots`: what the line took out of each lot (products tracked by lot), as the ledger shows it. */
	lines: { productId: string; sku: string; name: string; quantity: number; lots: TakenLot[] }[];
	createdAt: string;
	cancelledAt: string | null;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** A line's product as the API names it: its id, SKU and name (empty for a product gone since). */
function namedProduct(info: Map<string, ProductInfo>, productId: string) {
	const known = info.get(productId);
	return { productId, sku: known?.sku ?? "", name: known?.name ?? "" };
}

async function productInfo(db: Database, companyId: string, ids: string[]): Promise<Map<string, ProductInfo>> {
	const unique = [...new Set(ids)];
	const info = new Map<string, ProductInfo>();
	for (let i = 0; i < unique.length; i += 90) {
		const rows = await db
			.select({ id: products.id, sku: products.sku, name: products.name })
			.from(products)
			.where(and(eq(products.companyId, companyId), inArray(products.id, unique.slice(i, i + 90))));
		for (const r of rows) info.set(r.id, { sku: r.sku, name: r.name });
	}
	return info;
}

/**
 * What the notes' lines took out of lots, net (a cancelled note's lots are back: none), from the
 * ledger's lot parts of their sources.
 */
async function lotsTaken(db: Database, companyId: string, noteIds: string[]): Promise<TakenLots> {
	const taken: TakenLots = new Map();
	for (const m of await lotsMovedBy(db, companyId, noteIds.map(deliverySource))) {
		const key = `${m.source}/${m.productId}`;
		taken.set(key, [...(taken.get(key) ?? []), { lot: m.lot, expiry: m.expiry, quantity: fromScaled(-m.delta) }]);
	}
	return taken;
}

function noteView(
	note: DeliveryNote,
	lines: { productId: string; quantity: Scaled }[],
	info: Map<string, ProductInfo>,
	taken: TakenLots,
): DeliveryNoteView {
	return {
		id: note.id,
		number: note.number,
		orderId: note.orderId,
		status: note.status,
		locationId: note.locationId,
		note: note.note,
		lines: lines.map((l) => ({
			...namedProduct(info, l.productId),
			quantity: fromScaled(l.quantity),
			lots: taken.get(`${deliverySource(note.id)}/${l.productId}`) ?? [],
		})),
		createdAt: iso(note.createdAt),
		cancelledAt: note.cancelledAt === null ? null : iso(note.cancelledAt),
	};
}

/** One delivery note with its lines and the lots they took. */
export async function deliveryNoteView(db: Database, note: DeliveryNote): Promise<DeliveryNoteView> {
	const lines = await db
		.select({ productId: deliveryNoteLines.productId, quantity: deliveryNoteLines.quantity })
		.from(deliveryNoteLines)
		.where(and(eq(deliveryNoteLines.companyId, note.companyId), eq(deliveryNoteLines.noteId, note.id)));
	return noteView(
		note,
		lines,
		await productInfo(
			db,
			note.companyId,
			lines.map((l) => l.productId),
		),
		await lotsTaken(db, note.companyId, [note.id]),
	);
}

/** An order's header, as lists show it. `number`: the governing document's number, or "#<QBO id>". */
function orderSummary(order: Order, backordered: boolean) {
	const source = governingDocument(order.documents, order.salesQboId) ?? {
		type: order.originType,
		qboId: order.originQboId,
		docNumber: order.docNumber,
	};
	return {
		id: order.id,
		number: source.docNumber ?? `#${source.qboId}`,
		status: order.status,
		source: { type: source.type, qboId: source.qboId, docNumber: source.docNumber },
		customerName: order.customerName,
		locationId: order.locationId,
		txnDate: order.txnDate,
		flags: order.flags.map((f) => (f.code === "over_delivered" ? { ...f, quantity: fromScaled(f.quantity) } : f)),
		backordered,
		version: order.version,
		createdAt: iso(order.createdAt),
		updatedAt: iso(order.updatedAt),
	};
}

export type OrderSummary = ReturnType<typeof orderSummary>;

/**
 * What each open order at these locations cannot get from on hand, per product: older orders (by
 * date, then creation) take their remaining first. shortfall = max(0, remaining − max(0, onHand −
 * Σ older remaining)). Two queries, whatever the number of orders.
 */
async function shortfallsAt(
	db: Database,
	companyId: string,
	locationIds: string[],
): Promise<Map<string, Map<string, Scaled>>> {
	const result = new Map<string, Map<string, Scaled>>();
	if (locationIds.length === 0) return result;
	const open = await db
		.select({ id: orders.id, locationId: orders.locationId, lines: orders.lines })
		.from(orders)
		.where(
			and(
				eq(orders.companyId, companyId),
				inArray(orders.locationId, locationIds),
				inArray(orders.status, ["open", "partially_delivered"]),
			),
		)
		.orderBy(sql`coalesce(${orders.txnDate}, '')`, orders.createdAt, orders.id);
	if (open.length === 0) return result;
	const levels = await db.all<{ product_id: string; location_id: string; on_hand: number }>(sql`
		SELECT product_id, location_id, on_hand FROM stock_levels
		WHERE company_id = ${companyId} AND location_id IN ${locationIds}
			AND product_id IN (
				SELECT json_extract(j.value, '$.productId') FROM orders o, json_each(o.lines) j
				WHERE o.company_id = ${companyId} AND o.status IN ('open', 'partially_delivered'))`);
	const left = new Map<string, Scaled>(levels.map((l) => [`${l.location_id}/${l.product_id}`, l.on_hand]));
	for (const order of open) {
		const short = new Map<string, Scaled>();
		for (const line of order.lines) {
			const remaining = remainingOf(line);
			if (remaining === 0) continue;
			const key = `${order.locationId}/${line.productId}`;
			const available = Math.max(0, left.get(key) ?? 0);
			if (remaining > available) short.set(line.productId, remaining - available);
			left.set(key, available - Math.min(available, remaining));
		}
		result.set(order.id, short);
	}
	return result;
}

/**
 * The open orders at these locations (every location of the company when undefined) that on hand
 * cannot serve — `backordered` in the lists — oldest first, as `shortfallsAt` serves them. The rule
 * is per location, so locations go 40 at a time (D1 binds at most 100 parameters).
 */
export async function backorderedOrderIds(
	db: Database,
	companyId: string,
	locationIds: string[] | undefined,
): Promise<string[]> {
	const ids =
		locationIds ??
		(await db.select({ id: locations.id }).from(locations).where(eq(locations.companyId, companyId))).map((l) => l.id);
	const backordered: string[] = [];
	for (const part of chunk(ids, 40))
		for (const [orderId, short] of await shortfallsAt(db, companyId, part))
			if (short.size > 0) backordered.push(orderId);
	return backordered;
}

/** A page of orders, newest first. */
export async function listOrders(
	db: Database,
	companyId: string,
	query: {
		status?: OrderStatus;
		q?: string;
		qboId?: string;
		qboType?: OrderDocumentRecord["type"];
		/** Only open orders that on hand cannot serve (`backordered`). */
		backordered?: boolean;
		/** Only orders at these locations (a caller limited to some); undefined: every location. */
		locationIds?: string[];
		limit: number;
		cursor?: string;
	},
) {
	const keyset = newestFirst(query.cursor, [orders.createdAt, orders.id], ["number", "string"]);
	const byQboDocument = query.qboId ? await qboDocumentFilter(db, companyId, query.qboId, query.qboType) : undefined;
	// The ids travel as one JSON parameter: a company may have more backordered orders than D1 binds.
	const backordered = query.backordered
		? sql`${orders.id} IN (SELECT value FROM json_each(${JSON.stringify(await backorderedOrderIds(db, companyId, query.locationIds))}))`
		: undefined;
	const rows = await db
		.select()
		.from(orders)
		.where(
			and(
				eq(orders.companyId, companyId),
				query.status ? eq(orders.status, query.status) : undefined,
				query.locationIds ? inArray(orders.locationId, query.locationIds) : undefined,
				byQboDocument,
				backordered,
				query.q ? containsText(query.q, orders.docNumber, orders.customerName) : undefined,
				keyset.after,
			),
		)
		.orderBy(...keyset.orderBy)
		.limit(query.limit + 1);
	const page = pageOf(rows, query.limit, (o) => [o.createdAt, o.id]);
	const shortfalls = await shortfallsAt(db, companyId, [...new Set(page.items.map((o) => o.locationId))]);
	return {
		items: page.items.map((o) => orderSummary(o, (shortfalls.get(o.id)?.size ?? 0) > 0)),
		nextCursor: page.nextCursor,
	};
}

/**
 * The orders `qboId` (with `qboType`, when given) names. QBO numbers each document type on its own,
 * so an id alone is taken only while it names one order of the company; else the caller must say
 * which type (the route checks that `qboType` comes with `qboId`).
 */
async function qboDocumentFilter(
	db: Database,
	companyId: string,
	qboId: string,
	qboType: OrderDocumentRecord["type"] | undefined,
) {
	if (qboType) return orderOfQboDocument(companyId, qboType, qboId);
	const filter = ordersOfQboId(companyId, qboId);
	const named = await db.select({ id: orders.id }).from(orders).where(filter).limit(2);
	if (named.length > 1)
		throw new AppError(
			"validation_failed",
			`QuickBooks id ${qboId} names documents of more than one order (QuickBooks numbers invoices, sales receipts and estimates separately): say which type with qboType=invoice, sales_receipt or estimate.`,
			[{ in: "query", field: "qboType", message: "required: qboId names documents of several types" }],
		);
	return filter;
}

/** The order page: summary, documents, lines (with shortfall and kits), delivery notes, movements. */
export async function orderDetail(db: Database, companyId: string, id: string) {
	const order = await getOrder(db, companyId, id);
	const notes = await notesOfOrders(db, companyId, [id]);
	const shortfall = (await shortfallsAt(db, companyId, [order.locationId])).get(id) ?? new Map<string, Scaled>();
	const sources = [orderSource(order), ...notes.map((n) => deliverySource(n.id))];
	const movements = await db
		.select()
		.from(stockMovements)
		.where(and(eq(stockMovements.companyId, companyId), inArray(stockMovements.source, sources)))
		.orderBy(stockMovements.at, stockMovements.id)
		.limit(1000);
	const lines = order.lines.filter((l) => l.ordered > 0 || l.delivered > 0 || l.shipped > 0 || l.reserved > 0);
	const info = await productInfo(db, companyId, [
		...lines.flatMap((l) => [l.productId, ...l.kits.map((k) => k.productId)]),
		...notes.flatMap((n) => n.lines.map((l) => l.productId)),
	]);
	const taken = await lotsTaken(
		db,
		companyId,
		notes.map((n) => n.id),
	);
	return {
		...orderSummary(order, shortfall.size > 0),
		documents: order.documents.map((d) => ({
			type: d.type,
			qboId: d.qboId,
			docNumber: d.docNumber,
			status: d.status,
		})),
		lines: lines.map((l) => ({
			...namedProduct(info, l.productId),
			ordered: fromScaled(l.ordered),
			delivered: fromScaled(l.delivered + l.shipped),
			reserved: fromScaled(l.reserved),
			remaining: fromScaled(remainingOf(l)),
			shortfall: fromScaled(shortfall.get(l.productId) ?? 0),
			kits: l.kits.map((k) => ({ ...namedProduct(info, k.productId), quantity: fromScaled(k.quantity) })),
		})),
		deliveries: notes.map((n) => noteView(n, n.lines, info, taken)),
		movements: movements.map((m) => ({
			id: m.id,
			productId: m.productId,
			locationId: m.locationId,
			// D1 keeps the kind as text; only product objects write it, each from a MovementKind.
			kind: m.kind as MovementKind,
			source: m.source,
			onHand: fromScaled(m.onHandDelta),
			reserved: fromScaled(m.reservedDelta),
			at: iso(m.at),
		})),
	};
}

/** The printable delivery note: the note, its order, the customer and where to deliver. */
export async function deliveryDetail(db: Database, companyId: string, id: string) {
	const note = await db.query.deliveryNotes.findFirst({
		where: and(eq(deliveryNotes.companyId, companyId), eq(deliveryNotes.id, id)),
	});
	if (!note) throw new AppError("not_found", `No delivery note ${id}.`);
	const order = await getOrder(db, companyId, note.orderId);
	const shortfall = (await shortfallsAt(db, companyId, [order.locationId])).get(order.id);
	return {
		...(await deliveryNoteView(db, note)),
		order: orderSummary(order, (shortfall?.size ?? 0) > 0),
		customerName: order.customerName,
		shipTo: order.shipTo,
	};
}
