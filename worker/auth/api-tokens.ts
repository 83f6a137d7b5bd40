/**
 * Bearer API tokens, scoped to one company. The secret is shown once, at creation; only its
 * SHA-256 is stored, so a leaked database reveals no usable token.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { ulid } from "ulid";
import type { Database } from "../db/client";
import { apiTokens } from "../db/schema";
import { randomToken } from "../lib/random-token";
import { sha256Hex } from "../lib/sha256";

import type { Caller } from "./caller";
import type { Role } from "./roles";

const TOKEN_PREFIX = "srk_";

const hashToken = sha256Hex;

/** Creates a token and returns its secret, which is never readable again. */
export async function createApiToken(
	db: Database,
	companyId: string,
	input: { name: string; role: Role; locationIds?: string[] | null },
) {
	const token = TOKEN_PREFIX + randomToken();
	const row = {
		id: ulid(),
		companyId,
		name: input.name,
		role: input.role,
		locationIds: input.locationIds ?? null,
		tokenHash: await hashToken(token),
		createdAt: Date.now(),
	};
	await db.insert(apiTokens).values(row);
	return { id: row.id, name: row.name, role: row.role, locationIds: row.locationIds, createdAt: row.createdAt, token };
}

/** The caller a token stands for, or null for an unknown or revoked token. */
export async function findCaller(db: Database, token: string): Promise<Caller | null> {
	if (!token.startsWith(TOKEN_PREFIX)) return null;
	const row = await db.query.apiTokens.findFirst({
		where: and(eq(apiTokens.tokenHash, await hashToken(token)), isNull(apiTokens.revokedAt)),
	});
	if (!row) return null;
	return {
		companyId: row.companyId,
		role: row.role,
		locationIds: row.locationIds,
		actor: { kind: "api_token", id: row.id, label: row.name },
		via: "api_token",
		tokenId: row.id,
	};
}

export async function listApiTokens(db: Database, companyId: string) {
	return db
		.select({
			id: apiTokens.id,
			name: apiTokens.name,
			role: apiTokens.role,
			locationIds: apiTokens.locationIds,
			createdAt: apiTokens.createdAt,
		})
		.from(apiTokens)
		.where(and(eq(apiTokens.companyId, companyId), isNull(apiTokens.revokedAt)))
		.orderBy(desc(apiTokens.createdAt));
}

/** Revokes a token of the company; false when there is no such live token. Its live sockets are the caller's to close. */
export async function revokeApiToken(db: Database, companyId: string, id: string): Promise<boolean> {
	const revoked = await db
		.update(apiTokens)
		.set({ revokedAt: Date.now() })
		.where(and(eq(apiTokens.id, id), eq(apiTokens.companyId, companyId), isNull(apiTokens.revokedAt)))
		.returning({ id: apiTokens.id });
	return revoked.length > 0;
}
