/**
 * "Estimates create orders" switched on makes orders of the open estimates at once (not on each
 * estimate's next edit): every estimate Stockroom holds as active that has no order — or whose
 * order was released when the setting was switched off (worker/sales/estimate-orders-release.ts) —
 * is read again from QuickBooks through the company's sync object and synced as usual, which makes
 * its order, reserving. The events are keyed by the switch (`remap:<time>:Estimate:<id>`), so each
 * switch reads each estimate once; an estimate that has its order is synced to no change.
 */
import { and, eq, isNull, or } from "drizzle-orm";
import { database } from "../db/client";
import { orders, qboDocuments } from "../db/schema";
import type { InboundEvent } from "../qbo/inbound-event";
import { loadConnection } from "../qbo/qbo-connection";
import { deliverToCompany } from "./company-sync-client";

/** Queues the estimates to read again; answers how many (0 when the company is not connected). */
export async function queueEstimateRemap(env: Env, companyId: string): Promise<{ estimates: number }> {
	const db = database(env.DB);
	const connection = await loadConnection(env, db, companyId);
	if (connection?.status !== "connected") return { estimates: 0 };
	const estimates = await db
		.select({ qboId: qboDocuments.qboId })
		.from(qboDocuments)
		.leftJoin(
			orders,
			and(
				eq(orders.companyId, qboDocuments.companyId),
				eq(orders.originType, "estimate"),
				eq(orders.originQboId, qboDocuments.qboId),
			),
		)
		.where(
			and(
				eq(qboDocuments.companyId, companyId),
				eq(qboDocuments.entityType, "Estimate"),
				eq(qboDocuments.status, "active"),
				or(isNull(orders.id), and(eq(orders.status, "cancelled"), isNull(orders.salesQboId))),
			),
		);
	if (estimates.length === 0) return { estimates: 0 };
	const switched = Date.now();
	const occurredAt = new Date(switched).toISOString();
	const events: InboundEvent[] = estimates.map(({ qboId }) => ({
		key: `remap:${switched}:Estimate:${qboId}`,
		realmId: connection.realmId,
		entity: "Estimate",
		entityId: qboId,
		operation: "update",
		occurredAt,
	}));
	await deliverToCompany(env, connection.realmId, events);
	return { estimates: estimates.length };
}
