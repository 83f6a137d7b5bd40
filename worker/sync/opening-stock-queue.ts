/**
 * The items whose opening stock an import still has to settle (worker/sync/catalogue-sync.ts's
 * `settleOpenings`), kept in the company sync object's `opening_queue` table and settled by its
 * alarm a chunk a run, so that a run stays short and the object answers between runs. An item whose
 * opening stock would pass the bounds is logged as dead in the sync log and dropped.
 */
import { MAX_QUANTITY } from "../core/quantity";
import { database } from "../db/client";
import { appendSyncLog } from "../qbo/sync-log";
import { settleOpenings } from "./catalogue-sync";
import type { OpeningStock } from "./import-catalogue";

/** Items one run settles: one D1 batch for the products an import just created (worker/stock/opening-seed.ts). */
const CHUNK = 500;

export class OpeningStockQueue {
	constructor(private readonly sql: SqlStorage) {}

	/**
	 * Queues the items; one already queued stays as it was. Synchronous: for a `transactionSync`.
	 * One statement for them all (a JSON array): 10 000 statements would hold the object for a second.
	 */
	add(items: OpeningStock[]): void {
		const rows = items.map((i) => [i.productId, i.qboItemId, i.qtyOnHand, i.fresh ? 1 : 0]);
		this.sql.exec(
			`INSERT INTO opening_queue (product_id, qbo_item_id, qty_on_hand, fresh)
			 SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) WHERE true
			 ON CONFLICT (product_id) DO NOTHING`,
			JSON.stringify(rows),
		);
	}

	count(): number {
		return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM opening_queue").one().n;
	}

	/** Settles the opening stock of the next items; answers whether some are left. */
	async settleNext(env: Env, companyId: string): Promise<boolean> {
		const items = this.sql
			.exec<{ product_id: string; qbo_item_id: string; qty_on_hand: number; fresh: number }>(
				"SELECT * FROM opening_queue ORDER BY product_id LIMIT ?",
				CHUNK,
			)
			.toArray()
			.map((row) => ({
				productId: row.product_id,
				qboItemId: row.qbo_item_id,
				qtyOnHand: row.qty_on_hand,
				fresh: row.fresh === 1,
			}));
		if (items.length === 0) return false;
		// Refused every time it is tried: said in the sync log, and not kept, or no run would get past it.
		await settleOpenings(env, companyId, items, (item, refusal) =>
			appendSyncLog(database(env.DB), companyId, [
				{
					source: "import",
					entity: "Item",
					entityId: item.qboItemId,
					operation: "import",
					status: "dead",
					attempts: 1,
					error: `Stockroom did not set the opening stock of this item: QuickBooks' quantity would take it beyond ±${MAX_QUANTITY} (${refusal.errors?.map((e) => e.message).join("; ") ?? refusal.detail}).`,
				},
			]),
		);
		// Settled (or refused for good) as a whole: a run cut short before this settles them again, which changes nothing.
		this.sql.exec(
			"DELETE FROM opening_queue WHERE product_id IN (SELECT value FROM json_each(?))",
			JSON.stringify(items.map((i) => i.productId)),
		);
		return this.count() > 0;
	}
}
