/**
 * A company's people, as Intuit knows them: one row per (company, OpenID `sub`). The user who
 * connected the company to QuickBooks is its owner; whoever else signs in from the same QuickBooks
 * company is a member.
 */
import { and, eq } from "drizzle-orm";
import { ulid } from "ulid";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import type { Role } from "./caller";

/** Who Intuit says signed in: `sub` is the stable key, the rest is for display. */
export type Identity = { sub: string; email: string | null; name: string | null };

export type User = typeof users.$inferSelect;

export async function findUser(db: Database, companyId: string, userId: string): Promise<User | null> {
	return (await db.query.users.findFirst({ where: and(eq(users.companyId, companyId), eq(users.id, userId)) })) ?? null;
}

export async function findUserBySub(db: Database, companyId: string, sub: string): Promise<User | null> {
	return (
		(await db.query.users.findFirst({ where: and(eq(users.companyId, companyId), eq(users.intuitSub, sub)) })) ?? null
	);
}

/**
 * Records a sign-in: the user's name and email are refreshed from Intuit; a first sign-in creates
 * the user with `role`. An existing user's role changes only when `role` is "owner" (connecting QBO
 * makes the connecting user an owner; signing in never demotes anyone).
 */
export async function signInUser(
	db: Database,
	companyId: string,
	identity: Identity,
	role: Role,
	now = Date.now(),
): Promise<User> {
	const [row] = await db
		.insert(users)
		.values({
			id: ulid(),
			companyId,
			intuitSub: identity.sub,
			email: identity.email,
			name: identity.name,
			role,
			createdAt: now,
			lastSignInAt: now,
		})
		.onConflictDoUpdate({
			target: [users.companyId, users.intuitSub],
			set: {
				email: identity.email,
				name: identity.name,
				lastSignInAt: now,
				...(role === "owner" ? { role: "owner" as const } : {}),
			},
		})
		.returning();
	if (!row) throw new Error("signing in a user returned no row");
	return row;
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
