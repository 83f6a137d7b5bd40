/** The catalogue: locations, products, kits' components and vendors, mostly copied from QBO. */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { companyColumn } from "./companies";

export const locations = sqliteTable(
	"locations",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		name: text("name").notNull(),
		isDefault: integer("is_default", { mode: "boolean" }).notNull().default(false),
		/** The QBO Department this location stands for, when the company tracks locations there. */
		qboDepartmentId: text("qbo_department_id"),
		archivedAt: integer("archived_at", { mode: "number" }),
		/** Where the location is shown among the others (the grid's columns, lists): the user sets it; the default comes first. */
		sortOrder: integer("sort_order").notNull().default(0),
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
		companyId: companyColumn(),
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
		/**
		 * Whether Stockroom tracks its stock by lot or by serial number (QBO has no such field):
		 * docs/architecture.md#lots. A serial is held like a lot of one unit, unique in stock.
		 */
		tracking: text("tracking", { enum: ["none", "lot", "serial"] })
			.notNull()
			.default("none"),
		/** A tracked product whose lots (or serials) must be given an expiry date when they are received. */
		expiryRequired: integer("expiry_required", { mode: "boolean" }).notNull().default(false),
		/** The product's barcode (GTIN, UPC or EAN), kept in Stockroom only: search and scanners find it. */
		barcode: text("barcode"),
		archivedAt: integer("archived_at", { mode: "number" }),
		/**
		 * The product this one was merged into in QuickBooks (worker/sync/item-merge.ts): its stock is
		 * forwarded there, and its delivery notes count for the survivor's order lines.
		 */
		mergedInto: text("merged_into"),
		createdAt: createdAt(),
	},
	(t) => [
		// The grid and product list page in (sku, id) order.
		index("products_company_sku").on(t.companyId, t.sku, t.id),
		uniqueIndex("products_company_qbo").on(t.companyId, t.qboId),
		// One product per barcode in a company, so a scan opens one product.
		uniqueIndex("products_company_barcode").on(t.companyId, t.barcode).where(sql`barcode is not null`),
	],
);

/**
 * A product a row is about: not null, a foreign key to products.id; `product_id` unless the table
 * holds two (a kit or an assembly and its component). A table keyed on the product adds `.primaryKey()`.
 */
export const productColumn = (name = "product_id") =>
	text(name)
		.notNull()
		.references(() => products.id);

/** The location a row's stock is at: not null, a foreign key to locations.id. */
export const locationColumn = () =>
	text("location_id")
		.notNull()
		.references(() => locations.id);

/** A kit's (QBO bundle's) components: selling one kit moves `quantity` of each component. */
export const kitComponents = sqliteTable(
	"kit_components",
	{
		companyId: companyColumn(),
		kitProductId: productColumn("kit_product_id"),
		componentProductId: productColumn("component_product_id"),
		quantity: integer("quantity").notNull(),
	},
	(t) => [primaryKey({ columns: [t.kitProductId, t.componentProductId] })],
);

export const vendors = sqliteTable(
	"vendors",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
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
