/** The simulator's single origin: Intuit's API and OAuth paths, plus `/admin` and `/health`. */
import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import type { Simulator } from "../simulator.ts";
import { adminRoutes } from "./admin-routes.ts";
import { apiRoutes } from "./api-routes.ts";
import { oauthRoutes } from "./oauth-routes.ts";
import { errorJson } from "./respond.ts";

export function createApp(sim: Simulator): Hono {
	const app = new Hono();
	// Intuit tags every API response with a transaction id that support asks for.
	app.use("*", async (c, next) => {
		await next();
		c.header("intuit_tid", randomUUID());
	});
	app.get("/health", (c) => c.json({ ok: true }));
	app.route("/admin", adminRoutes(sim));
	app.route("/v3/company", apiRoutes(sim));
	app.route("/", oauthRoutes(sim));
	app.notFound((c) => c.json({ error: "not found", path: new URL(c.req.url).pathname }, 404));
	app.onError((error, c) => errorJson(c, undefined, error));
	return app;
}
