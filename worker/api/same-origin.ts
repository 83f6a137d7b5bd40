/**
 * CSRF protection for the session cookie: a state-changing request that carries the session cookie
 * and no bearer token (so is authenticated by the cookie the browser attaches on its own) must come
 * from a page of this very origin — `Sec-Fetch-Site: same-origin`, or an `Origin` equal to ours.
 *
 * Stricter than hono's `csrf()`, which checks only form and text bodies (what a cross-site form can
 * send) and lets a JSON request through whatever its Origin: here every unsafe method is checked,
 * whatever its content type, and a request with neither header is refused too. Bearer-authenticated
 * requests (API and embed tokens, which a browser never attaches by itself) are not concerned.
 */
import type { MiddlewareHandler } from "hono";
import { AppError } from "../core/app-error";
import type { AppEnv } from "./router";
import { SESSION_COOKIE } from "./session-cookie";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const sameOriginForCookies: MiddlewareHandler<AppEnv> = async (c, next) => {
	const cookieAuthenticated =
		c.req.header("authorization") === undefined && (c.req.header("cookie") ?? "").includes(`${SESSION_COOKIE}=`);
	if (!SAFE_METHODS.has(c.req.method) && cookieAuthenticated) {
		const site = c.req.header("sec-fetch-site");
		const origin = c.req.header("origin");
		const sameOrigin = site === "same-origin" || origin === new URL(c.req.url).origin;
		if (!sameOrigin)
			throw new AppError(
				"forbidden",
				"A change made with the session cookie must come from Stockroom's own pages (Origin check failed).",
			);
	}
	await next();
};
