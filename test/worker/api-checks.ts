/**
 * Assertions shared by the API tests: the problem+json shape every error answers with, and a
 * snapshot of what a company can see (levels, ledger, locations) to prove nothing changed.
 */
import { expect } from "vitest";
import type { components } from "../../ui/src/api/openapi";
import type { Page } from "../../ui/src/api/types";
import type { ApiClient, ApiResponse, TestCompany } from "./helpers";

/** The API's named shapes, as generated from its committed OpenAPI document: not written again in tests. */
export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type LevelRow = Schemas["LevelRow"];
export type Movement = Schemas["Movement"];
export type CommandAnswer = Schemas["StockCommandResult"];
export type { Page };

/**
 * Checks that `res` is a problem+json answer with this status and code and, when `field` is given,
 * that `errors` names it. Answers the body for further checks.
 */
export function expectProblem(res: ApiResponse, status: number, code: string, field?: string): Problem {
	expect(res.status, JSON.stringify(res.body)).toBe(status);
	expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json\b/);
	const body = res.json<Problem>();
	expect(body).toMatchObject({ status, code });
	for (const key of ["type", "title", "detail"] as const) {
		expect(typeof body[key]).toBe("string");
		expect(body[key].length).toBeGreaterThan(0);
	}
	if (field !== undefined) expect(body.errors?.map((e) => e.field) ?? []).toContain(field);
	return body;
}

/** Every page of a list route, following `nextCursor`. */
export async function allPages<T>(api: ApiClient, path: string): Promise<T[]> {
	const items: T[] = [];
	let cursor: string | null = null;
	const join = path.includes("?") ? "&" : "?";
	for (let pages = 0; pages < 1000; pages++) {
		const res = await api.get(cursor ? `${path}${join}cursor=${encodeURIComponent(cursor)}` : path);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		const page = res.json<Page<T>>();
		items.push(...page.items);
		cursor = page.nextCursor;
		if (!cursor) return items;
	}
	throw new Error(`${path} did not stop paging`);
}

/** What a company can see of its stock: every level row, the whole ledger, every location. */
export async function stateOf(api: ApiClient) {
	return {
		levels: await allPages<LevelRow>(api, "/api/v1/levels?limit=1000"),
		movements: await allPages<Movement>(api, "/api/v1/movements?limit=1000"),
		locations: (await api.get("/api/v1/locations?includeArchived=true")).json<Page<unknown>>().items,
	};
}

/**
 * Adjusts on hand and checks it was applied: a test's setup, so a decrease is confirmed to go below
 * zero if it comes to that (docs/architecture.md#negative-stock).
 */
export async function adjust(co: TestCompany, productId: string, locationId: string, quantity: number, key?: string) {
	const res = await co.api.post("/api/v1/adjustments", {
		productId,
		locationId,
		quantity,
		...(quantity < 0 ? { allowNegative: true } : {}),
		idempotencyKey: key ?? `adj-${crypto.randomUUID()}`,
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.json<CommandAnswer>();
}

/** Each SKU's on hand in all (rows per location summed by the grid's list), after the reconciliation is ok. */
export async function onHandBySku(co: TestCompany): Promise<Record<string, number>> {
	// Sync traffic flushes in the background: reconciliation flushes the objects first.
	expect((await co.api.get("/api/v1/reconciliation?limit=1000")).json()).toMatchObject({ ok: true });
	const rows = await allPages<{ sku: string; onHand: number }>(co.api, "/api/v1/levels?limit=1000");
	return Object.fromEntries(rows.map((r) => [r.sku, r.onHand]));
}
