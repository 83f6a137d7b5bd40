/**
 * The start page's figures (`GET /api/v1/overview`): what needs a person's attention today, for one
 * company and the locations its caller may see. Each figure is one aggregate read of D1 (or a paged
 * scan of the grid's own filter), never a loop over products, and each says what a click on it
 * lists: the same rule the grid, the orders list or the purchases list applies.
 *
 * It sits in `sync/` because it reads the stock, sales, purchasing and QuickBooks tables together,
 * and `sync/` is the lowest layer above all four (docs/architecture.md#layers).
 */
import { type SQL, sql } from "drizzle-orm";
import { availableOf, fromScaled, QUANTITY_SCALE } from "../core/quantity";
import type { Database } from "../db/client";
import { expiredNotAvailableSql, expiredOnHandSql, isoDay } from "../db/lot-expiry";
import { stockLevels } from "../db/schema";
import { governingDocument } from "../sales/order-state";
import { backorderedOrderIds } from "../sales/order-views";
import { listLevels } from "../stock/levels";

/** How many rows each figure names beside its count. */
export const OVERVIEW_FIRST = 5;
/** "Arriving this week": open purchases expected from today to this many days ahead. */
const ARRIVING_DAYS = 7;
/** The sync log's failures are counted over this window: older ones were retried or said long ago. */
const FAILED_WINDOW_MS = 24 * 3600_000;
const DEAD_WINDOW_MS = 7 * 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The caller's locations as one JSON parameter (D1 binds at most 100), or no condition. */
function inLocations(column: SQL, locationIds: string[] | undefined): SQL {
	return locationIds ? sql`AND ${column} IN (SELECT value FROM json_each(${JSON.stringify(locationIds)}))` : sql``;
}

/**
 * Levels at or below their reorder point, as the grid's "below reorder point" filter and
 * `GET /levels?below=reorder` decide it (kits by what their components allow, expired stock out of
 * available): read through that same query, a page at a time. Counted in products, as the grid
 * lists them; the levels named are the largest shortfalls.
 */
async function belowReorder(db: Database, companyId: string, locationIds: string[] | undefined, now: number) {
	const levels: {
		productId: string;
		sku: string;
		name: string;
		locationId: string;
		available: number;
		reorderPoint: number;
	}[] = [];
	let cursor: string | undefined;
	do {
		const page = await listLevels(db, companyId, { below: "reorder", limit: 500, cursor, locationIds }, now);
		for (const r of page.items)
			if (r.reorderPoint !== null)
				levels.push({
					productId: r.productId,
					sku: r.sku,
					name: r.name,
					locationId: r.locationId,
					available: r.available,
					reorderPoint: r.reorderPoint,
				});
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	const first = levels
		.map((l) => ({ ...l, shortfall: Math.round((l.reorderPoint - l.available) * QUANTITY_SCALE) / QUANTITY_SCALE }))
		.sort((a, b) => b.shortfall - a.shortfall || a.sku.localeCompare(b.sku))
		.slice(0, OVERVIEW_FIRST);
	return { products: new Set(levels.map((l) => l.productId)).size, levels: first };
}

/**
 * Levels whose available is below zero (the grid's "negative" filter): on hand − reserved, less
 * expired stock when the company counts it out (`availableOf`, worker/core/quantity.ts). Kits hold
 * no stock of their own. One statement: the count of products and the most negative levels.
 */
async function negativeStock(db: Database, companyId: string, locationIds: string[] | undefined, now: number) {
	const expired = expiredOnHandSql(stockLevels, isoDay(now));
	const rows = await db.all<{
		products: number;
		product_id: string;
		sku: string;
		name: string;
		location_id: string;
		on_hand: number;
		reserved: number;
		expired_out: number;
	}>(sql`
		WITH candidates AS (
			SELECT stock_levels.product_id, p.sku, p.name, stock_levels.location_id, stock_levels.on_hand, stock_levels.reserved,
				CASE WHEN ${expiredNotAvailableSql(companyId)} = 1 THEN ${expired} ELSE 0 END AS expired_out
			FROM stock_levels
			JOIN products p ON p.id = stock_levels.product_id
			JOIN locations l ON l.id = stock_levels.location_id
			WHERE stock_levels.company_id = ${companyId} AND p.type != 'kit' AND p.archived_at IS NULL AND l.archived_at IS NULL
				${inLocations(sql`stock_levels.location_id`, locationIds)}
		),
		negative AS (
			SELECT *, on_hand - reserved - min(max(expired_out, 0), max(on_hand, 0)) AS available
			FROM candidates
			WHERE on_hand - reserved - min(max(expired_out, 0), max(on_hand, 0)) < 0
		)
		SELECT (SELECT count(DISTINCT product_id) FROM negative) AS products, * FROM negative
		ORDER BY available, sku LIMIT ${OVERVIEW_FIRST}`);
	return {
		products: rows[0]?.products ?? 0,
		levels: rows.map((r) => ({
			productId: r.product_id,
			sku: r.sku,
			name: r.name,
			locationId: r.location_id,
			onHand: fromScaled(r.on_hand),
			available: fromScaled(availableOf({ onHand: r.on_hand, reserved: r.reserved, expiredOut: r.expired_out })),
		})),
	};
}

/** Open orders that on hand cannot serve, as the orders list flags and filters them; the oldest named. */
async function backordered(db: Database, companyId: string, locationIds: string[] | undefined) {
	const short = await backorderedOrderIds(db, companyId, locationIds);
	const named = short.slice(0, OVERVIEW_FIRST);
	const rows =
		named.length === 0
			? []
			: await db.query.orders.findMany({
					where: (o, { and, eq, inArray }) => and(eq(o.companyId, companyId), inArray(o.id, named)),
				});
	const byId = new Map(rows.map((o) => [o.id, o]));
	return {
		count: short.length,
		orders: named.flatMap((id) => {
			const o = byId.get(id);
			if (!o) return [];
			const source = governingDocument(o.documents, o.salesQboId) ?? {
				qboId: o.originQboId,
				docNumber: o.docNumber,
			};
			return [
				{
					id: o.id,
					number: source.docNumber ?? `#${source.qboId}`,
					customerName: o.customerName,
					txnDate: o.txnDate,
					locationId: o.locationId,
				},
			];
		}),
	};
}

/**
 * Purchases still to arrive (ordered, partly received) expected by 7 days ahead, late ones included
 * (they should be here already), as `GET /purchases?expectedBy=` lists them; the soonest named.
 */
async function arriving(db: Database, companyId: string, locationIds: string[] | undefined, now: number) {
	const today = isoDay(now);
	const until = isoDay(now + ARRIVING_DAYS * DAY_MS);
	const rows = await db.all<{
		count: number;
		late: number;
		id: string;
		number: string;
		expected_date: string;
		location_id: string;
		vendor_name: string | null;
	}>(sql`
		WITH arriving AS (
			SELECT p.id, p.number, p.seq, p.expected_date, p.location_id, p.vendor_id FROM purchases p
			WHERE p.company_id = ${companyId} AND p.status IN ('ordered', 'partially_received') AND p.expected_date <= ${until}
				${inLocations(sql`p.location_id`, locationIds)}
		)
		SELECT (SELECT count(*) FROM arriving) AS count, (SELECT count(*) FROM arriving WHERE expected_date < ${today}) AS late,
			a.id, a.number, a.expected_date, a.location_id, v.name AS vendor_name
		FROM arriving a LEFT JOIN vendors v ON v.id = a.vendor_id
		ORDER BY a.expected_date, a.seq LIMIT ${OVERVIEW_FIRST}`);
	return {
		until,
		count: rows[0]?.count ?? 0,
		late: rows[0]?.late ?? 0,
		purchases: rows.map((r) => ({
			id: r.id,
			number: r.number,
			vendorName: r.vendor_name,
			expectedDate: r.expected_date,
			locationId: r.location_id,
		})),
	};
}

/**
 * On hand × the product's purchase cost (QuickBooks' PurchaseCost as imported), per location in the
 * order locations are shown, and in total. Negative on hand counts as it stands. Levels with stock
 * but no cost add nothing and are counted apart, so that a total is never read as complete when it
 * is not. The sum is taken as a float of exact integer products (scale 10⁸): exact to the cent far
 * beyond any stock a small business holds.
 */
async function stockValue(db: Database, companyId: string, locationIds: string[] | undefined) {
	const rows = await db.all<{ id: string; name: string; value: number; without_cost: number }>(sql`
		SELECT l.id, l.name, total(sl.on_hand * p.purchase_cost) AS value,
			count(DISTINCT CASE WHEN p.purchase_cost IS NULL AND sl.on_hand != 0 THEN p.id END) AS without_cost
		FROM locations l
		LEFT JOIN stock_levels sl ON sl.location_id = l.id AND sl.company_id = l.company_id
		LEFT JOIN products p ON p.id = sl.product_id AND p.archived_at IS NULL
		WHERE l.company_id = ${companyId} AND l.archived_at IS NULL ${inLocations(sql`l.id`, locationIds)}
		GROUP BY l.id
		ORDER BY l.is_default DESC, l.sort_order, l.name`);
	const [missing] = await db.all<{ n: number }>(sql`
		SELECT count(DISTINCT p.id) AS n FROM stock_levels sl
		JOIN products p ON p.id = sl.product_id
		JOIN locations l ON l.id = sl.location_id
		WHERE sl.company_id = ${companyId} AND p.archived_at IS NULL AND l.archived_at IS NULL
			AND p.purchase_cost IS NULL AND sl.on_hand != 0 ${inLocations(sql`sl.location_id`, locationIds)}`);
	const money = (scaled: number) => Math.round(scaled / QUANTITY_SCALE) / QUANTITY_SCALE;
	return {
		total: money(rows.reduce((sum, r) => sum + r.value, 0)),
		locations: rows.map((r) => ({
			locationId: r.id,
			name: r.name,
			value: money(r.value),
			productsWithoutCost: r.without_cost,
		})),
		productsWithoutCost: missing?.n ?? 0,
	};
}

/**
 * The QuickBooks link's health: the connection, when the last change from QuickBooks (webhook or
 * catch-up) was received, and what the sync log says failed (retried: last 24 hours) or died (gave
 * up: last 7 days), pushes to QuickBooks included.
 */
async function linkHealth(db: Database, companyId: string, now: number) {
	const [connection] = await db.all<{ status: "connected" | "revoked" | "disconnected" }>(
		sql`SELECT status FROM qbo_connections WHERE company_id = ${companyId}`,
	);
	const [last] = await db.all<{ at: number }>(sql`
		SELECT at FROM sync_log WHERE company_id = ${companyId} AND source IN ('webhook', 'cdc')
		ORDER BY at DESC LIMIT 1`);
	const since = now - DEAD_WINDOW_MS;
	const [counts] = await db.all<{ failed: number | null; dead: number | null }>(sql`
		SELECT sum(status = 'failed' AND at >= ${now - FAILED_WINDOW_MS}) AS failed, sum(status = 'dead') AS dead
		FROM sync_log WHERE company_id = ${companyId} AND at >= ${since}`);
	return {
		connection: connection?.status ?? ("not_connected" as const),
		lastEventAt: last ? new Date(last.at).toISOString() : null,
		failed: counts?.failed ?? 0,
		dead: counts?.dead ?? 0,
	};
}

/** Every figure of the start page, for the caller's locations (undefined: all of them). */
export async function companyOverview(
	db: Database,
	companyId: string,
	locationIds: string[] | undefined,
	now = Date.now(),
) {
	const [below, negative, orders, purchases, value, sync] = await Promise.all([
		belowReorder(db, companyId, locationIds, now),
		negativeStock(db, companyId, locationIds, now),
		backordered(db, companyId, locationIds),
		arriving(db, companyId, locationIds, now),
		stockValue(db, companyId, locationIds),
		linkHealth(db, companyId, now),
	]);
	return {
		asOf: new Date(now).toISOString(),
		belowReorder: below,
		negative,
		backordered: orders,
		arriving: purchases,
		stockValue: value,
		quickbooks: sync,
	};
}
