/**
 * The session cookie: `__Host-` (Secure, Path=/, no Domain: this origin only), HttpOnly (no script
 * reads it) and SameSite=Lax (not sent on cross-site subrequests; state changes are also
 * Origin-checked, worker/api/same-origin.ts). It holds the session's secret; worker/auth/sessions.ts
 * keeps the sessions.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Caller } from "../auth/caller";
import { createSession, deleteSession, findSessionCaller, SESSION_MAX_MS } from "../auth/sessions";
import { database } from "../db/client";
import type { AppEnv } from "./router";

/** The cookie's name without hono's `__Host-` prefix (set with `prefix: "host"`). */
const COOKIE = "stockroom_session";
export const SESSION_COOKIE = `__Host-${COOKIE}`;

/** Sets the session cookie; the browser keeps it up to the session's hard limit (the server decides before). */
function setSessionCookie(c: Context, secret: string): void {
	setCookie(c, COOKIE, secret, {
		prefix: "host",
		httpOnly: true,
		secure: true,
		sameSite: "Lax",
		path: "/",
		maxAge: SESSION_MAX_MS / 1000,
	});
}

function clearSessionCookie(c: Context): void {
	deleteCookie(c, COOKIE, { prefix: "host", httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
}

/** Signs in `userId` on this response: a fresh session and its cookie. */
export async function startSession(c: Context<AppEnv>, companyId: string, userId: string): Promise<void> {
	const { secret } = await createSession(database(c.env.DB), companyId, userId);
	setSessionCookie(c, secret);
}

/**
 * Ends the request's session (if any) and clears its cookie. Answers the session that ended (its
 * id and company), so that its live sockets can be closed too; null if there was none.
 */
export async function endSession(c: Context<AppEnv>): Promise<{ sessionId: string; companyId: string } | null> {
	const secret = getCookie(c, COOKIE, "host");
	clearSessionCookie(c);
	return secret ? deleteSession(database(c.env.DB), secret) : null;
}

/** The caller of the request's session cookie, or null. */
export async function sessionCaller(c: Context<AppEnv>): Promise<Caller | null> {
	const secret = getCookie(c, COOKIE, "host");
	return secret ? findSessionCaller(database(c.env.DB), secret) : null;
}
