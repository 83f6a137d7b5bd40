import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApiToken } from "../../worker/auth/api-tokens";
import { qboConnections } from "../../worker/db/schema";
import { signState, verifyState } from "../../worker/qbo/oauth-state";
import { loadConnection, saveConnection } from "../../worker/qbo/qbo-connection";
import { expectProblem } from "./api-checks";
import { apiClient, db, makeCompany } from "./helpers";

const tokens = () => ({
	accessToken: `access-${crypto.randomUUID()}`,
	refreshToken: `refresh-${crypto.randomUUID()}`,
	accessExpiresAt: Date.now() + 3_600_000,
	refreshExpiresAt: Date.now() + 8_726_400_000,
});

type SyncStatus = { connection: string; realmId: string | null };

describe("connecting to QuickBooks", () => {
	it("sends the owner to Intuit's authorize page with our client, scope, callback and a signed state", async () => {
		const co = await makeCompany();
		const res = await co.api.get("/connect/qbo");
		expect(res.status).toBe(302);
		const location = new URL(res.headers.get("location") ?? "");
		expect(`${location.origin}${location.pathname}`).toBe(env.QBO_AUTHORIZE_URL);
		expect(location.searchParams.get("client_id")).toBe(env.QBO_CLIENT_ID);
		expect(location.searchParams.get("response_type")).toBe("code");
		expect(location.searchParams.get("scope")).toBe("com.intuit.quickbooks.accounting openid profile email");
		expect(location.searchParams.get("redirect_uri")).toBe("http://stockroom.test/connect/qbo/callback");
		expect(await verifyState(env, location.searchParams.get("state") ?? "")).toBe(co.companyId);
	});

	it("only an owner may connect", async () => {
		const co = await makeCompany();
		const { token } = await createApiToken(db, co.companyId, { name: "clerk", role: "manager" });
		expectProblem(await apiClient(token).get("/connect/qbo"), 403, "forbidden");
		expectProblem(await apiClient(null).get("/connect/qbo"), 401, "unauthorized");
	});

	it("a callback with a forged, tampered or expired state stores nothing", async () => {
		const co = await makeCompany();
		const good = await signState(env, co.companyId);
		const [payload = "", signature = ""] = good.split(".");
		const expired = await signState(env, co.companyId, Date.now() - 11 * 60_000);
		for (const state of ["forged", `${payload}.${signature.slice(1)}A`, `${payload}x.${signature}`, expired]) {
			const res = await co.api.get(`/connect/qbo/callback?code=abc&realmId=9130&state=${encodeURIComponent(state)}`);
			expectProblem(res, 400, "validation_failed", "state");
		}
		expect(await loadConnection(env, db, co.companyId)).toBeNull();
	});

	it("a declined authorization returns to the app and stores nothing", async () => {
		const co = await makeCompany();
		const res = await co.api.get("/connect/qbo/callback?error=access_denied&state=x");
		expect(res.status).toBe(302);
		expect(res.headers.get("location")).toBe("/?qbo=access_denied");
		expect(await loadConnection(env, db, co.companyId)).toBeNull();
	});

	it("a callback missing its code or realm is refused naming the fields", async () => {
		const co = await makeCompany();
		expectProblem(await co.api.get("/connect/qbo/callback?state=x"), 400, "validation_failed");
	});
});

describe("the QuickBooks connection", () => {
	it("is reported by sync status, and its tokens are sealed at rest", async () => {
		const co = await makeCompany();
		expect((await co.api.get("/api/v1/sync/status")).json<SyncStatus>()).toEqual({
			connection: "not_connected",
			realmId: null,
			importing: false,
			importProgress: null,
			lastImport: null,
			pendingEvents: 0,
			pendingPushes: 0,
			lastCatchUpAt: null,
		});
		const t = tokens();
		await saveConnection(env, db, co.companyId, "9130355", t);
		expect((await co.api.get("/api/v1/sync/status")).json<SyncStatus>()).toMatchObject({
			connection: "connected",
			realmId: "9130355",
		});
		const row = await db.query.qboConnections.findFirst({ where: eq(qboConnections.companyId, co.companyId) });
		expect(JSON.stringify(row)).not.toContain(t.accessToken);
		expect(JSON.stringify(row)).not.toContain(t.refreshToken);
		expect((await loadConnection(env, db, co.companyId))?.tokens).toEqual(t);
	});

	it("one QuickBooks company cannot be connected to two Stockroom companies", async () => {
		const a = await makeCompany();
		const b = await makeCompany();
		const realmId = `realm-${crypto.randomUUID()}`;
		await saveConnection(env, db, a.companyId, realmId, tokens());
		await expect(saveConnection(env, db, b.companyId, realmId, tokens())).rejects.toThrow(/already connected/);
		expect(await loadConnection(env, db, b.companyId)).toBeNull();
	});

	it("disconnecting forgets the tokens even when Intuit cannot be reached, and is owner-only", async () => {
		const co = await makeCompany();
		expectProblem(await co.api.post("/disconnect"), 404, "not_found");
		await saveConnection(env, db, co.companyId, `realm-${crypto.randomUUID()}`, tokens());
		const { token } = await createApiToken(db, co.companyId, { name: "clerk", role: "manager" });
		expectProblem(await apiClient(token).post("/disconnect"), 403, "forbidden");
		const res = await co.api.post("/disconnect");
		expect(res.status).toBe(204);
		const connection = await loadConnection(env, db, co.companyId);
		expect(connection).toMatchObject({ status: "disconnected", tokens: null });
		expect((await co.api.get("/api/v1/sync/status")).json<SyncStatus>().connection).toBe("disconnected");
	});

	it("the whole OAuth flow against the simulator connects the company and imports its catalogue", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const created = await fetch(`${env.SIM_ADMIN_URL}/companies`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ items: 3 }),
		});
		const { realmId } = (await created.json()) as { realmId: string };
		const start = await co.api.get("/connect/qbo");
		const authorize = new URL(start.headers.get("location") ?? "");
		authorize.searchParams.set("realmId", realmId);
		// Intuit (the simulator) approves and sends the browser back to our callback.
		const approved = await fetch(authorize, { redirect: "manual" });
		const callback = new URL(approved.headers.get("location") ?? "");
		expect(callback.searchParams.get("realmId")).toBe(realmId);
		const back = await co.api.get(`${callback.pathname}${callback.search}`);
		expect(back.status).toBe(302);
		expect(back.headers.get("location")).toBe("/?qbo=connected");
		expect((await co.api.get("/api/v1/sync/status")).json()).toMatchObject({
			connection: "connected",
			realmId,
			importing: true,
		});

		const stub = env.COMPANY_SYNC.get(env.COMPANY_SYNC.idFromName(realmId));
		await runDurableObjectAlarm(stub);
		expect((await co.api.get("/api/v1/sync/status")).json()).toMatchObject({ importing: false });
		const products = (await co.api.get("/api/v1/products")).json<{ items: unknown[] }>();
		expect(products.items).toHaveLength(3);
		// The code is single-use: the same callback again is refused and changes nothing.
		expect((await co.api.get(`${callback.pathname}${callback.search}`)).status).toBe(409);
	});
});
