/**
 * CORS for /api/v1, for the grid embedded in pages of other origins (and for nothing else: the app
 * itself is same-origin, and scripts on servers do not need CORS).
 *
 * - A preflight carries no token, so it cannot be judged: it is answered for any origin, and grants
 *   nothing by itself — the request that follows still needs a token valid from that origin.
 * - An actual response may be read by a page of origin O only if the request's bearer token is an
 *   embed token we signed for O. That holds for its error answers too (403 out of scope, 401
 *   expired): the grid can then read why it was refused. A token used from another origin gets no
 *   Access-Control-Allow-Origin, so that page's browser hides even the 401 from it.
 * - Never Access-Control-Allow-Credentials: the embedded grid sends its token, never the cookie.
 */
import { cors } from "hono/cors";
import { signedEmbedOrigins } from "../auth/embed-tokens";
import { bearerToken } from "./bearer-token";
import type { AppEnv } from "./router";

export const embedCors = cors({
	origin: async (origin, c) => {
		if (!origin) return null;
		if (c.req.method === "OPTIONS") return origin;
		const token = bearerToken(c.req.header("authorization"));
		const origins = token ? await signedEmbedOrigins(c.env as AppEnv["Bindings"], token) : null;
		return origins?.includes(origin) ? origin : null;
	},
	allowMethods: ["GET", "POST", "PATCH"],
	allowHeaders: ["authorization", "content-type"],
	// Chromium caps the preflight cache at two hours.
	maxAge: 7200,
	credentials: false,
});
