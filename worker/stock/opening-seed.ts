/**
 * Opening stock written straight to D1 for products whose object has never been used, so that an
 * import of 10 000 items does not wake 10 000 product objects one after the other (each a D1 round
 * trip or two and a storage of its own); the object starts from that opening when it first wakes.
 *
 * Two halves of one protocol, kept together here:
 * - the import (`seedOpenings`) writes an item's opening movement (seq 1) and its level row only
 *   where the product has no movement and every level row of it still stands at `last_seq` 0 —
 *   no object has claimed it (products are created with a row at every location at `last_seq` 0,
 *   worker/catalogue/products.ts);
 * - a product object, before its first command or read (`claimProduct`), sets its product's
 *   untouched rows to `last_seq` −1 — the claim — and reads back the movements already there.
 * D1 runs a batch as one transaction, so for each product one of them is first: either the object
 * finds the opening and starts from it (worker/stock/product-stock.ts), or the import finds the
 * claim, writes nothing, and its caller settles that item through the object like any command.
 * Either way, one writer per product and (product, seq) never taken twice: the invariants of
 * docs/architecture.md#invariants-and-reconciliation hold.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { ulid } from "ulid";
import type { Database } from "../db/client";
import { stockLevels, stockMovements } from "../db/schema";
import { chunk } from "../lib/chunk";
import { ZERO } from "./effects";
import { boundsViolations } from "./quantity-bounds";
import type { Movement, MovementKind, ProductRef } from "./stock-command";

/** An item's opening stock: one adjustment of `quantity` (scaled) under `source` at `locationId`. */
export type Opening = { productId: string; locationId: string; source: string; quantity: number; reason: string };

/** Openings per D1 batch: each travels in one JSON parameter, so this bounds the batch's size, not its parameters. */
const SEED_BATCH = 500;

/**
 * Writes each opening whose product no object has claimed, as the object would have (an
 * `adjustment` movement at seq 1 and the level it leaves). Answers the products written; the
 * others (claimed, or a quantity out of bounds, which only the object refuses in words) are the
 * caller's to settle through their object.
 */
export async function seedOpenings(db: Database, companyId: string, openings: Opening[]): Promise<Set<string>> {
	const seeded = new Set<string>();
	const fit = openings.filter(
		(o) => boundsViolations("level", o.locationId, { ...ZERO, onHand: o.quantity }).length === 0,
	);
	for (const part of chunk(fit, SEED_BATCH)) {
		const at = Date.now();
		const rows = JSON.stringify(
			part.map((o) => ({
				id: ulid(),
				product: o.productId,
				location: o.locationId,
				source: o.source,
				quantity: o.quantity,
				reason: o.reason,
			})),
		);
		const field = (name: string) => sql.raw(`json_extract(j.value, '$.${name}')`);
		const kind: MovementKind = "adjustment";
		const [, written] = await db.batch([
			// Selected in the table's column order: drizzle inserts a raw select into every column.
			db
				.insert(stockMovements)
				.select(
					sql`SELECT ${field("id")}, ${companyId}, ${field("product")}, ${field("location")}, 1, ${field("source")},
						${kind}, ${field("reason")}, ${field("quantity")}, 0, 0, ${field("quantity")}, 0, 0, ${at}
					FROM json_each(${rows}) j
					WHERE EXISTS (SELECT 1 FROM stock_levels s WHERE s.product_id = ${field("product")}
							AND s.location_id = ${field("location")} AND s.company_id = ${companyId} AND s.last_seq = 0)
						AND NOT EXISTS (SELECT 1 FROM stock_levels s WHERE s.product_id = ${field("product")} AND s.last_seq <> 0)
						AND NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.product_id = ${field("product")})`,
				)
				.onConflictDoNothing(),
			// The rows of the movements just written (their ids are new, so a claimed product has none);
			// each product's only movement is that opening, at seq 1.
			db
				.update(stockLevels)
				.set({
					onHand: sql`(SELECT m.on_hand_after FROM stock_movements m
						WHERE m.product_id = stock_levels.product_id AND m.seq = 1)`,
					lastSeq: 1,
					updatedAt: at,
				})
				.where(
					and(
						eq(stockLevels.companyId, companyId),
						eq(stockLevels.lastSeq, 0),
						sql`(stock_levels.product_id, stock_levels.location_id) IN (SELECT m.product_id, m.location_id
							FROM stock_movements m WHERE m.id IN (SELECT ${field("id")} FROM json_each(${rows}) j))`,
					),
				)
				.returning({ productId: stockLevels.productId }),
		]);
		for (const row of written) seeded.add(row.productId);
	}
	return seeded;
}

/**
 * The object's claim on its product, made once before it first applies or reports anything:
 * its rows that no flush has written yet go to `last_seq` −1, so that `seedOpenings` leaves the
 * product alone from now on, and the movements already in D1 (an opening written by an import)
 * come back, in seq order, for the object to start from.
 */
export async function claimProduct(db: Database, ref: ProductRef): Promise<Movement[]> {
	const [, rows] = await db.batch([
		db
			.update(stockLevels)
			.set({ lastSeq: -1 })
			.where(
				and(
					eq(stockLevels.companyId, ref.companyId),
					eq(stockLevels.productId, ref.productId),
					eq(stockLevels.lastSeq, 0),
				),
			),
		db
			.select()
			.from(stockMovements)
			.where(and(eq(stockMovements.companyId, ref.companyId), eq(stockMovements.productId, ref.productId)))
			.orderBy(asc(stockMovements.seq)),
	]);
	return rows.map((r) => ({
		id: r.id,
		seq: r.seq,
		source: r.source,
		kind: r.kind as MovementKind,
		reason: r.reason,
		locationId: r.locationId,
		delta: { onHand: r.onHandDelta, reserved: r.reservedDelta, incoming: r.incomingDelta },
		after: { onHand: r.onHandAfter, reserved: r.reservedAfter, incoming: r.incomingAfter },
		at: r.at,
	}));
}
