/**
 * Sign-in with Intuit (OpenID Connect) and sign-out, under /auth.
 *
 * `GET /auth/sign-in` sends the browser to Intuit for the books and the user's identity at once
 * (`com.intuit.quickbooks.accounting openid profile email`) — or, with `?scope=identity`, for the
 * identity alone (people invited here who may not use QuickBooks) — with a signed state whose nonce
 * is also kept in a short-lived HttpOnly cookie: the callback then only completes in the browser
 * that started it (no login CSRF). `GET /auth/invite/<secret>` is an invitation's link: a pending
 * invitation starts an identity sign-in whose signed state names it (worker/auth/invites.ts). `GET /auth/callback` hands the code to the sign-in use case
 * (worker/auth/sign-in.ts: who signed in, for which company, signed in or connected), sets
 * the session cookie and returns to the app; a failure returns to `/?error=<code>`, which the
 * sign-in page explains. `POST /auth/sign-out` ends the session.
 */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { findPendingInvite } from "../../auth/invites";
import { finishSignIn, type SignInError } from "../../auth/sign-in";
import { database } from "../../db/client";
import { randomToken } from "../../lib/random-token";
import { signPayload, verifyPayload } from "../../lib/signed-payload";
import { authorizeUrl, IDENTITY_SCOPE } from "../../qbo/oauth-client";
import { companyLive } from "../../stock/publish-levels";
import type { AppEnv } from "../router";
import { endSession, startSession } from "../session-cookie";

const STATE_PURPOSE = "sign-in state";
const STATE_TTL_MS = 10 * 60 * 1000;
/** Binds the flow to the browser that started it (`__Host-` via hono's prefix). */
const NONCE_COOKIE = "stockroom_sign_in";

/** `inviteId`: the invitation this sign-in accepts, named only in this state we sign. */
const stateSchema = z.object({
	nonce: z.string().min(1),
	exp: z.number(),
	inviteId: z.string().nullable().default(null),
});

const callbackQuerySchema = z.union([
	// `realmId` is only a claim (the browser carries it): worker/qbo/realm-evidence.ts decides.
	z.object({ code: z.string().min(1), state: z.string().min(1), realmId: z.string().min(1).max(64).optional() }),
	z.object({ error: z.string().min(1).max(100), state: z.string().optional() }),
]);

function callbackUrl(requestUrl: string): string {
	return new URL("/auth/callback", requestUrl).toString();
}

function failed(c: Context<AppEnv>, error: SignInError): Response {
	return c.redirect(`/?error=${error}`, 302);
}

export const signInRoutes = new Hono<AppEnv>();

/** Sends the browser to Intuit with a fresh state (naming `inviteId`, if any) bound to this browser. */
async function startSignIn(
	c: Context<AppEnv>,
	options: { scope?: string; inviteId: string | null },
): Promise<Response> {
	const nonce = randomToken(24);
	const state = await signPayload(c.env, STATE_PURPOSE, {
		nonce,
		exp: Date.now() + STATE_TTL_MS,
		inviteId: options.inviteId,
	});
	// Lax: the cookie comes back on Intuit's top-level redirect to our callback, not on subrequests.
	setCookie(c, NONCE_COOKIE, nonce, {
		prefix: "host",
		httpOnly: true,
		secure: true,
		sameSite: "Lax",
		path: "/",
		maxAge: STATE_TTL_MS / 1000,
	});
	c.header("cache-control", "no-store");
	return c.redirect(authorizeUrl(c.env, callbackUrl(c.req.url), state, nonce, options.scope), 302);
}

signInRoutes.get("/sign-in", (c) =>
	startSignIn(c, { ...(c.req.query("scope") === "identity" ? { scope: IDENTITY_SCOPE } : {}), inviteId: null }),
);

signInRoutes.get("/invite/:secret", async (c) => {
	c.header("cache-control", "no-store");
	c.header("referrer-policy", "no-referrer");
	const invite = await findPendingInvite(database(c.env.DB), c.req.param("secret"));
	if (!invite) return failed(c, "invite_invalid");
	return startSignIn(c, { scope: IDENTITY_SCOPE, inviteId: invite.id });
});

signInRoutes.get("/callback", async (c) => {
	const browserNonce = getCookie(c, NONCE_COOKIE, "host");
	deleteCookie(c, NONCE_COOKIE, { prefix: "host", httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
	c.header("cache-control", "no-store");
	const query = callbackQuerySchema.safeParse(c.req.query());
	if (!query.success) return failed(c, "invalid_request");
	if ("error" in query.data)
		return failed(c, query.data.error === "access_denied" ? "access_denied" : "intuit_refused");
	const state = await verifyPayload(c.env, STATE_PURPOSE, query.data.state, stateSchema);
	if (!state) return failed(c, "expired");
	if (!browserNonce || browserNonce !== state.nonce) return failed(c, "wrong_browser");

	const result = await finishSignIn(c.env, database(c.env.DB), {
		code: query.data.code,
		redirectUri: callbackUrl(c.req.url),
		nonce: state.nonce,
		claimedRealmId: query.data.realmId ?? null,
		inviteId: state.inviteId,
	});
	if (!result.ok) return failed(c, result.error);
	const { outcome } = result;
	await startSession(c, outcome.companyId, outcome.user.id);
	return c.redirect(outcome.connected ? "/?qbo=connected" : "/", 302);
});

/** Ends the session: 204 for a script, back to the app for a plain HTML form. */
signInRoutes.post("/sign-out", async (c) => {
	const ended = await endSession(c);
	// Grids open on this session stop hearing at once; best effort: a failure here never fails the sign-out.
	if (ended) {
		try {
			await companyLive(c.env, ended.companyId).closeSession(ended.sessionId);
		} catch (error) {
			console.warn("closing the session's live sockets failed", error);
		}
	}
	const form = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header("content-type") ?? "");
	return form ? c.redirect("/", 303) : c.body(null, 204);
});
