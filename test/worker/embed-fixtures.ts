/**
 * Embed tokens for the embed tests: minted through the API by the company's owner, or signed
 * directly (an expired one) with the Worker's own helper.
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { EmbedScope } from "../../worker/auth/caller";
import { mintEmbedToken } from "../../worker/auth/embed-tokens";
import { apiClient, db, type TestCompany } from "./helpers";

export const PORTAL = "https://portal.example.com";
export const OTHER_SITE = "https://evil.example.net";
/** The origin the test client calls the Worker at (test/worker/helpers.ts). */
export const APP_ORIGIN = "http://stockroom.test";

export type EmbedTokenAnswer = {
	token: string;
	expiresAt: string;
	scopes: EmbedScope[];
	origins: string[];
	locationIds: string[] | null;
};

/** `POST /embed-tokens` as the owner, expecting 201. */
export async function mintToken(co: TestCompany, body: Record<string, unknown> = {}): Promise<EmbedTokenAnswer> {
	const res = await co.api.post("/api/v1/embed-tokens", { scopes: ["read"], origins: [PORTAL], ...body });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.json<EmbedTokenAnswer>();
}

/** A genuine token of the company that expired a minute ago. */
export async function expiredToken(co: TestCompany): Promise<string> {
	const grant = { scopes: ["read" as const], origins: [PORTAL], locationIds: null };
	const { token } = await mintEmbedToken(
		env,
		db,
		co.companyId,
		{ ...grant, label: "expired", createdBy: "test" },
		60,
		Date.now() - 120_000,
	);
	return token;
}

/** A client that calls as a page of `origin` would (null: no Origin header, as curl or a server). */
export function embedClient(token: string | null, origin: string | null) {
	const api = apiClient(token);
	const withOrigin = (headers: Record<string, string> = {}) => (origin ? { origin, ...headers } : headers);
	return {
		get: (path: string, headers?: Record<string, string>) => api.get(path, withOrigin(headers)),
		post: (path: string, body?: unknown, headers?: Record<string, string>) => api.post(path, body, withOrigin(headers)),
		patch: (path: string, body?: unknown, headers?: Record<string, string>) =>
			api.patch(path, body, withOrigin(headers)),
		delete: (path: string, headers?: Record<string, string>) => api.delete(path, withOrigin(headers)),
		call: api.call,
	};
}
