/**
 * The Hono app: health, the API, development helpers; every error as problem+json.
 */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { AppError, problemHandler, problemResponse } from "./api/problem";
import type { AppEnv } from "./api/router";
import { apiV1 } from "./api/v1";
import { sameOriginForCookies } from "./auth/same-origin";
import { signInRoutes } from "./api/entry/sign-in-routes";
import { devRoutes } from "./api/entry/dev-routes";
import { allowFraming } from "./api/entry/allow-framing";
import { embedPageRoutes } from "./api/entry/embed-page";
import { checkEnv } from "./env";
import { liveSocketRoutes } from "./api/entry/live-socket-route";
import { connectRoutes } from "./api/entry/connect-routes";
import { qboWebhookRoutes } from "./qbo/webhook-route";

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
