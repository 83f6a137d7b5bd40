/**
 * Sign in with Intuit, end to end against the QBO simulator (served on loopback for these tests):
 * the browser's part is played by following the redirects by hand, carrying the cookies.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../worker/api/session-cookie";
import { verifyIdToken } from "../../worker/auth/openid";
import { addMember } from "../../worker/auth/users";
import { users } from "../../worker/db/schema";
import { signPayload } from "../../worker/lib/signed-payload";
import { loadConnection } from "../../worker/qbo/qbo-connection";
import { db, makeCompany } from "./helpers";
import {
	approve,
	companyOf,
	cookieValue,
	type Json,
	me,
	NONCE_COOKIE,
	ORIGIN,
	signInAtIntuit,
	signInWithIntuit,
	simCompany,
	startSignIn,
	worker,
} from "./intuit-flow";

describe("signing in with Intuit", () => {
	it("asks Intuit for the books and the user's identity, bound to this browser", async () => {
		const { authorize, nonce, res } = await startSignIn();
		expect(`${authorize.origin}${authorize.pathname}`).toBe(env.QBO_AUTHORIZE_URL);
		expect(authorize.searchParams.get("scope")).toBe("com.intuit.quickbooks.accounting openid profile email");
		expect(authorize.searchParams.get("redirect_uri")).toBe(`${ORIGIN}/auth/callback`);
		expect(authorize.searchParams.get("client_id")).toBe(env.QBO_CLIENT_ID);
		expect(authorize.searchParams.get("nonce")).toBe(nonce);
		expect(authorize.searchParams.get("state")).toBeTruthy();
		const line = res.headers.getSetCookie().find((l) => l.startsWith(NONCE_COOKIE)) ?? "";
		expect(line.toLowerCase()).toMatch(/httponly/);
		expect(line.toLowerCase()).toMatch(/secure/);
		expect(line.toLowerCase()).toMatch(/samesite=lax/);
	});

	it("the first sign-in for a QuickBooks company not yet connected connects it, with this user as owner", async () => {
		const { realmId, companyName } = await simCompany();
		const alex = await signInAtIntuit(realmId, { givenName: "Alex", familyName: "Martin" });
		const { res, session, cookie } = await signInWithIntuit(realmId);
		expect(res.status).toBe(302);
		expect(res.headers.get("location")).toBe("/?qbo=connected");
		expect(session).toBeTruthy();
		const who = await me(cookie);
		expect(who).toMatchObject({
			role: "owner",
			via: "session",
			user: { name: "Alex Martin", email: alex.email },
			company: { name: companyName, realmId },
		});
		const companyId = await companyOf(realmId);
		expect(who.company.id).toBe(companyId);
		const stored = await db.query.users.findFirst({ where: eq(users.intuitSub, alex.sub) });
		expect(stored).toMatchObject({ companyId, role: "owner" });
		// The company can hold stock from the start: it has a default location.
		const locations = await worker("/api/v1/locations", { headers: { cookie } });
		expect(((await locations.json()) as { items: { isDefault: boolean }[] }).items).toEqual([
			expect.objectContaining({ isDefault: true }),
		]);
	});

	it("the owner signing in again lands in the same company as owner, without reconnecting it", async () => {
		const { realmId } = await simCompany();
		await signInAtIntuit(realmId);
		const first = await signInWithIntuit(realmId);
		const companyId = await companyOf(realmId);
		const before = await loadConnection(env, db, companyId ?? "");
		const again = await signInWithIntuit(realmId);
		expect(again.res.headers.get("location")).toBe("/");
		expect(await me(again.cookie)).toMatchObject({ role: "owner", company: { id: companyId } });
		expect((await loadConnection(env, db, companyId ?? ""))?.tokens).toEqual(before?.tokens);
		expect(again.session).not.toBe(first.session);
	});

	it("another person of the same QuickBooks company gets nothing until invited; a member's sign-in leaves the connection alone", async () => {
		const { realmId } = await simCompany();
		await signInAtIntuit(realmId);
		await signInWithIntuit(realmId);
		const companyId = (await companyOf(realmId)) ?? "";
		const before = await loadConnection(env, db, companyId);

		const sam = await signInAtIntuit(realmId, { givenName: "Sam", familyName: "Lee" });
		const uninvited = await signInWithIntuit(realmId);
		expect(uninvited.res.headers.get("location")).toBe("/?error=not_invited");
		expect(uninvited.session).toBeNull();

		await addMember(
			db,
			companyId,
			{ sub: sam.sub, email: sam.email, name: "Sam Lee" },
			{ role: "manager", locationIds: null },
		);
		const { res, cookie } = await signInWithIntuit(realmId);
		expect(res.headers.get("location")).toBe("/");
		expect(await me(cookie)).toMatchObject({
			role: "manager",
			user: { name: "Sam Lee", email: sam.email },
			company: { id: companyId, realmId },
		});
		const after = await loadConnection(env, db, companyId);
		expect(after?.tokens).toEqual(before?.tokens);
		expect(after?.version).toBe(before?.version);
		// Managers do not manage tokens.
		const tokens = await worker("/api/v1/tokens", {
			method: "POST",
			headers: { cookie, origin: ORIGIN, "content-type": "application/json" },
			body: JSON.stringify({ name: "mine", role: "owner" }),
		});
		expect(tokens.status).toBe(403);
	});

	it("after a disconnect, the owner's sign-in reconnects the company; a member's does not", async () => {
		const { realmId } = await simCompany();
		const owner = await signInAtIntuit(realmId);
		const first = await signInWithIntuit(realmId);
		const disconnect = await worker("/disconnect", {
			method: "POST",
			headers: { cookie: first.cookie, origin: ORIGIN },
		});
		expect(disconnect.status).toBe(204);
		const companyId = (await me(first.cookie)).company.id;

		const max = await signInAtIntuit(realmId, { givenName: "Max", familyName: "Member" });
		await addMember(
			db,
			companyId,
			{ sub: max.sub, email: max.email, name: "Max Member" },
			{ role: "manager", locationIds: null },
		);
		const member = await signInWithIntuit(realmId);
		expect(await me(member.cookie)).toMatchObject({ role: "manager", company: { id: companyId, realmId: null } });
		expect((await loadConnection(env, db, companyId))?.status).toBe("disconnected");

		await signInAtIntuit(realmId, owner);
		const again = await signInWithIntuit(realmId);
		expect(again.res.headers.get("location")).toBe("/?qbo=connected");
		expect(await me(again.cookie)).toMatchObject({ role: "owner", company: { id: companyId, realmId } });
		expect((await loadConnection(env, db, companyId))?.status).toBe("connected");
	});

	it("the user who connected QuickBooks from the app is its owner when they sign in", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const { realmId } = await simCompany();
		const owner = await signInAtIntuit(realmId, { givenName: "Jo", familyName: "Owner" });
		const start = await co.api.get("/connect/qbo");
		expect(new URL(start.headers.get("location") ?? "").searchParams.get("scope")).toContain("openid");
		const callback = new URL(
			(await fetch(new URL(`${start.headers.get("location")}&realmId=${realmId}`), { redirect: "manual" })).headers.get(
				"location",
			) ?? "",
		);
		expect((await co.api.get(`${callback.pathname}${callback.search}`)).status).toBe(302);
		expect(await db.query.users.findFirst({ where: eq(users.intuitSub, owner.sub) })).toMatchObject({
			companyId: co.companyId,
			role: "owner",
			name: "Jo Owner",
		});
		const { cookie } = await signInWithIntuit(realmId);
		expect(await me(cookie)).toMatchObject({ role: "owner", company: { id: co.companyId, realmId } });
	});
});

describe("a sign-in that must fail", () => {
	async function expectRefused(res: Response, error: string) {
		expect(res.status).toBe(302);
		expect(res.headers.get("location")).toBe(`/?error=${error}`);
		expect(cookieValue(res, SESSION_COOKIE)).toBeNull();
	}

	it("a user who declines at Intuit returns to the sign-in page saying so", async () => {
		const { realmId } = await simCompany();
		const { authorize, nonce } = await startSignIn();
		const callback = await approve(authorize, realmId, { deny: "1" });
		await expectRefused(await worker(callback, { headers: { cookie: `${NONCE_COOKIE}=${nonce}` } }), "access_denied");
	});

	it("a forged, tampered or expired state is refused, and nothing is connected", async () => {
		const { realmId } = await simCompany();
		await signInAtIntuit(realmId);
		const { authorize, nonce } = await startSignIn();
		const callback = new URL(await approve(authorize, realmId), ORIGIN);
		const good = callback.searchParams.get("state") ?? "";
		const expired = await signPayload(env, "sign-in state", { nonce: nonce ?? "", exp: Date.now() - 1 });
		const otherPurpose = await signPayload(env, "oauth state", { nonce: nonce ?? "", exp: Date.now() + 60_000 });
		for (const state of ["forged", `${good}x`, expired, otherPurpose]) {
			callback.searchParams.set("state", state);
			const res = await worker(`${callback.pathname}${callback.search}`, {
				headers: { cookie: `${NONCE_COOKIE}=${nonce}` },
			});
			await expectRefused(res, "expired");
		}
		expect(await companyOf(realmId)).toBeUndefined();
	});

	it("a callback finished in another browser than the one that started it is refused", async () => {
		const { realmId } = await simCompany();
		await signInAtIntuit(realmId);
		const { authorize } = await startSignIn();
		const callback = await approve(authorize, realmId);
		await expectRefused(await worker(callback), "wrong_browser");
		const other = await startSignIn();
		await expectRefused(
			await worker(callback, { headers: { cookie: `${NONCE_COOKIE}=${other.nonce}` } }),
			"wrong_browser",
		);
		expect(await companyOf(realmId)).toBeUndefined();
	});

	it("a user whose email Intuit has not verified is refused, and nothing is connected", async () => {
		const { realmId } = await simCompany();
		await signInAtIntuit(realmId, { emailVerified: false });
		const { res } = await signInWithIntuit(realmId);
		await expectRefused(res, "email_not_verified");
		expect(await companyOf(realmId)).toBeUndefined();
	});

	it("the callback clears the browser-binding cookie, so a state cannot be replayed", async () => {
		const { realmId } = await simCompany();
		await signInAtIntuit(realmId);
		const { res } = await signInWithIntuit(realmId);
		expect(cookieValue(res, NONCE_COOKIE)).toBe("");
	});
});

describe("ID token verification", () => {
	/** A real ID token from the simulator for `clientId`, exchanged directly (no Worker). */
	async function idTokenFor(clientId: string, nonce = "n-1"): Promise<string> {
		const { realmId } = await simCompany();
		const redirect = "https://elsewhere.example/cb";
		const authorize = new URL(env.QBO_AUTHORIZE_URL);
		for (const [key, value] of Object.entries({
			client_id: clientId,
			response_type: "code",
			scope: "openid email",
			redirect_uri: redirect,
			state: "s",
			nonce,
			realmId,
		}))
			authorize.searchParams.set(key, value);
		const approved = await fetch(authorize, { redirect: "manual" });
		const code = new URL(approved.headers.get("location") ?? "").searchParams.get("code") ?? "";
		const tokens = await fetch(env.QBO_TOKEN_URL, {
			method: "POST",
			headers: {
				authorization: `Basic ${btoa(`${clientId}:secret`)}`,
				"content-type": "application/x-www-form-urlencoded",
			},
			body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirect }).toString(),
		});
		return String(((await tokens.json()) as Json).id_token);
	}

	it("accepts Intuit's token for our client, and refuses a bad signature, another audience, issuer or nonce", async () => {
		const token = await idTokenFor(env.QBO_CLIENT_ID ?? "");
		expect(await verifyIdToken(env, token, "n-1")).toMatchObject({ realmId: null });
		expect((await verifyIdToken(env, token, "n-1"))?.sub).toBeTruthy();

		const [header, payload, signature = ""] = token.split(".");
		const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
		expect(await verifyIdToken(env, `${header}.${payload}.${flipped}`, "n-1")).toBeNull();
		// The claims rewritten (another sub) under the original signature.
		const forgedClaims = btoa(JSON.stringify({ ...JSON.parse(atob(payload ?? "")), sub: "someone-else" }))
			.replaceAll("+", "-")
			.replaceAll("/", "_")
			.replaceAll("=", "");
		expect(await verifyIdToken(env, `${header}.${forgedClaims}.${signature}`, "n-1")).toBeNull();
		expect(await verifyIdToken(env, await idTokenFor("another-app"), "n-1")).toBeNull();
		expect(await verifyIdToken({ ...env, QBO_OPENID_ISSUER: "https://evil.example/op/v1" }, token, "n-1")).toBeNull();
		expect(await verifyIdToken(env, token, "another-nonce")).toBeNull();
		expect(await verifyIdToken(env, "not.a.token", null)).toBeNull();
	});
});
