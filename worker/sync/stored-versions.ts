/** The SyncToken Stockroom last applied of each of these QuickBooks documents (`qbo_documents`). */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client";
import { qboDocuments } from "../db/schema";
import { chunk } from "../lib/chunk";

export async function storedVersions(
	db: Database,
	companyId: string,
	entity: string,
	qboIds: readonly string[],
): Promise<Map<string, number>> {
	const versions = new Map<string, number>();
	// D1 binds at most 100 parameters: the ids, the company and the type.
	for (const part of chunk([...qboIds], 90)) {
		const rows = await db
			.select({ qboId: qboDocuments.qboId, syncToken: qboDocuments.syncToken })
			.from(qboDocuments)
			.where(
				and(
					eq(qboDocuments.companyId, companyId),
					eq(qboDocuments.entityType, entity),
					inArray(qboDocuments.qboId, part),
				),
			);
		for (const row of rows) versions.set(row.qboId, row.syncToken);
	}
	return versions;
}
