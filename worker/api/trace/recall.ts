/**
 * Recall (docs/architecture.md#traceability): every customer who received a lot — or any of a
 * vendor's lots received in a date range — directly or built into something else, with the
 * quantity, the delivery note or order document, the date, the order and its QuickBooks document
 * number. The forward walk of the trace, its deliveries to customers as rows; CSV for a spreadsheet.
 */
import { sql } from "drizzle-orm";
import { AppError } from "../../core/app-error";
import type { Database } from "../../db/client";
import { type TraceGraph, traceGraph } from "./lot-trace";
import { type LotKey, lotKey, type WalkLimits } from "./lot-walk";

/** The most lots a vendor's recall starts from. */
export const RECALL_ROOT_LIMIT = 1000;

export type RecallQuery = { productId: string; lot: string } | { vendorId: string; from?: string; to?: string };

export type RecallRow = {
	customerName: string | null;
	productId: string;
	sku: string;
	name: string;
	lot: string;
	quantity: number;
	at: string;
	locationId: string;
	deliveryId: string | null;
	deliveryNumber: string | null;
	orderId: string;
	orderNumber: string;
	qboType: "invoice" | "sales_receipt" | "estimate";
	qboId: string;
	qboDocNumber: string | null;
	/** The recalled lots it was made from (itself, when delivered as received). */
	recalledLots: LotKey[];
};

const DAY_MS = 86_400_000;

/** The lots a vendor's purchases received in [from, to] (UTC days, both included). */
async function vendorLots(
	db: Database,
	companyId: string,
	query: { vendorId: string; from?: string; to?: string },
): Promise<{ lots: LotKey[]; truncated: boolean }> {
	const vendor = await db.all<{ id: string }>(
		sql`SELECT id FROM vendors WHERE company_id = ${companyId} AND id = ${query.vendorId}`,
	);
	if (vendor.length === 0)
		throw new AppError("not_found", `No vendor ${query.vendorId}.`, [
			{ in: "query", field: "vendorId", message: "no such vendor" },
		]);
	const from = query.from ? Date.parse(`${query.from}T00:00:00Z`) : 0;
	const to = query.to ? Date.parse(`${query.to}T00:00:00Z`) + DAY_MS : Number.MAX_SAFE_INTEGER;
	const rows = await db.all<{ product_id: string; lot: string }>(sql`
		SELECT lm.product_id, lm.lot FROM stock_lot_movements lm
		WHERE lm.company_id = ${companyId}
			AND lm.source IN (SELECT 'purchase:' || p.id FROM purchases p
				WHERE p.company_id = ${companyId} AND p.vendor_id = ${query.vendorId})
			AND lm.delta > 0 AND lm.at >= ${from} AND lm.at < ${to}
		GROUP BY lm.product_id, lm.lot
		ORDER BY lm.product_id, lm.lot
		LIMIT ${RECALL_ROOT_LIMIT + 1}`);
	return {
		lots: rows.slice(0, RECALL_ROOT_LIMIT).map((r) => ({ productId: r.product_id, lot: r.lot })),
		truncated: rows.length > RECALL_ROOT_LIMIT,
	};
}

/**
 * For each lot of the graph, the roots it was made from: a root is its own; a lot a build made has
 * those of the lots the build used (memoized, so a deep graph is walked once).
 */
function rootsOfLots(graph: TraceGraph): (lot: LotKey) => LotKey[] {
	const roots = new Map(graph.lots.filter((l) => l.side === "root").map((l) => [lotKey(l), l]));
	const usedBy = new Map<string, LotKey[]>();
	for (const e of graph.edges)
		if (e.flow === "out")
			usedBy.set(e.source, [...(usedBy.get(e.source) ?? []), { productId: e.productId, lot: e.lot }]);
	const madeBy = new Map<string, string[]>();
	for (const e of graph.edges) if (e.flow === "in") madeBy.set(lotKey(e), [...(madeBy.get(lotKey(e)) ?? []), e.source]);
	const memo = new Map<string, Map<string, LotKey>>();
	const visit = (lot: LotKey): Map<string, LotKey> => {
		const key = lotKey(lot);
		const known = memo.get(key);
		if (known) return known;
		const found = new Map<string, LotKey>();
		memo.set(key, found); // a cycle (an unbuild into the same lots) ends here
		const root = roots.get(key);
		if (root) found.set(key, { productId: root.productId, lot: root.lot });
		for (const source of madeBy.get(key) ?? [])
			for (const used of usedBy.get(source) ?? []) for (const [k, r] of visit(used)) found.set(k, r);
		return found;
	};
	return (lot) => [...visit(lot).values()];
}

/** Recall rows of a forward graph: each lot part that left to a customer, by date. */
export function recallRows(graph: TraceGraph): RecallRow[] {
	const lots = new Map(graph.lots.map((l) => [lotKey(l), l]));
	const sources = new Map(graph.sources.map((s) => [s.source, s]));
	const rootsOf = rootsOfLots(graph);
	const rows: RecallRow[] = [];
	for (const e of graph.edges) {
		if (e.flow !== "out") continue;
		const source = sources.get(e.source);
		const lot = lots.get(lotKey(e));
		if (!source?.order || !lot) continue;
		rows.push({
			customerName: source.order.customerName,
			productId: e.productId,
			sku: lot.sku,
			name: lot.name,
			lot: e.lot,
			quantity: e.quantity,
			at: source.at,
			locationId: source.locationId,
			deliveryId: source.delivery?.id ?? null,
			deliveryNumber: source.delivery?.number ?? null,
			orderId: source.order.id,
			orderNumber: source.order.number,
			qboType: source.order.qboType,
			qboId: source.order.qboId,
			qboDocNumber: source.order.qboDocNumber,
			recalledLots: rootsOf(e),
		});
	}
	return rows.sort(
		(a, b) =>
			(a.customerName ?? "").localeCompare(b.customerName ?? "") ||
			(a.at < b.at ? -1 : a.at > b.at ? 1 : 0) ||
			a.sku.localeCompare(b.sku) ||
			a.lot.localeCompare(b.lot),
	);
}

/** The recall of a lot or of a vendor's lots. */
export async function recall(db: Database, companyId: string, query: RecallQuery, limits: WalkLimits) {
	let roots: LotKey[];
	let rootsTruncated = false;
	if ("vendorId" in query) {
		const found = await vendorLots(db, companyId, query);
		roots = found.lots;
		rootsTruncated = found.truncated;
	} else {
		const seen = await db.all<{ n: number }>(sql`
			SELECT count(*) AS n FROM stock_lot_movements
			WHERE +company_id = ${companyId} AND product_id = ${query.productId} AND lot = ${query.lot}`);
		if ((seen[0]?.n ?? 0) === 0)
			throw new AppError("not_found", `Product ${query.productId} has no lot ${query.lot} in the ledger.`, [
				{ in: "query", field: "lot", message: "no such lot of this product" },
			]);
		roots = [{ productId: query.productId, lot: query.lot }];
	}
	const graph = await traceGraph(db, companyId, roots, ["forward"], limits);
	return {
		lots: graph.lots
			.filter((l) => l.side === "root")
			.map((l) => ({ productId: l.productId, sku: l.sku, name: l.name, lot: l.lot, expiry: l.expiry })),
		items: recallRows(graph),
		truncated: graph.truncated || rootsTruncated,
	};
}
