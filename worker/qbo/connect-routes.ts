/**
 * Connecting a company to QuickBooks Online: `GET /connect/qbo` sends the owner to Intuit,
 * `GET /connect/qbo/callback` takes the code back (trusting only our signed state for the company, and
 * only Intuit's evidence for the realm: worker/qbo/realm-evidence.ts) and records the Intuit user who
 * approved as the company's owner (OpenID scopes ride along with the accounting one), and
 * `POST /disconnect` revokes the grant and forgets the tokens.
 */
import { Hono } from "hono";
import { z } from "zod";
import { requireOwner, requireToken } from "../api/auth";
import { AppError, fieldErrors } from "../api/problem";
import type { AppEnv } from "../api/router";
import { identify } from "../auth/openid";
import { signInUser } from "../auth/users";
import { database } from "../db/client";
import { startImport } from "../sync/company-sync-client";
import { authorizeUrl, exchangeCode, revokeToken } from "./oauth-client";
import { signState, verifyState } from "./oauth-state";
import { loadConnection, saveConnection, setConnectionStatus } from "./qbo-connection";
import { confirmRealm } from "./realm-evidence";

const callbackQuerySchema = z.union([
	z.object({ code: z.string().min(1), state: z.string().min(1), realmId: z.string().min(1).max(64) }),
	z.object({ error: z.string().min(1), state: z.string().optional() }),
]);

function callbackUrl(requestUrl: string): string {
	return new URL("/connect/qbo/callback", requestUrl).toString();
}

export const connectRoutes = new Hono<AppEnv>();

connectRoutes.get("/connect/qbo", requireToken, requireOwner, async (c) => {
	const state = await signState(c.env, c.var.caller.companyId);
	return c.redirect(authorizeUrl(c.env, callbackUrl(c.req.url), state), 302);
});

connectRoutes.get("/connect/qbo/callback", async (c) => {
	const query = callbackQuerySchema.safeParse(c.req.query());
	if (!query.success)
		throw new AppError(
			"validation_failed",
			"This is not a QuickBooks authorization answer.",
			fieldErrors("query", query.error),
		);
	// The user declined at Intuit: nothing to store, back to the app.
	if ("error" in query.data) return c.redirect(`/?qbo=${encodeURIComponent(query.data.error)}`, 302);
	const companyId = await verifyState(c.env, query.data.state);
	if (!companyId)
		throw new AppError("validation_failed", "The connection request expired or was not made here; start again.", [
			{ in: "query", field: "state", message: "invalid or expired" },
		]);
	const result = await exchangeCode(c.env, query.data.code, callbackUrl(c.req.url));
	if (!result.ok)
		throw new AppError("conflict", `QuickBooks refused the authorization code (${result.error}); start again.`);
	const who = await identify(c.env, { idToken: result.idToken, accessToken: result.tokens.accessToken, nonce: null });
	// The callback's realmId is a claim: it must be the company this token was granted for.
	const realm = await confirmRealm(c.env, {
		claimed: query.data.realmId,
		idTokenRealmId: who.ok ? who.realmId : null,
		accessToken: result.tokens.accessToken,
	});
	if (!realm.ok) {
		// The grant is of no use to us: hand it back rather than leave it live at Intuit.
		await revokeToken(c.env, result.tokens.refreshToken).catch(() => false);
		throw new AppError(
			"forbidden",
			"QuickBooks did not confirm access to this company; connect again from Stockroom.",
			[{ in: "query", field: "realmId", message: realm.reason }],
		);
	}
	const db = database(c.env.DB);
	await saveConnection(c.env, db, companyId, realm.realmId, result.tokens);
	// The Intuit user who connected is the company's owner: "Sign in with Intuit" then lands them as such.
	if (who.ok) await signInUser(db, companyId, who.identity, "owner");
	// The catalogue, its stock and the existing documents come next, in the company's sync object.
	await startImport(c.env, realm.realmId);
	return c.redirect("/?qbo=connected", 302);
});

connectRoutes.post("/disconnect", requireToken, requireOwner, async (c) => {
	const db = database(c.env.DB);
	const connection = await loadConnection(c.env, db, c.var.caller.companyId);
	if (!connection) throw new AppError("not_found", "This company is not connected to QuickBooks.");
	// Best effort at Intuit: the grant may already be gone; we forget the tokens either way.
	if (connection.tokens) await revokeToken(c.env, connection.tokens.refreshToken).catch(() => false);
	await setConnectionStatus(db, c.var.caller.companyId, "disconnected");
	return c.body(null, 204);
});
