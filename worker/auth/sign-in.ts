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
import { ensureCompany } from "../catalogue/companies";
import { createLocation } from "../catalogue/locations";
import { AppError } from "../core/app-error";
import type { Database } from "../db/client";
import { readCompanyInfo } from "../qbo/company-info";
import { exchangeCode, type TokenSet } from "../qbo/oauth-client";
import { companyOfRealm, loadConnection, saveConnection } from "../qbo/qbo-connection";
import { confirmGrantRealm } from "../qbo/realm-evidence";
import { startImport } from "../sync/company-sync-client";
import { identify } from "./openid";
import { findUserBySub, type Identity, signInUser, type User } from "./users";

/**
 * Why a sign-in failed, as the app's sign-in page is told (`/?error=`): `access_denied` (declined at
 * Intuit), `expired` (took too long, or a state we did not sign), `wrong_browser` (finished in
 * another browser than it started in) — these three found by the route — `email_not_verified`, `realm_not_confirmed` (Intuit did not
 * confirm a QuickBooks company for this consent: the accounting scope was not granted, or the
 * callback names another company than the token was granted for), and the rarer `invalid_request`,
 * `intuit_refused` (code exchange), `invalid_id_token`, `userinfo_failed`.
 */
export type SignInError =
	| "access_denied"
	| "expired"
	| "wrong_browser"
	| "email_not_verified"
	| "realm_not_confirmed"
	| "invalid_request"
	| "intuit_refused"
	| "invalid_id_token"
	| "userinfo_failed";

export type SignInOutcome = { companyId: string; user: User; connected: boolean };

/** The QuickBooks company's name, for a new Stockroom company; a plain label if QBO does not say. */
async function qboCompanyName(env: Env, realmId: string, accessToken: string): Promise<string> {
	const { companyName } = await readCompanyInfo(env, realmId, accessToken);
	return companyName ?? `QuickBooks company ${realmId}`;
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

async function completeSignIn(
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

/**
 * The callback's work once its state is checked: the code exchanged, who signed in (worker/auth/openid.ts),
 * for which company on Intuit's evidence only (worker/qbo/realm-evidence.ts), then signed in or
 * connected. `claimedRealmId` is the callback's `realmId`: a claim, never trusted on its own.
 */
export async function finishSignIn(
	env: Env,
	db: Database,
	input: { code: string; redirectUri: string; nonce: string; claimedRealmId: string | null },
): Promise<{ ok: true; outcome: SignInOutcome } | { ok: false; error: SignInError }> {
	const exchanged = await exchangeCode(env, input.code, input.redirectUri);
	if (!exchanged.ok) return { ok: false, error: "intuit_refused" };
	const { tokens } = exchanged;
	const who = await identify(env, { idToken: exchanged.idToken, accessToken: tokens.accessToken, nonce: input.nonce });
	if (!who.ok) return { ok: false, error: who.error };
	// Membership of a company follows only from a realm Intuit confirmed, never from the query string.
	const realm = await confirmGrantRealm(env, { claimed: input.claimedRealmId, idTokenRealmId: who.realmId, tokens });
	if (!realm.ok) {
		console.warn(`sign-in refused: ${realm.reason}`);
		return { ok: false, error: "realm_not_confirmed" };
	}
	return { ok: true, outcome: await completeSignIn(env, db, realm.realmId, who.identity, tokens) };
}
