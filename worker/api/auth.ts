/**
 * Authentication of /api/v1: a bearer token scoped to one company, looked up by its hash.
 * Owners alone may manage tokens.
 */
import type { MiddlewareHandler } from "hono";
import { findCaller } from "../auth/api-tokens";
import { database } from "../db/client";
import { AppError } from "./problem";
import type { AppEnv } from "./router";

/** `Authorization: Bearer <token>` (RFC 6750 token68). */
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/**
 * A missing, malformed (another scheme, stray characters), unknown or revoked token all answer
 * the same 401. (hono's bearerAuth answered a malformed header with a bare HTTP 400, which the
 * problem handler could only report as a body that is not JSON.)
 */
export const requireToken: MiddlewareHandler<AppEnv> = async (c, next) => {
	const token = BEARER.exec(c.req.header("authorization") ?? "")?.[1];
	const caller = token ? await findCaller(database(c.env.DB), token) : null;
	if (!caller) throw new AppError("unauthorized", "A valid bearer token is required.");
	c.set("caller", caller);
	await next();
};

export const requireOwner: MiddlewareHandler<AppEnv> = async (c, next) => {
	if (c.var.caller.role !== "owner") throw new AppError("forbidden", "Only the company's owner may do this.");
	await next();
};
