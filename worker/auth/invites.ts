/**
 * Invitations: the owner names an email address, a role and (for staff and viewers) locations, and
 * gets a link to share — no mail server needed. The link's secret is good once and for 7 days, and
 * only for an Intuit account whose verified email is the invited one: the secret proves the owner
 * chose this person, Intuit's verified email proves the person is who the owner named.
 */
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { ulid } from "ulid";
import { AppError } from "../core/app-error";
import type { Database } from "../db/client";
import { invites } from "../db/schema";
import { randomToken } from "../lib/random-token";
import { sha256Hex } from "../lib/sha256";
import type { Role } from "./roles";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const INVITE_PREFIX = "inv_";

export type Invite = typeof invites.$inferSelect;

/** Emails compare without case: Intuit and people write them as they like. */
export function sameEmail(a: string, b: string): boolean {
	return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Creates an invitation and returns it with its secret, which is never readable again. */
export async function createInvite(
	db: Database,
	companyId: string,
	input: { email: string; role: Role; locationIds: string[] | null; createdBy: string },
	now = Date.now(),
): Promise<{ invite: Invite; secret: string }> {
	const secret = INVITE_PREFIX + randomToken();
	const [invite] = await db
		.insert(invites)
		.values({
			id: ulid(),
			companyId,
			email: input.email.trim(),
			role: input.role,
			locationIds: input.locationIds,
			tokenHash: await sha256Hex(secret),
			createdBy: input.createdBy,
			createdAt: now,
			expiresAt: now + INVITE_TTL_MS,
		})
		.returning();
	if (!invite) throw new Error("creating an invitation returned no row");
	return { invite, secret };
}

/** The invitations not yet accepted, revoked or expired, newest first. */
export async function listPendingInvites(db: Database, companyId: string, now = Date.now()): Promise<Invite[]> {
	return db.select().from(invites).where(pending(companyId, now)).orderBy(desc(invites.createdAt), desc(invites.id));
}

function pending(companyId: string, now: number) {
	return and(
		eq(invites.companyId, companyId),
		isNull(invites.acceptedAt),
		isNull(invites.revokedAt),
		gt(invites.expiresAt, now),
	);
}

export async function revokeInvite(db: Database, companyId: string, id: string, now = Date.now()): Promise<Invite> {
	const [revoked] = await db
		.update(invites)
		.set({ revokedAt: now })
		.where(and(eq(invites.id, id), pending(companyId, now)))
		.returning();
	if (!revoked) throw new AppError("not_found", `No pending invitation ${id}.`);
	return revoked;
}

/** The pending invitation of a link's secret, or null (unknown, used, revoked or expired). */
export async function findPendingInvite(db: Database, secret: string, now = Date.now()): Promise<Invite | null> {
	if (!secret.startsWith(INVITE_PREFIX) || secret.length > 100) return null;
	const row = await db.query.invites.findFirst({ where: eq(invites.tokenHash, await sha256Hex(secret)) });
	if (!row || row.acceptedAt !== null || row.revokedAt !== null || row.expiresAt <= now) return null;
	return row;
}

/** The invitation by id, if it is still pending. */
export async function findInvite(db: Database, id: string, now = Date.now()): Promise<Invite | null> {
	const row = await db.query.invites.findFirst({ where: eq(invites.id, id) });
	if (!row || row.acceptedAt !== null || row.revokedAt !== null || row.expiresAt <= now) return null;
	return row;
}

/**
 * Spends the invitation for the Intuit account `sub`, once: of two sign-ins racing with one link, one wins. Answers
 * the invitation, or null when it is no longer pending.
 */
export async function acceptInvite(
	db: Database,
	inviteId: string,
	sub: string,
	now = Date.now(),
): Promise<Invite | null> {
	const [accepted] = await db
		.update(invites)
		.set({ acceptedAt: now, acceptedBy: sub })
		.where(
			and(
				eq(invites.id, inviteId),
				isNull(invites.acceptedAt),
				isNull(invites.revokedAt),
				sql`${invites.expiresAt} > ${now}`,
			),
		)
		.returning();
	return accepted ?? null;
}
