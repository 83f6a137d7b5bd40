/**
 * Using an embed token: only from its origins (CORS follows them), only until it expires, only
 * within its scopes and locations, and for the embedded grid's few routes alone.
 */
import { describe, expect, it } from "vitest";
import { adjust, allPages, expectProblem, type LevelRow, type Page } from "./api-checks";
import { APP_ORIGIN, embedClient, expiredToken, mintToken, OTHER_SITE, PORTAL } from "./embed-fixtures";
import { apiClient, makeCompany } from "./helpers";

type Location = { id: string; name: string };
type ProductView = { id: string; levels: { locationId: string }[]; totals: { onHand: number } };

function forgeCompany(token: string, companyId: string): string {
	// Same signature, another company in the payload.
	const [payload, signature] = token.slice("sre_".length).split(".");
	const claims = JSON.parse(atob((payload ?? "").replaceAll("-", "+").replaceAll("_", "/")));
	const forged = btoa(JSON.stringify({ ...claims, companyId }))
		.replaceAll("+", "-")
		.replaceAll("/", "_")
		.replaceAll("=", "");
	return `sre_${forged}.${signature}`;
}

describe("an embed token used from a page", () => {
	it("reads the grid's rows from an allowed origin, and the page may read the answer", async () => {
		const co = await makeCompany({ locations: 2, products: 2 });
		const { token } = await mintToken(co);
		const res = await embedClient(token, PORTAL).get("/api/v1/levels?limit=1000");
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.json<Page<LevelRow>>().items).toHaveLength(4);
		expect(res.headers.get("access-control-allow-origin")).toBe(PORTAL);
		expect(res.headers.get("vary")).toMatch(/origin/i);
		expect(res.headers.get("access-control-allow-credentials")).toBeNull();
	});

	it("is refused without an Origin (curl, a server) or from another site, which cannot even read the refusal", async () => {
		const co = await makeCompany();
		const { token } = await mintToken(co);
		const none = await embedClient(token, null).get("/api/v1/levels");
		expectProblem(none, 401, "unauthorized");
		const other = await embedClient(token, OTHER_SITE).get("/api/v1/levels");
		expectProblem(other, 401, "unauthorized");
		expect(other.headers.get("access-control-allow-origin")).toBeNull();
		const crossSiteWithoutOrigin = await embedClient(token, null).get("/api/v1/levels", {
			"sec-fetch-site": "cross-site",
		});
		expectProblem(crossSiteWithoutOrigin, 401, "unauthorized");
	});

	it("works from the app's own origin, as the iframe page calls it", async () => {
		const co = await makeCompany();
		const { token } = await mintToken(co, { scopes: ["edit:reorder"] });
		// A same-origin GET carries no Origin, only Sec-Fetch-Site; a PATCH carries the app's Origin.
		const get = await embedClient(token, null).get("/api/v1/levels", { "sec-fetch-site": "same-origin" });
		expect(get.status, JSON.stringify(get.body)).toBe(200);
		const row = get.json<Page<LevelRow>>().items[0];
		if (!row) throw new Error("fixture");
		const patch = await embedClient(token, APP_ORIGIN).patch("/api/v1/levels", {
			items: [{ productId: row.productId, locationId: row.locationId, version: row.version, reorderPoint: 5 }],
		});
		expect(patch.status, JSON.stringify(patch.body)).toBe(200);
	});

	it("is refused once expired, and the allowed page can read why", async () => {
		const co = await makeCompany();
		const res = await embedClient(await expiredToken(co), PORTAL).get("/api/v1/levels");
		expectProblem(res, 401, "unauthorized");
		expect(res.headers.get("access-control-allow-origin")).toBe(PORTAL);
	});

	it("is refused when forged or tampered with", async () => {
		const co = await makeCompany();
		const other = await makeCompany();
		const { token } = await mintToken(co);
		const forged = forgeCompany(token, other.companyId);
		const res = await embedClient(forged, PORTAL).get("/api/v1/levels");
		expectProblem(res, 401, "unauthorized");
		expect(res.headers.get("access-control-allow-origin")).toBeNull();
		expectProblem(await embedClient(`${token}x`, PORTAL).get("/api/v1/levels"), 401, "unauthorized");
		// An API token's secret dressed as an embed token is not one either.
		expectProblem(await embedClient(`sre_${co.token}`, PORTAL).get("/api/v1/levels"), 401, "unauthorized");
	});

	it("reads only its company", async () => {
		const co = await makeCompany({ products: 1 });
		const other = await makeCompany({ products: 3 });
		const { token } = await mintToken(co);
		const rows = await allPages<LevelRow>(embedClient(token, PORTAL), "/api/v1/levels?limit=1000");
		expect(new Set(rows.map((r) => r.productId))).toEqual(new Set(co.productIds));
		expect(rows.some((r) => other.productIds.includes(r.productId))).toBe(false);
	});
});

describe("an embed token's scopes", () => {
	async function firstRow(token: string) {
		const res = await embedClient(token, PORTAL).get("/api/v1/levels?limit=1");
		const row = res.json<Page<LevelRow>>().items[0];
		if (!row) throw new Error("no level row");
		return row;
	}

	it("read cannot edit anything", async () => {
		const co = await makeCompany();
		const { token } = await mintToken(co, { scopes: ["read"] });
		const row = await firstRow(token);
		const res = await embedClient(token, PORTAL).patch("/api/v1/levels", {
			items: [{ productId: row.productId, locationId: row.locationId, version: row.version, reorderPoint: 3 }],
		});
		expectProblem(res, 403, "forbidden");
		expect(res.headers.get("access-control-allow-origin")).toBe(PORTAL);
		expect((await firstRow(token)).reorderPoint).toBeNull();
	});

	it("edit:reorder edits reorder points and quantities but not bins", async () => {
		const co = await makeCompany();
		const { token } = await mintToken(co, { scopes: ["edit:reorder"] });
		const api = embedClient(token, PORTAL);
		const row = await firstRow(token);
		const key = { productId: row.productId, locationId: row.locationId };
		const ok = await api.patch("/api/v1/levels", {
			items: [{ ...key, version: row.version, reorderPoint: 4, reorderQty: 10 }],
		});
		expect(ok.status, JSON.stringify(ok.body)).toBe(200);
		expect(ok.json<{ items: { status: string }[] }>().items[0]?.status).toBe("updated");
		expect(ok.headers.get("access-control-allow-origin")).toBe(PORTAL);

		const bin = await api.patch("/api/v1/levels", { items: [{ ...key, version: row.version + 1, bin: "A-1" }] });
		expectProblem(bin, 403, "forbidden", "items.0.bin");
		const after = await firstRow(token);
		expect(after).toMatchObject({ reorderPoint: 4, reorderQty: 10, bin: null });
	});

	it("read may open the live feed", async () => {
		const co = await makeCompany();
		const { token } = await mintToken(co, { scopes: ["read"] });
		const res = await embedClient(token, PORTAL).post("/api/v1/live/ticket");
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.json<{ url: string }>().url).toMatch(/\/live\?ticket=/);
		expect(res.headers.get("access-control-allow-origin")).toBe(PORTAL);
	});

	it("may not reach any other route", async () => {
		const co = await makeCompany();
		const { token } = await mintToken(co, { scopes: ["edit:reorder"] });
		const api = embedClient(token, PORTAL);
		const [productId] = co.productIds;
		const [locationId] = co.locationIds;
		const refused = [
			await api.post("/api/v1/adjustments", { productId, locationId, quantity: 5, idempotencyKey: "embed-adj-1" }),
			await api.get("/api/v1/tokens"),
			await api.post("/api/v1/tokens", { name: "escalate", role: "owner" }),
			await api.get("/api/v1/movements"),
			await api.get("/api/v1/settings"),
			await api.patch("/api/v1/settings", { stockSyncToQbo: true }),
			await api.post("/api/v1/locations", { name: "Embedded" }),
			await api.get("/api/v1/sync/status"),
			await api.get("/api/v1/openapi.json"),
		];
		for (const res of refused) {
			const problem = expectProblem(res, 403, "forbidden");
			expect(problem.detail).toMatch(/^This embed token may not/);
		}
		// Nothing moved.
		const owner = apiClient(co.token);
		expect((await owner.get("/api/v1/movements")).json<Page<unknown>>().items).toEqual([]);
	});
});

describe("an embed token's locations", () => {
	it("sees the rows and locations of its subset only", async () => {
		const co = await makeCompany({ locations: 3, products: 2 });
		const [first, second, third] = co.locationIds;
		if (!first || !second || !third) throw new Error("fixture");
		const { token } = await mintToken(co, { scopes: ["edit:reorder"], locationIds: [first, third] });
		const api = embedClient(token, PORTAL);

		const rows = await allPages<LevelRow>(api, "/api/v1/levels?limit=1");
		expect(rows).toHaveLength(4);
		expect(new Set(rows.map((r) => r.locationId))).toEqual(new Set([first, third]));
		const atThird = (await api.get(`/api/v1/levels?location=${third}`)).json<Page<LevelRow>>().items;
		expect(atThird.map((r) => r.locationId)).toEqual([third, third]);
		expectProblem(await api.get(`/api/v1/levels?location=${second}`), 403, "forbidden", "location");

		const locations = (await api.get("/api/v1/locations")).json<Page<Location>>().items;
		expect(new Set(locations.map((l) => l.id))).toEqual(new Set([first, third]));
		expect((await api.get(`/api/v1/locations/${first}`)).status).toBe(200);
		expectProblem(await api.get(`/api/v1/locations/${second}`), 403, "forbidden");
		// Products answer their levels at the token's locations only, and totals over those.
		await adjust(co, co.productIds[0] ?? "", second, 7);
		await adjust(co, co.productIds[0] ?? "", first, 2);
		const products = (await api.get("/api/v1/products")).json<Page<ProductView>>().items;
		const product = products.find((p) => p.id === co.productIds[0]);
		expect(new Set(product?.levels.map((l) => l.locationId))).toEqual(new Set([first, third]));
		expect(product?.totals.onHand).toBe(2);
	});

	it("edits only rows at its locations", async () => {
		const co = await makeCompany({ locations: 2 });
		const [first, second] = co.locationIds;
		const [productId] = co.productIds;
		if (!first || !second || !productId) throw new Error("fixture");
		const { token } = await mintToken(co, { scopes: ["edit:reorder"], locationIds: [first] });
		const res = await embedClient(token, PORTAL).patch("/api/v1/levels", {
			items: [
				{ productId, locationId: first, version: 1, reorderPoint: 1 },
				{ productId, locationId: second, version: 1, reorderPoint: 1 },
			],
		});
		expectProblem(res, 403, "forbidden", "items.1.locationId");
		const owner = (await apiClient(co.token).get("/api/v1/levels")).json<Page<LevelRow>>().items;
		expect(owner.map((r) => r.reorderPoint)).toEqual([null, null]);
	});

	it("reads products when it covers every location", async () => {
		const co = await makeCompany({ products: 2 });
		const { token } = await mintToken(co);
		const res = await embedClient(token, PORTAL).get("/api/v1/products");
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.json<Page<unknown>>().items).toHaveLength(2);
	});
});

describe("CORS preflight", () => {
	it("answers any origin, since a preflight carries no token; the request that follows is judged", async () => {
		const res = await apiClient(null).call("OPTIONS", "/api/v1/levels", undefined, {
			origin: OTHER_SITE,
			"access-control-request-method": "PATCH",
			"access-control-request-headers": "authorization, content-type",
		});
		expect(res.status).toBe(204);
		expect(res.headers.get("access-control-allow-origin")).toBe(OTHER_SITE);
		expect(res.headers.get("access-control-allow-methods")).toBe("GET,POST,PATCH");
		expect(res.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
		expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
		expect(res.headers.get("access-control-allow-credentials")).toBeNull();
		expect(res.headers.get("vary")).toMatch(/origin/i);
	});

	it("gives no CORS to an API token, even from a page", async () => {
		const co = await makeCompany();
		const res = await apiClient(co.token).get("/api/v1/levels", { origin: PORTAL });
		expect(res.status).toBe(200);
		expect(res.headers.get("access-control-allow-origin")).toBeNull();
	});
});
