/**
 * Which QuickBooks company (realm) an authorization was really granted for.
 *
 * The callback's `realmId` travels through the browser: anyone can edit it. A realm is bound to a
 * person or to a Stockroom company only on evidence Intuit signed or answered:
 * - the ID token's `realmid` claim (signed by Intuit; present when the accounting scope was granted) —
 *   a callback naming another realm contradicts it and is refused;
 * - otherwise, QuickBooks itself: the company's CompanyInfo read with the access token just obtained.
 *   QBO answers 403 (AuthorizationFailed, code 3100) for a token granted on another company, and 401
 *   for a token without the accounting scope.
 * No evidence, no realm: a sign-in without the accounting scope names no company.
 */

import { readCompanyInfo } from "./company-info";
import { revokeToken, type TokenSet } from "./oauth-client";

/** QBO realm ids are digit strings; anything else is refused before it reaches a URL. */
const REALM_ID = /^\d{1,32}$/;

export type RealmEvidence = { ok: true; realmId: string } | { ok: false; reason: string };

export async function confirmRealm(
	env: Env,
	input: { claimed: string | null; idTokenRealmId: string | null; accessToken: string },
): Promise<RealmEvidence> {
	const { claimed, idTokenRealmId } = input;
	if (idTokenRealmId !== null) {
		if (claimed !== null && claimed !== idTokenRealmId)
			return { ok: false, reason: "the callback names another company than Intuit's ID token" };
		return { ok: true, realmId: idTokenRealmId };
	}
	if (claimed === null) return { ok: false, reason: "Intuit named no QuickBooks company" };
	if (!REALM_ID.test(claimed)) return { ok: false, reason: "the company id is not a QuickBooks realm id" };
	const { status } = await readCompanyInfo(env, claimed, input.accessToken);
	if (status === null) return { ok: false, reason: "QuickBooks could not be reached to confirm the company" };
	if (status < 200 || status > 299)
		return { ok: false, reason: `QuickBooks refused this company to the token (HTTP ${status})` };
	return { ok: true, realmId: claimed };
}

/**
 * `confirmRealm` for a grant just obtained: when the realm is not confirmed, the grant is of no use
 * to us and is handed back rather than left live at Intuit.
 */
export async function confirmGrantRealm(
	env: Env,
	input: { claimed: string | null; idTokenRealmId: string | null; tokens: TokenSet },
): Promise<RealmEvidence> {
	const { tokens, ...claims } = input;
	const realm = await confirmRealm(env, { ...claims, accessToken: tokens.accessToken });
	if (!realm.ok) await revokeToken(env, tokens.refreshToken).catch(() => false);
	return realm;
}
