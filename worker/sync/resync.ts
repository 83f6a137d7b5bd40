/**
 * Resync on demand.
 * - From QBO: the catalogue again, and every document changed since the connection queued as an
 *   event — documents already applied at their version change nothing, missed ones are applied.
 * - To QBO: each inventory item's QtyOnHand at QBO set to Stockroom's total on hand, by pushed
 *   InventoryAdjustments (the usual push queue, idempotent per run and item).
 */
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { database } from "../db/client";
import { products, stockLevels } from "../db/schema";
import { QBO_DOCUMENT_TYPES } from "../qbo/document-entities";
import { type InboundEvent, isQboId } from "../qbo/inbound-event";
import type { QboApi } from "../qbo/qbo-api";
import { qboDecimalToScaled } from "../qbo/qbo-decimal";
import { importCatalogue } from "./import-catalogue";
import type { StockPush } from "./stock-push";

/**
 * Events for every document QBO changed since the connection, keyed per run so that they are all
 * processed. Older documents are already in the opening stock (QBO's quantity at import).
 */
export async function resyncFromQbo(
	env: Env,
	company: { companyId: string; realmId: string; connectedAt: number },
	api: QboApi,
	runId: string,
) {
	const { companyId, realmId } = company;
	const catalogue = await importCatalogue(env, companyId, api);
	const events: InboundEvent[] = [];
	const occurredAt = new Date().toISOString();
	// A minute of margin: QBO's clock and ours differ.
	const since = new Date(company.connectedAt - 60_000).toISOString();
	for (const entity of QBO_DOCUMENT_TYPES) {
		for (const doc of await api.queryAll(entity, `WHERE Metadata.LastUpdatedTime >= '${since}'`)) {
			const id = String(doc.Id ?? "");
			// An id that is not QBO's could never be read back: it would only fail in the inbox.
			if (!isQboId(id)) continue;
			events.push({
				key: `resync:${runId}:${entity}:${id}`,
				realmId,
				entity,
				entityId: id,
				operation: "update",
				occurredAt,
			});
		}
	}
	return { catalogue, events };
}

/** The pushes that bring QBO's quantity of every inventory item to Stockroom's total on hand. */
export async function resyncToQbo(env: Env, companyId: string, api: QboApi, runId: string): Promise<StockPush[]> {
	const ours = await database(env.DB)
		.select({ qboItemId: products.qboId, onHand: sql<number>`coalesce(sum(${stockLevels.onHand}), 0)` })
		.from(products)
		.leftJoin(stockLevels, eq(stockLevels.productId, products.id))
		.where(and(eq(products.companyId, companyId), eq(products.type, "inventory"), isNotNull(products.qboId)))
		.groupBy(products.id);
	const theirs = new Map(
		(await api.queryAll("Item", "WHERE Type = 'Inventory'")).map((item) => [
			String(item.Id),
			qboDecimalToScaled(Number(item.QtyOnHand ?? 0)).scaled,
		]),
	);
	return ours.flatMap(({ qboItemId, onHand }) => {
		if (!qboItemId || !theirs.has(qboItemId)) return [];
		const qtyDiff = onHand - (theirs.get(qboItemId) ?? 0);
		// QBO takes request ids of at most 50 characters: the run id is kept short for that.
		return qtyDiff === 0 ? [] : [{ key: `resync-${runId}-${qboItemId}`, qboItemId, qtyDiff }];
	});
}
