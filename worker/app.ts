/**
 * The Hono app: health, the API, development helpers; every error as problem+json.
 */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { allowFraming } from "./api/entry/allow-framing";
import { connectRoutes } from "./api/entry/connect-routes";
import { devRoutes } from "./api/entry/dev-routes";
import { embedPageRoutes } from "./api/entry/embed-page";
import { liveSocketRoutes } from "./api/entry/live-socket-route";
import { signInRoutes } from "./api/entry/sign-in-routes";
import { qboWebhookRoutes } from "./api/entry/webhook-route";
import { problemHandler, problemResponse } from "./api/problem";
import type { AppEnv } from "./api/router";
import { sameOriginForCookies } from "./api/same-origin";
import { apiV1 } from "./api/v1";
import { AppError } from "./core/app-error";
import { checkEnv } from "./core/env";

export const app = new Hono<AppEnv>();

app.use("*", async (c, next) => {
	checkEnv(c.env);
	await next();
});
// Before secureHeaders, so that it runs after it: the embed page may be framed by its portals.
app.use("/embed/*", allowFraming);
app.use("*", secureHeaders());

app.get("/health", (c) => c.json({ ok: true }));
// CSRF: changes authenticated by the session cookie must come from our own pages.
for (const path of ["/api/*", "/auth/*", "/disconnect"]) app.use(path, sameOriginForCookies);
app.route("/api/v1", apiV1);
app.route("/auth", signInRoutes);
app.route("/dev", devRoutes);
app.route("/embed", embedPageRoutes);
app.route("/webhooks/qbo", qboWebhookRoutes);
app.route("/live", liveSocketRoutes);
app.route("/", connectRoutes);

app.notFound((c) => problemResponse(c, new AppError("not_found", `No route ${c.req.method} ${c.req.path}.`)));
app.onError(problemHandler);
