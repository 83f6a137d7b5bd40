/**
 * Grid rows (product × location) and the bulk edit of their planning fields: reorder point,
 * reorder quantity, bin. Levels themselves are written only by product objects' flushes. A row's
 * available leaves out its expired lots' stock when the company says so, and the row tells how much
 * is expired or expiring there (docs/architecture.md#expired-stock).
 */
import { and, asc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { textMatch } from "../catalogue/products";
import { decodeCursor, pageOf } from "../core/cursor";
import { availableOf, decimalLevel, fromScaled, type Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { expiredNotAvailableSql, expiredOnHandSql, isoDay, levelExpiryColumns } from "../db/lot-expiry";
import { kitComponents, locations, products, stockLevels } from "../db/schema";
import { chunk } from "../lib/chunk";
import { kitsAllowed } from "./kit-availability";

/** A level row's columns; its expiry ones as of `today` (`YYYY-MM-DD`, UTC). */
function levelColumns(companyId: string, today: string) {
	return {
		productId: stockLevels.productId,
		sku: products.sku,
		name: products.name,
		type: products.type,
		tracking: products.tracking,
		purchaseCost: products.purchaseCost,
		locationId: stockLevels.locationId,
		onHand: stockLevels.onHand,
		reserved: stockLevels.reserved,
		incoming: stockLevels.incoming,
		reorderPoint: stockLevels.reorderPoint,
		reorderQty: stockLevels.reorderQty,
		bin: stockLevels.bin,
		version: stockLevels.version,
		...levelExpiryColumns(stockLevels, companyId, today),
	};
}

/**
 * A level as read by `levelColumns`: the product's catalogue fields beside its stored (scaled)
 * stock, the on hand of its expired and expiring lots, and whether the company counts expired stock
 * out of available (1) or not (0).
 */
type LevelRecord = Pick<typeof products.$inferSelect, "sku" | "name" | "type" | "tracking" | "purchaseCost"> &
	Pick<
		typeof stockLevels.$inferSelect,
		"productId" | "locationId" | "onHand" | "reserved" | "incoming" | "reorderPoint" | "reorderQty" | "bin" | "version"
	> & { expired: Scaled; expiring: Scaled; expiredNotAvailable: number };

/** The expired stock a level's available leaves out: its expired lots' on hand, when the company says so. */
function expiredOut(r: Pick<LevelRecord, "expired" | "expiredNotAvailable">): Scaled {
	return r.expiredNotAvailable ? r.expired : 0;
}

/**
 * The API's level row, decimals at the edge (a kit's is `toKitRow`'s). Its type is inferred, not
 * declared: the routes' zod schema (`LevelRow`, worker/api/schemas.ts) is what checks its shape.
 */
export function toLevelRow(r: LevelRecord) {
	return {
		productId: r.productId,
		sku: r.sku,
		name: r.name,
		type: r.type,
		tracking: r.tracking,
		purchaseCost: r.purchaseCost === null ? null : fromScaled(r.purchaseCost),
		locationId: r.locationId,
		...decimalLevel({ ...r, expiredOut: expiredOut(r) }),
		expired: fromScaled(r.expired),
		expiring: fromScaled(r.expiring),
		reorderPoint: r.reorderPoint === null ? null : fromScaled(r.reorderPoint),
		reorderQty: r.reorderQty === null ? null : fromScaled(r.reorderQty),
		bin: r.bin,
		version: r.version,
	};
}

/** A row as listed or patched: a kit's carries its components. */
export type LevelRow = ReturnType<typeof toLevelRow> | ReturnType<typeof toKitRow>;

export type LevelQuery = {
	q?: string;
	location?: string;
	below?: "reorder";
	/** Only rows whose stock or planning fields changed after this time (epoch ms): the live feed's catch-up. */
	changedSince?: number;
	limit: number;
	cursor?: string;
	/** Only these locations (an embed token's subset); all if undefined. */
	locationIds?: string[];
	/** Only this product's rows. */
	productId?: string;
	/** Only rows holding stock in expired lots. */
	expired?: boolean;
	/** Only rows holding stock in lots expiring within the company's "expiring within" days. */
	expiring?: boolean;
};

/** A page of grid rows in (sku, product, location) order, over active products and locations. */
export async function listLevels(db: Database, companyId: string, query: LevelQuery, now = Date.now()) {
	const after = query.cursor ? decodeCursor(query.cursor, ["string", "string", "string"] as const) : undefined;
	const today = isoDay(now);
	const columns = levelColumns(companyId, today);
	const rows = await db
		.select(columns)
		.from(products)
		.innerJoin(stockLevels, eq(stockLevels.productId, products.id))
		.innerJoin(locations, eq(locations.id, stockLevels.locationId))
		.where(
			and(
				eq(products.companyId, companyId),
				// Unary plus: the tenant guard stays, but SQLite (no statistics) can no longer drive the
				// join from stock_levels_company_location and sort the whole company for every page.
				sql`+${stockLevels.companyId} = ${companyId}`,
				isNull(products.archivedAt),
				isNull(locations.archivedAt),
				query.q ? textMatch(query.q) : undefined,
				query.location ? eq(stockLevels.locationId, query.location) : undefined,
				query.productId ? eq(stockLevels.productId, query.productId) : undefined,
				query.expired ? sql`${columns.expired} > 0` : undefined,
				query.expiring ? sql`${columns.expiring} > 0` : undefined,
				query.locationIds ? inArray(stockLevels.locationId, query.locationIds) : undefined,
				query.changedSince !== undefined ? gt(stockLevels.updatedAt, query.changedSince) : undefined,
				// At or below the reorder point: what is available no longer covers it. A kit's available
				// comes from its components, and a level with expired stock may have less available than
				// on hand − reserved, so both are kept here and decided below on the one formula.
				query.below === "reorder"
					? sql`${stockLevels.reorderPoint} IS NOT NULL AND (${products.type} = 'kit' OR ${stockLevels.onHand} - ${stockLevels.reserved} <= ${stockLevels.reorderPoint} OR ${columns.expired} > 0)`
					: undefined,
				after
					? sql`(${products.sku}, ${products.id}, ${stockLevels.locationId}) > (${after[0]}, ${after[1]}, ${after[2]})`
					: undefined,
			),
		)
		.orderBy(asc(products.sku), asc(products.id), asc(stockLevels.locationId))
		.limit(query.limit + 1);
	const page = pageOf(rows, query.limit, (r) => [r.sku, r.productId, r.locationId]);
	const kits = await findKitStock(db, companyId, [
		...new Set(page.items.filter((r) => r.type === "kit").map((r) => r.productId)),
	]);
	let items: LevelRow[] = page.items.map((r) => (r.type === "kit" ? toKitRow(r, kits) : toLevelRow(r)));
	// Rows the query kept for the reorder filter but whose available still covers the reorder point.
	// The page may come out shorter than `limit`; its cursor still follows the rows it was read from.
	if (query.below === "reorder") items = items.filter((r) => r.reorderPoint !== null && r.available <= r.reorderPoint);
	return { items, nextCursor: page.nextCursor };
}

/** The components of some kits, and the components' available stock by `product/location`. */
type KitStock = {
	components: Map<string, { productId: string; quantity: Scaled }[]>;
	available: Map<string, Scaled>;
};

/**
 * The components of these kits with their levels at every location: one query whatever the number
 * of kits (their ids travel as one JSON parameter, since D1 binds at most 100).
 */
async function findKitStock(db: Database, companyId: string, kitIds: string[]): Promise<KitStock> {
	const stock: KitStock = { components: new Map(), available: new Map() };
	if (kitIds.length === 0) return stock;
	const rows = await db
		.select({
			kitProductId: kitComponents.kitProductId,
			componentProductId: kitComponents.componentProductId,
			quantity: kitComponents.quantity,
			locationId: stockLevels.locationId,
			onHand: stockLevels.onHand,
			reserved: stockLevels.reserved,
			expired: expiredOnHandSql(stockLevels, isoDay(Date.now())),
			expiredNotAvailable: expiredNotAvailableSql(companyId),
		})
		.from(kitComponents)
		.leftJoin(
			stockLevels,
			and(
				eq(stockLevels.productId, kitComponents.componentProductId),
				// Unary plus: the component's levels by primary key, not through the company index.
				sql`+${stockLevels.companyId} = ${companyId}`,
			),
		)
		.where(
			and(
				eq(kitComponents.companyId, companyId),
				sql`${kitComponents.kitProductId} IN (SELECT value FROM json_each(${JSON.stringify(kitIds)}))`,
			),
		)
		.orderBy(asc(kitComponents.kitProductId), asc(kitComponents.componentProductId));
	for (const row of rows) {
		const list = stock.components.get(row.kitProductId) ?? [];
		stock.components.set(row.kitProductId, list);
		if (!list.some((c) => c.productId === row.componentProductId))
			list.push({ productId: row.componentProductId, quantity: row.quantity });
		if (row.locationId !== null && row.onHand !== null && row.reserved !== null)
			stock.available.set(
				`${row.componentProductId}/${row.locationId}`,
				availableOf({ onHand: row.onHand, reserved: row.reserved, expiredOut: expiredOut(row) }),
			);
	}
	return stock;
}

/**
 * A kit's row: `available` is the number of kits its components' available stock allows at the
 * row's location (a component without a level there allows none); its own levels stay as stored.
 */
function toKitRow(r: LevelRecord, kits: KitStock) {
	const components = kits.components.get(r.productId) ?? [];
	const allowed = kitsAllowed(
		components.map((c) => ({
			quantity: c.quantity,
			available: kits.available.get(`${c.productId}/${r.locationId}`) ?? 0,
		})),
	);
	return {
		...toLevelRow(r),
		available: allowed, // whole kits: the same number as a decimal
		components: components.map((c) => ({ productId: c.productId, quantity: fromScaled(c.quantity) })),
	};
}

type LevelKey = { productId: string; locationId: string };
const keyOf = (k: LevelKey) => `${k.productId}/${k.locationId}`;

/**
 * The level rows of the given (product, location) pairs in the company, keyed `product/location`,
 * with whether the location is archived. One query per 45 pairs (D1 binds ≤ 100 parameters).
 */
export function findLevelRowsQuery(db: Database, companyId: string, keys: LevelKey[], now = Date.now()) {
	const pairs = sql.join(
		keys.map((k) => sql`(${k.productId}, ${k.locationId})`),
		sql`, `,
	);
	return db
		.select({ ...levelColumns(companyId, isoDay(now)), locationArchivedAt: locations.archivedAt })
		.from(stockLevels)
		.innerJoin(products, eq(products.id, stockLevels.productId))
		.innerJoin(locations, eq(locations.id, stockLevels.locationId))
		.where(
			and(
				// Unary plus: look rows up by their primary key, not through the company index.
				sql`+${stockLevels.companyId} = ${companyId}`,
				sql`(${stockLevels.productId}, ${stockLevels.locationId}) IN (VALUES ${pairs})`,
			),
		);
}

/** As `findLevelRowsQuery`, as API rows; a kit's row answers what its components allow, as in `listLevels`. */
async function findLevelRows(db: Database, companyId: string, keys: LevelKey[]) {
	const records: LevelRecord[] = [];
	for (const part of chunk(keys, 45)) records.push(...(await findLevelRowsQuery(db, companyId, part)));
	const kits = await findKitStock(db, companyId, [
		...new Set(records.filter((r) => r.type === "kit").map((r) => r.productId)),
	]);
	const found = new Map<string, LevelRow>();
	for (const r of records) found.set(keyOf(r), r.type === "kit" ? toKitRow(r, kits) : toLevelRow(r));
	return found;
}

/** One row of a bulk edit: fields left out are kept; null clears. */
export type LevelPatch = {
	productId: string;
	locationId: string;
	version: number;
	reorderPoint?: Scaled | null;
	reorderQty?: Scaled | null;
	bin?: string | null;
};

/**
 * Applies each row if its version is still current: one batch, and a result per row (updated,
 * conflict with the current row, or not found). Rows do not depend on each other.
 */
export async function patchLevels(db: Database, companyId: string, patches: LevelPatch[]) {
	const now = Date.now();
	const updates = patches.map((p) =>
		db
			.update(stockLevels)
			.set({
				...(p.reorderPoint !== undefined ? { reorderPoint: p.reorderPoint } : {}),
				...(p.reorderQty !== undefined ? { reorderQty: p.reorderQty } : {}),
				...(p.bin !== undefined ? { bin: p.bin } : {}),
				version: sql`${stockLevels.version} + 1`,
				updatedAt: now,
			})
			.where(
				and(
					eq(stockLevels.companyId, companyId),
					eq(stockLevels.productId, p.productId),
					eq(stockLevels.locationId, p.locationId),
					eq(stockLevels.version, p.version),
				),
			)
			.returning({ productId: stockLevels.productId }),
	);
	const [first, ...rest] = updates;
	const outcomes = first ? await db.batch([first, ...rest]) : [];
	const rows = await findLevelRows(db, companyId, patches);
	return patches.map((p, i) => {
		const ref = { productId: p.productId, locationId: p.locationId };
		const row = rows.get(keyOf(p));
		if (!row) return { ...ref, status: "not_found" as const };
		return { ...ref, status: (outcomes[i]?.length ?? 0) > 0 ? ("updated" as const) : ("conflict" as const), row };
	});
}
