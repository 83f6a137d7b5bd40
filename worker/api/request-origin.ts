/**
 * Where a request comes from, as a browser tells it, and the app's own origin: what embed tokens
 * and live tickets are checked against (worker/auth/embed-tokens.ts).
 */
import type { Context } from "hono";
import type { AppEnv } from "./router";

/**
 * The origin the request comes from, as a browser tells it: `Origin`, or — for a same-origin GET,
 * on which browsers send no Origin — the app's own origin if `Sec-Fetch-Site` says same-origin.
 * Null for a request with neither (curl, a server, an old client).
 */
export function requestOrigin(c: Context<AppEnv>): string | null {
	const origin = c.req.header("origin");
	if (origin !== undefined) return origin;
	return c.req.header("sec-fetch-site") === "same-origin" ? appOrigin(c) : null;
}

export function appOrigin(c: Context<AppEnv>): string {
	return new URL(c.req.url).origin;
}
