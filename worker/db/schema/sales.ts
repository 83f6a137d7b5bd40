/**
 * Sales: orders, made from QBO's sales documents, and the delivery notes that deliver them
 * (issue 5).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { locationColumn, productColumn } from "./catalogue";
import { createdAt, idempotentRequest, updatedAt } from "./columns";
import { companyColumn } from "./companies";

/** One line of an order (scaled quantities): the components a kit on the document came from are in `kits`. */
export type OrderLineRecord = {
	productId: string;
	ordered: number;
	/** Σ of active delivery notes. */
	delivered: number;
	/** Taken out by the invoice itself (ship on invoice): what notes had not delivered. */
	shipped: number;
	reserved: number;
	kits: { productId: string; quantity: number }[];
};

/** Pushes an order owes QuickBooks, under one key per change (`<key>-<i>` per line). */
export type OrderPushRecord = { key: string; lines: { productId: string; qtyDiff: number }[] };

/** One QBO document of an order as last synced: the input the order's lines are computed from. */
export type OrderDocumentRecord = {
	type: "invoice" | "sales_receipt" | "estimate";
	qboId: string;
	docNumber: string | null;
	status: "active" | "closed" | "voided" | "deleted";
	locationId: string;
	lines: { productId: string; quantity: number; kits: { productId: string; quantity: number }[] }[];
};

export type OrderFlagRecord =
	| { code: "over_delivered"; productId: string; quantity: number }
	| { code: "voided_after_delivery" | "deleted_after_delivery" | "closed_after_delivery"; qboId: string };

/**
 * Orders: made from QBO invoices, sales receipts and (when the setting is on) estimates; the order
 * owns their stock effect under the first document's source (`qbo:<Type>:<Id>`).
 */
export const orders = sqliteTable(
	"orders",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		originType: text("origin_type", { enum: ["invoice", "sales_receipt", "estimate"] }).notNull(),
		originQboId: text("origin_qbo_id").notNull(),
		estimateQboId: text("estimate_qbo_id"),
		/** The invoice or sales receipt that governs the order, once there is one. */
		salesType: text("sales_type", { enum: ["invoice", "sales_receipt"] }),
		salesQboId: text("sales_qbo_id"),
		docNumber: text("doc_number"),
		customerName: text("customer_name"),
		shipTo: text("ship_to"),
		/** The governing document's date, YYYY-MM-DD: older orders are served first. */
		txnDate: text("txn_date"),
		locationId: locationColumn(),
		/** The order mode it follows: the one when it was made, or the new one once a change of the setting re-mapped it while open (worker/sales/order-remap.ts). */
		mode: text("mode", { enum: ["ship_on_invoice", "reserve_until_delivery"] }).notNull(),
		status: text("status", { enum: ["open", "partially_delivered", "delivered", "cancelled"] }).notNull(),
		lines: text("lines", { mode: "json" }).notNull().$type<OrderLineRecord[]>(),
		documents: text("documents", { mode: "json" }).notNull().$type<OrderDocumentRecord[]>(),
		flags: text("flags", { mode: "json" }).notNull().$type<OrderFlagRecord[]>(),
		version: integer("version").notNull().default(1),
		/** The version every product object has applied; below `version`, the repair sends it again. */
		appliedVersion: integer("applied_version").notNull().default(0),
		/**
		 * What this order has told QuickBooks left its shelves by InventoryAdjustments, per product
		 * (scaled): the goods delivered while no invoice or sales receipt governs it — QuickBooks' own
		 * documents then move nothing (worker/sales/order-qbo-pushes.ts).
		 */
		qboPushed: text("qbo_pushed", { mode: "json" }).notNull().default({}).$type<Record<string, number>>(),
		/** The pushes claimed and not yet handed to the company's sync object (a crash in between). */
		qboPushPending: text("qbo_push_pending", { mode: "json" }).$type<OrderPushRecord>(),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [
		uniqueIndex("orders_company_origin").on(t.companyId, t.originType, t.originQboId),
		index("orders_company_estimate").on(t.companyId, t.estimateQboId),
		index("orders_company_sales").on(t.companyId, t.salesQboId),
		index("orders_company_created").on(t.companyId, t.createdAt, t.id),
		index("orders_company_status").on(t.companyId, t.status, t.createdAt),
		// The cron's repair reads only the orders some product object has not caught up with.
		index("orders_unapplied").on(t.updatedAt).where(sql`applied_version < version`),
	],
);

/**
 * One row per change of an order: the optimistic lock (a writer claims `version + 1` first in its
 * batch; a concurrent writer of the same version fails on the key and its batch rolls back) and the
 * order's history.
 */
export const orderRevisions = sqliteTable(
	"order_revisions",
	{
		orderId: text("order_id")
			.notNull()
			.references(() => orders.id),
		version: integer("version").notNull(),
		companyId: companyColumn(),
		cause: text("cause").notNull(),
		at: integer("at", { mode: "number" }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.orderId, t.version] })],
);

/** Delivery notes: each line is its own stock source `delivery:<id>` at the note's location. */
export const deliveryNotes = sqliteTable(
	"delivery_notes",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		orderId: text("order_id")
			.notNull()
			.references(() => orders.id),
		/** Per-company sequence behind `number` (DN-0001). */
		seq: integer("seq").notNull(),
		number: text("number").notNull(),
		locationId: locationColumn(),
		note: text("note"),
		status: text("status", { enum: ["active", "cancelled"] }).notNull(),
		/** The version of its stock effect: 1 active, 2 cancelled. */
		version: integer("version").notNull().default(1),
		...idempotentRequest(),
		createdAt: createdAt(),
		cancelledAt: integer("cancelled_at", { mode: "number" }),
	},
	(t) => [
		uniqueIndex("delivery_notes_company_key").on(t.companyId, t.idempotencyKey),
		uniqueIndex("delivery_notes_company_seq").on(t.companyId, t.seq),
		index("delivery_notes_order").on(t.orderId),
	],
);

export const deliveryNoteLines = sqliteTable(
	"delivery_note_lines",
	{
		noteId: text("note_id")
			.notNull()
			.references(() => deliveryNotes.id),
		productId: productColumn(),
		companyId: companyColumn(),
		quantity: integer("quantity").notNull(),
	},
	(t) => [primaryKey({ columns: [t.noteId, t.productId] })],
);

/**
 * The lots a delivery note line was asked to pick (products tracked by lot): Σ ≤ the line's
 * quantity, the rest taken first-expiry-first-out. What each line actually took is in the ledger
 * (stock_lot_movements of source `delivery:<noteId>`).
 */
export const deliveryNoteLots = sqliteTable(
	"delivery_note_lots",
	{
		noteId: text("note_id")
			.notNull()
			.references(() => deliveryNotes.id),
		productId: productColumn(),
		companyId: companyColumn(),
		lot: text("lot").notNull(),
		quantity: integer("quantity").notNull(),
		/** Its place among the line's lots in the request. */
		position: integer("position").notNull(),
	},
	(t) => [primaryKey({ columns: [t.noteId, t.productId, t.lot] })],
);
