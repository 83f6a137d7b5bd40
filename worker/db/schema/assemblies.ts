/** Assemblies: bills of materials and the builds that consume them (issue 5). */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { locationColumn, productColumn } from "./catalogue";
import { createdAt, idempotentRequest, updatedAt } from "./columns";
import { companyColumn } from "./companies";

/**
 * A product's bill of materials as a whole: its `version` guards the replace-all edit (PUT). The row
 * outlives an emptied BOM, so versions keep rising; a product is an assembly while it has components.
 */
export const assemblies = sqliteTable("assemblies", {
	productId: productColumn().primaryKey(),
	companyId: companyColumn(),
	version: integer("version").notNull().default(1),
	updatedAt: updatedAt(),
});

/** One line of a BOM: building one assembly consumes `quantity` (scaled) of the component. */
export const assemblyComponents = sqliteTable(
	"assembly_components",
	{
		companyId: companyColumn(),
		assemblyProductId: productColumn("assembly_product_id"),
		componentProductId: productColumn("component_product_id"),
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
		companyId: companyColumn(),
		/** Per-company sequence behind `number` (BD-0001). */
		seq: integer("seq").notNull(),
		number: text("number").notNull(),
		kind: text("kind", { enum: ["build", "unbuild"] }).notNull(),
		productId: productColumn(),
		locationId: locationColumn(),
		quantity: integer("quantity").notNull(),
		/** Made although the check found stock short (available may go negative). */
		override: integer("override", { mode: "boolean" }).notNull().default(false),
		components: text("components", { mode: "json" }).notNull().$type<{ productId: string; quantity: number }[]>(),
		status: text("status", { enum: ["pending", "completed"] })
			.notNull()
			.default("pending"),
		...idempotentRequest(),
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

/**
 * The lots a build names (issue 13), kept so that every re-send of its effects — its retry, a read
 * of it, the cron's repair — names the same lots: component lots picked by hand (negative: out of
 * the lot), the lot the build produces (positive, typed or generated: a generated number is chosen
 * once, when the build is recorded), for an unbuild the assembly lot taken apart (negative) and the
 * component lots the parts go back into (positive). What the lots do not cover is moved by the
 * product object's own rules (first-expiry-first-out out, unassigned in).
 */
export const buildLots = sqliteTable(
	"build_lots",
	{
		buildId: text("build_id")
			.notNull()
			.references(() => builds.id),
		companyId: companyColumn(),
		productId: productColumn(),
		lot: text("lot").notNull(),
		/** `YYYY-MM-DD` a new lot takes; null when the request gave none. */
		expiry: text("expiry"),
		/** Signed and scaled, as the product object is told it: + into the lot, − out of it. */
		quantity: integer("quantity").notNull(),
		/** Its place among the product's lots in the request. */
		position: integer("position").notNull(),
	},
	(t) => [
		primaryKey({ columns: [t.buildId, t.productId, t.lot] }),
		// The generated lot's counter looks up a product's lots by prefix.
		index("build_lots_company_product_lot").on(t.companyId, t.productId, t.lot),
	],
);
