/**
 * The items whose opening stock an import still has to settle (worker/sync/catalogue-sync.ts's
 * `settleOpeningStock`), kept in the company sync object's `opening_queue` table and settled by its
 * alarm a chunk a run: each item is a call to its product object, and a run must not hold too many.
 * An item whose opening stock would pass the bounds is logged as dead in the sync log and dropped.
 */
import { MAX_QUANTITY } from "../core/quantity";
import { database } from "../db/client";
import { appendSyncLog } from "../qbo/sync-log";
import { isQuantityRefusal } from "../stock/product-stock-client";
import { settleOpeningStock } from "./catalogue-sync";
import type { OpeningStock } from "./import-catalogue";

/** Items one run settles. */
const CHUNK = 200;

export class OpeningStockQueue {
	constructor(private readonly sql: SqlStorage) {}

	/** Queues the items; one already queued stays as it was. Synchronous: for a `transactionSync`. */
	add(items: OpeningStock[]): void {
		for (const item of items)
			this.sql.exec(
				"INSERT INTO opening_queue (product_id, qbo_item_id, qty_on_hand) VALUES (?, ?, ?) ON CONFLICT (product_id) DO NOTHING",
				item.productId,
				item.qboItemId,
				item.qtyOnHand,
			);
	}

	count(): number {
		return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM opening_queue").one().n;
	}

	/** Settles the opening stock of the next items; answers whether some are left. */
	async settleNext(env: Env, companyId: string): Promise<boolean> {
		const rows = this.sql
			.exec<{ product_id: string; qbo_item_id: string; qty_on_hand: number }>(
				"SELECT * FROM opening_queue ORDER BY product_id LIMIT ?",
				CHUNK,
			)
			.toArray();
		if (rows.length === 0) return false;
		for (const row of rows) {
			await settleOpeningStock(env, companyId, {
				productId: row.product_id,
				qboItemId: row.qbo_item_id,
				qtyOnHand: row.qty_on_hand,
			}).catch(async (error: unknown) => {
				// Refused every time it is tried: said in the sync log, and not kept, or no run would get past it.
				if (!isQuantityRefusal(error)) throw error;
				await appendSyncLog(database(env.DB), companyId, [
					{
						source: "import",
						entity: "Item",
						entityId: row.qbo_item_id,
						operation: "import",
						status: "dead",
						attempts: 1,
						error: `Stockroom did not set the opening stock of this item: QuickBooks' quantity would take it beyond ±${MAX_QUANTITY} (${error.errors?.map((e) => e.message).join("; ") ?? error.detail}).`,
					},
				]);
			});
			this.sql.exec("DELETE FROM opening_queue WHERE product_id = ?", row.product_id);
		}
		return this.count() > 0;
	}
}
