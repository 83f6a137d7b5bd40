/**
 * Connecting a Stockroom company to QuickBooks Online, once Intuit has sent the owner back with a
 * code (the route has already checked our signed state, which names the company): the code is
 * exchanged, the realm confirmed on Intuit's evidence only (worker/qbo/realm-evidence.ts), the tokens
 * stored, the Intuit user who approved recorded as the company's owner (OpenID scopes ride along with
 * the accounting one), and the import of the QuickBooks catalogue started. Disconnecting revokes the
 * grant and forgets the tokens.
 */
import { AppError } from "../core/app-error";
import type { Database } from "../db/client";
import { exchangeCode, revokeToken } from "../qbo/oauth-client";
import { loadConnection, saveConnection, setConnectionStatus } from "../qbo/qbo-connection";
import { confirmGrantRealm } from "../qbo/realm-evidence";
import { startImport } from "../sync/company-sync-client";
import { recordAudit } from "./audit-trail";
import { identify } from "./openid";
import { addMember } from "./users";

/** `claimedRealmId`: the callback's `realmId`, a claim until Intuit's evidence confirms it. */
export async function connectCompany(
	env: Env,
	db: Database,
	input: { companyId: string; code: string; redirectUri: string; claimedRealmId: string },
): Promise<{ realmId: string }> {
	const result = await exchangeCode(env, input.code, input.redirectUri);
	if (!result.ok)
		throw new AppError("conflict", `QuickBooks refused the authorization code (${result.error}); start again.`);
	const { tokens } = result;
	const who = await identify(env, { idToken: result.idToken, accessToken: tokens.accessToken, nonce: null });
	const realm = await confirmGrantRealm(env, {
		claimed: input.claimedRealmId,
		idTokenRealmId: who.ok ? who.realmId : null,
		tokens,
	});
	if (!realm.ok)
		throw new AppError(
			"forbidden",
			"QuickBooks did not confirm access to this company; connect again from Stockroom.",
			[{ in: "query", field: "realmId", message: realm.reason }],
		);
	await saveConnection(env, db, input.companyId, realm.realmId, tokens);
	// The Intuit user who connected is the company's owner: "Sign in with Intuit" then lands them as such.
	if (who.ok) {
		const owner = await addMember(db, input.companyId, who.identity, { role: "owner", locationIds: null });
		await recordAudit(db, input.companyId, {
			actor: { kind: "user", id: owner.id, label: owner.name ?? owner.email ?? owner.id },
			action: "qbo.connected",
			target: "GET /connect/qbo/callback",
			detail: { realmId: realm.realmId },
		});
	}
	// The catalogue, its stock and the existing documents come next, in the company's sync object.
	await startImport(env, realm.realmId);
	return { realmId: realm.realmId };
}

/** Best effort at Intuit (the grant may already be gone); the tokens are forgotten either way. */
export async function disconnectCompany(env: Env, db: Database, companyId: string): Promise<void> {
	const connection = await loadConnection(env, db, companyId);
	if (!connection) throw new AppError("not_found", "This company is not connected to QuickBooks.");
	if (connection.tokens) await revokeToken(env, connection.tokens.refreshToken).catch(() => false);
	await setConnectionStatus(db, companyId, "disconnected");
}
