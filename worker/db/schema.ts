/**
 * The D1 schema: the single place where table shapes are written. drizzle-kit turns it into
 * `migrations/`; the types used by the Worker come from it.
 *
 * Quantities are scaled integers (×10 000, see core/quantity.ts). Times are epoch milliseconds.
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
		/** The QBO Department this location stands for, when the company tracks locations there. */
		qboDepartmentId: text("qbo_department_id"),
		archivedAt: integer("archived_at", { mode: "number" }),
		version: integer("version").notNull().default(1),
		createdAt: createdAt(),
	},
	(t) => [
		// Names are unique per company whatever their case ("Van" and "VAN" are one location).
		uniqueIndex("locations_company_name").on(t.companyId, sql`lower(${t.name})`),
		// At most one default per company, enforced by the database itself.
		uniqueIndex("locations_one_default").on(t.companyId).where(sql`is_default = 1`),
		uniqueIndex("locations_company_department").on(t.companyId, t.qboDepartmentId),
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
		description: text("description"),
		/** Unit purchase cost, scaled ×10 000 like quantities (QBO owns valuation; this is for buying). */
		purchaseCost: integer("purchase_cost"),
		/** QBO's SyncToken of the item as last imported: older item events change nothing. */
		qboSyncToken: integer("qbo_sync_token"),
		/** The vendor purchase suggestions group this product under (QBO's Item.PrefVendorRef); null when none. */
		preferredVendorId: text("preferred_vendor_id"),
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

/** A kit's (QBO bundle's) components: selling one kit moves `quantity` of each component. */
export const kitComponents = sqliteTable(
	"kit_components",
	{
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		kitProductId: text("kit_product_id")
			.notNull()
			.references(() => products.id),
		componentProductId: text("component_product_id")
			.notNull()
			.references(() => products.id),
		quantity: integer("quantity").notNull(),
	},
	(t) => [primaryKey({ columns: [t.kitProductId, t.componentProductId] })],
);

export const vendors = sqliteTable(
	"vendors",
	{
		id: text("id").primaryKey(),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		qboId: text("qbo_id"),
		name: text("name").notNull(),
		email: text("email"),
		phone: text("phone"),
		/** The postal address as one JSON object (line1…, city, region, postalCode, country). */
		address: text("address", { mode: "json" }).$type<Record<string, string>>(),
		qboSyncToken: integer("qbo_sync_token"),
		archivedAt: integer("archived_at", { mode: "number" }),
		createdAt: createdAt(),
	},
	(t) => [
		uniqueIndex("vendors_company_qbo").on(t.companyId, t.qboId),
		index("vendors_company_name").on(t.companyId, t.name),
	],
);

/** Per-company settings (DESIGN §5); the default location is the location marked default. */
export const companySettings = sqliteTable("company_settings", {
	companyId: text("company_id")
		.primaryKey()
		.references(() => companies.id),
	orderMode: text("order_mode", { enum: ["ship_on_invoice", "reserve_until_delivery"] })
		.notNull()
		.default("ship_on_invoice"),
	estimatesCreateOrders: integer("estimates_create_orders", { mode: "boolean" }).notNull().default(false),
	stockSyncToQbo: integer("stock_sync_to_qbo", { mode: "boolean" }).notNull().default(false),
	/** Ordering a purchase creates its QBO PurchaseOrder, and each receipt a Bill (worker/purchasing/qbo-*.ts). */
	purchasesToQbo: integer("purchases_to_qbo", { mode: "boolean" }).notNull().default(false),
	/** Whether the connected QBO company tracks inventory quantities (its edition and settings); null: not known yet. */
	qboTracksInventory: integer("qbo_tracks_inventory", { mode: "boolean" }),
	version: integer("version").notNull().default(1),
	updatedAt: integer("updated_at", { mode: "number" })
		.notNull()
		.$defaultFn(() => Date.now()),
});

/** The QBO connection of a company: one realm, tokens encrypted at rest (AES-GCM). */
export const qboConnections = sqliteTable(
	"qbo_connections",
	{
		companyId: text("company_id")
			.primaryKey()
			.references(() => companies.id),
		realmId: text("realm_id").notNull(),
		status: text("status", { enum: ["connected", "revoked", "disconnected"] }).notNull(),
		accessTokenEnc: text("access_token_enc"),
		refreshTokenEnc: text("refresh_token_enc"),
		accessExpiresAt: integer("access_expires_at", { mode: "number" }),
		refreshExpiresAt: integer("refresh_expires_at", { mode: "number" }),
		connectedAt: integer("connected_at", { mode: "number" }),
		version: integer("version").notNull().default(1),
		updatedAt: integer("updated_at", { mode: "number" })
			.notNull()
			.$defaultFn(() => Date.now()),
	},
	(t) => [uniqueIndex("qbo_connections_realm").on(t.realmId)],
);

/**
 * The stock-relevant copy of each QBO document: QBO keeps only an Id after a delete, so the lines
 * are kept here to undo the document's effects exactly.
 */
export const qboDocuments = sqliteTable(
	"qbo_documents",
	{
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		entityType: text("entity_type").notNull(),
		qboId: text("qbo_id").notNull(),
		syncToken: integer("sync_token").notNull(),
		status: text("status", { enum: ["active", "voided", "deleted"] }).notNull(),
		docNumber: text("doc_number"),
		locationId: text("location_id").references(() => locations.id),
		/** The document's stock lines as last applied: [{ productId, quantity }] (scaled). */
		lines: text("lines", { mode: "json" }).notNull().$type<{ productId: string; quantity: number }[]>(),
		/** QBO LinkedTxn, e.g. the estimate an invoice was made from: [{ txnType, txnId }]. */
		linked: text("linked", { mode: "json" }).$type<{ txnType: string; txnId: string }[]>(),
		updatedAt: integer("updated_at", { mode: "number" })
			.notNull()
			.$defaultFn(() => Date.now()),
	},
	(t) => [primaryKey({ columns: [t.companyId, t.entityType, t.qboId] })],
);

/** What sync did with each event, for the user (`GET /api/v1/sync/log`). */
export const syncLog = sqliteTable(
	"sync_log",
	{
		id: text("id").primaryKey(),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		source: text("source", { enum: ["webhook", "cdc", "import", "resync", "push"] }).notNull(),
		entity: text("entity").notNull(),
		entityId: text("entity_id").notNull(),
		operation: text("operation").notNull(),
		status: text("status", { enum: ["pending", "applied", "ignored", "failed", "dead"] }).notNull(),
		attempts: integer("attempts").notNull().default(0),
		error: text("error"),
		at: integer("at", { mode: "number" }).notNull(),
	},
	(t) => [index("sync_log_company_at").on(t.companyId, t.at, t.id)],
);

/**
 * Signed webhook deliveries that could not be understood: answered 200 (Intuit retries a 4xx
 * whole) and kept here, never silently dropped.
 */
export const deadLetters = sqliteTable(
	"dead_letters",
	{
		id: text("id").primaryKey(),
		receivedAt: integer("received_at", { mode: "number" }).notNull(),
		contentType: text("content_type"),
		body: text("body").notNull(),
		reason: text("reason").notNull(),
	},
	(t) => [index("dead_letters_received").on(t.receivedAt)],
);

/**
 * People who sign in with Intuit, per company: keyed on Intuit's OpenID `sub` (never the email,
 * which a user can change at Intuit). The user who connected QBO is the owner; others are members.
 */
export const users = sqliteTable(
	"users",
	{
		id: text("id").primaryKey(),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		intuitSub: text("intuit_sub").notNull(),
		email: text("email"),
		name: text("name"),
		role: text("role", { enum: ["owner", "member"] }).notNull(),
		createdAt: createdAt(),
		lastSignInAt: integer("last_sign_in_at", { mode: "number" }),
	},
	(t) => [uniqueIndex("users_company_sub").on(t.companyId, t.intuitSub)],
);

/** Signed-in sessions; the id is the SHA-256 of the cookie's secret, so a leaked table opens none. */
export const sessions = sqliteTable(
	"sessions",
	{
		id: text("id").primaryKey(),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		userId: text("user_id")
			.notNull()
			.references(() => users.id),
		createdAt: createdAt(),
		/** Sliding: pushed forward on use (at most once every few minutes), never past `created_at` + 7 days. */
		expiresAt: integer("expires_at", { mode: "number" }).notNull(),
		lastSeenAt: integer("last_seen_at", { mode: "number" }).notNull(),
	},
	(t) => [index("sessions_user").on(t.userId)],
);

/**
 * Purchases made in Stockroom, to a vendor, delivered to one location. Each line is one effect
 * source `purchase:<id>` on its product; `version` rises with every change and is the version those
 * effects are sent with, so a re-sent (older) effect never undoes a newer one.
 */
export const purchases = sqliteTable(
	"purchases",
	{
		id: text("id").primaryKey(),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		vendorId: text("vendor_id").references(() => vendors.id),
		locationId: text("location_id")
			.notNull()
			.references(() => locations.id),
		status: text("status", { enum: ["draft", "ordered", "partially_received", "received", "cancelled"] })
			.notNull()
			.default("draft"),
		/** Per-company sequence behind `number` (PO-0001). */
		seq: integer("seq").notNull(),
		number: text("number").notNull(),
		/** The expected delivery day, YYYY-MM-DD. */
		expectedDate: text("expected_date"),
		note: text("note"),
		/** The QBO PurchaseOrder created for it, once QBO answered. */
		qboPurchaseOrderId: text("qbo_purchase_order_id"),
		/** Its creation in QBO: null when none is to be made. */
		qboStatus: text("qbo_status", { enum: ["pending", "created", "failed"] }),
		/** Why the last attempt failed (retried by the company's sync object). */
		qboError: text("qbo_error"),
		version: integer("version").notNull().default(1),
		createdAt: createdAt(),
		updatedAt: integer("updated_at", { mode: "number" })
			.notNull()
			.$defaultFn(() => Date.now()),
	},
	(t) => [
		uniqueIndex("purchases_company_seq").on(t.companyId, t.seq),
		index("purchases_company_status").on(t.companyId, t.status, t.seq),
		index("purchases_company_vendor").on(t.companyId, t.vendorId, t.seq),
		// The cron's sweep looks for purchase orders left pending (qbo-purchase-sweep.ts).
		index("purchases_company_qbo_status").on(t.companyId, t.qboStatus),
	],
);

/** A purchase's lines: one per product; `received` may exceed `ordered` (over-delivery is accepted). */
export const purchaseLines = sqliteTable(
	"purchase_lines",
	{
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		purchaseId: text("purchase_id")
			.notNull()
			.references(() => purchases.id),
		productId: text("product_id")
			.notNull()
			.references(() => products.id),
		ordered: integer("ordered").notNull(),
		received: integer("received").notNull().default(0),
		/** Unit cost, scaled ×10 000. */
		unitCost: integer("unit_cost"),
		position: integer("position").notNull(),
	},
	(t) => [primaryKey({ columns: [t.purchaseId, t.productId] })],
);

/** Receipts against a purchase; the client's idempotency key is unique per company. */
export const purchaseReceipts = sqliteTable(
	"purchase_receipts",
	{
		id: text("id").primaryKey(),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		purchaseId: text("purchase_id")
			.notNull()
			.references(() => purchases.id),
		/** Per-company sequence behind `number` (RC-0001). */
		seq: integer("seq").notNull(),
		number: text("number").notNull(),
		idempotencyKey: text("idempotency_key").notNull(),
		requestHash: text("request_hash").notNull(),
		/** The JSON body of the first answer, replayed as is for the same key. */
		response: text("response"),
		/** The QBO Bill created for it: set by the create's answer, or by its echo if that came first. */
		qboBillId: text("qbo_bill_id"),
		/** The bill's creation in QBO: null when the receipt has no bill (its quantity is pushed instead). */
		qboStatus: text("qbo_status", { enum: ["pending", "created", "failed"] }),
		qboError: text("qbo_error"),
		createdAt: createdAt(),
	},
	(t) => [
		uniqueIndex("purchase_receipts_company_key").on(t.companyId, t.idempotencyKey),
		uniqueIndex("purchase_receipts_company_seq").on(t.companyId, t.seq),
		index("purchase_receipts_purchase").on(t.purchaseId),
		// The bill echo looks a webhook's Bill up by its id.
		index("purchase_receipts_company_bill").on(t.companyId, t.qboBillId),
		// The cron's sweep looks for bills left pending (qbo-purchase-sweep.ts).
		index("purchase_receipts_company_qbo_status").on(t.companyId, t.qboStatus),
		// The cron's repair looks for receipts never answered, oldest first (receipt-repair.ts): few rows.
		index("purchase_receipts_unanswered").on(t.createdAt).where(sql`response IS NULL`),
	],
);

export const purchaseReceiptLines = sqliteTable(
	"purchase_receipt_lines",
	{
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		receiptId: text("receipt_id")
			.notNull()
			.references(() => purchaseReceipts.id),
		productId: text("product_id")
			.notNull()
			.references(() => products.id),
		quantity: integer("quantity").notNull(),
	},
	(t) => [primaryKey({ columns: [t.receiptId, t.productId] })],
);

// --- sales: orders and delivery notes (issue 5) ---

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
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
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
		locationId: text("location_id")
			.notNull()
			.references(() => locations.id),
		/** The order mode when the order was made: a settings change applies to new orders. */
		mode: text("mode", { enum: ["ship_on_invoice", "reserve_until_delivery"] }).notNull(),
		status: text("status", { enum: ["open", "partially_delivered", "delivered", "cancelled"] }).notNull(),
		lines: text("lines", { mode: "json" }).notNull().$type<OrderLineRecord[]>(),
		documents: text("documents", { mode: "json" }).notNull().$type<OrderDocumentRecord[]>(),
		flags: text("flags", { mode: "json" }).notNull().$type<OrderFlagRecord[]>(),
		version: integer("version").notNull().default(1),
		/** The version every product object has applied; below `version`, the repair sends it again. */
		appliedVersion: integer("applied_version").notNull().default(0),
		createdAt: createdAt(),
		updatedAt: integer("updated_at", { mode: "number" })
			.notNull()
			.$defaultFn(() => Date.now()),
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
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
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
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		orderId: text("order_id")
			.notNull()
			.references(() => orders.id),
		/** Per-company sequence behind `number` (DN-0001). */
		seq: integer("seq").notNull(),
		number: text("number").notNull(),
		locationId: text("location_id")
			.notNull()
			.references(() => locations.id),
		note: text("note"),
		status: text("status", { enum: ["active", "cancelled"] }).notNull(),
		/** The version of its stock effect: 1 active, 2 cancelled. */
		version: integer("version").notNull().default(1),
		idempotencyKey: text("idempotency_key").notNull(),
		requestHash: text("request_hash").notNull(),
		/** The JSON body of the first answer, replayed as is for the same key. */
		response: text("response"),
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
		productId: text("product_id")
			.notNull()
			.references(() => products.id),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		quantity: integer("quantity").notNull(),
	},
	(t) => [primaryKey({ columns: [t.noteId, t.productId] })],
);

// --- assemblies: bills of materials and builds (issue 5) ---

/**
 * A product's bill of materials as a whole: its `version` guards the replace-all edit (PUT). The row
 * outlives an emptied BOM, so versions keep rising; a product is an assembly while it has components.
 */
export const assemblies = sqliteTable("assemblies", {
	productId: text("product_id")
		.primaryKey()
		.references(() => products.id),
	companyId: text("company_id")
		.notNull()
		.references(() => companies.id),
	version: integer("version").notNull().default(1),
	updatedAt: integer("updated_at", { mode: "number" })
		.notNull()
		.$defaultFn(() => Date.now()),
});

/** One line of a BOM: building one assembly consumes `quantity` (scaled) of the component. */
export const assemblyComponents = sqliteTable(
	"assembly_components",
	{
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		assemblyProductId: text("assembly_product_id")
			.notNull()
			.references(() => products.id),
		componentProductId: text("component_product_id")
			.notNull()
			.references(() => products.id),
		quantity: integer("quantity").notNull(),
		position: integer("position").notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.assemblyProductId, t.componentProductId] }),
		// Where a product is used: the cycle check walks the graph downward, the UI may look upward.
		index("assembly_components_component").on(t.companyId, t.componentProductId),
	],
);

/**
 * Builds and unbuilds at one location. `components` is the BOM as it was when the build was made
 * (per unit, scaled): a later BOM edit never changes a past build. A build is `pending` from the
 * moment it is recorded until every product object has applied its effect (source `build:<id>`).
 */
export const builds = sqliteTable(
	"builds",
	{
		id: text("id").primaryKey(),
		companyId: text("company_id")
			.notNull()
			.references(() => companies.id),
		/** Per-company sequence behind `number` (BD-0001). */
		seq: integer("seq").notNull(),
		number: text("number").notNull(),
		kind: text("kind", { enum: ["build", "unbuild"] }).notNull(),
		productId: text("product_id")
			.notNull()
			.references(() => products.id),
		locationId: text("location_id")
			.notNull()
			.references(() => locations.id),
		quantity: integer("quantity").notNull(),
		/** Made although the check found stock short (available may go negative). */
		override: integer("override", { mode: "boolean" }).notNull().default(false),
		components: text("components", { mode: "json" }).notNull().$type<{ productId: string; quantity: number }[]>(),
		status: text("status", { enum: ["pending", "completed"] })
			.notNull()
			.default("pending"),
		idempotencyKey: text("idempotency_key").notNull(),
		requestHash: text("request_hash").notNull(),
		/** The JSON body of the first answer, replayed as is for the same key. */
		response: text("response"),
		createdAt: createdAt(),
		completedAt: integer("completed_at", { mode: "number" }),
	},
	(t) => [
		uniqueIndex("builds_company_key").on(t.companyId, t.idempotencyKey),
		uniqueIndex("builds_company_seq").on(t.companyId, t.seq),
		index("builds_company_product").on(t.companyId, t.productId, t.seq),
		// The repair looks for builds left pending, oldest first.
		index("builds_status_created").on(t.status, t.createdAt),
	],
);

// --- purchasing ↔ QBO: purchase orders and bills created by Stockroom (issue 5) ---
// No table of its own: purchases.qbo_*, purchase_receipts.qbo_* and company_settings.purchases_to_qbo (0009).
