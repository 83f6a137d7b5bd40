/**
 * "Estimates create orders" switched off releases at once what the estimates' orders reserve (not
 * on each estimate's next edit): an order no invoice or sales receipt has governed, with nothing
 * delivered yet, is cancelled — its estimate stays in its documents, so switching the setting on
 * again (worker/sync/estimate-remap.ts) or an invoice made from the estimate brings it back. An
 * order with goods delivered keeps them delivered and stays as it is: its goods have left.
 *
 * Each release is an ordinary change of the order (its next version, revision
 * "settings:estimates_create_orders:off"), applied to the product objects like any other; running it
 * again finds nothing left to do, and a crash after the D1 batch is completed by the cron's repair.
 */
import { and, eq, isNull } from "drizzle-orm";
import { database } from "../db/client";
import { orders } from "../db/schema";
import { applyOrder } from "./order-effects";
import { orderState } from "./order-state";
import { findOrder, noteDeliveredOf, orderChangeStatements, withOrderRetry } from "./order-store";

/** Cancels the open orders of estimates alone; answers how many. */
export async function releaseEstimateOrders(env: Env, companyId: string): Promise<{ released: number }> {
	const db = database(env.DB);
	const open = await db
		.select({ id: orders.id })
		.from(orders)
		.where(and(eq(orders.companyId, companyId), eq(orders.status, "open"), isNull(orders.salesQboId)));
	let released = 0;
	for (const { id } of open) if (await releaseOrder(env, companyId, id)) released++;
	return { released };
}

async function releaseOrder(env: Env, companyId: string, orderId: string): Promise<boolean> {
	const db = database(env.DB);
	const changed = await withOrderRetry(async () => {
		const order = await findOrder(db, companyId, orderId);
		if (order?.status !== "open" || order.salesQboId !== null) return false;
		const noteDelivered = await noteDeliveredOf(db, companyId, order.id);
		if ([...noteDelivered.values()].some((q) => q !== 0)) return false;
		// Computed as if its estimate were closed: nothing ordered, nothing reserved.
		const state = orderState({
			mode: order.mode,
			documents: order.documents.map((d) => (d.type === "estimate" ? { ...d, status: "closed" as const } : d)),
			salesQboId: null,
			noteDelivered,
			previousProducts: order.lines.map((l) => l.productId),
		});
		await db.batch(
			orderChangeStatements(
				db,
				order,
				{ status: state.status, lines: state.lines },
				"settings:estimates_create_orders:off",
			),
		);
		return true;
	});
	if (changed) await applyOrder(env, companyId, orderId, { interactive: true });
	return changed;
}
