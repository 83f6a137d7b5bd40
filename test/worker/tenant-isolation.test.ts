/**
 * Tenant isolation: a token of company B reaches none of company A's data on any route and changes
 * nothing of A's; requests without a valid token reach nothing at all.
 */
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import {
	adjust,
	allPages,
	type CommandAnswer,
	expectProblem,
	type LevelRow,
	type Movement,
	type Page,
	stateOf,
} from "./api-checks";
import { apiClient, makeCompany, type TestCompany } from "./helpers";

type Product = { id: string; sku: string; levels: { locationId: string }[] };
type Location = { id: string; name: string; isDefault: boolean; version: number };
type Token = { id: string; name: string; role: string; token?: string };

/** Company A with stock, planning fields and history; company B with products named like A's. */
async function twoCompanies() {
	const a = await makeCompany({ locations: 2, products: 3 });
	const b = await makeCompany({ locations: 2, products: 2 });
	const [ap1, ap2] = a.productIds as [string, string];
	const [al1, al2] = a.locationIds as [string, string];
	await adjust(a, ap1, al1, 20, "a-restock");
	await adjust(a, ap2, al2, 5);
	const transfer = await a.api.post("/api/v1/transfers", {
		productId: ap1,
		fromLocationId: al1,
		toLocationId: al2,
		quantity: 4,
		idempotencyKey: "a-move",
	});
	expect(transfer.status).toBe(201);
	const patch = await a.api.patch("/api/v1/levels", {
		items: [{ productId: ap1, locationId: al1, version: 1, reorderPoint: 3, reorderQty: 10, bin: "A-01" }],
	});
	expect(patch.status).toBe(200);
	await adjust(b, b.productIds[0] as string, b.locationIds[0] as string, 1);
	return { a, b, ap1, ap2, al1, al2 };
}

/** A's whole visible state, tokens included, as A's own token sees it. */
async function everythingOf(a: TestCompany) {
	return { ...(await stateOf(a.api)), tokens: (await a.api.get("/api/v1/tokens")).json<Page<Token>>().items };
}

/** Ids of `a` that appear anywhere in `body`. */
function leakedIds(a: TestCompany, body: unknown): string[] {
	const text = JSON.stringify(body);
	return [...a.productIds, ...a.locationIds, a.companyId].filter((id) => text.includes(id));
}

describe("company B's token and company A's catalogue", () => {
	it("lists none of A's products, even those whose SKU matches B's", async () => {
		const { a, b } = await twoCompanies();
		const products = await allPages<Product>(b.api, "/api/v1/products");
		expect(products.map((p) => p.id).sort()).toEqual([...b.productIds].sort());
		const bySku = await b.api.get("/api/v1/products?q=SKU-0000");
		expect(bySku.json<Page<Product>>().items.map((p) => p.id)).toEqual([b.productIds[0]]);
		expect(leakedIds(a, products)).toEqual([]);
	});

	it("answers 404 for A's product by id", async () => {
		const { a, b, ap1 } = await twoCompanies();
		const before = await everythingOf(a);
		expectProblem(await b.api.get(`/api/v1/products/${ap1}`), 404, "not_found");
		expect(await everythingOf(a)).toEqual(before);
	});

	it("shows no level rows of A's, with or without A's location as the filter", async () => {
		const { a, b, al1 } = await twoCompanies();
		const rows = await allPages<LevelRow>(b.api, "/api/v1/levels");
		expect(rows).toHaveLength(4);
		expect(leakedIds(a, rows)).toEqual([]);
		const filtered = await b.api.get(`/api/v1/levels?location=${al1}`);
		expect(filtered.status).toBe(200);
		expect(filtered.json<Page<LevelRow>>()).toEqual({ items: [], nextCursor: null });
		const belowReorder = await b.api.get("/api/v1/levels?below=reorder");
		expect(belowReorder.json<Page<LevelRow>>().items).toEqual([]);
	});

	it("lists none of A's locations and answers 404 for A's location by id", async () => {
		const { a, b, al1 } = await twoCompanies();
		const listed = (await b.api.get("/api/v1/locations?includeArchived=true")).json<Page<Location>>().items;
		expect(listed.map((l) => l.id).sort()).toEqual([...b.locationIds].sort());
		expectProblem(await b.api.get(`/api/v1/locations/${al1}`), 404, "not_found");
		expect(leakedIds(a, listed)).toEqual([]);
	});

	it("cannot rename, archive or make default A's location", async () => {
		const { a, b, al2 } = await twoCompanies();
		const before = await everythingOf(a);
		for (const patch of [{ name: "Taken over" }, { archived: true }, { isDefault: true }])
			for (const version of [1, 2, 3])
				expectProblem(await b.api.patch(`/api/v1/locations/${al2}`, { ...patch, version }), 404, "not_found");
		expect(await everythingOf(a)).toEqual(before);
	});

	it("creates its own locations with A's names and defaults without touching A's", async () => {
		const { a, b, al2 } = await twoCompanies();
		const renamed = await a.api.patch(`/api/v1/locations/${al2}`, { name: "Back room", version: 1 });
		expect(renamed.status).toBe(200);
		const before = await everythingOf(a);
		const res = await b.api.post("/api/v1/locations", { name: "Back room", isDefault: true });
		expect(res.status).toBe(201);
		expect(res.json<Location>()).toMatchObject({ name: "Back room", isDefault: true });
		expect(await everythingOf(a)).toEqual(before);
	});
});

describe("company B's token and company A's stock", () => {
	it("cannot adjust, count or transfer A's products or at A's locations", async () => {
		const { a, b, ap1, al1, al2 } = await twoCompanies();
		const [bp] = b.productIds as [string];
		const [bl] = b.locationIds as [string];
		const before = await everythingOf(a);
		const bBefore = await stateOf(b.api);
		const key = () => `b-${ulid()}`;
		const attempts = [
			["/api/v1/adjustments", { productId: ap1, locationId: al1, quantity: -5, idempotencyKey: key() }],
			["/api/v1/adjustments", { productId: ap1, locationId: bl, quantity: 5, idempotencyKey: key() }],
			["/api/v1/adjustments", { productId: bp, locationId: al1, quantity: 5, idempotencyKey: key() }],
			["/api/v1/counts", { productId: ap1, locationId: al1, onHand: 0, idempotencyKey: key() }],
			["/api/v1/counts", { productId: bp, locationId: al2, onHand: 9, idempotencyKey: key() }],
			[
				"/api/v1/transfers",
				{ productId: ap1, fromLocationId: al1, toLocationId: al2, quantity: 1, idempotencyKey: key() },
			],
			[
				"/api/v1/transfers",
				{ productId: bp, fromLocationId: bl, toLocationId: al1, quantity: 1, idempotencyKey: key() },
			],
			[
				"/api/v1/transfers",
				{ productId: bp, fromLocationId: al1, toLocationId: bl, quantity: 1, idempotencyKey: key() },
			],
		] as const;
		for (const [path, body] of attempts) {
			const problem = expectProblem(await b.api.post(path, body), 404, "not_found");
			expect(problem.detail).not.toContain(a.companyId);
		}
		expect(await everythingOf(a)).toEqual(before);
		expect(await stateOf(b.api)).toEqual(bBefore);
	});

	it("keeps idempotency keys per company: A's key used by B is a new command of B's", async () => {
		const { a, b } = await twoCompanies();
		const before = await everythingOf(a);
		const res = await b.api.post("/api/v1/adjustments", {
			productId: b.productIds[0],
			locationId: b.locationIds[0],
			quantity: 7,
			idempotencyKey: "a-restock",
		});
		expect(res.status).toBe(201);
		expect(res.json<CommandAnswer>().levels[0]?.onHand).toBe(8);
		expect(await everythingOf(a)).toEqual(before);
	});

	it("reads none of A's movements, whatever the filter", async () => {
		const { a, b, ap1, al1 } = await twoCompanies();
		for (const query of [
			`productId=${ap1}`,
			`locationId=${al1}`,
			"source=adjustment:a-restock",
			"source=transfer:a-move",
		]) {
			const res = await b.api.get(`/api/v1/movements?${query}`);
			expect(res.status).toBe(200);
			expect(res.json<Page<Movement>>()).toEqual({ items: [], nextCursor: null });
		}
		const all = await allPages<Movement>(b.api, "/api/v1/movements");
		expect(all).toHaveLength(1);
		expect(leakedIds(a, all)).toEqual([]);
	});

	it("gets not_found for every one of A's rows in a bulk edit, and A's rows keep their values", async () => {
		const { a, b, ap1, ap2, al1, al2 } = await twoCompanies();
		const before = await everythingOf(a);
		const res = await b.api.patch("/api/v1/levels", {
			items: [
				{ productId: ap1, locationId: al1, version: 2, reorderPoint: 99, bin: "B-stolen" },
				{ productId: ap2, locationId: al2, version: 1, reorderQty: 1 },
				{ productId: b.productIds[0], locationId: b.locationIds[0], version: 1, bin: "B-01" },
			],
		});
		expect(res.status).toBe(200);
		expect(res.json<{ items: { status: string }[] }>().items.map((r) => r.status)).toEqual([
			"not_found",
			"not_found",
			"updated",
		]);
		expect(await everythingOf(a)).toEqual(before);
	});

	it("reconciles only its own products", async () => {
		const { a, b } = await twoCompanies();
		const res = await b.api.get("/api/v1/reconciliation");
		expect(res.status).toBe(200);
		const body = res.json<{
			ok: boolean;
			checked: number;
			mismatches: unknown[];
			outOfBounds: unknown[];
			nextCursor: string | null;
		}>();
		expect(body).toEqual({
			ok: true,
			checked: 2,
			mismatches: [],
			outOfBounds: [],
			lotMismatches: [],
			lotExpiryMismatches: [],
			nextCursor: null,
		});
		expect(leakedIds(a, body)).toEqual([]);
	});
});

describe("company B's token and company A's tokens", () => {
	it("lists none of A's tokens and cannot revoke them", async () => {
		const { a, b } = await twoCompanies();
		const aTokens = (await a.api.get("/api/v1/tokens")).json<Page<Token>>().items;
		const bTokens = (await b.api.get("/api/v1/tokens")).json<Page<Token>>().items;
		expect(bTokens.map((t) => t.id)).not.toContain(aTokens[0]?.id);
		expect(bTokens).toHaveLength(1);
		const before = await everythingOf(a);
		expectProblem(await b.api.delete(`/api/v1/tokens/${aTokens[0]?.id}`), 404, "not_found");
		expect((await a.api.get("/api/v1/levels")).status).toBe(200);
		expect(await everythingOf(a)).toEqual(before);
	});
});

describe("listing tokens", () => {
	it("pages through the company's own live tokens only", async () => {
		const { a, b } = await twoCompanies();
		for (const name of ["ci", "script", "clerk"])
			expect((await b.api.post("/api/v1/tokens", { name })).status).toBe(201);
		const tokens = await allPages<Token>(b.api, "/api/v1/tokens?limit=2");
		expect(tokens.map((t) => t.name).sort()).toEqual(["ci", "clerk", "script", "test owner"]);
		expect(new Set(tokens.map((t) => t.id)).size).toBe(4);
		expect(tokens.every((t) => t.token === undefined)).toBe(true);
		const aTokenIds = (await a.api.get("/api/v1/tokens")).json<Page<Token>>().items.map((t) => t.id);
		expect(tokens.filter((t) => aTokenIds.includes(t.id))).toEqual([]);
	});
});

/** Every route of /api/v1, with a body the route would accept from a valid caller. */
function everyRoute(co: { productIds: string[]; locationIds: string[] }) {
	const [productId] = co.productIds as [string];
	const [locationId, otherLocationId] = co.locationIds as [string, string];
	return [
		["GET", "/api/v1/products", undefined],
		["GET", `/api/v1/products/${productId}`, undefined],
		["GET", "/api/v1/levels", undefined],
		["PATCH", "/api/v1/levels", { items: [{ productId, locationId, version: 1, bin: "X" }] }],
		["GET", "/api/v1/locations", undefined],
		["GET", `/api/v1/locations/${locationId}`, undefined],
		["POST", "/api/v1/locations", { name: "Sneaky" }],
		["PATCH", `/api/v1/locations/${locationId}`, { name: "Sneaky", version: 1 }],
		["POST", "/api/v1/adjustments", { productId, locationId, quantity: 1, idempotencyKey: "x" }],
		["POST", "/api/v1/counts", { productId, locationId, onHand: 1, idempotencyKey: "y" }],
		[
			"POST",
			"/api/v1/transfers",
			{ productId, fromLocationId: locationId, toLocationId: otherLocationId, quantity: 1, idempotencyKey: "z" },
		],
		["GET", "/api/v1/movements", undefined],
		["GET", "/api/v1/reconciliation", undefined],
		["GET", "/api/v1/tokens", undefined],
		["POST", "/api/v1/tokens", { name: "Sneaky", role: "owner" }],
		["DELETE", `/api/v1/tokens/${ulid()}`, undefined],
		["GET", "/api/v1/openapi.json", undefined],
		["GET", "/api/v1/no-such-route", undefined],
	] as const;
}

describe("requests without a valid token", () => {
	it("answer 401 problem+json on every route and change nothing", async () => {
		const { a } = await twoCompanies();
		const before = await everythingOf(a);
		const callers = {
			none: apiClient(null),
			unknown: apiClient(`srk_${"A".repeat(43)}`),
			garbled: apiClient("not a token!"),
			basic: apiClient(null),
		};
		for (const [method, path, body] of everyRoute(a)) {
			for (const [name, api] of Object.entries(callers)) {
				const headers: Record<string, string> =
					name === "basic" ? { authorization: `Basic ${btoa("owner:secret")}` } : {};
				const res = await api.call(method, path, body, headers);
				const problem = expectProblem(res, 401, "unauthorized");
				expect(problem.detail, `${name} ${method} ${path}`).not.toContain(a.companyId);
				expect(res.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
			}
		}
		expect(await everythingOf(a)).toEqual(before);
	});

	it("a revoked token answers 401 from then on", async () => {
		const { a } = await twoCompanies();
		const created = await a.api.post("/api/v1/tokens", { name: "script", role: "owner" });
		expect(created.status).toBe(201);
		const { id, token } = created.json<Token>();
		const script = apiClient(token ?? "");
		expect((await script.get("/api/v1/levels")).status).toBe(200);
		const revoked = await a.api.delete(`/api/v1/tokens/${id}`);
		expect(revoked.status).toBe(204);
		expectProblem(await script.get("/api/v1/levels"), 401, "unauthorized");
		expectProblem(
			await script.post("/api/v1/adjustments", {
				productId: a.productIds[0],
				locationId: a.locationIds[0],
				quantity: 1,
				idempotencyKey: "after-revoke",
			}),
			401,
			"unauthorized",
		);
		expect((await a.api.get("/api/v1/tokens")).json<Page<Token>>().items.map((t) => t.id)).not.toContain(id);
		// Revoking it again finds no live token.
		expectProblem(await a.api.delete(`/api/v1/tokens/${id}`), 404, "not_found");
	});

	it("a manager token works on stock but answers 403 on every token route", async () => {
		const { a } = await twoCompanies();
		const created = await a.api.post("/api/v1/tokens", { name: "clerk", role: "manager" });
		expect(created.status).toBe(201);
		expect(created.json<Token>().role).toBe("manager");
		const member = apiClient(created.json<Token>().token ?? "");
		expect((await member.get("/api/v1/levels")).status).toBe(200);
		const before = await a.api.get("/api/v1/tokens");
		expectProblem(await member.get("/api/v1/tokens"), 403, "forbidden");
		expectProblem(await member.post("/api/v1/tokens", { name: "escalate", role: "owner" }), 403, "forbidden");
		const ownerTokenId = before.json<Page<Token>>().items.find((t) => t.role === "owner")?.id;
		expectProblem(await member.delete(`/api/v1/tokens/${ownerTokenId}`), 403, "forbidden");
		expect((await a.api.get("/api/v1/tokens")).json()).toEqual(before.json());
	});
});
