/**
 * Reading lots (docs/architecture.md#lots): the lots with stock, filtered and cursor-paged, and one
 * product's stock per location split into its lots and the unassigned rest. From D1, as product
 * objects flushed it.
 */
import { and, asc, eq, gte, inArray, lt, lte, ne, sql } from "drizzle-orm";
import { decodeCursor, pageOf } from "../core/cursor";
import { fromScaled } from "../core/quantity";
import type { Database } from "../db/client";
import { expiringUntilSql } from "../db/lot-expiry";
import { products, stockLevels, stockLotLevels } from "../db/schema";
import type { LotStock } from "./lot-allocation";

/** Today and later dates as lots' expiries are written (UTC calendar dates). */
export function isoDate(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

const DAY_MS = 24 * 60 * 60 * 1000;

export type LotQuery = {
	productId?: string;
	locationId?: string;
	lot?: string;
	/** Only the serial numbers of this lot (products tracked by serial number). */
	batch?: string;
	/** true: only lots past their expiry; false: only lots not expired (or without expiry). */
	expired?: boolean;
	/** Only lots expiring from today to this many days ahead. */
	expiringWithinDays?: number;
	/** Only these locations (a caller limited to some). */
	locationIds?: string[];
	limit: number;
	cursor?: string;
};

/** Lots holding stock, by product, location and lot. */
export async function listLots(db: Database, companyId: string, query: LotQuery, now = Date.now()) {
	const today = isoDate(now);
	const after = query.cursor ? decodeCursor(query.cursor, ["string", "string", "string"] as const) : undefined;
	const rows = await db
		.select({
			productId: stockLotLevels.productId,
			sku: products.sku,
			name: products.name,
			tracking: products.tracking,
			locationId: stockLotLevels.locationId,
			lot: stockLotLevels.lot,
			expiry: stockLotLevels.expiry,
			batch: stockLotLevels.batch,
			onHand: stockLotLevels.onHand,
		})
		.from(stockLotLevels)
		.innerJoin(products, eq(products.id, stockLotLevels.productId))
		.where(
			and(
				eq(stockLotLevels.companyId, companyId),
				ne(stockLotLevels.onHand, 0),
				query.productId ? eq(stockLotLevels.productId, query.productId) : undefined,
				query.locationId ? eq(stockLotLevels.locationId, query.locationId) : undefined,
				query.locationIds ? inArray(stockLotLevels.locationId, query.locationIds) : undefined,
				query.lot ? eq(stockLotLevels.lot, query.lot) : undefined,
				query.batch ? eq(stockLotLevels.batch, query.batch) : undefined,
				query.expired === true ? lt(stockLotLevels.expiry, today) : undefined,
				query.expired === false
					? sql`(${stockLotLevels.expiry} IS NULL OR ${stockLotLevels.expiry} >= ${today})`
					: undefined,
				query.expiringWithinDays !== undefined
					? and(
							gte(stockLotLevels.expiry, today),
							lte(stockLotLevels.expiry, isoDate(now + query.expiringWithinDays * DAY_MS)),
						)
					: undefined,
				after
					? sql`(${stockLotLevels.productId}, ${stockLotLevels.locationId}, ${stockLotLevels.lot}) > (${after[0]}, ${after[1]}, ${after[2]})`
					: undefined,
			),
		)
		.orderBy(asc(stockLotLevels.productId), asc(stockLotLevels.locationId), asc(stockLotLevels.lot))
		.limit(query.limit + 1);
	const page = pageOf(rows, query.limit, (r) => [r.productId, r.locationId, r.lot]);
	return {
		items: page.items.map((r) => ({
			...r,
			onHand: fromScaled(r.onHand),
			expired: r.expiry !== null && r.expiry < today,
		})),
		nextCursor: page.nextCursor,
	};
}

/** One product's on hand per location: its lots (with stock), and the unassigned rest (on hand − Σ lots). */
export async function productLots(
	db: Database,
	companyId: string,
	productId: string,
	locationIds?: string[],
	now = Date.now(),
) {
	const today = isoDate(now);
	const [levels, lots] = await db.batch([
		db
			.select({ locationId: stockLevels.locationId, onHand: stockLevels.onHand })
			.from(stockLevels)
			.where(
				and(
					eq(stockLevels.companyId, companyId),
					eq(stockLevels.productId, productId),
					locationIds ? inArray(stockLevels.locationId, locationIds) : undefined,
				),
			)
			.orderBy(asc(stockLevels.locationId)),
		db
			.select({
				locationId: stockLotLevels.locationId,
				lot: stockLotLevels.lot,
				expiry: stockLotLevels.expiry,
				batch: stockLotLevels.batch,
				onHand: stockLotLevels.onHand,
				// Within the company's "expiring within" days (docs/architecture.md#expired-stock).
				expiring: sql<number>`coalesce(${stockLotLevels.expiry} >= ${today} AND ${stockLotLevels.expiry} <= ${expiringUntilSql(companyId, today)}, 0)`,
			})
			.from(stockLotLevels)
			.where(
				and(
					eq(stockLotLevels.companyId, companyId),
					eq(stockLotLevels.productId, productId),
					ne(stockLotLevels.onHand, 0),
					locationIds ? inArray(stockLotLevels.locationId, locationIds) : undefined,
				),
			)
			.orderBy(sql`${stockLotLevels.expiry} IS NULL`, asc(stockLotLevels.expiry), asc(stockLotLevels.lot)),
	]);
	return levels.map((level) => {
		const here = lots.filter((l) => l.locationId === level.locationId);
		const assigned = here.reduce((sum, l) => sum + l.onHand, 0);
		return {
			locationId: level.locationId,
			onHand: fromScaled(level.onHand),
			unassigned: fromScaled(level.onHand - assigned),
			lots: here.map((l) => ({
				lot: l.lot,
				expiry: l.expiry,
				batch: l.batch,
				onHand: fromScaled(l.onHand),
				expired: l.expiry !== null && l.expiry < today,
				expiring: Boolean(l.expiring),
			})),
		};
	});
}

/**
 * The lots holding stock at one location, per product, as first-expiry-first-out orders them
 * (lot-allocation.ts `pickingOrder`): each with its expiry and when it first received stock — the
 * product object's sequence of the first movement that moved it, as flushed to D1.
 */
export async function lotStockAt(
	db: Database,
	companyId: string,
	productIds: string[],
	locationId: string,
): Promise<Map<string, LotStock[]>> {
	const result = new Map<string, LotStock[]>();
	const unique = [...new Set(productIds)];
	// D1 binds at most 100 parameters a statement.
	for (let i = 0; i < unique.length; i += 90) {
		const rows = await db.all<{
			product_id: string;
			lot: string;
			expiry: string | null;
			on_hand: number;
			first_in: number | null;
		}>(sql`
			SELECT l.product_id, l.lot, l.expiry, l.on_hand,
				(SELECT min(m.seq) FROM stock_lot_movements lm JOIN stock_movements m ON m.id = lm.movement_id
					WHERE lm.product_id = l.product_id AND lm.lot = l.lot) AS first_in
			FROM stock_lot_levels l
			WHERE l.company_id = ${companyId} AND l.location_id = ${locationId} AND l.on_hand > 0
				AND l.product_id IN ${unique.slice(i, i + 90)}
			ORDER BY l.product_id, l.lot`);
		for (const r of rows) {
			const lots = result.get(r.product_id) ?? [];
			lots.push({ lot: r.lot, expiry: r.expiry, onHand: r.on_hand, firstIn: r.first_in ?? Number.MAX_SAFE_INTEGER });
			result.set(r.product_id, lots);
		}
	}
	return result;
}

/** What some sources' movements did to lots, net: per source, product and lot (quantities scaled). */
export type LotsMoved = { source: string; productId: string; lot: string; expiry: string | null; delta: number };

/**
 * The lots these sources moved, net of their own undoing (a cancelled delivery's lots come back to
 * zero and are left out), from the ledger's lot parts as flushed to D1.
 */
export async function lotsMovedBy(db: Database, companyId: string, sources: string[]): Promise<LotsMoved[]> {
	const unique = [...new Set(sources)];
	const moved: LotsMoved[] = [];
	// D1 binds at most 100 parameters a statement.
	for (let i = 0; i < unique.length; i += 90) {
		const rows = await db.all<{
			source: string;
			product_id: string;
			lot: string;
			expiry: string | null;
			delta: number;
		}>(sql`
			SELECT lm.source, lm.product_id, lm.lot, sum(lm.delta) AS delta,
				(SELECT max(l.expiry) FROM stock_lot_levels l
					WHERE l.product_id = lm.product_id AND l.lot = lm.lot) AS expiry
			FROM stock_lot_movements lm
			WHERE lm.company_id = ${companyId} AND lm.source IN ${unique.slice(i, i + 90)}
			GROUP BY lm.source, lm.product_id, lm.lot
			HAVING sum(lm.delta) <> 0
			ORDER BY lm.source, lm.product_id, expiry IS NULL, expiry, lm.lot`);
		for (const r of rows)
			moved.push({ source: r.source, productId: r.product_id, lot: r.lot, expiry: r.expiry, delta: r.delta });
	}
	return moved;
}

export type UnassignedQuery = {
	productId?: string;
	locationId?: string;
	/** Only these locations (a caller limited to some). */
	locationIds?: string[];
	limit: number;
	cursor?: string;
};

/**
 * Where stock of a product tracked by lot or serial number is not yet in any lot or serial (the "to assign" list): per product
 * and location, on hand, what its lots hold, and the unassigned rest (on hand − Σ lots, never
 * stored), by SKU. Cursor-paged on (SKU, product, location).
 */
export async function listUnassigned(db: Database, companyId: string, query: UnassignedQuery) {
	const after = query.cursor ? decodeCursor(query.cursor, ["string", "string", "string"] as const) : undefined;
	if (query.locationIds?.length === 0) return { items: [], nextCursor: null };
	const rows = await db.all<{
		product_id: string;
		sku: string;
		name: string;
		tracking: "lot" | "serial";
		expiry_required: number;
		location_id: string;
		on_hand: number;
		assigned: number;
	}>(sql`
		SELECT s.product_id, p.sku, p.name, p.tracking, p.expiry_required, s.location_id, s.on_hand,
			coalesce(l.assigned, 0) AS assigned
		FROM stock_levels s
		JOIN products p ON p.id = s.product_id
		LEFT JOIN (
			SELECT product_id, location_id, sum(on_hand) AS assigned FROM stock_lot_levels
			WHERE company_id = ${companyId} GROUP BY product_id, location_id
		) l ON l.product_id = s.product_id AND l.location_id = s.location_id
		WHERE s.company_id = ${companyId} AND p.tracking IN ('lot', 'serial')
			AND s.on_hand - coalesce(l.assigned, 0) <> 0
			${query.productId ? sql`AND s.product_id = ${query.productId}` : sql``}
			${query.locationId ? sql`AND s.location_id = ${query.locationId}` : sql``}
			${query.locationIds ? sql`AND s.location_id IN ${query.locationIds}` : sql``}
			${after ? sql`AND (p.sku, s.product_id, s.location_id) > (${after[0]}, ${after[1]}, ${after[2]})` : sql``}
		ORDER BY p.sku, s.product_id, s.location_id
		LIMIT ${query.limit + 1}`);
	const page = pageOf(rows, query.limit, (r) => [r.sku, r.product_id, r.location_id]);
	return {
		items: page.items.map((r) => ({
			productId: r.product_id,
			sku: r.sku,
			name: r.name,
			tracking: r.tracking,
			expiryRequired: r.expiry_required === 1,
			locationId: r.location_id,
			onHand: fromScaled(r.on_hand),
			assigned: fromScaled(r.assigned),
			unassigned: fromScaled(r.on_hand - r.assigned),
		})),
		nextCursor: page.nextCursor,
	};
}
