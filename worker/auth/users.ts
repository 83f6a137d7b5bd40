/**
 * A company's people, as Intuit knows them: one row per (company, OpenID `sub`). The user who
 * connected the company to QuickBooks is an owner; everyone else comes by invitation
 * (worker/auth/invites.ts) with a role and, for staff and viewers, their locations. A user of the
 * QuickBooks company who was not invited gets nothing (docs/app.md#roles-and-locations).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { ulid } from "ulid";
import { AppError } from "../core/app-error";
import type { Database } from "../db/client";
import { sessions, users } from "../db/schema";
import type { Role } from "./roles";

/** Who Intuit says signed in: `sub` is the stable key, the rest is for display. */
export type Identity = { sub: string; email: string | null; name: string | null };

export type User = typeof users.$inferSelect;

export async function findUser(db: Database, companyId: string, userId: string): Promise<User | null> {
	return (await db.query.users.findFirst({ where: and(eq(users.companyId, companyId), eq(users.id, userId)) })) ?? null;
}

/** The companies this Intuit account is a member of, the most recently used first. */
export async function membershipsOf(db: Database, sub: string): Promise<User[]> {
	return db.select().from(users).where(eq(users.intuitSub, sub)).orderBy(desc(users.lastSignInAt), desc(users.id));
}

/**
 * Records a sign-in of a member: the user's name and email are refreshed from Intuit. Null when this
 * Intuit account is not a member of the company (signing in never makes anyone a member).
 */
export async function recordSignIn(
	db: Database,
	companyId: string,
	identity: Identity,
	now = Date.now(),
): Promise<User | null> {
	const [row] = await db
		.update(users)
		.set({ email: identity.email, name: identity.name, lastSignInAt: now })
		.where(and(eq(users.companyId, companyId), eq(users.intuitSub, identity.sub)))
		.returning();
	return row ?? null;
}

/**
 * Makes the Intuit account a member with `role` (and, for staff and viewers, `locationIds`): on
 * connecting QuickBooks (an owner) and on accepting an invitation. An existing member takes the
 * new role — but the last owner is never demoted this way.
 */
export async function addMember(
	db: Database,
	companyId: string,
	identity: Identity,
	grant: { role: Role; locationIds: string[] | null },
	now = Date.now(),
): Promise<User> {
	const existing = await db.query.users.findFirst({
		where: and(eq(users.companyId, companyId), eq(users.intuitSub, identity.sub)),
	});
	if (existing) {
		const [row] = await db
			.update(users)
			.set({ email: identity.email, name: identity.name, lastSignInAt: now })
			.where(eq(users.id, existing.id))
			.returning();
		if (existing.role === grant.role && sameLimit(existing.locationIds, grant.locationIds)) return row ?? existing;
		// An owner invited again as something less stays an owner if they are the last one.
		return (await changeMemberIfNotLastOwner(db, companyId, existing.id, grant)) ?? row ?? existing;
	}
	const [row] = await db
		.insert(users)
		.values({
			id: ulid(),
			companyId,
			intuitSub: identity.sub,
			email: identity.email,
			name: identity.name,
			role: grant.role,
			locationIds: grant.locationIds,
			createdAt: now,
			lastSignInAt: now,
		})
		.onConflictDoUpdate({
			target: [users.companyId, users.intuitSub],
			set: { email: identity.email, name: identity.name, lastSignInAt: now },
		})
		.returning();
	if (!row) throw new Error("adding a member returned no row");
	return row;
}

function sameLimit(a: string[] | null, b: string[] | null): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Sets a member's role and locations in one statement that refuses to leave the company without an
 * owner: two owners demoting each other at once cannot both succeed. Null when no row changed.
 */
async function changeMemberIfNotLastOwner(
	db: Database,
	companyId: string,
	userId: string,
	grant: { role: Role; locationIds: string[] | null },
): Promise<User | null> {
	const [row] = await db
		.update(users)
		.set({ role: grant.role, locationIds: grant.locationIds })
		.where(
			and(
				eq(users.companyId, companyId),
				eq(users.id, userId),
				grant.role === "owner" ? undefined : othersAreOwners(companyId, userId),
			),
		)
		.returning();
	return row ?? null;
}

/** The user is not an owner, or another owner remains. */
function othersAreOwners(companyId: string, userId: string) {
	return sql`(${users.role} <> 'owner' OR EXISTS (SELECT 1 FROM users o WHERE o.company_id = ${companyId} AND o.role = 'owner' AND o.id <> ${userId}))`;
}

export async function listMembers(db: Database, companyId: string): Promise<User[]> {
	return db.select().from(users).where(eq(users.companyId, companyId)).orderBy(users.createdAt, users.id);
}

/** Changes a member's role and locations: 404 for no such member, 409 `last_owner` for the last owner's demotion. */
export async function changeMember(
	db: Database,
	companyId: string,
	userId: string,
	grant: { role: Role; locationIds: string[] | null },
): Promise<User> {
	const changed = await changeMemberIfNotLastOwner(db, companyId, userId, grant);
	if (changed) return changed;
	if (!(await findUser(db, companyId, userId))) throw new AppError("not_found", `No member ${userId}.`);
	throw new AppError("last_owner", "This is the company's last owner: make someone else an owner first.");
}

/** Removes a member and ends their sessions: 404 for no such member, 409 `last_owner` for the last owner. */
export async function removeMember(db: Database, companyId: string, userId: string): Promise<User> {
	const member = await findUser(db, companyId, userId);
	if (!member) throw new AppError("not_found", `No member ${userId}.`);
	const [, removed] = await db.batch([
		db
			.delete(sessions)
			.where(
				and(
					eq(sessions.userId, userId),
					sql`EXISTS (SELECT 1 FROM users u WHERE u.id = ${userId} AND (u.role <> 'owner' OR EXISTS (SELECT 1 FROM users o WHERE o.company_id = ${companyId} AND o.role = 'owner' AND o.id <> ${userId})))`,
				),
			),
		db
			.delete(users)
			.where(and(eq(users.companyId, companyId), eq(users.id, userId), othersAreOwners(companyId, userId)))
			.returning(),
	]);
	if (removed.length === 0)
		throw new AppError("last_owner", "This is the company's last owner: make someone else an owner first.");
	return member;
}

/** The company's first owner, if it has one. */
export async function findOwner(db: Database, companyId: string): Promise<User | null> {
	return (
		(await db.query.users.findFirst({
			where: and(eq(users.companyId, companyId), eq(users.role, "owner")),
			orderBy: users.createdAt,
		})) ?? null
	);
}
