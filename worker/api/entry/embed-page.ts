/**
 * The iframe variant of the embedded grid, for portals that would rather frame a page than load a
 * script: `GET /embed/grid?token=<embed token>&locations=<id,id>&readonly&no-live` answers a page holding
 * `<stockroom-grid>` full-size, framable only by the token's origins (CSP `frame-ancestors`).
 *
 * The page is served only for a genuine, unexpired token. Inside it the grid calls the API from the
 * app's own origin, which embed tokens implicitly accept (worker/auth/embed-tokens.ts): the frame
 * itself is what the token's origins are checked against, here by the browser.
 */
import { Hono } from "hono";
import { html } from "hono/html";
import { verifyLiveEmbedToken } from "../../auth/embed-tokens";
import { database } from "../../db/client";
import { appOrigin } from "../request-origin";
import type { AppEnv } from "../router";

/** The page's own needs: its script and styles, the API and live feed on the app's origin. */
function pagePolicy(origin: string, frameAncestors: string): string {
	const socket = origin.replace(/^http/, "ws");
	return [
		"default-src 'none'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		`connect-src 'self' ${socket}`,
		"img-src 'self' data:",
		"base-uri 'none'",
		"form-action 'none'",
		`frame-ancestors ${frameAncestors}`,
	].join("; ");
}

const refusedPage = html`<!doctype html>
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<title>Stockroom</title>
	</head>
	<body>
		<p>This embedded stock view's link is invalid or has expired. Reload the page that shows it.</p>
		<p lang="fr">Le lien de cette vue de stock intégrée n'est pas valide ou a expiré. Rechargez la page qui l'affiche.</p>
	</body>
</html>`;

export const embedPageRoutes = new Hono<AppEnv>();

embedPageRoutes.get("/grid", async (c) => {
	const token = c.req.query("token") ?? "";
	// A revoked token opens no page, as it answers no request.
	const claims = token ? await verifyLiveEmbedToken(c.env, database(c.env.DB), token) : null;
	c.header("Cache-Control", "no-store");
	if (!claims) {
		c.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
		return c.html(refusedPage, 401);
	}
	c.header("Content-Security-Policy", pagePolicy(appOrigin(c), claims.origins.join(" ")));
	const locations = c.req.query("locations");
	const readonly = c.req.query("readonly") !== undefined || !claims.scopes.includes("edit:reorder");
	// hono/html escapes every interpolated value, attributes included.
	return c.html(
		html`<!doctype html>
<html lang="en">
	<head>
		<meta charset="utf-8" />
		<meta name="viewport" content="width=device-width, initial-scale=1" />
		<title>Stockroom</title>
		<style>
			html, body { margin: 0; height: 100%; }
			stockroom-grid { display: block; height: 100%; --stockroom-height: 100%; }
		</style>
		<script type="module" src="/embed.js"></script>
	</head>
	<body>
		<stockroom-grid
			base-url=""
			token="${token}"
			${locations ? html`locations="${locations}"` : ""}
			${readonly ? html`readonly` : ""}
			${c.req.query("no-live") !== undefined ? html`no-live` : ""}
		></stockroom-grid>
	</body>
</html>`,
		200,
	);
});
