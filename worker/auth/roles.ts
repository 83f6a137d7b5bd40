/**
 * Roles, least to most: viewer (reads), staff (stock commands, counts, receipts and delivery notes at
 * their locations), manager (all stock and flows, and the settings), owner (also tokens, members
 * and the QuickBooks connection). docs/app.md#roles-and-locations.
 */

import { AppError, type FieldError } from "../core/app-error";
import { ROLES, type Role } from "../db/schema";

export { ROLES, type Role } from "../db/schema";

export function roleAtLeast(role: Role, least: Role): boolean {
	return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

/** Only staff and viewers are limited to locations: a manager runs the whole business. */
export function mayBeLimited(role: Role): boolean {
	return role === "staff" || role === "viewer";
}

/**
 * A role with its location limit, as a member, an invitation or a token holds it: refuses (400,
 * naming `field`) a limit on a role that cannot have one, or an empty one; the ids deduplicated.
 */
export function locationLimit(
	role: Role,
	locationIds: string[] | null | undefined,
	field = "locationIds",
): string[] | null {
	if (locationIds === undefined || locationIds === null) return null;
	const errors: FieldError[] = [];
	if (!mayBeLimited(role))
		errors.push({ in: "body", field, message: `a ${role} sees every location; only staff and viewers can be limited` });
	else if (locationIds.length === 0) errors.push({ in: "body", field, message: "must name at least one location" });
	if (errors.length > 0) throw new AppError("validation_failed", "Some fields are invalid; see `errors`.", errors);
	return [...new Set(locationIds)];
}
