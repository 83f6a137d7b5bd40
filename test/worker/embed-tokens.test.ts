/**
 * Minting embed tokens (`POST /api/v1/embed-tokens`): owners only, scopes, exact origins, an
 * optional subset of the company's active locations, a bounded lifetime.
 */
import { describe, expect, it } from "vitest";
import { expectProblem } from "./api-checks";
import { embedClient, mintToken, PORTAL } from "./embed-fixtures";
import { type ApiClient, apiClient, makeCompany } from "./helpers";

const mint = (co: { api: ApiClient }, body: Record<string, unknown>) =>
	co.api.post("/api/v1/embed-tokens", { scopes: ["read"], origins: [PORTAL], ...body });

describe("minting an embed token", () => {
	it("gives the owner a token with its expiry, an hour away by default", async () => {
		const co = await makeCompany();
		const before = Date.now();
		const answer = await mintToken(co);
		expect(answer.token).toMatch(/^sre_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		expect(answer).toMatchObject({ scopes: ["read"], origins: [PORTAL], locationIds: null });
		const expiresAt = Date.parse(answer.expiresAt);
		expect(expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
		expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
	});

	it("takes a lifetime between a minute and a day", async () => {
		const co = await makeCompany();
		const answer = await mintToken(co, { ttlSeconds: 60 });
		expect(Date.parse(answer.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
		for (const ttlSeconds of [59, 86_401, 90.5, "3600"])
			expectProblem(await mint(co, { ttlSeconds }), 400, "validation_failed", "ttlSeconds");
	});

	it("lets a token that edits reorder points read too", async () => {
		const co = await makeCompany();
		expect((await mintToken(co, { scopes: ["edit:reorder"] })).scopes).toEqual(["read", "edit:reorder"]);
	});

	it("refuses no scope or an unknown one, naming the field", async () => {
		const co = await makeCompany();
		expectProblem(await mint(co, { scopes: [] }), 400, "validation_failed", "scopes");
		expectProblem(await mint(co, { scopes: ["read", "write"] }), 400, "validation_failed", "scopes.1");
	});

	it("normalizes origins as a browser sends them", async () => {
		const co = await makeCompany();
		const answer = await mintToken(co, {
			origins: ["https://Portal.Example.com:443/", "http://localhost:5173", "http://127.0.0.1:4000", PORTAL],
		});
		expect(answer.origins).toEqual([PORTAL, "http://localhost:5173", "http://127.0.0.1:4000"]);
	});

	it("refuses anything but exact https origins (http on localhost only), naming the field", async () => {
		const co = await makeCompany();
		const bad = [
			"https://portal.example.com/grid",
			"https://portal.example.com/?x=1",
			"https://*.example.com",
			"*",
			"portal.example.com",
			"ftp://portal.example.com",
			"http://portal.example.com",
			"https://user:pw@portal.example.com",
			"null",
		];
		for (const origin of bad) {
			const problem = expectProblem(await mint(co, { origins: [PORTAL, origin] }), 400, "validation_failed");
			expect(
				problem.errors?.map((e) => e.field),
				origin,
			).toEqual(["origins.1"]);
		}
		expectProblem(await mint(co, { origins: [] }), 400, "validation_failed", "origins");
		const eleven = Array.from({ length: 11 }, (_, i) => `https://p${i}.example.com`);
		expectProblem(await mint(co, { origins: eleven }), 400, "validation_failed", "origins");
	});

	it("takes a subset of the company's active locations, and refuses others naming the field", async () => {
		const co = await makeCompany({ locations: 3 });
		const other = await makeCompany();
		const [first, second, third] = co.locationIds;
		if (!first || !second || !third || !other.locationIds[0]) throw new Error("fixture");
		expect((await mintToken(co, { locationIds: [first, second, first] })).locationIds).toEqual([first, second]);

		expectProblem(
			await mint(co, { locationIds: [first, other.locationIds[0]] }),
			400,
			"validation_failed",
			"locationIds.1",
		);
		const archived = await co.api.patch(`/api/v1/locations/${third}`, { archived: true, version: 1 });
		expect(archived.status, JSON.stringify(archived.body)).toBe(200);
		expectProblem(await mint(co, { locationIds: [third] }), 400, "validation_failed", "locationIds.0");
		expectProblem(await mint(co, { locationIds: [] }), 400, "validation_failed", "locationIds");
	});

	it("is for owners only: a manager's token, an embed token and no token are refused", async () => {
		const co = await makeCompany();
		const created = await co.api.post("/api/v1/tokens", { name: "manager", role: "manager" });
		expect(created.status).toBe(201);
		const member = apiClient(created.json<{ token: string }>().token);
		expectProblem(await mint({ api: member }, {}), 403, "forbidden");

		const embed = embedClient((await mintToken(co, { scopes: ["edit:reorder"] })).token, PORTAL);
		expectProblem(await embed.post("/api/v1/embed-tokens", { scopes: ["read"], origins: [PORTAL] }), 403, "forbidden");

		expectProblem(await mint({ api: apiClient(null) }, {}), 401, "unauthorized");
	});
});
