/** Reading the sync log: newest first, filterable by status and entity, cursor-paged. */
import { and, desc, eq, sql } from "drizzle-orm";
import { decodeCursor, pageOf } from "../core/cursor";
import type { Database } from "../db/client";
import { syncLog } from "../db/schema";

export type SyncLogQuery = { status?: string; entity?: string; limit: number; cursor?: string };

export async function listSyncLog(db: Database, companyId: string, query: SyncLogQuery) {
	const before = query.cursor ? decodeCursor(query.cursor, ["number", "string"] as const) : undefined;
	const rows = await db
		.select()
		.from(syncLog)
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
		})),
		nextCursor: page.nextCursor,
	};
}
