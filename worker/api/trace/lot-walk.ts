/**
 * The traceability walk (docs/architecture.md#traceability): from some lots, along the ledger's lot
 * parts (`stock_lot_movements`), to the sources that brought them in (backward) or took them out
 * (forward), and through builds to the lots on the other side — level by level, every lot of a
 * level in one batch of indexed queries, so a lot delivered 500 times costs the same few round trips
 * as one delivered once. Bounded: at most `maxDepth` build levels and `maxNodes` lots and sources;
 * what lies beyond is cut, and `truncated` says so.
 *
 * The graph is bipartite: an edge joins a lot (product, lot) and a source, `in` when the source put
 * the lot's stock in, `out` when it took it out, with the net quantity (a cancelled delivery nets to
 * nothing and is no edge). Transfers are no edges: they move a lot between locations, not into
 * another lot (the lot's history and where it is now show them).
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";

export type LotKey = { productId: string; lot: string };
export type Flow = "in" | "out";
export type Direction = "backward" | "forward";

/** What one source did to one lot, net, as the ledger has it (quantities scaled). */
export type LotPart = LotKey & {
	source: string;
	kind: string;
	reason: string | null;
	locationId: string;
	/** Net change of the lot's stock under the source: + in, − out. */
	delta: number;
	/** The source's first movement of the lot (epoch ms). */
	at: number;
};

export type WalkEdge = LotKey & { source: string; flow: Flow; quantity: number };
export type SourceFact = { source: string; kind: string; reason: string | null; locationId: string; at: number };
export type WalkLot = LotKey & { side: "root" | Direction; depth: number };

export type Walk = {
	lots: Map<string, WalkLot>;
	sources: Map<string, SourceFact>;
	edges: WalkEdge[];
	truncated: boolean;
};

export type WalkLimits = { maxDepth: number; maxNodes: number };

/** Kinds whose source turns some lots into others: the walk goes through them. */
const CONVERTING = new Set(["build", "unbuild"]);
/** Kinds that only move a lot between locations. */
const MOVING = new Set(["transfer"]);

/** D1 binds at most 100 parameters a statement. */
const MAX_PARAMS = 90;

export const lotKey = (l: LotKey) => `${l.productId}\u0000${l.lot}`;

type PartRow = {
	source: string;
	product_id: string;
	lot: string;
	location_id: string;
	kind: string;
	reason: string | null;
	delta: number;
	at: number;
};

/**
 * The lot parts matching `where` (lots by product and lot, or sources), net per location. The
 * company is checked with `+company_id`, which no index serves: so SQLite searches the (product,
 * lot) or (company, source) index `where` names rather than every lot movement of the company.
 */
function partsQuery(db: Database, companyId: string, where: SQL) {
	return db.all<PartRow>(sql`
		SELECT lm.source, lm.product_id, lm.lot, lm.location_id, max(m.kind) AS kind, max(m.reason) AS reason,
			sum(lm.delta) AS delta, min(lm.at) AS at
		FROM stock_lot_movements lm JOIN stock_movements m ON m.id = lm.movement_id
		WHERE +lm.company_id = ${companyId} AND (${where})
		GROUP BY lm.source, lm.product_id, lm.lot, lm.location_id
		HAVING sum(lm.delta) <> 0`);
}

/**
 * The rows' net part per source and lot, over the caller's locations (`locationIds`; all when
 * undefined) — filtered here rather than bound as parameters, which a caller's 100 locations would
 * exhaust. A source that nets to nothing is no part.
 */
async function netParts(queries: Promise<PartRow[]>[], locationIds: string[] | undefined): Promise<LotPart[]> {
	const allowed = locationIds ? new Set(locationIds) : null;
	const parts = new Map<string, LotPart>();
	for (const r of (await Promise.all(queries)).flat()) {
		if (allowed && !allowed.has(r.location_id)) continue;
		const key = `${r.source}\u0000${lotKey({ productId: r.product_id, lot: r.lot })}`;
		const known = parts.get(key);
		if (known) {
			known.delta += r.delta;
			known.at = Math.min(known.at, r.at);
		} else
			parts.set(key, {
				source: r.source,
				productId: r.product_id,
				lot: r.lot,
				kind: r.kind,
				reason: r.reason,
				locationId: r.location_id,
				delta: r.delta,
				at: r.at,
			});
	}
	return [...parts.values()].filter((p) => p.delta !== 0);
}

/** Conditions on lots, each within the parameter bound: `(product = ? AND lot IN (…)) OR …`. */
function lotConditions(lots: LotKey[]): SQL[] {
	const byProduct = new Map<string, string[]>();
	for (const l of lots) byProduct.set(l.productId, [...(byProduct.get(l.productId) ?? []), l.lot]);
	const conditions: SQL[] = [];
	let terms: SQL[] = [];
	let used = 1; // the company
	const flush = () => {
		if (terms.length > 0) conditions.push(sql.join(terms, sql` OR `));
		terms = [];
		used = 1;
	};
	for (const [productId, names] of byProduct)
		for (let i = 0; i < names.length; ) {
			if (used > MAX_PARAMS - 2) flush();
			const slice = names.slice(i, i + MAX_PARAMS - used - 1);
			terms.push(sql`(lm.product_id = ${productId} AND lm.lot IN ${slice})`);
			used += slice.length + 1;
			i += slice.length;
		}
	flush();
	return conditions;
}

/** The net lot parts of these lots, under every source. */
function partsOfLots(db: Database, companyId: string, lots: LotKey[], locationIds: string[] | undefined) {
	return netParts(
		lotConditions(lots).map((where) => partsQuery(db, companyId, where)),
		locationIds,
	);
}

/** The net lot parts of these sources, over every lot. */
function partsOfSources(db: Database, companyId: string, sources: string[], locationIds: string[] | undefined) {
	const size = MAX_PARAMS - 1;
	const queries: Promise<PartRow[]>[] = [];
	for (let i = 0; i < sources.length; i += size)
		queries.push(partsQuery(db, companyId, sql`lm.source IN ${sources.slice(i, i + size)}`));
	return netParts(queries, locationIds);
}

/**
 * Walks from `roots` in the given directions. `locationIds`: only the ledger at these locations (a
 * caller limited to some); the rest of the graph is not theirs to see.
 */
export async function walkLots(
	db: Database,
	companyId: string,
	roots: LotKey[],
	directions: Direction[],
	limits: WalkLimits,
	locationIds?: string[],
): Promise<Walk> {
	const walk: Walk = { lots: new Map(), sources: new Map(), edges: [], truncated: false };
	const edgeKeys = new Set<string>();
	for (const root of roots) walk.lots.set(lotKey(root), { ...root, side: "root", depth: 0 });
	const size = () => walk.lots.size + walk.sources.size;
	const addSource = (p: LotPart) => {
		if (!walk.sources.has(p.source))
			walk.sources.set(p.source, {
				source: p.source,
				kind: p.kind,
				reason: p.reason,
				locationId: p.locationId,
				at: p.at,
			});
	};
	const addEdge = (p: LotPart) => {
		const key = `${p.source}\u0000${lotKey(p)}`;
		if (edgeKeys.has(key)) return;
		edgeKeys.add(key);
		walk.edges.push({
			productId: p.productId,
			lot: p.lot,
			source: p.source,
			flow: p.delta > 0 ? "in" : "out",
			quantity: Math.abs(p.delta),
		});
	};
	/** Whether a part may join the graph: its nodes fit, or are there already. */
	const fits = (p: LotPart, withLot: boolean) => {
		const more = (walk.sources.has(p.source) ? 0 : 1) + (withLot && !walk.lots.has(lotKey(p)) ? 1 : 0);
		if (size() + more <= limits.maxNodes) return true;
		walk.truncated = true;
		return false;
	};

	await Promise.all(
		directions.map(async (direction) => {
			// Backward: what put the lot in; forward: what took it out.
			const follows = (p: LotPart) => (direction === "backward" ? p.delta > 0 : p.delta < 0);
			const crossed = new Set<string>();
			// The lots this direction has walked from. Its own, not the graph's: a lot the other direction
			// met first (an unbuild's parts are behind and ahead of the lot at once) is still walked
			// from this way, or what lies beyond it this way would go missing, depending on which
			// direction's queries answered first.
			const reached = new Set(roots.map(lotKey));
			let frontier = roots;
			for (let depth = 0; frontier.length > 0; depth++) {
				const converting: string[] = [];
				for (const p of await partsOfLots(db, companyId, frontier, locationIds)) {
					if (MOVING.has(p.kind) || !follows(p) || !fits(p, false)) continue;
					if (CONVERTING.has(p.kind) && !crossed.has(p.source)) {
						crossed.add(p.source);
						converting.push(p.source);
					}
					addSource(p);
					addEdge(p);
				}
				// The builds at the last level are shown, not crossed.
				if (depth >= limits.maxDepth) {
					if (converting.length > 0) walk.truncated = true;
					break;
				}
				const next: LotKey[] = [];
				// Through a build: the lots on its other side (what it made, going forward; what it used, going back).
				for (const p of await partsOfSources(db, companyId, converting, locationIds)) {
					if (follows(p) || !fits(p, true)) continue;
					addEdge(p);
					const key = lotKey(p);
					if (reached.has(key)) continue;
					reached.add(key);
					if (!walk.lots.has(key))
						walk.lots.set(key, { productId: p.productId, lot: p.lot, side: direction, depth: depth + 1 });
					next.push({ productId: p.productId, lot: p.lot });
				}
				frontier = next;
			}
		}),
	);
	return walk;
}
