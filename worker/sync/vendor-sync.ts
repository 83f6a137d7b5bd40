/** Vendors as synced from QBO: created, renamed, deactivated there; an older version is ignored. */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { ulid } from "ulid";
import { decodeCursor, pageOf } from "../core/cursor";
import { database } from "../db/client";
import { vendors } from "../db/schema";
import { vendorSchema } from "../qbo/catalogue-entities";
import { vendorFromQbo } from "../qbo/catalogue-mapping";

export async function syncVendors(
	env: Env,
	companyId: string,
	rows: unknown[],
): Promise<{ saved: number; invalid: number }> {
	const db = database(env.DB);
	let saved = 0;
	let invalid = 0;
	for (const json of rows) {
		const parsed = vendorSchema.safeParse(json);
		if (!parsed.success) {
			invalid += 1;
			continue;
		}
		const v = vendorFromQbo(parsed.data);
		const fields = {
			name: v.name,
			email: v.email,
			phone: v.phone,
			address: v.address,
			qboSyncToken: v.syncToken,
			archivedAt: v.active ? null : Date.now(),
		};
		const written = await db
			.insert(vendors)
			.values({ id: ulid(), companyId, qboId: v.qboId, ...fields })
			.onConflictDoUpdate({
				target: [vendors.companyId, vendors.qboId],
				set: fields,
				// Out-of-order deliveries: only a newer SyncToken replaces what we hold.
				setWhere: sql`${vendors.qboSyncToken} IS NULL OR ${vendors.qboSyncToken} < ${v.syncToken}`,
			})
			.returning({ id: vendors.id });
		saved += written.length;
	}
	return { saved, invalid };
}

/** A page of the company's vendors by name; inactive ones only when asked. */
export async function listVendors(
	env: Env,
	companyId: string,
	query: { includeInactive: boolean; limit: number; cursor?: string },
) {
	const after = query.cursor ? decodeCursor(query.cursor, ["string", "string"] as const) : undefined;
	const rows = await database(env.DB)
		.select()
		.from(vendors)
		.where(
			and(
				eq(vendors.companyId, companyId),
				query.includeInactive ? undefined : isNull(vendors.archivedAt),
				after ? sql`(${vendors.name}, ${vendors.id}) > (${after[0]}, ${after[1]})` : undefined,
			),
		)
		.orderBy(asc(vendors.name), asc(vendors.id))
		.limit(query.limit + 1);
	const page = pageOf(rows, query.limit, (v) => [v.name, v.id]);
	return {
		items: page.items.map((v) => ({
			id: v.id,
			qboId: v.qboId,
			name: v.name,
			email: v.email,
			phone: v.phone,
			address: v.address ?? null,
			active: v.archivedAt === null,
		})),
		nextCursor: page.nextCursor,
	};
}
