/** Vendors as synced from QBO: created, renamed, deactivated there; an older version is ignored. */
import { and, eq, sql } from "drizzle-orm";
import { ulid } from "ulid";
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

/** Vendors of the company, by name. */
export async function listVendors(env: Env, companyId: string) {
	return database(env.DB)
		.select()
		.from(vendors)
		.where(and(eq(vendors.companyId, companyId)))
		.orderBy(vendors.name);
}
