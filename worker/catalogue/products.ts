/**
 * The product catalogue, fed by QBO (items and bundles) and, in development, by the demo seed.
 */
import { and, asc, eq, getTableColumns, inArray, isNull, ne, sql } from "drizzle-orm";
import { ulid } from "ulid";
import { AppError } from "../core/app-error";
import { decodeCursor, pageOf } from "../core/cursor";
import { availableOf, decimalLevel, fromScaled } from "../core/quantity";
import { type Database, runBatch } from "../db/client";
import { containsText } from "../db/contains-text";
import { expiredNotAvailableSql, expiredOnHandSql, isoDay } from "../db/lot-expiry";
import { assemblyComponents, locations, products, stockLevels, stockLotLevels } from "../db/schema";
import { chunk } from "../lib/chunk";

export type Product = typeof products.$inferSelect;

/** A level row's columns before any stock moves (all bound, so chunk sizes can be counted). */
const EMPTY_LEVEL = {
	onHand: 0,
	reserved: 0,
	incoming: 0,
	lastSeq: 0,
	reorderPoint: null,
	reorderQty: null,
	bin: null,
	version: 1,
};
export type ProductType = Product["type"];

/** Creates products, each with a level row at every location of the company. */
export async function createProducts(
	db: Database,
	companyId: string,
	input: {
		sku: string;
		name: string;
		type?: ProductType;
		qboId?: string;
		description?: string;
		purchaseCost?: number;
		qboSyncToken?: number;
	}[],
): Promise<Product[]> {
	const now = Date.now();
	const rows: Product[] = input.map((p) => ({
		id: ulid(),
		companyId,
		sku: p.sku,
		name: p.name,
		type: p.type ?? "inventory",
		qboId: p.qboId ?? null,
		description: p.description ?? null,
		purchaseCost: p.purchaseCost ?? null,
		qboSyncToken: p.qboSyncToken ?? null,
		preferredVendorId: null,
		tracking: "none",
		expiryRequired: false,
		barcode: null,
		archivedAt: null,
		mergedInto: null,
		createdAt: now,
	}));
	const companyLocations = await db
		.select({ id: locations.id })
		.from(locations)
		.where(eq(locations.companyId, companyId));
	const levelRows = rows.flatMap((p) =>
		companyLocations.map((l) => ({ ...EMPTY_LEVEL, companyId, productId: p.id, locationId: l.id, updatedAt: now })),
	);
	// D1 binds at most 100 parameters per statement: insert in chunks that stay under it, whatever
	// columns the tables gain.
	await runBatch(db, [
		...chunk(rows, rowsPerInsert(products)).map((part) => db.insert(products).values(part)),
		...chunk(levelRows, rowsPerInsert(stockLevels)).map((part) => db.insert(stockLevels).values(part)),
	]);
	return rows;
}

/** Rows of `table` one multi-row insert can carry within D1's 100 bound parameters. */
function rowsPerInsert(table: Parameters<typeof getTableColumns>[0]): number {
	return Math.floor(100 / Object.keys(getTableColumns(table)).length);
}

/** The product, or 404 — for another company's id too. */
export async function getProduct(db: Database, companyId: string, id: string): Promise<Product> {
	const row = await db.query.products.findFirst({ where: and(eq(products.id, id), eq(products.companyId, companyId)) });
	if (!row) throw new AppError("not_found", `No product ${id}.`);
	return row;
}

export type ProductQuery = {
	q?: string;
	limit: number;
	cursor?: string;
	/** Only the levels at these locations (a caller limited to some): its totals then sum those alone. */
	locationIds?: string[];
};

/** A page of products (sku order) with their levels at every active location. */
export async function listProductsWithLevels(db: Database, companyId: string, query: ProductQuery) {
	const after = query.cursor ? decodeCursor(query.cursor, ["string", "string"] as const) : undefined;
	const page = await db
		.select()
		.from(products)
		.where(
			and(
				eq(products.companyId, companyId),
				isNull(products.archivedAt),
				query.q ? textMatch(query.q) : undefined,
				after ? sql`(${products.sku}, ${products.id}) > (${after[0]}, ${after[1]})` : undefined,
			),
		)
		.orderBy(asc(products.sku), asc(products.id))
		.limit(query.limit + 1);
	const { items, nextCursor } = pageOf(page, query.limit, (p) => [p.sku, p.id]);
	const ids = items.map((p) => p.id);
	const levels = await levelsOf(db, companyId, ids, query.locationIds);
	const assemblies = await assembliesAmong(db, companyId, ids);
	return {
		items: items.map((p) => ({ ...withLevels(p, levels.get(p.id) ?? []), isAssembly: assemblies.has(p.id) })),
		nextCursor,
	};
}

export async function getProductWithLevels(db: Database, companyId: string, id: string, locationIds?: string[]) {
	const product = await getProduct(db, companyId, id);
	const levels = await levelsOf(db, companyId, [id], locationIds);
	const assemblies = await assembliesAmong(db, companyId, [id]);
	return { ...withLevels(product, levels.get(id) ?? []), isAssembly: assemblies.has(id) };
}

/**
 * Sets how a product's stock is tracked (docs/architecture.md#lots). Switching to lots or serial
 * numbers changes no quantity: the stock there is the unassigned rest until assigned. Back to none
 * only while no lot holds stock (they would be hidden, not gone); to serial numbers only while no lot
 * holds more than one unit (the object checks). Inventory products only.
 */
export async function setProductTracking(
	db: Database,
	companyId: string,
	id: string,
	patch: { tracking?: "none" | "lot" | "serial"; expiryRequired?: boolean },
	/** Tells the product's stock object, which may refuse (a lot of several units cannot become a serial). */
	enforce: (tracking: "none" | "lot" | "serial") => Promise<void>,
) {
	const product = await getProduct(db, companyId, id);
	if (product.type !== "inventory" && patch.tracking !== undefined && patch.tracking !== "none")
		throw new AppError(
			"validation_failed",
			`${product.sku} is not an inventory product: only stock can be tracked by lot.`,
			[{ in: "body", field: "tracking", message: "only inventory products are tracked by lot" }],
		);
	if (patch.tracking === "none" && product.tracking !== "none") {
		const [held] = await db
			.select({ lot: stockLotLevels.lot })
			.from(stockLotLevels)
			.where(
				and(eq(stockLotLevels.productId, id), eq(stockLotLevels.companyId, companyId), ne(stockLotLevels.onHand, 0)),
			)
			.limit(1);
		if (held)
			throw new AppError(
				"conflict",
				`Lot ${held.lot} of ${product.sku} still holds stock: move it out of its lots first.`,
			);
	}
	if (patch.tracking !== undefined) await enforce(patch.tracking);
	const [updated] = await db
		.update(products)
		.set({
			...(patch.tracking !== undefined ? { tracking: patch.tracking } : {}),
			...(patch.expiryRequired !== undefined ? { expiryRequired: patch.expiryRequired } : {}),
		})
		.where(and(eq(products.id, id), eq(products.companyId, companyId)))
		.returning();
	return updated ?? product;
}

/** Which of these products have a bill of materials (worker/assemblies). */
async function assembliesAmong(db: Database, companyId: string, productIds: string[]): Promise<Set<string>> {
	const found = new Set<string>();
	for (const ids of chunk(productIds, 90)) {
		const rows = await db
			.selectDistinct({ id: assemblyComponents.assemblyProductId })
			.from(assemblyComponents)
			.where(and(eq(assemblyComponents.companyId, companyId), inArray(assemblyComponents.assemblyProductId, ids)));
		for (const r of rows) found.add(r.id);
	}
	return found;
}

/** Matches `q` anywhere in the SKU or the name, with LIKE's wildcards taken literally. */
export function textMatch(q: string) {
	return containsText(q, products.sku, products.name);
}

/** A stored level with the stock its available leaves out: its expired lots', when the company says so. */
type ShownLevel = typeof stockLevels.$inferSelect & { expiredOut: number };

async function levelsOf(db: Database, companyId: string, productIds: string[], locationIds?: string[]) {
	const byProduct = new Map<string, ShownLevel[]>();
	const today = isoDay(Date.now());
	for (const ids of chunk(productIds, 90)) {
		const rows = await db
			.select({
				level: stockLevels,
				expired: expiredOnHandSql(stockLevels, today),
				expiredNotAvailable: expiredNotAvailableSql(companyId),
			})
			.from(stockLevels)
			.innerJoin(locations, eq(locations.id, stockLevels.locationId))
			.where(
				and(
					// Unary plus keeps the tenant guard out of index choice: look rows up by product id.
					sql`+${stockLevels.companyId} = ${companyId}`,
					inArray(stockLevels.productId, ids),
					isNull(locations.archivedAt),
					locationIds ? inArray(stockLevels.locationId, locationIds) : undefined,
				),
			)
			.orderBy(asc(locations.name));
		for (const { level, expired, expiredNotAvailable } of rows) {
			const shown = { ...level, expiredOut: expiredNotAvailable ? expired : 0 };
			byProduct.set(level.productId, [...(byProduct.get(level.productId) ?? []), shown]);
		}
	}
	return byProduct;
}

function withLevels(product: Product, levels: ShownLevel[]) {
	const total = { onHand: 0, reserved: 0, incoming: 0 };
	// Each location's available as shown, added up: expired stock is left out where it is.
	let available = 0;
	for (const l of levels) {
		total.onHand += l.onHand;
		total.reserved += l.reserved;
		total.incoming += l.incoming;
		available += availableOf(l);
	}
	return {
		id: product.id,
		sku: product.sku,
		name: product.name,
		type: product.type,
		qboId: product.qboId,
		tracking: product.tracking,
		expiryRequired: product.expiryRequired,
		barcode: product.barcode,
		purchaseCost: product.purchaseCost === null ? null : fromScaled(product.purchaseCost),
		levels: levels.map((l) => ({ locationId: l.locationId, ...decimalLevel(l) })),
		totals: { ...decimalLevel(total), available: fromScaled(available) },
	};
}
