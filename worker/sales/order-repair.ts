/**
 * The cron's repair of orders whose last change did not reach every product object (a crash
 * between the D1 batch and the objects): each is applied again — absolute effects, so an order
 * already right stays right. Bounded per run; the next tick takes the rest. A version a product
 * object refused (a quantity beyond the bounds) is marked so and not taken again.
 */
import { database } from "../db/client";
import { isQuantityRefusal } from "../stock/product-stock-client";
import { applyOrder } from "./order-effects";
import { ordersToRepair } from "./order-store";

/** How many orders one cron run repairs at most. */
const ORDER_REPAIR_BATCH = 50;

export async function repairUnappliedOrders(env: Env, limit = ORDER_REPAIR_BATCH): Promise<number> {
	const behind = await ordersToRepair(database(env.DB), limit);
	const results = await Promise.allSettled(
		behind.map((o) => applyOrder(env, o.companyId, o.id, { interactive: false })),
	);
	for (const [i, result] of results.entries()) {
		if (result.status !== "rejected") continue;
		// Refused by the stock's bounds: marked so (applyOrder), and not taken again.
		if (isQuantityRefusal(result.reason))
			console.warn(`repair of order ${behind[i]?.id} gave up: ${result.reason.detail}`);
		else console.error(`repair of order ${behind[i]?.id} failed`, result.reason);
	}
	return behind.length;
}
