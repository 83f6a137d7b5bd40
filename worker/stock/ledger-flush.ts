/**
 * Turns a product object's outbox into D1 writes. Replaying the same batch is harmless: a
 * movement is keyed by (product, seq), and a level row only moves forward in `last_seq`.
 */
import { sql } from "drizzle-orm";
import type { BatchStatement, Database } from "../db/client";
import { stockLevels, stockMovements } from "../db/schema";
import type { Movement, ProductRef } from "./stock-command";

/** The statements that record `movements` (in seq order) and the levels they leave behind. */
export function ledgerFlushStatements(db: Database, ref: ProductRef, movements: Movement[]): BatchStatement[] {
	const statements: BatchStatement[] = movements.map((m) =>
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
	const latestPerLocation = new Map<string, Movement>();
	for (const m of movements) latestPerLocation.set(m.locationId, m);
	for (const m of latestPerLocation.values()) {
		statements.push(
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
					updatedAt: m.at,
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
				}),
		);
	}
	return statements;
}
