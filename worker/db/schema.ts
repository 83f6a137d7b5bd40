/**
 * The D1 schema: the single place where table shapes are written. drizzle-kit turns it into
 * `migrations/`; the types used by the Worker come from it.
 *
 * Quantities are scaled integers (×10 000, see stock/quantity.ts). Times are epoch milliseconds.
 * Every row carries `company_id`, and every query filters on it.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () =>
	integer("created_at", { mode: "number" })
		.notNull()
		.$defaultFn(() => Date.now());

export const companies = sqliteTable("companies", {
	id: text("id").primaryKey(),
	name: text("name").notNull(),
	createdAt: createdAt(),
});

/** Bearer API tokens; only the SHA-256 of the secret is kept. */
export const apiTokens = sqliteTable(
	"api_tokens",
	{
		id: text("id").primaryKey(),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		name: text("name").notNull(),
		role: text("role", { enum: ["owner", "member"] }).notNull(),
		tokenHash: text("token_hash").notNull(),
		createdAt: createdAt(),
		lastUsedAt: integer("last_used_at", { mode: "number" }),
		revokedAt: integer("revoked_at", { mode: "number" }),
	},
	(t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_company").on(t.companyId)],
);

export const locations = sqliteTable(
	"locations",
	{
		id: text("id").primaryKey(),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		name: text("name").notNull(),
		isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
		archivedAt: integer("archived_at", { mode: "number" }),
		version: integer("version").notNull().default(1),
		createdAt: createdAt(),
	},
	(t) => [
		// Names are unique per company whatever their case ("Van" and "VAN" are one location).
		uniqueIndex("locations_company_name").on(t.companyId, sql`lower(${t.name})`),
		// At most one default per company, enforced by the database itself.
		uniqueIndex("locations_one_default").on(t.companyId).where(sql`is_default = 1`),
	],
);

export const products = sqliteTable(
	"products",
	{
		id: text("id").primaryKey(),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		sku: text("sku").notNull(),
		name: text("name").notNull(),
		type: text("type", { enum: ["inventory", "non_inventory", "service", "kit"] })
			.notNull()
			.default("inventory"),
		qboId: text("qbo_id"),
		archivedAt: integer("archived_at", { mode: "number" }),
		createdAt: createdAt(),
	},
	(t) => [
		// The grid and product list page in (sku, id) order.
		index("products_company_sku").on(t.companyId, t.sku, t.id),
		uniqueIndex("products_company_qbo").on(t.companyId, t.qboId),
	],
);

/**
 * One row per product × location: the flushed levels (written only by product objects' flushes,
 * guarded by `last_seq`) beside the planning fields the grid edits (guarded by `version`).
 */
export const stockLevels = sqliteTable(
	"stock_levels",
	{
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		productId: text("product_id")
			.notNull()
			.references(() => products.id),
		locationId: text("location_id")
			.notNull()
			.references(() => locations.id),
		onHand: integer("on_hand").notNull().default(0),
		reserved: integer("reserved").notNull().default(0),
		incoming: integer("incoming").notNull().default(0),
		/** The product object's movement sequence number these levels are as of. */
		lastSeq: integer("last_seq").notNull().default(0),
		reorderPoint: integer("reorder_point"),
		reorderQty: integer("reorder_qty"),
		bin: text("bin"),
		version: integer("version").notNull().default(1),
		updatedAt: integer("updated_at", { mode: "number" })
			.notNull()
			.$defaultFn(() => Date.now()),
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
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		productId: text("product_id")
			.notNull()
			.references(() => products.id),
		locationId: text("location_id")
			.notNull()
			.references(() => locations.id),
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
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		key: text("key").notNull(),
		kind: text("kind").notNull(),
		requestHash: text("request_hash").notNull(),
		/** The JSON body of the first answer, replayed as is for the same key. */
		response: text("response"),
		createdAt: createdAt(),
	},
	(t) => [primaryKey({ columns: [t.companyId, t.key] })],
);
