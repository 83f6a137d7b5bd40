/**
 * Short-lived embed tokens (`sre_…`) for the grid embedded in another portal: a signed, expiring
 * payload (worker/lib/signed-payload.ts) naming the company, the scopes, the origins that may use
 * it and, optionally, the locations it may see. Stateless: nothing is stored, so a token cannot be
 * revoked before it expires — which is why its lifetime is short (at most a day, an hour by default).
 *
 * A token is only good from the pages it was minted for: the request's `Origin` must be one of the
 * token's origins. A browser always sends the page's true Origin on a cross-origin request and no
 * script can change it, so a token copied out of a portal is useless from another site's page. (A
 * server can forge any header; against that, only the short lifetime helps.) The app's own origin
 * is implicitly allowed: it is the iframe variant (worker/api/entry/embed-page.ts), whose page is served
 * by this Worker only after verifying the token and only inside a frame of the token's origins.
 */
import { z } from "zod";
import { signPayload, verifyPayload } from "../lib/signed-payload";
import type { Caller, EmbedScope } from "./caller";

const EMBED_TOKEN_PREFIX = "sre_";
const PURPOSE = "embed token";

const embedClaimsSchema = z.strictObject({
	companyId: z.string().min(1),
	scopes: z.array(z.enum(["read", "edit:reorder"])).min(1),
	origins: z.array(z.string()).min(1),
	locationIds: z.array(z.string()).nullable(),
	/** Expiry, epoch ms. */
	exp: z.number().int(),
	/** A unique id, for logs (and a deny-list, should revocation ever be needed). */
	jti: z.string(),
});

export type EmbedClaims = z.infer<typeof embedClaimsSchema>;

export type EmbedGrant = { scopes: EmbedScope[]; origins: string[]; locationIds: string[] | null };

/** Mints a token for `grant`, valid `ttlSeconds` from `now`. */
export async function mintEmbedToken(
	env: Env,
	companyId: string,
	grant: EmbedGrant,
	ttlSeconds: number,
	now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
	const exp = now + ttlSeconds * 1000;
	const claims: EmbedClaims = { companyId, ...grant, exp, jti: crypto.randomUUID() };
	return { token: `${EMBED_TOKEN_PREFIX}${await signPayload(env, PURPOSE, claims)}`, expiresAt: exp };
}

/** The claims of a genuine, unexpired embed token; null for anything else. */
export function verifyEmbedToken(env: Env, token: string, now = Date.now()): Promise<EmbedClaims | null> {
	if (!token.startsWith(EMBED_TOKEN_PREFIX)) return Promise.resolve(null);
	return verifyPayload(env, PURPOSE, token.slice(EMBED_TOKEN_PREFIX.length), embedClaimsSchema, now);
}

/**
 * The origins a genuinely signed embed token names, expired or not (null if it is not one). CORS
 * uses it so that a portal's page can read why its token was refused (expired) — the signature
 * still proves we issued the token for that origin.
 */
export async function signedEmbedOrigins(env: Env, token: string): Promise<string[] | null> {
	// `now` = 0: every expiry is in the future, so only the signature and shape are checked.
	return (await verifyEmbedToken(env, token, 0))?.origins ?? null;
}

/** Whether a request from `origin` may use a token minted for `origins`; the app's own origin always may. */
export function originMayUse(origins: string[], origin: string | null, appOrigin: string): boolean {
	return origin !== null && (origins.includes(origin) || origin === appOrigin);
}

/**
 * The caller an embed token stands for: a member of its company, via `embed`, limited to the
 * token's scopes and locations — if the token is genuine, unexpired and used from one of its
 * origins (or the app's own, for the iframe variant); null otherwise (→ 401).
 */
export async function findEmbedCaller(
	env: Env,
	token: string,
	from: { origin: string | null; appOrigin: string },
): Promise<Caller | null> {
	const claims = await verifyEmbedToken(env, token);
	if (!claims || !originMayUse(claims.origins, from.origin, from.appOrigin)) return null;
	return {
		companyId: claims.companyId,
		role: "member",
		via: "embed",
		embed: { scopes: claims.scopes, origins: claims.origins, locationIds: claims.locationIds },
		expiresAt: claims.exp,
	};
}
