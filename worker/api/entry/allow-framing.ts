/**
 * The app's pages refuse to be framed (hono secureHeaders: `X-Frame-Options: SAMEORIGIN`); the
 * embed page is meant to be framed by the portals its token names, which its CSP `frame-ancestors`
 * lists. Browsers that know frame-ancestors ignore X-Frame-Options, older ones would obey it and
 * refuse every portal: it goes. Registered before secureHeaders, this runs after it on the way out.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../router";

export const allowFraming: MiddlewareHandler<AppEnv> = async (c, next) => {
	await next();
	c.res.headers.delete("X-Frame-Options");
	// A portal that isolates itself (COEP require-corp) may frame only cross-origin-readable pages.
	c.res.headers.set("Cross-Origin-Resource-Policy", "cross-origin");
};
