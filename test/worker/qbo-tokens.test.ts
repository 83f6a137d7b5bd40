/**
 * QBO access tokens against the simulator's OAuth server: refreshed once for many concurrent
 * calls (refresh tokens rotate, so a second refresh would lose the connection), and a revoked
 * grant surfaces in the sync status.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { loadConnection } from "../../worker/qbo/qbo-connection";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { db, makeCompany } from "./helpers";
import { connectSimCompany } from "./qbo-sim-client";

async function admin(path: string) {
	const res = await fetch(`${env.SIM_ADMIN_URL}${path}`, { method: "POST" });
	expect(res.ok).toBe(true);
}

describe("QBO access tokens", () => {
	it("an expired access token is refreshed once for 20 concurrent calls, and the newest refresh token is kept", async () => {
		const co = await makeCompany({ products: 0 });
		const sim = await connectSimCompany(co.companyId);
		const before = await loadConnection(env, db, co.companyId);
		await admin(`/companies/${sim.realmId}/expire-tokens`);

		const api = new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter());
		const answers = await Promise.all(Array.from({ length: 20 }, () => api.query("Item", "SELECT * FROM Item")));
		expect(answers.every((items) => items.length > 0)).toBe(true);

		const after = await loadConnection(env, db, co.companyId);
		expect(after?.status).toBe("connected");
		expect(after?.version).toBe((before?.version ?? 0) + 1);
		expect(after?.tokens?.refreshToken).not.toBe(before?.tokens?.refreshToken);

		// The rotated token keeps working: a later expiry refreshes again with the newest one.
		await admin(`/companies/${sim.realmId}/expire-tokens`);
		const fresh = new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter());
		expect((await fresh.query("Item", "SELECT * FROM Item")).length).toBeGreaterThan(0);
		expect((await loadConnection(env, db, co.companyId))?.status).toBe("connected");
	});

	it("a grant revoked at QuickBooks shows as revoked in the sync status, and calls stop", async () => {
		const co = await makeCompany({ products: 0 });
		const sim = await connectSimCompany(co.companyId);
		await admin(`/companies/${sim.realmId}/disconnect`);
		await admin(`/companies/${sim.realmId}/expire-tokens`);

		const api = new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter());
		await expect(api.query("Item", "SELECT * FROM Item")).rejects.toMatchObject({ kind: "not_connected" });
		const status = (await co.api.get("/api/v1/sync/status")).json<{ connection: string }>();
		expect(status.connection).toBe("revoked");
	});
});
