/**
 * A lot's trace (docs/architecture.md#traceability): the lot (or serial) itself, where it is now per
 * location, its own history in the ledger, and the graph around it — backward to where it came from
 * (a receipt from a vendor, an assignment of unassigned stock, a build and the component lots it
 * used, level after level) and forward to where it went (delivery notes and orders to customers,
 * builds and the assembly lots they made, and where those went).
 */
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { AppError } from "../../core/app-error";
import { fromScaled } from "../../core/quantity";
import type { Database } from "../../db/client";
import { products, stockLotLevels, stockLotMovements, stockMovements } from "../../db/schema";
import { documentNumbers } from "../../qbo/document-numbers";
import { reasonFields } from "../movement-reasons";
import { type Direction, type LotKey, lotKey, type Walk, type WalkLimits, walkLots } from "./lot-walk";
import { type SourceDetail, sourceDetails } from "./source-details";

/** The most movements of the lot's own history a trace answers (newest first). */
export const HISTORY_LIMIT = 500;

export type TraceLot = LotKey & {
	sku: string;
	name: string;
	tracking: "none" | "lot" | "serial";
	expiry: string | null;
	/** For a serial: the lot it belongs to. */
	batch: string | null;
	side: "root" | Direction;
	/** How many builds lie between it and the traced lot. */
	depth: number;
};

export type TraceGraph = {
	lots: TraceLot[];
	sources: SourceDetail[];
	edges: { productId: string; lot: string; source: string; flow: "in" | "out"; quantity: number }[];
	truncated: boolean;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** D1 binds at most 100 parameters a statement. */
const LOTS_PER_STATEMENT = 90;

/** What the graph's lots are: their product's SKU and name, their expiry and (serials) lot. */
async function describeLots(db: Database, companyId: string, walk: Walk): Promise<TraceLot[]> {
	const lots = [...walk.lots.values()];
	const productIds = [...new Set(lots.map((l) => l.productId))];
	const [productRows, lotRows] = await Promise.all([
		Promise.all(
			Array.from({ length: Math.ceil(productIds.length / 90) }, (_, i) =>
				db
					.select({ id: products.id, sku: products.sku, name: products.name, tracking: products.tracking })
					.from(products)
					.where(and(eq(products.companyId, companyId), inArray(products.id, productIds.slice(i * 90, i * 90 + 90)))),
			),
		),
		Promise.all(
			Array.from({ length: Math.ceil(lots.length / LOTS_PER_STATEMENT) }, (_, i) => {
				const part = lots.slice(i * LOTS_PER_STATEMENT, (i + 1) * LOTS_PER_STATEMENT);
				// By (company, lot), the index there is; the pairs are picked out below.
				return db.all<{ product_id: string; lot: string; expiry: string | null; batch: string | null }>(sql`
					SELECT product_id, lot, max(expiry) AS expiry, max(batch) AS batch FROM stock_lot_levels
					WHERE company_id = ${companyId} AND lot IN ${[...new Set(part.map((l) => l.lot))]}
					GROUP BY product_id, lot`);
			}),
		),
	]);
	const productBy = new Map(productRows.flat().map((p) => [p.id, p]));
	const lotBy = new Map(lotRows.flat().map((r) => [lotKey({ productId: r.product_id, lot: r.lot }), r]));
	return lots.map((l) => {
		const product = productBy.get(l.productId);
		const info = lotBy.get(lotKey(l));
		return {
			productId: l.productId,
			lot: l.lot,
			sku: product?.sku ?? "",
			name: product?.name ?? "",
			tracking: product?.tracking ?? "none",
			expiry: info?.expiry ?? null,
			batch: info?.batch ?? null,
			side: l.side,
			depth: l.depth,
		};
	});
}

/** The walk's graph with its lots and sources described. */
export async function traceGraph(
	db: Database,
	companyId: string,
	roots: LotKey[],
	directions: Direction[],
	limits: WalkLimits,
	locationIds?: string[],
): Promise<TraceGraph> {
	const walk = await walkLots(db, companyId, roots, directions, limits, locationIds);
	const [lots, details] = await Promise.all([
		describeLots(db, companyId, walk),
		sourceDetails(db, companyId, [...walk.sources.values()]),
	]);
	const sources = [...details.values()].map((d) =>
		// A purchase's receipts that put lots of this graph in, not every receipt of the purchase.
		d.purchase
			? { ...d, purchase: { ...d.purchase, receipts: d.purchase.receipts.filter((r) => walk.lots.has(lotKey(r))) } }
			: d,
	);
	return {
		lots,
		sources: sources.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.source < b.source ? -1 : 1)),
		edges: walk.edges.map((e) => ({ ...e, quantity: fromScaled(e.quantity) })),
		truncated: walk.truncated,
	};
}

/**
 * The trace of one lot of a product. 404 when the product is not the company's, or when the ledger
 * never saw the lot (at the caller's locations).
 */
export async function lotTrace(
	db: Database,
	companyId: string,
	root: LotKey,
	limits: WalkLimits,
	locationIds?: string[],
) {
	const atLocations = (column: typeof stockLotLevels.locationId | typeof stockLotMovements.locationId) =>
		locationIds ? inArray(column, locationIds) : undefined;
	const [product, levels, history] = await db.batch([
		db
			.select({ id: products.id })
			.from(products)
			.where(and(eq(products.companyId, companyId), eq(products.id, root.productId))),
		db
			.select({ locationId: stockLotLevels.locationId, onHand: stockLotLevels.onHand })
			.from(stockLotLevels)
			.where(
				and(
					eq(stockLotLevels.companyId, companyId),
					eq(stockLotLevels.productId, root.productId),
					eq(stockLotLevels.lot, root.lot),
					ne(stockLotLevels.onHand, 0),
					atLocations(stockLotLevels.locationId),
				),
			)
			.orderBy(asc(stockLotLevels.locationId)),
		db
			.select({
				movementId: stockLotMovements.movementId,
				at: stockLotMovements.at,
				locationId: stockLotMovements.locationId,
				source: stockLotMovements.source,
				kind: stockMovements.kind,
				reason: stockMovements.reason,
				delta: stockLotMovements.delta,
				after: stockLotMovements.after,
			})
			.from(stockLotMovements)
			.innerJoin(stockMovements, eq(stockMovements.id, stockLotMovements.movementId))
			.where(
				and(
					// `+`: not by the company's index, by the (product, lot, at) one.
					sql`+${stockLotMovements.companyId} = ${companyId}`,
					eq(stockLotMovements.productId, root.productId),
					eq(stockLotMovements.lot, root.lot),
					atLocations(stockLotMovements.locationId),
				),
			)
			.orderBy(desc(stockLotMovements.at), desc(stockMovements.seq))
			.limit(HISTORY_LIMIT + 1),
	]);
	if (product.length === 0) throw new AppError("not_found", `No product ${root.productId}.`);
	if (history.length === 0)
		throw new AppError("not_found", `Product ${root.productId} has no lot ${root.lot} in the ledger.`);
	const shown = history.slice(0, HISTORY_LIMIT);
	const [graph, numbers] = await Promise.all([
		traceGraph(db, companyId, [root], ["backward", "forward"], limits, locationIds),
		documentNumbers(
			db,
			companyId,
			shown.map((m) => m.source),
		),
	]);
	const self = graph.lots.find((l) => l.side === "root");
	if (!self) throw new Error("the traced lot is missing from its own graph");
	return {
		lot: self,
		locations: levels.map((l) => ({ locationId: l.locationId, onHand: fromScaled(l.onHand) })),
		onHand: fromScaled(levels.reduce((sum, l) => sum + l.onHand, 0)),
		history: shown.map((m) => ({
			movementId: m.movementId,
			at: iso(m.at),
			locationId: m.locationId,
			source: m.source,
			kind: m.kind,
			documentNumber: numbers.get(m.source) ?? null,
			reason: m.reason,
			...reasonFields(m),
			delta: fromScaled(m.delta),
			after: fromScaled(m.after),
		})),
		historyTruncated: history.length > HISTORY_LIMIT,
		...graph,
	};
}
