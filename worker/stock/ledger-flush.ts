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

/** Each lot's part of `movements`, and the lot levels they leave behind (forward only in `last_seq`). */
function lotFlushStatements(db: Database, ref: ProductRef, movements: Movement[]): BatchStatement[] {
	const flushedAt = Date.now();
	const parts = movements.flatMap((m) => (m.lots ?? []).map((lot) => ({ m, lot })));
	const latest = new Map<string, (typeof parts)[number]>();
	for (const part of parts) latest.set(`${part.m.locationId}/${part.lot.lot}`, part);
	return [
		...parts.map(({ m, lot }) =>
			db
				.insert(stockLotMovements)
				.values({
					movementId: m.id,
					companyId: ref.companyId,
					productId: ref.productId,
					locationId: m.locationId,
					lot: lot.lot,
					source: m.source,
					delta: lot.delta,
					after: lot.after,
					at: m.at,
				})
				.onConflictDoNothing(),
		),
		...[...latest.values()].map(({ m, lot }) =>
			db
				.insert(stockLotLevels)
				.values({
					companyId: ref.companyId,
					productId: ref.productId,
					locationId: m.locationId,
					lot: lot.lot,
					expiry: lot.expiry,
					batch: lot.batch ?? null,
					onHand: lot.after,
					lastSeq: m.seq,
					updatedAt: flushedAt,
				})
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
		),
		// A lot that first came without an expiry and now has one: its rows at other locations learn it too.
		...[...new Map(parts.filter((p) => p.lot.expiry !== null).map((p) => [p.lot.lot, p.lot.expiry])).entries()].map(
			([lot, expiry]) =>
				db
					.update(stockLotLevels)
					.set({ expiry })
					.where(
						and(
							eq(stockLotLevels.companyId, ref.companyId),
							eq(stockLotLevels.productId, ref.productId),
							eq(stockLotLevels.lot, lot),
							isNull(stockLotLevels.expiry),
						),
					),
		),
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
