/**
 * A company's QBO connection in D1: its realm and its tokens, sealed at rest (worker/lib/secret-box.ts).
 * One realm belongs to one company at a time.
 */
import { and, eq } from "drizzle-orm";
import { AppError } from "../core/app-error";
import type { Database } from "../db/client";
import { qboConnections } from "../db/schema";
import { importSecretKey, openSecretWithAny, sealSecret } from "../lib/secret-box";
import type { TokenSet } from "./oauth-client";

export type ConnectionStatus = "connected" | "revoked" | "disconnected";

export type Connection = {
	companyId: string;
	realmId: string;
	status: ConnectionStatus;
	tokens: TokenSet | null;
	version: number;
	/** When the company was (last) connected, epoch ms: where catching up starts from. */
	connectedAt: number | null;
};

/** Stores the tokens of a fresh connection (or reconnection) of `realmId` to the company. */
export async function saveConnection(env: Env, db: Database, companyId: string, realmId: string, tokens: TokenSet) {
	const holder = await db.query.qboConnections.findFirst({ where: eq(qboConnections.realmId, realmId) });
	if (holder && holder.companyId !== companyId)
		throw new AppError("conflict", "This QuickBooks company is already connected to another Stockroom company.");
	const sealed = await sealTokens(env, companyId, tokens);
	const now = Date.now();
	await db
		.insert(qboConnections)
		.values({ companyId, realmId, status: "connected", ...sealed, connectedAt: now, updatedAt: now })
		.onConflictDoUpdate({
			target: qboConnections.companyId,
			set: { realmId, status: "connected", ...sealed, connectedAt: now, updatedAt: now, version: 1 },
		});
}

export async function loadConnection(env: Env, db: Database, companyId: string): Promise<Connection | null> {
	const row = await db.query.qboConnections.findFirst({ where: eq(qboConnections.companyId, companyId) });
	if (!row) return null;
	const tokens =
		row.accessTokenEnc && row.refreshTokenEnc && row.accessExpiresAt !== null && row.refreshExpiresAt !== null
			? await openTokens(
					env,
					companyId,
					row.accessTokenEnc,
					row.refreshTokenEnc,
					row.accessExpiresAt,
					row.refreshExpiresAt,
				)
			: null;
	return {
		companyId,
		realmId: row.realmId,
		status: row.status,
		tokens,
		version: row.version,
		connectedAt: row.connectedAt,
	};
}

/** The company connected to `realmId`, if any. */
export async function companyOfRealm(db: Database, realmId: string): Promise<string | null> {
	const row = await db.query.qboConnections.findFirst({ where: eq(qboConnections.realmId, realmId) });
	return row?.companyId ?? null;
}

/**
 * Replaces the tokens after a refresh, only if nobody else did since `version` was read: refresh
 * tokens rotate, and losing the newest one would lose the connection.
 */
export async function saveRefreshedTokens(
	env: Env,
	db: Database,
	companyId: string,
	tokens: TokenSet,
	version: number,
): Promise<boolean> {
	const sealed = await sealTokens(env, companyId, tokens);
	const updated = await db
		.update(qboConnections)
		.set({ ...sealed, version: version + 1, updatedAt: Date.now() })
		.where(and(eq(qboConnections.companyId, companyId), eq(qboConnections.version, version)))
		.returning({ version: qboConnections.version });
	return updated.length > 0;
}

/** Revoked (Intuit refused our tokens) or disconnected (by the user): tokens are dropped either way. */
export async function setConnectionStatus(
	db: Database,
	companyId: string,
	status: Exclude<ConnectionStatus, "connected">,
) {
	await db
		.update(qboConnections)
		.set({ status, accessTokenEnc: null, refreshTokenEnc: null, updatedAt: Date.now() })
		.where(eq(qboConnections.companyId, companyId));
}

async function sealTokens(env: Env, companyId: string, tokens: TokenSet) {
	const key = await importSecretKey(env.TOKEN_ENCRYPTION_KEY);
	return {
		accessTokenEnc: await sealSecret(key, tokens.accessToken, `${companyId}:access`),
		refreshTokenEnc: await sealSecret(key, tokens.refreshToken, `${companyId}:refresh`),
		accessExpiresAt: tokens.accessExpiresAt,
		refreshExpiresAt: tokens.refreshExpiresAt,
	};
}

async function openTokens(
	env: Env,
	companyId: string,
	access: string,
	refresh: string,
	accessExpiresAt: number,
	refreshExpiresAt: number,
): Promise<TokenSet> {
	// After a rotation the stored tokens may still be sealed under the previous key; the next save
	// (every token refresh, at least hourly for a connected company) seals them under the current one.
	const keys = [await importSecretKey(env.TOKEN_ENCRYPTION_KEY)];
	if (env.TOKEN_ENCRYPTION_KEY_PREVIOUS) keys.push(await importSecretKey(env.TOKEN_ENCRYPTION_KEY_PREVIOUS));
	return {
		accessToken: await openSecretWithAny(keys, access, `${companyId}:access`),
		refreshToken: await openSecretWithAny(keys, refresh, `${companyId}:refresh`),
		accessExpiresAt,
		refreshExpiresAt,
	};
}

/** Every company connected to QBO now, with its realm: what the scheduled catch-up walks. */
export async function connectedRealms(db: Database): Promise<{ companyId: string; realmId: string }[]> {
	return db
		.select({ companyId: qboConnections.companyId, realmId: qboConnections.realmId })
		.from(qboConnections)
		.where(eq(qboConnections.status, "connected"));
}
