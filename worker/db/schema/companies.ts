/**
 * The companies (one per QBO realm), their settings, and the column that ties every other row to its
 * company.
 */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt, updatedAt } from "./columns";

export const companies = sqliteTable("companies", {
	id: text("id").primaryKey(),
	name: text("name").notNull(),
	createdAt: createdAt(),
});

/**
 * `company_id`: the company a row belongs to, not null and a foreign key to companies.id. Every table
 * but companies and dead_letters has one, and every query filters on it. A table with one row per
 * company makes it the key: `companyColumn().primaryKey()`.
 *
 * No index comes with it: each table declares the indexes its queries need, led by `company_id` and
 * named `<table>_company_…`, because their shape (unique or not, the columns after it, a `WHERE`)
 * differs from table to table.
 */
export const companyColumn = () =>
	text("company_id")
		.notNull()
		.references(() => companies.id);

/** Per-company settings; the default location is the location marked default. */
export const companySettings = sqliteTable("company_settings", {
	companyId: companyColumn().primaryKey(),
	orderMode: text("order_mode", { enum: ["ship_on_invoice", "reserve_until_delivery"] })
		.notNull()
		.default("ship_on_invoice"),
	estimatesCreateOrders: integer("estimates_create_orders", { mode: "boolean" }).notNull().default(false),
	stockSyncToQbo: integer("stock_sync_to_qbo", { mode: "boolean" }).notNull().default(false),
	/** Ordering a purchase creates its QBO PurchaseOrder, and each receipt a Bill (worker/purchasing/qbo-*.ts). */
	purchasesToQbo: integer("purchases_to_qbo", { mode: "boolean" }).notNull().default(false),
	/** Whether the connected QBO company tracks inventory quantities (its edition and settings); null: not known yet. */
	qboTracksInventory: integer("qbo_tracks_inventory", { mode: "boolean" }),
	/** Stock in expired lots is not counted as available (docs/architecture.md#expired-stock). */
	expiredNotAvailable: integer("expired_not_available", { mode: "boolean" }).notNull().default(true),
	/** "Expiring" means an expiry from today to this many days ahead (0..3650). */
	expiringWithinDays: integer("expiring_within_days").notNull().default(30),
	/**
	 * Whether a person may take a location's available stock below zero when they confirm it
	 * (`allowNegative` on the command); when false no confirmation will do. QuickBooks documents are
	 * never refused either way (docs/architecture.md#negative-stock).
	 */
	negativeStockAllowed: integer("negative_stock_allowed", { mode: "boolean" }).notNull().default(true),
	/** The QuickBooks company's home currency (ISO 4217, Preferences.CurrencyPrefs); null until read. */
	homeCurrency: text("home_currency"),
	version: integer("version").notNull().default(1),
	updatedAt: updatedAt(),
});
