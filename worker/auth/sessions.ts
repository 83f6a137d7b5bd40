/**
 * Signed-in users' sessions (sign-in with Intuit), in D1: a cookie's secret → the caller. The cookie
 * itself is the HTTP side's (worker/api/session-cookie.ts).
 *
 * The cookie holds a random secret; D1 keeps only its SHA-256 as the session id, so a leaked table
 * opens no session. A session lasts 12 h after its last use (sliding, the last use recorded at most
 * once every 5 minutes to spare D1 a write per request), and never more than 7 days after sign-in.
 */
import { and, eq, gt, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { sessions, users } from "../db/schema";
import { randomToken } from "../lib/random-token";
import { sha256Hex } from "../lib/sha256";
import type { Caller } from "./caller";

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

/** Starts a session for the user and returns the cookie's secret (never stored). */
export async function createSession(
	db: Database,
	companyId: string,
	userId: string,
	now = Date.now(),
): Promise<{ secret: string; expiresAt: number }> {
	const secret = randomToken();
	const expiresAt = now + SESSION_IDLE_MS;
	await db
		.insert(sessions)
		.values({ id: await sha256Hex(secret), companyId, userId, createdAt: now, expiresAt, lastSeenAt: now });
	// Expired sessions of this user are of no use to anyone: drop them while we are here.
	await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, now)));
	return { secret, expiresAt };
}

/** Ends the session of a cookie's secret: its id and company, or null if there was none. */
export async function deleteSession(
	db: Database,
	secret: string,
): Promise<{ sessionId: string; companyId: string } | null> {
	const sessionId = await sha256Hex(secret);
	const [ended] = await db
		.delete(sessions)
		.where(eq(sessions.id, sessionId))
		.returning({ companyId: sessions.companyId });
	return ended ? { sessionId, companyId: ended.companyId } : null;
}

/**
 * The caller of a live session (its user's current role and locations), or null. Sliding expiry: a use more than
 * 5 minutes after the last recorded one pushes the expiry to 12 h from now, capped at 7 days after
 * sign-in.
 */
export async function findSessionCaller(db: Database, secret: string, now = Date.now()): Promise<Caller | null> {
	if (secret.length > 100) return null;
	const id = await sha256Hex(secret);
	const [row] = await db
		.select({
			companyId: sessions.companyId,
			userId: sessions.userId,
			createdAt: sessions.createdAt,
			lastSeenAt: sessions.lastSeenAt,
			expiresAt: sessions.expiresAt,
			role: users.role,
			locationIds: users.locationIds,
			name: users.name,
			email: users.email,
		})
		.from(sessions)
		.innerJoin(users, and(eq(users.id, sessions.userId), eq(users.companyId, sessions.companyId)))
		.where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)));
	if (!row) return null;
	let expiresAt = row.expiresAt;
	if (now - row.lastSeenAt >= TOUCH_EVERY_MS) {
		expiresAt = Math.min(now + SESSION_IDLE_MS, row.createdAt + SESSION_MAX_MS);
		await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, id));
	}
	// The role and locations are read at every request: a change by the owner takes effect at once.
	return {
		companyId: row.companyId,
		role: row.role,
		locationIds: row.locationIds,
		actor: { kind: "user", id: row.userId, label: row.name ?? row.email ?? row.userId },
		via: "session",
		userId: row.userId,
		expiresAt,
		sessionId: id,
	};
}
