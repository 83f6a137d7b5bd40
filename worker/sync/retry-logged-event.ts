/**
 * The sync log's retry action: an event that failed for good (dead) is handed to the company's
 * sync object again, under a new key, so it goes through the whole pipeline once more.
 */
import { and, eq } from "drizzle-orm";
import { AppError } from "../core/app-error";
import { database } from "../db/client";
import { syncLog } from "../db/schema";
import { retryPurchaseDocument } from "../purchasing/qbo-purchase-client";
import { isQboId } from "../qbo/inbound-event";
import { loadConnection } from "../qbo/qbo-connection";
import { deliverToCompany } from "./company-sync-client";

export async function retryLoggedEvent(env: Env, companyId: string, logId: string): Promise<{ queued: boolean }> {
	const db = database(env.DB);
	const entry = await db.query.syncLog.findFirst({
		where: and(eq(syncLog.id, logId), eq(syncLog.companyId, companyId)),
	});
	if (!entry) throw new AppError("not_found", `No sync log entry ${logId}.`);
	// A purchase order or bill that did not reach QBO: queued again (worker/purchasing/qbo-purchase-queue.ts).
	if (entry.source === "push" && (entry.entity === "Bill" || entry.entity === "PurchaseOrder"))
		return { queued: await retryPurchaseDocument(env, companyId, entry.entityId) };
	if (entry.source === "push")
		throw new AppError("conflict", "A push is retried by a resync to QuickBooks (POST /sync/resync), not from here.");
	if (entry.status !== "dead" && entry.status !== "failed")
		throw new AppError("conflict", `This event was ${entry.status}; only failed events can be retried.`);
	// Logged before ids were checked at intake: QBO has nothing under such an id to read again.
	if (!isQboId(entry.entityId))
		throw new AppError("conflict", "This event does not name a QuickBooks record, so it cannot be retried.");
	const connection = await loadConnection(env, db, companyId);
	if (connection?.status !== "connected") throw new AppError("conflict", "Reconnect to QuickBooks first.");
	const result = await deliverToCompany(env, connection.realmId, [
		{
			key: `retry:${logId}:${Date.now()}`,
			realmId: connection.realmId,
			entity: entry.entity,
			entityId: entry.entityId,
			operation: entry.operation,
			occurredAt: new Date().toISOString(),
		},
	]);
	return { queued: result.accepted > 0 };
}
