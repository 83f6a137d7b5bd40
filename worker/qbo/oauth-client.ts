/**
 * Intuit's OAuth 2 authorization-code flow, as a client: the authorize URL, exchanging a code,
 * refreshing (refresh tokens rotate: always keep the newest) and revoking. Endpoints come from
 * configuration, so the same code talks to Intuit or to the simulator.
 */
import { z } from "zod";

/**
 * The company's books, and who the user is (OpenID Connect: an ID token and the userinfo): connecting
 * QuickBooks and signing in are one consent at Intuit.
 */
const SCOPE = "com.intuit.quickbooks.accounting openid profile email";
/** Who the person is, and no company's books: the sign-in of invited people, who may not use QuickBooks at all. */
export const IDENTITY_SCOPE = "openid profile email";

const tokenResponseSchema = z.object({
	access_token: z.string().min(1),
	refresh_token: z.string().min(1),
	token_type: z.string(),
	expires_in: z.number().int().positive(),
	x_refresh_token_expires_in: z.number().int().positive(),
	/** With the openid scope: who approved (worker/auth/openid.ts verifies it). */
	id_token: z.string().min(1).optional(),
});

/** Tokens with absolute expiry times (epoch ms). */
export type TokenSet = {
	accessToken: string;
	refreshToken: string;
	accessExpiresAt: number;
	refreshExpiresAt: number;
};

export type TokenResult =
	| { ok: true; tokens: TokenSet; idToken?: string }
	| { ok: false; error: string; status: number };

/** Intuit's authorize page; `nonce` (OpenID) is echoed in the ID token. */
export function authorizeUrl(env: Env, redirectUri: string, state: string, nonce?: string, scope = SCOPE): string {
	const url = new URL(env.QBO_AUTHORIZE_URL);
	url.searchParams.set("client_id", env.QBO_CLIENT_ID ?? "");
	url.searchParams.set("response_type", "code");
	url.searchParams.set("scope", scope);
	url.searchParams.set("redirect_uri", redirectUri);
	url.searchParams.set("state", state);
	if (nonce) url.searchParams.set("nonce", nonce);
	return url.toString();
}

export function exchangeCode(env: Env, code: string, redirectUri: string): Promise<TokenResult> {
	return requestTokens(env, { grant_type: "authorization_code", code, redirect_uri: redirectUri });
}

/** `invalid_grant` means the refresh token is no longer valid: the company must reconnect. */
export function refreshTokens(env: Env, refreshToken: string): Promise<TokenResult> {
	return requestTokens(env, { grant_type: "refresh_token", refresh_token: refreshToken });
}

/** Revokes a token (and with a refresh token, the whole grant); false if the server refused. */
export async function revokeToken(env: Env, token: string): Promise<boolean> {
	const response = await fetch(env.QBO_REVOKE_URL, {
		method: "POST",
		headers: { authorization: basicAuth(env), "content-type": "application/json", accept: "application/json" },
		body: JSON.stringify({ token }),
	});
	return response.ok;
}

async function requestTokens(env: Env, form: Record<string, string>): Promise<TokenResult> {
	const now = Date.now();
	const response = await fetch(env.QBO_TOKEN_URL, {
		method: "POST",
		headers: {
			authorization: basicAuth(env),
			"content-type": "application/x-www-form-urlencoded",
			accept: "application/json",
		},
		body: new URLSearchParams(form).toString(),
	});
	const body: unknown = await response.json().catch(() => null);
	if (!response.ok) {
		const error = z.object({ error: z.string() }).safeParse(body);
		return { ok: false, error: error.success ? error.data.error : `http_${response.status}`, status: response.status };
	}
	const parsed = tokenResponseSchema.safeParse(body);
	if (!parsed.success) return { ok: false, error: "invalid_token_response", status: response.status };
	const t = parsed.data;
	return {
		ok: true,
		...(t.id_token ? { idToken: t.id_token } : {}),
		tokens: {
			accessToken: t.access_token,
			refreshToken: t.refresh_token,
			accessExpiresAt: now + t.expires_in * 1000,
			refreshExpiresAt: now + t.x_refresh_token_expires_in * 1000,
		},
	};
}

function basicAuth(env: Env): string {
	return `Basic ${btoa(`${env.QBO_CLIENT_ID ?? ""}:${env.QBO_CLIENT_SECRET ?? ""}`)}`;
}
