/**
 * Authentication of /api/v1: a bearer token scoped to one company (hono's bearerAuth does the
 * header parsing; we look the token up). Owners alone may manage tokens.
 */
import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { findCaller } from "../auth/api-tokens";
import { database } from "../db/client";
import { AppError } from "./problem";
import type { AppEnv } from "./router";

export const requireToken: MiddlewareHandler<AppEnv> = bearerAuth({
	verifyToken: async (token, c) => {
		const caller = await findCaller(database(c.env.DB), token);
		if (caller) c.set("caller", caller);
		return caller !== null;
	},
});

export const requireOwner: MiddlewareHandler<AppEnv> = async (c, next) => {
	if (c.var.caller.role !== "owner") throw new AppError("forbidden", "Only the company's owner may do this.");
	await next();
};
