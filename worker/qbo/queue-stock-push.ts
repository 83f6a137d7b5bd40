/**
 * After a Stockroom-only change of stock, hands it to the company's sync object for pushing to
 * QBO — when the company syncs stock to QBO, is connected, and the product is a QBO inventory item.
 */
import { and, eq } from "drizzle-orm";
import { database } from "../db/client";
import { companySettings, products, qboConnections } from "../db/schema";

export async function queueStockPush(
	env: Env,
	companyId: string,
	productId: string,
	push: { key: string; qtyDiff: number },
): Promise<boolean> {
	if (push.qtyDiff === 0) return false;
	// One query for the three conditions: this runs after every adjustment and count.
	const [target] = await database(env.DB)
		.select({ qboItemId: products.qboId, realmId: qboConnections.realmId })
		.from(products)
		.innerJoin(
			companySettings,
			and(eq(companySettings.companyId, products.companyId), eq(companySettings.stockSyncToQbo, true)),
		)
		.innerJoin(
			qboConnections,
			and(eq(qboConnections.companyId, products.companyId), eq(qboConnections.status, "connected")),
		)
		.where(and(eq(products.id, productId), eq(products.companyId, companyId), eq(products.type, "inventory")));
	if (!target?.qboItemId) return false;
	await env.COMPANY_SYNC.get(env.COMPANY_SYNC.idFromName(target.realmId)).queuePush(target.realmId, {
		key: push.key,
		qboItemId: target.qboItemId,
		qtyDiff: push.qtyDiff,
	});
	return true;
}
