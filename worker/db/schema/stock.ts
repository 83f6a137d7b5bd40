/**
 * The stock core's tables: levels per product and location, the movements ledger, and the
 * idempotency keys of stock commands.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { locationColumn, productColumn } from "./catalogue";
import { createdAt, updatedAt } from "./columns";
import { companyColumn } from "./companies";

/**
 * One row per product × location: the flushed levels (written only by product objects' flushes,
 * guarded by `last_seq`) beside the planning fields the grid edits (guarded by `version`).
 */
export const stockLevels = sqliteTable(
	"stock_levels",
	{
		companyId: companyColumn(),
		productId: productColumn(),
		locationId: locationColumn(),
		onHand: integer("on_hand").notNull().default(0),
		reserved: integer("reserved").notNull().default(0),
		incoming: integer("incoming").notNull().default(0),
		/** The product object's movement sequence number these levels are as of. */
		lastSeq: integer("last_seq").notNull().default(0),
		reorderPoint: integer("reorder_point"),
		reorderQty: integer("reorder_qty"),
		bin: text("bin"),
		version: integer("version").notNull().default(1),
		updatedAt: updatedAt(),
	},
	(t) => [
		primaryKey({ columns: [t.productId, t.locationId] }),
		index("stock_levels_company_location").on(t.companyId, t.locationId),
	],
);

/** The ledger: one row per change of one product's levels at one location. */
export const stockMovements = sqliteTable(
	"stock_movements",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		productId: productColumn(),
		locationId: locationColumn(),
		/** Position in the product object's sequence; (product_id, seq) makes a flush idempotent. */
		seq: integer("seq").notNull(),
		source: text("source").notNull(),
		kind: text("kind").notNull(),
		reason: text("reason"),
		onHandDelta: integer("on_hand_delta").notNull(),
		reservedDelta: integer("reserved_delta").notNull(),
		incomingDelta: integer("incoming_delta").notNull(),
		onHandAfter: integer("on_hand_after").notNull(),
		reservedAfter: integer("reserved_after").notNull(),
		incomingAfter: integer("incoming_after").notNull(),
		at: integer("at", { mode: "number" }).notNull(),
	},
	(t) => [
		uniqueIndex("stock_movements_product_seq").on(t.productId, t.seq),
		index("stock_movements_company_at").on(t.companyId, t.at, t.id),
		index("stock_movements_product_at").on(t.productId, t.at, t.id),
		index("stock_movements_company_source").on(t.companyId, t.source),
	],
);

/**
 * Client idempotency keys of stock commands, claimed company-wide before the command reaches a
 * product object, so that one key can never be spent on two different requests.
 */
export const commandKeys = sqliteTable(
	"command_keys",
	{
		companyId: companyColumn(),
		key: text("key").notNull(),
		kind: text("kind").notNull(),
		requestHash: text("request_hash").notNull(),
		/** The JSON body of the first answer, replayed as is for the same key. */
		response: text("response"),
		/**
		 * The command changes on hand company-wide (an adjustment, a count): its push to QuickBooks is
		 * owed until handed to the company's sync object, written with the claim so that a crash in
		 * between cannot lose it (worker/sync/stock-push-sweep.ts hands over what a crash left).
		 */
		pushPending: integer("push_pending", { mode: "boolean" }).notNull().default(false),
		createdAt: createdAt(),
	},
	(t) => [
		primaryKey({ columns: [t.companyId, t.key] }),
		index("command_keys_push_pending").on(t.createdAt).where(sql`push_pending = 1`),
	],
);

/**
 * A product's stock per lot and location, as its object flushed it (guarded by `last_seq` like
 * stock_levels). What is not in a lot is the level's unassigned rest: on hand − Σ these rows.
 */
export const stockLotLevels = sqliteTable(
	"stock_lot_levels",
	{
		companyId: companyColumn(),
		productId: productColumn(),
		locationId: locationColumn(),
		lot: text("lot").notNull(),
		/** `YYYY-MM-DD`; null for a lot without expiry. One expiry per (product, lot). */
		expiry: text("expiry"),
		/** For a serial number (`lot` is then the serial): the lot it belongs to, if any. One per (product, serial). */
		batch: text("batch"),
		onHand: integer("on_hand").notNull().default(0),
		lastSeq: integer("last_seq").notNull().default(0),
		updatedAt: updatedAt(),
	},
	(t) => [
		primaryKey({ columns: [t.productId, t.locationId, t.lot] }),
		index("stock_lot_levels_company_lot").on(t.companyId, t.lot),
		index("stock_lot_levels_company_expiry").on(t.companyId, t.expiry),
		index("stock_lot_levels_company_batch").on(t.companyId, t.batch),
	],
);

/** Each lot's part of a movement: where every unit of a lot came from and went (traceability). */
export const stockLotMovements = sqliteTable(
	"stock_lot_movements",
	{
		movementId: text("movement_id").notNull(),
		companyId: companyColumn(),
		productId: productColumn(),
		locationId: locationColumn(),
		lot: text("lot").notNull(),
		source: text("source").notNull(),
		delta: integer("delta").notNull(),
		after: integer("after").notNull(),
		at: integer("at", { mode: "number" }).notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.movementId, t.lot] }),
		index("stock_lot_movements_company_lot").on(t.companyId, t.lot, t.at),
		index("stock_lot_movements_product_lot").on(t.productId, t.lot, t.at),
		// What a delivery note's lines took, lot by lot (worker/sales/order-views.ts).
		index("stock_lot_movements_company_source").on(t.companyId, t.source),
	],
);
