/**
 * Playing the browser and Intuit in "Sign in with Intuit" and "Connect to QuickBooks", against the QBO
 * simulator served on loopback for the worker tests: the redirects are followed by hand, carrying the
 * cookies, so a test can also tamper with them on the way, as an attacker would.
 */
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { SESSION_COOKIE } from "../../worker/api/session-cookie";
import { qboConnections } from "../../worker/db/schema";
import { db } from "./helpers";

export const ORIGIN = "http://stockroom.test";
export const NONCE_COOKIE = "__Host-stockroom_sign_in";

export type Json = Record<string, unknown>;
export type IntuitUser = { sub: string; email: string; emailVerified: boolean; givenName: string; familyName: string };
export type Me = {
	user: { id: string; name: string | null; email: string | null } | null;
	role: string;
	via: string;
	company: { id: string; name: string; realmId: string | null };
};

export async function simCall(path: string, init: RequestInit = {}): Promise<Json> {
	const res = await fetch(`${env.SIM_ADMIN_URL}${path}`, {
		...init,
		headers: { "content-type": "application/json", ...init.headers },
	});
	if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} → ${res.status}`);
	return (await res.json()) as Json;
}

/** A fresh QuickBooks company at the simulator, and its name. */
export async function simCompany(): Promise<{ realmId: string; companyName: string }> {
	const created = await simCall("/companies", { method: "POST", body: JSON.stringify({ items: 2 }) });
	return { realmId: String(created.realmId), companyName: String(created.companyName) };
}

/** Says who is signed in at "Intuit" for the realm: the next consent is theirs. */
export async function signInAtIntuit(realmId: string, user: Partial<IntuitUser> = {}): Promise<IntuitUser> {
	const n = crypto.randomUUID().slice(0, 8);
	return (await simCall(`/companies/${realmId}/signed-in-user`, {
		method: "PUT",
		body: JSON.stringify({ email: `user-${n}@example.com`, givenName: "Pat", familyName: `Doe ${n}`, ...user }),
	})) as IntuitUser;
}

export function worker(path: string, init: RequestInit = {}): Promise<Response> {
	return exports.default.fetch(new Request(new URL(path, ORIGIN), { ...init, redirect: "manual" }));
}

export function cookieValue(response: Response, name: string): string | null {
	const line = response.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
	return line ? (line.split(";")[0] ?? "").slice(name.length + 1) : null;
}

/** `GET /auth/sign-in`: Intuit's authorize URL and the browser-binding cookie. */
export async function startSignIn() {
	const res = await worker("/auth/sign-in");
	expect(res.status).toBe(302);
	return { authorize: new URL(res.headers.get("location") ?? ""), nonce: cookieValue(res, NONCE_COOKIE), res };
}

/**
 * The simulated Intuit approves for `realmId` (the company chosen at Intuit) and sends the browser back:
 * our callback's path and query, as the browser would request them.
 */
export async function approve(authorize: URL, realmId: string, extra: Record<string, string> = {}): Promise<string> {
	const url = new URL(authorize);
	url.searchParams.set("realmId", realmId);
	for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
	const approved = await fetch(url, { redirect: "manual" });
	expect(approved.status).toBe(302);
	const callback = new URL(approved.headers.get("location") ?? "");
	expect(callback.origin).toBe(ORIGIN);
	return `${callback.pathname}${callback.search}`;
}

/** The whole sign-in in one browser: the callback's response and the session cookie it set. */
export async function signInWithIntuit(realmId: string) {
	const { authorize, nonce } = await startSignIn();
	const callback = await approve(authorize, realmId);
	const res = await worker(callback, { headers: { cookie: `${NONCE_COOKIE}=${nonce}` } });
	const session = cookieValue(res, SESSION_COOKIE);
	return { res, session, cookie: `${SESSION_COOKIE}=${session}` };
}

export async function me(cookie: string): Promise<Me> {
	const res = await worker("/api/v1/me", { headers: { cookie } });
	expect(res.status).toBe(200);
	return (await res.json()) as Me;
}

export const companyOf = async (realmId: string) =>
	(await db.query.qboConnections.findFirst({ where: eq(qboConnections.realmId, realmId) }))?.companyId;
