/**
 * QBO Departments as locations, for companies that track locations in QBO: a department becomes a
 * location (or is linked to the location of the same name), is renamed with it, and is archived
 * when deactivated — unless the location still holds stock, which stays visible until moved.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { createLocation, updateLocation } from "../catalogue/locations";
import { AppError } from "../core/app-error";
import { database } from "../db/client";
import { locations } from "../db/schema";
import { departmentSchema } from "../qbo/catalogue-entities";
import { locationFromDepartment } from "../qbo/catalogue-mapping";

export type DepartmentSyncResult = { created: number; linked: number; updated: number; kept: string[] };

export async function syncDepartments(env: Env, companyId: string, rows: unknown[]): Promise<DepartmentSyncResult> {
	const db = database(env.DB);
	const result: DepartmentSyncResult = { created: 0, linked: 0, updated: 0, kept: [] };
	for (const json of rows) {
		const parsed = departmentSchema.safeParse(json);
		if (!parsed.success) continue;
		const d = locationFromDepartment(parsed.data);
		let location = await db.query.locations.findFirst({
			where: and(eq(locations.companyId, companyId), eq(locations.qboDepartmentId, d.qboDepartmentId)),
		});
		if (!location) {
			// A location the user made before connecting, under the department's name, is that department.
			location = await db.query.locations.findFirst({
				where: and(
					eq(locations.companyId, companyId),
					isNull(locations.qboDepartmentId),
					sql`lower(${locations.name}) = lower(${d.name})`,
				),
			});
			if (location) result.linked += 1;
			else {
				if (!d.active) continue;
				location = await createLocation(db, companyId, { name: d.name });
				result.created += 1;
			}
			await db.update(locations).set({ qboDepartmentId: d.qboDepartmentId }).where(eq(locations.id, location.id));
		}
		const rename = location.name !== d.name ? d.name : undefined;
		const archive = !d.active && location.archivedAt === null;
		const restore = d.active && location.archivedAt !== null;
		if (!rename && !archive && !restore) continue;
		try {
			await updateLocation(db, companyId, location.id, {
				...(rename ? { name: rename } : {}),
				...(archive || restore ? { archived: archive } : {}),
				version: location.version,
			});
			result.updated += 1;
		} catch (error) {
			// Deactivated in QBO while holding stock here, or the default: kept until the user moves it.
			if (!(error instanceof AppError)) throw error;
			result.kept.push(`${d.name}: ${error.detail}`);
		}
	}
	return result;
}
