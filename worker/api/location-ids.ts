/** Checking the locations a request names for a limit (a member, an invitation, a token): each must be an active location. */
import { listLocations } from "../catalogue/locations";
import { AppError } from "../core/app-error";
import type { Database } from "../db/client";

/** Refuses (400, naming `field.i`) any id that is not an active location of the company. */
export async function knownLocations(db: Database, companyId: string, ids: string[], field = "locationIds") {
	const active = new Set((await listLocations(db, companyId, false)).map((l) => l.id));
	const unknown = ids
		.map((id, i) => ({ id, i }))
		.filter(({ id }) => !active.has(id))
		.map(({ id, i }) => ({ in: "body", field: `${field}.${i}`, message: `no active location ${id}` }));
	if (unknown.length > 0) throw new AppError("validation_failed", "Some fields are invalid; see `errors`.", unknown);
}
