/**
 * Who signed in at Intuit (OpenID Connect): the ID token from the token endpoint, verified here —
 * RS256 signature against the issuer's JWKS, issuer, audience (our client id), expiry, and the
 * nonce we sent — then the userinfo endpoint for the email, whether Intuit verified it, and the
 * names. Intuit's ID token carries only sub, aud, realmid, iss, iat, exp, auth_time (its discovery
 * document's `claims_supported`), so the email comes from userinfo, whose `sub` must match.
 *
 * Users are keyed on `sub`, never on the email, and an unverified email is refused (Intuit's
 * app-review rules, docs/qbo.md#sign-in-with-intuit).
 */
import { Jwt } from "hono/utils/jwt";
import type { HonoJsonWebKey } from "hono/utils/jwt/jws";
import { z } from "zod";
import type { Identity } from "./users";

/** JWKS answers kept a while (keys rotate rarely; an unknown `kid` fetches afresh). */
const JWKS_TTL_MS = 10 * 60 * 1000;
/** Tolerated clock difference with Intuit for `iat`. */
const CLOCK_SKEW_S = 60;

const jwksCache = new Map<string, { keys: HonoJsonWebKey[]; fetchedAt: number }>();

const jwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional() })) });

async function fetchJwks(url: string): Promise<HonoJsonWebKey[]> {
	const response = await fetch(url, { headers: { accept: "application/json" } });
	if (!response.ok) throw new Error(`JWKS ${url} answered HTTP ${response.status}`);
	const { keys } = jwksSchema.parse(await response.json());
	const usable = keys as HonoJsonWebKey[];
	jwksCache.set(url, { keys: usable, fetchedAt: Date.now() });
	return usable;
}

async function keysFor(url: string, kid: string | undefined): Promise<HonoJsonWebKey[]> {
	const cached = jwksCache.get(url);
	if (cached && Date.now() - cached.fetchedAt < JWKS_TTL_MS && cached.keys.some((key) => key.kid === kid))
		return cached.keys;
	return fetchJwks(url);
}

const claimsSchema = z.object({
	sub: z.string().min(1).max(255),
	iat: z.number(),
	exp: z.number(),
	realmid: z.string().min(1).optional(),
	nonce: z.string().optional(),
});

export type IdTokenClaims = { sub: string; realmId: string | null };

/**
 * The claims of an ID token issued to us by Intuit, or null if anything is off: signature, issuer,
 * audience, expiry, issue time, or a nonce other than `nonce` (Intuit is not documented to echo the
 * nonce; the browser is bound to the flow by the state cookie anyway, so a token without one passes).
 */
export async function verifyIdToken(
	env: Env,
	token: string,
	nonce: string | null,
	now = Date.now(),
): Promise<IdTokenClaims | null> {
	try {
		const { header } = Jwt.decode(token);
		const keys = await keysFor(env.QBO_JWKS_URL, header.kid);
		const payload = await Jwt.verifyWithJwks(token, {
			keys,
			allowedAlgorithms: ["RS256"],
			verification: { iss: env.QBO_OPENID_ISSUER, aud: env.QBO_CLIENT_ID ?? "", iat: false },
		});
		const claims = claimsSchema.safeParse(payload);
		if (!claims.success) return null;
		if (claims.data.iat > now / 1000 + CLOCK_SKEW_S) return null;
		if (nonce !== null && claims.data.nonce !== undefined && claims.data.nonce !== nonce) return null;
		return { sub: claims.data.sub, realmId: claims.data.realmid ?? null };
	} catch {
		// Malformed, unsigned, wrongly signed, expired, for someone else: all the same to the caller.
		return null;
	}
}

/** Intuit's userinfo answer (its camelCase field names). */
const userinfoSchema = z.object({
	sub: z.string().min(1),
	email: z.string().optional(),
	emailVerified: z.boolean().optional(),
	givenName: z.string().optional(),
	familyName: z.string().optional(),
});

export type IdentifyResult =
	| { ok: true; identity: Identity; realmId: string | null }
	| { ok: false; error: "invalid_id_token" | "userinfo_failed" | "email_not_verified" };

/**
 * Who approved at Intuit, from the token answer: the verified ID token, then userinfo (same `sub`,
 * a verified email). `nonce`: what the sign-in sent, null when none was sent.
 */
export async function identify(
	env: Env,
	input: { idToken: string | undefined; accessToken: string; nonce: string | null },
): Promise<IdentifyResult> {
	const claims = input.idToken ? await verifyIdToken(env, input.idToken, input.nonce) : null;
	if (!claims) return { ok: false, error: "invalid_id_token" };
	const response = await fetch(env.QBO_USERINFO_URL, {
		headers: { authorization: `Bearer ${input.accessToken}`, accept: "application/json" },
	}).catch(() => null);
	const info = response?.ok ? userinfoSchema.safeParse(await response.json().catch(() => null)) : null;
	if (!info?.success || info.data.sub !== claims.sub) return { ok: false, error: "userinfo_failed" };
	if (info.data.emailVerified !== true || !info.data.email) return { ok: false, error: "email_not_verified" };
	const name = [info.data.givenName, info.data.familyName].filter(Boolean).join(" ");
	return {
		ok: true,
		identity: { sub: claims.sub, email: info.data.email, name: name || null },
		realmId: claims.realmId,
	};
}
