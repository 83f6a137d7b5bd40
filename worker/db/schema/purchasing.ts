/**
 * Purchases made in Stockroom and the receipts against them. Their QBO documents (a PurchaseOrder
 * per purchase, a Bill per receipt) have no table of their own: purchases.qbo_*,
 * purchase_receipts.qbo_* and company_settings.purchases_to_qbo (migrations/0007_…).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { locationColumn, productColumn, vendors } from "./catalogue";
import { createdAt, idempotentRequest, updatedAt } from "./columns";
import { companyColumn } from "./companies";

/**
 * Purchases made in Stockroom, to a vendor, delivered to one location. Each line is one effect
 * source `purchase:<id>` on its product; `version` rises with every change and is the version those
 * effects are sent with, so a re-sent (older) effect never undoes a newer one.
 */
export const purchases = sqliteTable(
	"purchases",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		vendorId: text("vendor_id").references(() => vendors.id),
		locationId: locationColumn(),
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
		updatedAt: updatedAt(),
	},
	(t) => [
		uniqueIndex("purchases_company_seq").on(t.companyId, t.seq),
		index("purchases_company_status").on(t.companyId, t.status, t.seq),
		index("purchases_company_vendor").on(t.companyId, t.vendorId, t.seq),
		// The cron's sweep looks for purchase orders left pending (worker/purchasing/qbo-purchase-sweep.ts).
		index("purchases_company_qbo_status").on(t.companyId, t.qboStatus),
	],
);

/** A purchase's lines: one per product; `received` may exceed `ordered` (over-delivery is accepted). */
export const purchaseLines = sqliteTable(
	"purchase_lines",
	{
		companyId: companyColumn(),
		purchaseId: text("purchase_id")
			.notNull()
			.references(() => purchases.id),
		productId: productColumn(),
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
		companyId: companyColumn(),
		purchaseId: text("purchase_id")
			.notNull()
			.references(() => purchases.id),
		/** Per-company sequence behind `number` (RC-0001). */
		seq: integer("seq").notNull(),
		number: text("number").notNull(),
		...idempotentRequest(),
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
		// The cron's sweep looks for bills left pending (worker/purchasing/qbo-purchase-sweep.ts).
		index("purchase_receipts_company_qbo_status").on(t.companyId, t.qboStatus),
		// The cron's repair looks for receipts never answered, oldest first (worker/purchasing/receipt-repair.ts):
		// few rows.
		index("purchase_receipts_unanswered").on(t.createdAt).where(sql`response IS NULL`),
	],
);

export const purchaseReceiptLines = sqliteTable(
	"purchase_receipt_lines",
	{
		companyId: companyColumn(),
		receiptId: text("receipt_id")
			.notNull()
			.references(() => purchaseReceipts.id),
		productId: productColumn(),
		quantity: integer("quantity").notNull(),
	},
	(t) => [primaryKey({ columns: [t.receiptId, t.productId] })],
);

/**
 * The lots a receipt line went into (products tracked by lot): Σ ≤ the line's quantity, the rest
 * unassigned. Sent with the receipt's stock change (completeReceipt, and its repair), so a receipt
 * re-sent names the same lots.
 */
export const purchaseReceiptLots = sqliteTable(
	"purchase_receipt_lots",
	{
		companyId: companyColumn(),
		receiptId: text("receipt_id")
			.notNull()
			.references(() => purchaseReceipts.id),
		productId: productColumn(),
		lot: text("lot").notNull(),
		/** `YYYY-MM-DD` as the receipt gave it; null when it gave none. */
		expiry: text("expiry"),
		/** For a serial number (`lot`): the lot it belongs to, as the receipt gave it. */
		batch: text("batch"),
		quantity: integer("quantity").notNull(),
		/** Its place among the line's lots in the request. */
		position: integer("position").notNull(),
	},
	(t) => [primaryKey({ columns: [t.receiptId, t.productId, t.lot] })],
);
