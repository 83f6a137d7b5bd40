/**
 * What a completed "Sign in with Intuit" does, once Intuit has said who the user is and, when the
 * books were granted, for which QuickBooks company (realm):
 * - with an invitation (the link's secret was checked when the sign-in started, and our signed state
 *   names it): the Intuit account must have the invited, verified email; it becomes a member with
 *   the invitation's role and locations, and the invitation is spent.
 * - the realm is connected to a Stockroom company: a member of it signs in there (the owner of a
 *   company whose connection was lost reconnects it this way). Anyone else gets `not_invited`:
 *   using the same QuickBooks company makes nobody a member.
 * - the realm is not connected yet: this is a connect — a new company, the tokens stored, this user
 *   its owner, and the import of the QuickBooks catalogue started, as `GET /connect/qbo` does.
 * - no realm (the identity alone was asked, as the "invited" sign-in does): the account signs in to
 *   the company it is a member of (the one it used last, if several); `not_invited` if none.
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
import { recordAudit } from "./audit-trail";
import { acceptInvite, findInvite, sameEmail } from "./invites";
import { identify } from "./openid";
import { addMember, type Identity, membershipsOf, recordSignIn, type User } from "./users";

/**
 * Why a sign-in failed, as the app's sign-in page is told (`/?error=`): `access_denied` (declined at
 * Intuit), `expired` (took too long, or a state we did not sign), `wrong_browser` (finished in
 * another browser than it started in) — these three found by the route — `email_not_verified`,
 * `realm_not_confirmed` (Intuit did not confirm the QuickBooks company the callback names),
 * `not_invited` (signed in, but a member of no company here), `invite_invalid` (the invitation was
 * used, revoked or has expired), `invite_email_mismatch` (the Intuit account's email is not the
 * invited one), and the rarer `invalid_request`, `intuit_refused` (code exchange),
 * `invalid_id_token`, `userinfo_failed`.
 */
export type SignInError =
	| "access_denied"
	| "expired"
	| "wrong_browser"
	| "email_not_verified"
	| "realm_not_confirmed"
	| "not_invited"
	| "invite_invalid"
	| "invite_email_mismatch"
	| "invalid_request"
	| "intuit_refused"
	| "invalid_id_token"
	| "userinfo_failed";

export type SignInOutcome = { companyId: string; user: User; connected: boolean };
type SignInResult = { ok: true; outcome: SignInOutcome } | { ok: false; error: SignInError };

const userActor = (user: User) => ({ kind: "user" as const, id: user.id, label: user.name ?? user.email ?? user.id });

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
): Promise<SignInResult> {
	const user = await recordSignIn(db, companyId, identity);
	if (!user) return { ok: false, error: "not_invited" };
	if (user.role !== "owner") return { ok: true, outcome: { companyId, user, connected: false } };
	const connection = await loadConnection(env, db, companyId);
	if (connection?.status === "connected") return { ok: true, outcome: { companyId, user, connected: false } };
	await saveConnection(env, db, companyId, realmId, tokens);
	await recordAudit(db, companyId, {
		actor: userActor(user),
		action: "qbo.connected",
		target: "GET /auth/callback",
		detail: { realmId },
	});
	await startImport(env, realmId);
	return { ok: true, outcome: { companyId, user, connected: true } };
}

async function signInWithRealm(
	env: Env,
	db: Database,
	realmId: string,
	identity: Identity,
	tokens: TokenSet,
): Promise<SignInResult> {
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
	const user = await addMember(db, companyId, identity, { role: "owner", locationIds: null });
	await recordAudit(db, companyId, {
		actor: userActor(user),
		action: "qbo.connected",
		target: "GET /auth/callback",
		detail: { realmId },
	});
	await startImport(env, realmId);
	return { ok: true, outcome: { companyId, user, connected: true } };
}

/** The invited person's sign-in: their verified email must be the invited one; the link is spent once. */
async function acceptInvitation(db: Database, inviteId: string, identity: Identity): Promise<SignInResult> {
	const invite = await findInvite(db, inviteId);
	if (!invite) return { ok: false, error: "invite_invalid" };
	if (!identity.email || !sameEmail(identity.email, invite.email)) return { ok: false, error: "invite_email_mismatch" };
	if (!(await acceptInvite(db, invite.id, identity.sub))) return { ok: false, error: "invite_invalid" };
	const user = await addMember(db, invite.companyId, identity, { role: invite.role, locationIds: invite.locationIds });
	await recordAudit(db, invite.companyId, {
		actor: userActor(user),
		action: "member.joined",
		target: "GET /auth/callback",
		detail: { inviteId: invite.id, email: invite.email, role: invite.role, locationIds: invite.locationIds },
	});
	return { ok: true, outcome: { companyId: invite.companyId, user, connected: false } };
}

/** A sign-in that named no company: the account's own membership, the one used last. */
async function signInAsMember(db: Database, identity: Identity): Promise<SignInResult> {
	const [membership] = await membershipsOf(db, identity.sub);
	if (!membership) return { ok: false, error: "not_invited" };
	const user = await recordSignIn(db, membership.companyId, identity);
	if (!user) return { ok: false, error: "not_invited" };
	return { ok: true, outcome: { companyId: membership.companyId, user, connected: false } };
}

/**
 * The callback's work once its state is checked: the code exchanged, who signed in (worker/auth/openid.ts),
 * for which company on Intuit's evidence only (worker/qbo/realm-evidence.ts) or by invitation, then
 * signed in or connected. `claimedRealmId` is the callback's `realmId`: a claim, never trusted on
 * its own. `inviteId` comes from our signed state, never from the query string.
 */
export async function finishSignIn(
	env: Env,
	db: Database,
	input: { code: string; redirectUri: string; nonce: string; claimedRealmId: string | null; inviteId: string | null },
): Promise<SignInResult> {
	const exchanged = await exchangeCode(env, input.code, input.redirectUri);
	if (!exchanged.ok) return { ok: false, error: "intuit_refused" };
	const { tokens } = exchanged;
	const who = await identify(env, { idToken: exchanged.idToken, accessToken: tokens.accessToken, nonce: input.nonce });
	if (!who.ok) return { ok: false, error: who.error };
	if (input.inviteId !== null) return acceptInvitation(db, input.inviteId, who.identity);
	if (input.claimedRealmId === null && who.realmId === null) return signInAsMember(db, who.identity);
	// Membership of a company follows only from a realm Intuit confirmed, never from the query string.
	const realm = await confirmGrantRealm(env, { claimed: input.claimedRealmId, idTokenRealmId: who.realmId, tokens });
	if (!realm.ok) {
		console.warn(`sign-in refused: ${realm.reason}`);
		return { ok: false, error: "realm_not_confirmed" };
	}
	return signInWithRealm(env, db, realm.realmId, who.identity, tokens);
}
