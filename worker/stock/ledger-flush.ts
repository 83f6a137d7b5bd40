/**
 * Turns a product object's outbox into D1 writes. Replaying the same batch is harmless: a
 * movement is keyed by (product, seq), and a level row only moves forward in `last_seq`.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { BatchStatement, Database } from "../db/client";
import { stockLevels, stockLotLevels, stockLotMovements, stockMovements } from "../db/schema";
import type { Movement, ProductRef } from "./stock-command";

/** A level row as a flush left it: what the live feed publishes. */
export type FlushedLevel = {
	productId: string;
	locationId: string;
	onHand: number;
	reserved: number;
	incoming: number;
	version: number;
};

/**
 * Records `movements` (in seq order) and the levels they leave behind in one D1 batch, and answers
 * the level rows it moved, with their current version. A replayed batch moves no row and answers none.
 */
export async function flushLedger(db: Database, ref: ProductRef, movements: Movement[]): Promise<FlushedLevel[]> {
	// Lots first, so that the level upserts stay last (their RETURNING rows are the answer).
	const ledger = [...ledgerFlushStatements(db, ref, movements), ...lotFlushStatements(db, ref, movements)];
	const levels = levelFlushStatements(db, ref, movements);
	const [first, ...rest] = [...ledger, ...levels];
	if (!first) return [];
	const results = await db.batch([first, ...rest]);
	// The level upserts come last, each answering its row through RETURNING (none when `setWhere` held it back).
	return (results.slice(ledger.length) as FlushedLevel[][]).flat();
}

/** The statements that record `movements` in the ledger. */
function ledgerFlushStatements(db: Database, ref: ProductRef, movements: Movement[]): BatchStatement[] {
	return movements.map((m) =>
		db
			.insert(stockMovements)
			.values({
				id: m.id,
				companyId: ref.companyId,
				productId: ref.productId,
				locationId: m.locationId,
				seq: m.seq,
				source: m.source,
				kind: m.kind,
				reason: m.reason,
				onHandDelta: m.delta.onHand,
				reservedDelta: m.delta.reserved,
				incomingDelta: m.delta.incoming,
				onHandAfter: m.after.onHand,
				reservedAfter: m.after.reserved,
				incomingAfter: m.after.incoming,
				at: m.at,
			})
			.onConflictDoNothing(),
	);
}

/**
 * Each lot's part of `movements`, and the lot levels they leave behind (forward only in `last_seq`),
 * in at most three statements whatever the number of lots: a receipt of 200 serials must not turn
 * a flush into hundreds of D1 queries. The rows travel as one JSON array each (`json_each`).
 */
function lotFlushStatements(db: Database, ref: ProductRef, movements: Movement[]): BatchStatement[] {
	const flushedAt = Date.now();
	const parts = movements.flatMap((m) => (m.lots ?? []).map((lot) => ({ m, lot })));
	if (parts.length === 0) return [];
	const latest = new Map<string, (typeof parts)[number]>();
	for (const part of parts) latest.set(`${part.m.locationId}/${part.lot.lot}`, part);
	const lotMovements = parts.map(({ m, lot }) => ({
		id: m.id,
		location: m.locationId,
		lot: lot.lot,
		source: m.source,
		delta: lot.delta,
		after: lot.after,
		at: m.at,
	}));
	const lotLevels = [...latest.values()].map(({ m, lot }) => ({
		location: m.locationId,
		lot: lot.lot,
		expiry: lot.expiry,
		batch: lot.batch ?? null,
		onHand: lot.after,
		seq: m.seq,
	}));
	// A lot that first came without an expiry and now has one: its rows at other locations learn it too.
	const dated = [...new Map(parts.filter((p) => p.lot.expiry !== null).map((p) => [p.lot.lot, p.lot.expiry]))].map(
		([lot, expiry]) => ({ lot, expiry }),
	);
	const field = (name: string) => sql.raw(`json_extract(j.value, '$.${name}')`);
	// Selected in the tables' column order: drizzle inserts a raw select into every column.
	return [
		db
			.insert(stockLotMovements)
			.select(
				sql`SELECT ${field("id")}, ${ref.companyId}, ${ref.productId}, ${field("location")}, ${field("lot")},
					${field("source")}, ${field("delta")}, ${field("after")}, ${field("at")}
				FROM json_each(${JSON.stringify(lotMovements)}) j WHERE true`,
			)
			.onConflictDoNothing(),
		db
			.insert(stockLotLevels)
			.select(
				sql`SELECT ${ref.companyId}, ${ref.productId}, ${field("location")}, ${field("lot")}, ${field("expiry")},
					${field("batch")}, ${field("onHand")}, ${field("seq")}, ${flushedAt}
				FROM json_each(${JSON.stringify(lotLevels)}) j WHERE true`,
			)
			.onConflictDoUpdate({
				target: [stockLotLevels.productId, stockLotLevels.locationId, stockLotLevels.lot],
				set: {
					onHand: sql`excluded.on_hand`,
					expiry: sql`excluded.expiry`,
					batch: sql`coalesce(excluded.batch, ${stockLotLevels.batch})`,
					lastSeq: sql`excluded.last_seq`,
					updatedAt: sql`excluded.updated_at`,
				},
				setWhere: sql`excluded.last_seq > ${stockLotLevels.lastSeq}`,
			}),
		...(dated.length > 0
			? [
					db
						.update(stockLotLevels)
						.set({
							expiry: sql`(SELECT ${field("expiry")} FROM json_each(${JSON.stringify(dated)}) j
								WHERE ${field("lot")} = ${stockLotLevels.lot})`,
						})
						.where(
							and(
								eq(stockLotLevels.companyId, ref.companyId),
								eq(stockLotLevels.productId, ref.productId),
								isNull(stockLotLevels.expiry),
								sql`${stockLotLevels.lot} IN (SELECT ${field("lot")} FROM json_each(${JSON.stringify(dated)}) j)`,
							),
						),
				]
			: []),
	];
}

/** The upserts of the levels `movements` leave behind, each returning the row it wrote. */
function levelFlushStatements(db: Database, ref: ProductRef, movements: Movement[]) {
	// When the row changed in D1, not when the movement was applied: a flush the alarm retried
	// minutes later must still show in `GET /levels?changedSince=` (the live feed's catch-up).
	const flushedAt = Date.now();
	const latestPerLocation = new Map<string, Movement>();
	for (const m of movements) latestPerLocation.set(m.locationId, m);
	return [...latestPerLocation.values()].map((m) =>
		db
			.insert(stockLevels)
			.values({
				companyId: ref.companyId,
				productId: ref.productId,
				locationId: m.locationId,
				onHand: m.after.onHand,
				reserved: m.after.reserved,
				incoming: m.after.incoming,
				lastSeq: m.seq,
				updatedAt: flushedAt,
			})
			.onConflictDoUpdate({
				target: [stockLevels.productId, stockLevels.locationId],
				set: {
					onHand: sql`excluded.on_hand`,
					reserved: sql`excluded.reserved`,
					incoming: sql`excluded.incoming`,
					lastSeq: sql`excluded.last_seq`,
					updatedAt: sql`excluded.updated_at`,
				},
				setWhere: sql`excluded.last_seq > ${stockLevels.lastSeq}`,
			})
			.returning({
				productId: stockLevels.productId,
				locationId: stockLevels.locationId,
				onHand: stockLevels.onHand,
				reserved: stockLevels.reserved,
				incoming: stockLevels.incoming,
				version: stockLevels.version,
			}),
	);
}
