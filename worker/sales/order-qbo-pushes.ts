/**
 * What an order tells QuickBooks itself (docs/architecture.md#sales-flow): goods delivered while no
 * invoice or sales receipt governs the order — on an estimate — left the shelves, but no QuickBooks
 * document moved its quantity. With stock sync on, they are pushed out of QuickBooks' quantity as
 * InventoryAdjustments; once an invoice takes the order over, QuickBooks' invoice moves the
 * quantity itself, and what was pushed is pushed back: the invoice is handed the goods.
 *
 * Target per product = delivered + shipped while the order has never had an invoice or sales
 * receipt, else 0; `orders.qbo_pushed` keeps what was pushed. A change of the target is first
 * claimed in D1 (the new total and the pushes owed, in `qbo_push_pending`, guarded by the old
 * total), then handed to the company's sync object, then cleared: a crash in between leaves it
 * pending, and the next application of the order (its retry, the cron's repair) hands it again
 * under the same keys, so it reaches QuickBooks once.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { type OrderPushRecord, orders } from "../db/schema";
import { queueStockPush } from "../qbo/queue-stock-push";
import { getSettings } from "../settings/company-settings";
import type { Order } from "./order-store";

/** Per product, what the order's pushes must add up to now. */
export function pushTarget(order: Pick<Order, "salesQboId" | "lines">): Map<string, Scaled> {
	const target = new Map<string, Scaled>();
	if (order.salesQboId !== null) return target;
	for (const line of order.lines) {
		const out = line.delivered + line.shipped;
		if (out !== 0) target.set(line.productId, (target.get(line.productId) ?? 0) + out);
	}
	return target;
}

/** Hands the order's pushes to QuickBooks: a pending claim first, then the change of its target. */
export async function handOrderPushes(env: Env, db: Database, order: Order): Promise<void> {
	if (order.qboPushPending) await handOver(env, db, order, order.qboPushPending);
	// A claim sets the new total with the pushes it owes: once handed over, it is what was pushed.
	const pushed = order.qboPushed;
	const target = pushTarget(order);
	const products = new Set([...Object.keys(pushed), ...target.keys()]);
	if (products.size === 0) return;
	// Without stock sync, QuickBooks' quantity is not ours to move: nothing is pushed, nothing kept.
	if (!(await getSettings(db, order.companyId)).stockSyncToQbo) return;
	const lines = [...products].flatMap((productId) => {
		// Pushed out of QuickBooks' quantity: a negative difference.
		const qtyDiff = (pushed[productId] ?? 0) - (target.get(productId) ?? 0);
		return qtyDiff === 0 ? [] : [{ productId, qtyDiff }];
	});
	if (lines.length === 0) return;
	const claim: OrderPushRecord = { key: `o-${order.id}-${order.version}`, lines };
	const claimed = await db
		.update(orders)
		.set({ qboPushed: Object.fromEntries(target), qboPushPending: claim })
		.where(
			and(
				eq(orders.companyId, order.companyId),
				eq(orders.id, order.id),
				sql`${orders.qboPushed} = ${JSON.stringify(pushed)}`,
				isNull(orders.qboPushPending),
			),
		)
		.returning({ id: orders.id });
	// Another application of the order claimed first: it hands the pushes over.
	if (claimed.length === 0) return;
	await handOver(env, db, order, claim);
}

async function handOver(env: Env, db: Database, order: Order, claim: OrderPushRecord): Promise<void> {
	for (const [i, line] of claim.lines.entries())
		await queueStockPush(env, order.companyId, line.productId, { key: `${claim.key}-${i}`, qtyDiff: line.qtyDiff });
	await db
		.update(orders)
		.set({ qboPushPending: null })
		.where(
			and(
				eq(orders.companyId, order.companyId),
				eq(orders.id, order.id),
				sql`json_extract(${orders.qboPushPending}, '$.key') = ${claim.key}`,
			),
		);
}
