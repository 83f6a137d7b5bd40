/**
 * What a completed "Sign in with Intuit" does, once Intuit has said who the user is and for which
 * QuickBooks company (realm):
 * - the realm is connected to a Stockroom company: the user signs in there — its owner if they are
 *   the recorded owner, otherwise a member (created on first sign-in). The tokens of this consent
 *   are dropped: a member's sign-in never replaces the company's QuickBooks connection. (The owner of
 *   a company whose connection was lost reconnects it this way.)
 * - the realm is not connected yet: this is a connect — a new company, the tokens stored, this user
 *   its owner, and the import of the QuickBooks catalogue started, as `GET /connect/qbo` does.
 */
import { ulid } from "ulid";
import { z } from "zod";
import { AppError } from "../api/problem";
import { ensureCompany } from "../catalogue/companies";
import { createLocation } from "../catalogue/locations";
import type { Database } from "../db/client";
import type { TokenSet } from "../qbo/oauth-client";
import { companyOfRealm, loadConnection, saveConnection } from "../qbo/qbo-connection";
import { startImport } from "../sync/company-sync-client";
import { findUserBySub, type Identity, signInUser, type User } from "./users";

export type SignInOutcome = { companyId: string; user: User; connected: boolean };

/** The QuickBooks company's name, for a new Stockroom company; a plain label if QBO does not say. */
async function qboCompanyName(env: Env, realmId: string, accessToken: string): Promise<string> {
	const fallback = `QuickBooks company ${realmId}`;
	const realm = encodeURIComponent(realmId);
	const response = await fetch(`${env.QBO_API_BASE}/v3/company/${realm}/companyinfo/${realm}?minorversion=75`, {
		headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
	}).catch(() => null);
	if (!response?.ok) return fallback;
	const body = z
		.object({ CompanyInfo: z.object({ CompanyName: z.string().min(1).max(200) }) })
		.safeParse(await response.json().catch(() => null));
	return body.success ? body.data.CompanyInfo.CompanyName : fallback;
}

async function signInToCompany(
	env: Env,
	db: Database,
	companyId: string,
	realmId: string,
	identity: Identity,
	tokens: TokenSet,
): Promise<SignInOutcome> {
	const known = await findUserBySub(db, companyId, identity.sub);
	const user = await signInUser(db, companyId, identity, known?.role ?? "member");
	if (user.role !== "owner") return { companyId, user, connected: false };
	const connection = await loadConnection(env, db, companyId);
	if (connection?.status === "connected") return { companyId, user, connected: false };
	await saveConnection(env, db, companyId, realmId, tokens);
	await startImport(env, realmId);
	return { companyId, user, connected: true };
}

export async function completeSignIn(
	env: Env,
	db: Database,
	realmId: string,
	identity: Identity,
	tokens: TokenSet,
): Promise<SignInOutcome> {
	const existing = await companyOfRealm(db, realmId);
	if (existing) return signInToCompany(env, db, existing, realmId, identity, tokens);

	const companyId = `co-${ulid()}`;
	await ensureCompany(db, { id: companyId, name: await qboCompanyName(env, realmId, tokens.accessToken) });
	// Stock needs a default location from the start; QBO's departments, if tracked, arrive with the import.
	await createLocation(db, companyId, { name: "Warehouse" });
	try {
		await saveConnection(env, db, companyId, realmId, tokens);
	} catch (error) {
		// Someone connected the same realm a moment ago: sign in there instead (the new company stays empty).
		const winner = await companyOfRealm(db, realmId);
		if (error instanceof AppError && error.code === "conflict" && winner)
			return signInToCompany(env, db, winner, realmId, identity, tokens);
		throw error;
	}
	const user = await signInUser(db, companyId, identity, "owner");
	await startImport(env, realmId);
	return { companyId, user, connected: true };
}
