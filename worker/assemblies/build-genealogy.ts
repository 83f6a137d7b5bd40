/**
 * A build's genealogy: which lots it consumed and which it produced. Every product's effect of a
 * build has the source `build:<id>`, so the ledger's lot movements under that source already say it
 * (docs/architecture.md#lots-in-builds) — for a build the component lots that left and the assembly
 * lot that arrived, for an unbuild the assembly lot taken apart and the component lots filled.
 * Nothing is stored beside the ledger: this reads it, or the movements the objects just answered.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { fromScaled, type Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { stockLotMovements } from "../db/schema";
import type { Movement } from "../stock/stock-command";
import { buildSource } from "./build-effects";

export type GenealogyLot = { productId: string; lot: string; expiry: string | null; quantity: number };

/** Lots that left stock (`consumed`) and lots that received it (`produced`), quantities positive. */
export type BuildGenealogy = { consumed: GenealogyLot[]; produced: GenealogyLot[] };

type LotSum = { productId: string; lot: string; expiry: string | null; delta: Scaled };

/** The genealogy of these net lot changes, each list by product then lot. */
function genealogyOf(sums: LotSum[]): BuildGenealogy {
	const sorted = [...sums].sort((a, b) =>
		a.productId === b.productId ? (a.lot < b.lot ? -1 : 1) : a.productId < b.productId ? -1 : 1,
	);
	const line = (s: LotSum) => ({
		productId: s.productId,
		lot: s.lot,
		expiry: s.expiry,
		quantity: fromScaled(Math.abs(s.delta)),
	});
	return {
		consumed: sorted.filter((s) => s.delta < 0).map(line),
		produced: sorted.filter((s) => s.delta > 0).map(line),
	};
}

/** The genealogy from the movements the products' objects answered when they applied the build. */
export function genealogyOfMovements(movements: { productId: string; movements: Movement[] }[]): BuildGenealogy {
	const sums = new Map<string, LotSum>();
	for (const { productId, movements: list } of movements)
		for (const m of list)
			for (const l of m.lots ?? []) {
				const key = `${productId}\n${l.lot}`;
				const sum = sums.get(key) ?? { productId, lot: l.lot, expiry: l.expiry, delta: 0 };
				sums.set(key, { ...sum, delta: sum.delta + l.delta });
			}
	return genealogyOf([...sums.values()].filter((s) => s.delta !== 0));
}

/** The genealogy of one build as the ledger holds it (movements flushed to D1). */
export async function buildGenealogy(db: Database, companyId: string, buildId: string): Promise<BuildGenealogy> {
	const rows = await db
		.select({
			productId: stockLotMovements.productId,
			lot: stockLotMovements.lot,
			delta: sql<number>`sum(${stockLotMovements.delta})`.mapWith(Number),
			// One expiry per (product, lot), on every location's row.
			expiry: sql<string | null>`(SELECT l.expiry FROM stock_lot_levels l
				WHERE l.product_id = stock_lot_movements.product_id AND l.lot = stock_lot_movements.lot LIMIT 1)`,
		})
		.from(stockLotMovements)
		.where(and(eq(stockLotMovements.companyId, companyId), eq(stockLotMovements.source, buildSource(buildId))))
		.groupBy(stockLotMovements.productId, stockLotMovements.lot)
		.orderBy(asc(stockLotMovements.productId), asc(stockLotMovements.lot));
	return genealogyOf(rows.filter((r) => r.delta !== 0));
}

/** The genealogy of a build that moved no lot. */
export const NO_LOTS: BuildGenealogy = { consumed: [], produced: [] };
