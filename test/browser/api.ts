/**
 * The server's side of what the browser tests check: /api/v1 read with a bearer token, as another
 * program would, so that "it persisted" means the server has it — not that the page remembers it.
 */
import { inject } from "vitest";
import type { components, paths } from "../../ui/src/api/openapi.ts";

// The API's shapes as generated from its committed OpenAPI document, not written again here.
export type LevelRow = components["schemas"]["LevelRow"];
export type Location = components["schemas"]["Location"];
type LevelPage = paths["/levels"]["get"]["responses"][200]["content"]["application/json"];

export function browserStack() {
	return inject("browserStack");
}

/** A fresh owner token of the demo company (development route, as `npm run dev:token`). */
export async function demoToken(): Promise<string> {
	const response = await fetch(`${browserStack().app}/dev/token`, { method: "POST" });
	if (!response.ok) throw new Error(`POST /dev/token → ${response.status} ${await response.text()}`);
	return (await response.text()).trim();
}

/** /api/v1 as the holder of `token`; `origin` is sent as the Origin header (embed tokens check it). */
export function apiAs(token: string | null, { origin }: { origin?: string } = {}) {
	const { app } = browserStack();
	async function call(method: string, path: string, body?: unknown): Promise<Response> {
		return fetch(`${app}/api/v1${path}`, {
			method,
			headers: {
				accept: "application/json",
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...(origin ? { origin } : {}),
				...(body === undefined ? {} : { "content-type": "application/json" }),
			},
			...(body === undefined ? {} : { body: JSON.stringify(body) }),
			signal: AbortSignal.timeout(30_000),
		});
	}
	async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await call(method, path, body);
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${path} → ${response.status} ${text.slice(0, 1000)}`);
		return JSON.parse(text) as T;
	}
	return {
		call,
		get: <T>(path: string) => json<T>("GET", path),
		post: <T>(path: string, body: unknown) => json<T>("POST", path, body),
		patch: <T>(path: string, body: unknown) => json<T>("PATCH", path, body),
		async locations(): Promise<Location[]> {
			return (await json<{ items: Location[] }>("GET", "/locations?limit=1000")).items;
		},
		/** The location called `name`. */
		async location(name: string): Promise<Location> {
			const found = (await this.locations()).find((l) => l.name === name);
			if (!found) throw new Error(`no location "${name}"`);
			return found;
		},
		/** Every level row of the products whose SKU or name matches `q` (one page of 1000 at most). */
		async levels(q: string): Promise<LevelRow[]> {
			const page = await json<LevelPage>("GET", `/levels?${new URLSearchParams({ q, limit: "1000" })}`);
			if (page.nextCursor) throw new Error(`more than 1000 level rows match "${q}"`);
			return page.items;
		},
		/** One product's level at one location. */
		async level(sku: string, locationId: string): Promise<LevelRow> {
			const row = (await this.levels(sku)).find((r) => r.sku === sku && r.locationId === locationId);
			if (!row) throw new Error(`no level of ${sku} at ${locationId}`);
			return row;
		},
		/** Sets a level's reorder fields directly (PATCH /levels with its current version). */
		async setLevel(
			sku: string,
			locationId: string,
			fields: Partial<Pick<LevelRow, "reorderPoint" | "reorderQty" | "bin">>,
		): Promise<void> {
			const { productId, version } = await this.level(sku, locationId);
			await json("PATCH", "/levels", { items: [{ productId, locationId, version, ...fields }] });
		},
	};
}

export type Api = ReturnType<typeof apiAs>;
