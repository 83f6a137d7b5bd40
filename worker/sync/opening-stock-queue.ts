/**
 * The items whose opening stock an import still has to settle (worker/sync/catalogue-sync.ts's
 * `settleOpeningStock`), kept in the company sync object's `opening_queue` table and settled by its
 * alarm a chunk a run: each item is a call to its product object, and a run must not hold too many.
 */
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
			});
			this.sql.exec("DELETE FROM opening_queue WHERE product_id = ?", row.product_id);
		}
		return this.count() > 0;
	}
}
