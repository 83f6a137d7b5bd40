/**
 * Fixtures for tests inside workerd: companies with tokens, locations and products, and a small
 * client for the API through the Worker's real fetch handler.
 */
import { env, exports } from "cloudflare:workers";
import { ulid } from "ulid";
import { createApiToken } from "../../worker/auth/api-tokens";
import { ensureCompany } from "../../worker/catalogue/companies";
import { createLocation } from "../../worker/catalogue/locations";
import { createProducts } from "../../worker/catalogue/products";
import { database } from "../../worker/db/client";

export const db = database(env.DB);

export type TestCompany = {
	companyId: string;
	token: string;
	locationIds: string[];
	productIds: string[];
	api: ApiClient;
};

/** A company with an owner token, `locations` locations (the first is default) and `products` products. */
export async function makeCompany(options: { locations?: number; products?: number } = {}): Promise<TestCompany> {
	const companyId = `co-${ulid()}`;
	await ensureCompany(db, { id: companyId, name: `Company ${companyId}` });
	const locationIds: string[] = [];
	for (let i = 0; i < (options.locations ?? 2); i++)
		locationIds.push((await createLocation(db, companyId, { name: `Location ${i + 1}` })).id);
	const products = await createProducts(
		db,
		companyId,
		Array.from({ length: options.products ?? 1 }, (_, i) => ({
			sku: `SKU-${String(i).padStart(4, "0")}`,
			name: `Product ${i}`,
		})),
	);
	const { token } = await createApiToken(db, companyId, { name: "test owner", role: "owner" });
	return { companyId, token, locationIds, productIds: products.map((p) => p.id), api: apiClient(token) };
}

export type ApiResponse = {
	status: number;
	headers: Headers;
	body: unknown;
	json: <T = Record<string, unknown>>() => T;
};
export type ApiClient = ReturnType<typeof apiClient>;

/** Calls the Worker's fetch handler as an HTTP client would, with the given bearer token. */
export function apiClient(token: string | null) {
	async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
		const init: RequestInit = {
			method,
			// A client sees our redirects rather than following them into Intuit or the UI.
			redirect: "manual",
			headers: {
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...(body !== undefined ? { "content-type": "application/json" } : {}),
				...headers,
			},
			...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
		};
		const response = await exports.default.fetch(new Request(`http://stockroom.test${path}`, init));
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : null;
		} catch {
			// not JSON: keep the text
		}
		return {
			status: response.status,
			headers: response.headers,
			body: parsed,
			json: <T = Record<string, unknown>>() => parsed as T,
		};
	}
	return {
		get: (path: string, headers?: Record<string, string>) => call("GET", path, undefined, headers),
		post: (path: string, body?: unknown, headers?: Record<string, string>) => call("POST", path, body, headers),
		patch: (path: string, body?: unknown, headers?: Record<string, string>) => call("PATCH", path, body, headers),
		delete: (path: string, headers?: Record<string, string>) => call("DELETE", path, undefined, headers),
		call,
	};
}
