/**
 * Authentication of /api/v1. A caller is, in this order: a bearer API token (`srk_…`, scripts and
 * other systems), a bearer embed token (`sre_…`, the grid embedded in another portal), or a
 * signed-in user's session cookie (the app). What each caller may then do is the access rules'
 * (worker/api/authorize.ts).
 */
import type { Context, MiddlewareHandler } from "hono";
import { findCaller } from "../auth/api-tokens";
import type { Caller } from "../auth/caller";
import { findEmbedCaller } from "../auth/embed-tokens";
import { AppError } from "../core/app-error";
import { database } from "../db/client";
import { bearerToken } from "./bearer-token";
import { appOrigin, requestOrigin } from "./request-origin";
import type { AppEnv } from "./router";
import { sessionCaller } from "./session-cookie";

async function findBearerCaller(c: Context<AppEnv>, token: string): Promise<Caller | null> {
	if (token.startsWith("sre_"))
		return findEmbedCaller(c.env, database(c.env.DB), token, { origin: requestOrigin(c), appOrigin: appOrigin(c) });
	return findCaller(database(c.env.DB), token);
}

/**
 * A missing, malformed (another scheme, stray characters), unknown, expired or revoked credential
 * all answer the same 401. (hono's bearerAuth answered a malformed header with a bare HTTP 400,
 * which the problem handler could only report as a body that is not JSON.) A request that names a
 * bearer token is judged by it alone, never by a cookie that happens to ride along.
 */
export const requireToken: MiddlewareHandler<AppEnv> = async (c, next) => {
	const authorization = c.req.header("authorization");
	let caller: Caller | null = null;
	if (authorization !== undefined) {
		const token = bearerToken(authorization);
		caller = token ? await findBearerCaller(c, token) : null;
	} else {
		caller = await sessionCaller(c);
	}
	if (!caller) throw new AppError("unauthorized", "A valid bearer token or a signed-in session is required.");
	c.set("caller", caller);
	await next();
};

export const requireOwner: MiddlewareHandler<AppEnv> = async (c, next) => {
	if (c.var.caller.role !== "owner") throw new AppError("forbidden", "Only the company's owner may do this.");
	await next();
};
