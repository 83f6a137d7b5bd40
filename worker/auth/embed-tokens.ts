/**
 * Short-lived embed tokens (`sre_…`) for the grid embedded in another portal: a signed, expiring
 * payload (worker/lib/signed-payload.ts) naming the company, the scopes, the origins that may use
 * it and, optionally, the locations it may see. Each token minted is also kept (by its `jti`) so
 * that the Tokens page lists it and the owner can revoke it before it expires: a revoked token is
 * refused at its next use, and the live object closes its sockets (4401).
 *
 * A token is only good from the pages it was minted for: the request's `Origin` must be one of the
 * token's origins. A browser always sends the page's true Origin on a cross-origin request and no
 * script can change it, so a token copied out of a portal is useless from another site's page. (A
 * server can forge any header; against that, revocation and the short lifetime help.) The app's own
 * origin is implicitly allowed: it is the iframe variant (worker/api/entry/embed-page.ts), whose
 * page is served by this Worker only after verifying the token and only inside a frame of the
 * token's origins.
 *
 * Its role follows from its scopes: `read` is a viewer's, `edit:reorder` staff's (reorder points at
 * its locations); the embed guard (worker/api/embed-guard.ts) keeps it to the grid's routes.
 */
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../core/app-error";
import type { Database } from "../db/client";
import { embedTokens } from "../db/schema";
import { signPayload, verifyPayload } from "../lib/signed-payload";
import type { Caller, EmbedScope } from "./caller";
import type { Role } from "./roles";

const EMBED_TOKEN_PREFIX = "sre_";
const PURPOSE = "embed token";

const embedClaimsSchema = z.strictObject({
	companyId: z.string().min(1),
	role: z.enum(["viewer", "staff"]),
	scopes: z.array(z.enum(["read", "edit:reorder"])).min(1),
	origins: z.array(z.string()).min(1),
	locationIds: z.array(z.string()).nullable(),
	/** Expiry, epoch ms. */
	exp: z.number().int(),
	/** The token's id: its row in `embed_tokens`, which lists and revokes it. */
	jti: z.string(),
});

export type EmbedClaims = z.infer<typeof embedClaimsSchema>;

export type EmbedGrant = { scopes: EmbedScope[]; origins: string[]; locationIds: string[] | null };

/** A token that may edit is staff's; one that only reads is a viewer's. */
export function embedRole(scopes: EmbedScope[]): "viewer" | "staff" {
	return scopes.includes("edit:reorder") ? "staff" : "viewer";
}

/** Mints a token for `grant`, valid `ttlSeconds` from `now`, and keeps it for the list and revocation. */
export async function mintEmbedToken(
	env: Env,
	db: Database,
	companyId: string,
	input: EmbedGrant & { label: string; createdBy: string },
	ttlSeconds: number,
	now = Date.now(),
): Promise<{ id: string; token: string; expiresAt: number; role: Role }> {
	const exp = now + ttlSeconds * 1000;
	const { label, createdBy, ...grant } = input;
	const role = embedRole(grant.scopes);
	const jti = crypto.randomUUID();
	await db.insert(embedTokens).values({
		id: jti,
		companyId,
		label,
		role,
		scopes: grant.scopes,
		origins: grant.origins,
		locationIds: grant.locationIds,
		createdBy,
		createdAt: now,
		expiresAt: exp,
	});
	const claims: EmbedClaims = { companyId, role, ...grant, exp, jti };
	return { id: jti, token: `${EMBED_TOKEN_PREFIX}${await signPayload(env, PURPOSE, claims)}`, expiresAt: exp, role };
}

/** The claims of a genuine, unexpired embed token; null for anything else. Revocation is checked apart. */
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

/** The kept row of a token, if it was minted for the company and is not revoked. */
async function liveEmbedRow(db: Database, claims: EmbedClaims) {
	return db.query.embedTokens.findFirst({
		where: and(
			eq(embedTokens.id, claims.jti),
			eq(embedTokens.companyId, claims.companyId),
			isNull(embedTokens.revokedAt),
		),
	});
}

/** The claims of a genuine, unexpired, unrevoked embed token; null otherwise. */
export async function verifyLiveEmbedToken(env: Env, db: Database, token: string): Promise<EmbedClaims | null> {
	const claims = await verifyEmbedToken(env, token);
	return claims && (await liveEmbedRow(db, claims)) ? claims : null;
}

/**
 * The caller an embed token stands for, via `embed`, limited to the token's role, scopes and
 * locations — if the token is genuine, unexpired, not revoked and used from one of its origins (or
 * the app's own, for the iframe variant); null otherwise (→ 401).
 */
export async function findEmbedCaller(
	env: Env,
	db: Database,
	token: string,
	from: { origin: string | null; appOrigin: string },
): Promise<Caller | null> {
	const claims = await verifyEmbedToken(env, token);
	if (!claims || !originMayUse(claims.origins, from.origin, from.appOrigin)) return null;
	const row = await liveEmbedRow(db, claims);
	if (!row) return null;
	return {
		companyId: claims.companyId,
		role: claims.role,
		locationIds: claims.locationIds,
		actor: { kind: "embed", id: claims.jti, label: row.label },
		via: "embed",
		embed: { scopes: claims.scopes, origins: claims.origins },
		expiresAt: claims.exp,
	};
}

/** The company's embed tokens that still work (unexpired, unrevoked), newest first. */
export async function listEmbedTokens(db: Database, companyId: string, now = Date.now()) {
	return db
		.select()
		.from(embedTokens)
		.where(and(eq(embedTokens.companyId, companyId), isNull(embedTokens.revokedAt), gt(embedTokens.expiresAt, now)))
		.orderBy(desc(embedTokens.createdAt), desc(embedTokens.id));
}

/** Revokes an embed token of the company: 404 when there is no such working token. */
export async function revokeEmbedToken(db: Database, companyId: string, id: string, now = Date.now()) {
	const [revoked] = await db
		.update(embedTokens)
		.set({ revokedAt: now })
		.where(
			and(
				eq(embedTokens.id, id),
				eq(embedTokens.companyId, companyId),
				isNull(embedTokens.revokedAt),
				gt(embedTokens.expiresAt, now),
			),
		)
		.returning();
	if (!revoked) throw new AppError("not_found", `No working embed token ${id}.`);
	return revoked;
}
