/**
 * Connecting a company to QuickBooks Online: `GET /connect/qbo` sends the owner to Intuit,
 * `GET /connect/qbo/callback` takes the code back (trusting only our signed state for the company)
 * and hands it to the connect use case (worker/auth/connect-company.ts), and `POST /disconnect`
 * revokes the grant and forgets the tokens.
 */
import { Hono } from "hono";
import { z } from "zod";
import { recordAudit } from "../../auth/audit-trail";
import { connectCompany, disconnectCompany } from "../../auth/connect-company";
import { AppError, fieldErrors } from "../../core/app-error";
import { database } from "../../db/client";
import { authorizeUrl } from "../../qbo/oauth-client";
import { signState, verifyState } from "../../qbo/oauth-state";
import { requireOwner, requireToken } from "../auth";
import type { AppEnv } from "../router";

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
	await connectCompany(c.env, database(c.env.DB), {
		companyId,
		code: query.data.code,
		redirectUri: callbackUrl(c.req.url),
		claimedRealmId: query.data.realmId,
	});
	return c.redirect("/?qbo=connected", 302);
});

connectRoutes.post("/disconnect", requireToken, requireOwner, async (c) => {
	const db = database(c.env.DB);
	await disconnectCompany(c.env, db, c.var.caller.companyId);
	await recordAudit(db, c.var.caller.companyId, {
		actor: c.var.caller.actor,
		action: "qbo.disconnected",
		target: "POST /disconnect",
	});
	return c.body(null, 204);
});
