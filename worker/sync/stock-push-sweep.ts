/**
 * The cron's hand-over of stock pushes a crash left owed: a user's adjustment or count whose key
 * still says `push_pending` minutes after it was claimed — the command reached its product object,
 * but the request stopped before its push reached the company's sync object, and no retry came
 * (worker/stock/stock-commands.ts). The push is rebuilt from the ledger, keyed by the command's
 * first movement like the request's own, so a late request and the sweep queue it once.
 */
import { and, asc, eq, lt, sql } from "drizzle-orm";
import { database } from "../db/client";
import { commandKeys, stockMovements } from "../db/schema";
import { queueStockPush } from "../qbo/queue-stock-push";

/** A request still running is left alone this long. */
const SETTLE_MS = 2 * 60_000;
/** A key with no movement this long after its claim: the command never applied (a crash before it). */
const GIVE_UP_MS = 60 * 60_000;
/** Keys per tick: the rest waits for the next one. */
const BATCH = 100;

export async function sweepPendingStockPushes(env: Env, now = Date.now()): Promise<number> {
	const db = database(env.DB);
	const owed = await db
		.select({
			companyId: commandKeys.companyId,
			key: commandKeys.key,
			kind: commandKeys.kind,
			at: commandKeys.createdAt,
		})
		.from(commandKeys)
		.where(and(sql`${commandKeys.pushPending} = 1`, lt(commandKeys.createdAt, now - SETTLE_MS)))
		.orderBy(asc(commandKeys.createdAt))
		.limit(BATCH);
	let handed = 0;
	for (const claim of owed) {
		const moved = await db
			.select({ id: stockMovements.id, productId: stockMovements.productId, delta: stockMovements.onHandDelta })
			.from(stockMovements)
			.where(
				and(eq(stockMovements.companyId, claim.companyId), eq(stockMovements.source, `${claim.kind}:${claim.key}`)),
			)
			.orderBy(asc(stockMovements.seq));
		const [first] = moved;
		if (!first && now - claim.at < GIVE_UP_MS) continue;
		if (first) {
			const qtyDiff = moved.reduce((sum, m) => sum + m.delta, 0);
			if (await queueStockPush(env, claim.companyId, first.productId, { key: first.id, qtyDiff })) handed++;
		}
		await db
			.update(commandKeys)
			.set({ pushPending: false })
			.where(and(eq(commandKeys.companyId, claim.companyId), eq(commandKeys.key, claim.key)));
	}
	return handed;
}
