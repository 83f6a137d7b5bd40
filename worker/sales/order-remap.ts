/**
 * A change of the company's order mode re-maps its open orders at once (not on their next edit).
 * The rule: what is shipped or delivered stays so; what is still open follows the new mode. An
 * order open or partially delivered takes the new mode and its lines are computed again from its
 * documents and delivery notes (`orderState`): switched to ship on invoice, what its invoice still
 * reserves ships now; switched to reserve until delivery, an order that has not shipped (an
 * estimate's, before its invoice) will reserve when its invoice comes. An order already delivered
 * (every invoice in ship-on-invoice mode is) or cancelled keeps its mode: its goods have left.
 *
 * Each re-map is an ordinary change of the order (its next version, a revision "settings:order_mode"),
 * applied to the product objects like any other: running the re-map again finds nothing left to do,
 * and a crash after the D1 batch is completed by the cron's repair (`applied_version` behind).
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { database } from "../db/client";
import { orders } from "../db/schema";
import { isQuantityRefusal } from "../stock/product-stock-client";
import { applyOrder } from "./order-effects";
import { type OrderMode, orderState } from "./order-state";
import { findOrder, noteDeliveredOf, orderChangeStatements, withOrderRetry } from "./order-store";

/** How many orders are re-mapped at once. */
const REMAP_CONCURRENCY = 8;

/** Re-maps every open order of the company under `mode`; answers how many changed. */
export async function remapOpenOrders(env: Env, companyId: string, mode: OrderMode): Promise<{ remapped: number }> {
	const db = database(env.DB);
	const open = await db
		.select({ id: orders.id })
		.from(orders)
		.where(
			and(
				eq(orders.companyId, companyId),
				inArray(orders.status, ["open", "partially_delivered"]),
				ne(orders.mode, mode),
			),
		);
	let remapped = 0;
	for (let i = 0; i < open.length; i += REMAP_CONCURRENCY) {
		const results = await Promise.allSettled(
			open.slice(i, i + REMAP_CONCURRENCY).map((o) => remapOrder(env, companyId, o.id, mode)),
		);
		for (const [j, result] of results.entries()) {
			if (result.status === "fulfilled") remapped += result.value ? 1 : 0;
			// Refused by the stock's bounds: the version is marked refused (applyOrder); others throw.
			else if (!isQuantityRefusal(result.reason)) throw result.reason;
			else console.warn(`re-map of order ${open[i + j]?.id} refused: ${result.reason.detail}`);
		}
	}
	return { remapped };
}

/** One order: its next version under `mode`, then applied. False when it no longer needed it. */
async function remapOrder(env: Env, companyId: string, orderId: string, mode: OrderMode): Promise<boolean> {
	const db = database(env.DB);
	const changed = await withOrderRetry(async () => {
		const order = await findOrder(db, companyId, orderId);
		if (!order || order.mode === mode || (order.status !== "open" && order.status !== "partially_delivered"))
			return false;
		const state = orderState({
			mode,
			documents: order.documents,
			salesQboId: order.salesQboId,
			noteDelivered: await noteDeliveredOf(db, companyId, order.id),
			previousProducts: order.lines.map((l) => l.productId),
		});
		await db.batch(
			orderChangeStatements(
				db,
				order,
				{ mode, status: state.status, lines: state.lines, flags: state.flags },
				`settings:order_mode:${mode}`,
			),
		);
		return true;
	});
	if (changed) await applyOrder(env, companyId, orderId, { interactive: true });
	return changed;
}
