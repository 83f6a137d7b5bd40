/**
 * A realm (a QuickBooks company) is bound to a person or a Stockroom company only on evidence Intuit
 * signed or answered: the ID token's `realmid` claim, or a QBO API call for that realm made with the
 * token just obtained. These tests are the attacks: a callback's `realmId` edited on the way back
 * from Intuit, with and without the accounting scope, to join a connected company, to claim one
 * nobody connected yet, or to record another company's realm on one's own Stockroom company.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../worker/api/session-cookie";
import { users } from "../../worker/db/schema";
import { loadConnection } from "../../worker/qbo/qbo-connection";
import { confirmRealm } from "../../worker/qbo/realm-evidence";
import { expectProblem } from "./api-checks";
import { db, makeCompany } from "./helpers";
import {
	approve,
	companyOf,
	cookieValue,
	type IntuitUser,
	me,
	NONCE_COOKIE,
	signInAtIntuit,
	signInWithIntuit,
	simCall,
	simCompany,
	startSignIn,
	worker,
} from "./intuit-flow";

const SIGN_IN_ONLY = "openid profile email";
const ACCOUNTING_ONLY = "com.intuit.quickbooks.accounting";

/** A victim: a QuickBooks company connected to Stockroom by its owner. */
async function connectedVictim() {
	const { realmId } = await simCompany();
	await signInAtIntuit(realmId, { givenName: "Vic", familyName: "Tim" });
	const owner = await signInWithIntuit(realmId);
	expect(owner.res.headers.get("location")).toBe("/?qbo=connected");
	return { realmId, companyId: (await me(owner.cookie)).company.id };
}

/** The attacker: a real Intuit user of their own QuickBooks company. */
async function attacker(): Promise<{ realmId: string; user: IntuitUser }> {
	const { realmId } = await simCompany();
	return { realmId, user: await signInAtIntuit(realmId, { givenName: "Mal", familyName: "Lory" }) };
}

/**
 * The attacker's sign-in: Intuit approves for their own realm (with `scope` if set, editing the
 * authorize URL), then the callback is sent with `realmId` replaced (or added) by `forgedRealmId`.
 */
async function forgedSignIn(ownRealmId: string, forgedRealmId: string, scope?: string) {
	const { authorize, nonce } = await startSignIn();
	if (scope) authorize.searchParams.set("scope", scope);
	const callback = new URL(await approve(authorize, ownRealmId), "http://stockroom.test");
	callback.searchParams.set("realmId", forgedRealmId);
	return worker(`${callback.pathname}${callback.search}`, { headers: { cookie: `${NONCE_COOKIE}=${nonce}` } });
}

function expectSignInRefused(res: Response, error = "realm_not_confirmed") {
	expect(res.status).toBe(302);
	expect(res.headers.get("location")).toBe(`/?error=${error}`);
	expect(cookieValue(res, SESSION_COOKIE)).toBeNull();
}

const userOf = (sub: string) => db.query.users.findFirst({ where: eq(users.intuitSub, sub) });

describe("signing in cannot join a QuickBooks company on a claimed realmId", () => {
	it("with the accounting scope, a callback realmId swapped for a connected company is refused", async () => {
		const victim = await connectedVictim();
		const mal = await attacker();
		expectSignInRefused(await forgedSignIn(mal.realmId, victim.realmId));
		expect(await userOf(mal.user.sub)).toBeUndefined();
	});

	it("without the accounting scope, a realmId added to the callback makes no membership", async () => {
		const victim = await connectedVictim();
		const mal = await attacker();
		const res = await forgedSignIn(mal.realmId, victim.realmId, SIGN_IN_ONLY);
		expectSignInRefused(res);
		expect(await userOf(mal.user.sub)).toBeUndefined();
		// Whatever cookie came back opens nothing of the victim's.
		const cookies = res.headers
			.getSetCookie()
			.map((line) => line.split(";")[0])
			.join("; ");
		expect((await worker("/api/v1/levels", { headers: { cookie: cookies } })).status).toBe(401);
	});

	it("a sign-in without the accounting scope and no realm at all names no company: not invited", async () => {
		const mal = await attacker();
		const { authorize, nonce } = await startSignIn();
		authorize.searchParams.set("scope", SIGN_IN_ONLY);
		const callback = await approve(authorize, mal.realmId);
		expect(new URL(callback, "http://stockroom.test").searchParams.has("realmId")).toBe(false);
		// An identity alone signs in only to a company the account is already a member of.
		expectSignInRefused(await worker(callback, { headers: { cookie: `${NONCE_COOKIE}=${nonce}` } }), "not_invited");
		expect(await userOf(mal.user.sub)).toBeUndefined();
	});

	it("a realm nobody has connected cannot be claimed; its real user later connects it as owner", async () => {
		const unclaimed = await simCompany();
		const mal = await attacker();
		expectSignInRefused(await forgedSignIn(mal.realmId, unclaimed.realmId, SIGN_IN_ONLY));
		expectSignInRefused(await forgedSignIn(mal.realmId, unclaimed.realmId));
		expect(await companyOf(unclaimed.realmId)).toBeUndefined();
		expect(await userOf(mal.user.sub)).toBeUndefined();

		const real = await signInAtIntuit(unclaimed.realmId, { givenName: "Rea", familyName: "Lowner" });
		const { cookie } = await signInWithIntuit(unclaimed.realmId);
		expect(await me(cookie)).toMatchObject({
			role: "owner",
			user: { email: real.email },
			company: { realmId: unclaimed.realmId },
		});
	});
});

describe("connecting cannot record a realm the token was not granted for", () => {
	/** `/connect/qbo` for `co`, approved at Intuit for `ownRealmId`, called back with `realmId` forged. */
	async function forgedConnect(
		co: Awaited<ReturnType<typeof makeCompany>>,
		ownRealmId: string,
		forged: string,
		scope?: string,
	) {
		const start = await co.api.get("/connect/qbo");
		const authorize = new URL(start.headers.get("location") ?? "");
		if (scope) authorize.searchParams.set("scope", scope);
		const callback = new URL(await approve(authorize, ownRealmId), "http://stockroom.test");
		callback.searchParams.set("realmId", forged);
		return co.api.get(`${callback.pathname}${callback.search}`);
	}

	for (const [label, scope] of [
		["with the ID token's realmid", undefined],
		["with the accounting scope alone (no ID token)", ACCOUNTING_ONLY],
		["without the accounting scope", SIGN_IN_ONLY],
	] as const)
		it(`a callback realmId swapped for another company is refused, ${label}`, async () => {
			const co = await makeCompany({ locations: 1, products: 0 });
			const mal = await attacker();
			const target = await simCompany();
			const res = await forgedConnect(co, mal.realmId, target.realmId, scope);
			expectProblem(res, 403, "forbidden", "realmId");
			expect(await loadConnection(env, db, co.companyId)).toBeNull();
			expect(await companyOf(target.realmId)).toBeUndefined();
			expect(await userOf(mal.user.sub)).toBeUndefined();

			// The target's real user then connects it, as owner of their own company.
			await signInAtIntuit(target.realmId);
			const { cookie } = await signInWithIntuit(target.realmId);
			const who = await me(cookie);
			expect(who).toMatchObject({ role: "owner", company: { realmId: target.realmId } });
			expect(who.company.id).not.toBe(co.companyId);
		});

	it("with the accounting scope alone, the realm is confirmed by asking QuickBooks, and connects", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const mal = await attacker();
		const res = await forgedConnect(co, mal.realmId, mal.realmId, ACCOUNTING_ONLY);
		expect(res.status).toBe(302);
		expect(res.headers.get("location")).toBe("/?qbo=connected");
		expect(await loadConnection(env, db, co.companyId)).toMatchObject({ status: "connected", realmId: mal.realmId });
	});
});

describe("the realm evidence", () => {
	/** An access token the simulator grants for `realmId` with `scope`. */
	async function tokenFor(realmId: string, scope = ACCOUNTING_ONLY): Promise<string> {
		const granted = await simCall(`/companies/${realmId}/tokens`, { method: "POST", body: JSON.stringify({ scope }) });
		return String(granted.access_token);
	}

	it("takes the ID token's realmid, which a different claimed realm contradicts", async () => {
		const token = "never-used";
		expect(await confirmRealm(env, { claimed: "123", idTokenRealmId: "123", accessToken: token })).toEqual({
			ok: true,
			realmId: "123",
		});
		expect(await confirmRealm(env, { claimed: null, idTokenRealmId: "123", accessToken: token })).toEqual({
			ok: true,
			realmId: "123",
		});
		expect(await confirmRealm(env, { claimed: "456", idTokenRealmId: "123", accessToken: token })).toMatchObject({
			ok: false,
		});
	});

	it("otherwise asks QuickBooks with the token: another realm's company is refused (403), no realm is nothing", async () => {
		const a = await simCompany();
		const b = await simCompany();
		const token = await tokenFor(a.realmId);
		expect(await confirmRealm(env, { claimed: a.realmId, idTokenRealmId: null, accessToken: token })).toEqual({
			ok: true,
			realmId: a.realmId,
		});
		expect(await confirmRealm(env, { claimed: b.realmId, idTokenRealmId: null, accessToken: token })).toMatchObject({
			ok: false,
		});
		expect(await confirmRealm(env, { claimed: null, idTokenRealmId: null, accessToken: token })).toMatchObject({
			ok: false,
		});
		const signInOnly = await tokenFor(a.realmId, SIGN_IN_ONLY);
		expect(
			await confirmRealm(env, { claimed: a.realmId, idTokenRealmId: null, accessToken: signInOnly }),
		).toMatchObject({ ok: false });
	});
});
