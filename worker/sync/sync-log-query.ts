/**
 * Reading the sync log: newest first, filterable by status and entity, cursor-paged. Each line
 * carries its document's number as QuickBooks shows it, from Stockroom's copy of the document
 * (the event itself has only the id), and its words (worker/qbo/sync-log-words.ts).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { decodeCursor, pageOf } from "../core/cursor";
import type { Database } from "../db/client";
import { qboDocuments, syncLog } from "../db/schema";
import { syncLogNote, syncLogWords } from "../qbo/sync-log-words";

export type SyncLogQuery = { status?: string; entity?: string; limit: number; cursor?: string };

export async function listSyncLog(db: Database, companyId: string, query: SyncLogQuery) {
	const before = query.cursor ? decodeCursor(query.cursor, ["number", "string"] as const) : undefined;
	const rows = await db
		.select({
			id: syncLog.id,
			source: syncLog.source,
			entity: syncLog.entity,
			entityId: syncLog.entityId,
			operation: syncLog.operation,
			status: syncLog.status,
			attempts: syncLog.attempts,
			error: syncLog.error,
			at: syncLog.at,
			docNumber: qboDocuments.docNumber,
		})
		.from(syncLog)
		.leftJoin(
			qboDocuments,
			and(
				eq(qboDocuments.companyId, syncLog.companyId),
				eq(qboDocuments.entityType, syncLog.entity),
				eq(qboDocuments.qboId, syncLog.entityId),
			),
		)
		.where(
			and(
				eq(syncLog.companyId, companyId),
				query.status ? sql`${syncLog.status} = ${query.status}` : undefined,
				query.entity ? eq(syncLog.entity, query.entity) : undefined,
				before ? sql`(${syncLog.at}, ${syncLog.id}) < (${before[0]}, ${before[1]})` : undefined,
			),
		)
		.orderBy(desc(syncLog.at), desc(syncLog.id))
		.limit(query.limit + 1);
	const page = pageOf(rows, query.limit, (r) => [r.at, r.id]);
	return {
		items: page.items.map((r) => ({
			id: r.id,
			source: r.source,
			entity: r.entity,
			entityId: r.entityId,
			operation: r.operation,
			status: r.status,
			attempts: r.attempts,
			error: r.error,
			at: new Date(r.at).toISOString(),
			docNumber: r.docNumber ?? null,
			...syncLogWords({ ...r, docNumber: r.docNumber ?? null }),
			...syncLogNote(r.error),
		})),
		nextCursor: page.nextCursor,
	};
}
