/**
 * The Hono app: health, the API, development helpers; every error as problem+json.
 */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { AppError, problemHandler, problemResponse } from "./api/problem";
import type { AppEnv } from "./api/router";
import { apiV1 } from "./api/v1";
import { devRoutes } from "./dev/dev-routes";
import { checkEnv } from "./env";
import { connectRoutes } from "./qbo/connect-routes";
import { qboWebhookRoutes } from "./qbo/webhook-route";

export const app = new Hono<AppEnv>();

app.use("*", async (c, next) => {
	checkEnv(c.env);
	await next();
});
app.use("*", secureHeaders());

app.get("/health", (c) => c.json({ ok: true }));
app.route("/api/v1", apiV1);
app.route("/dev", devRoutes);
app.route("/webhooks/qbo", qboWebhookRoutes);
app.route("/", connectRoutes);

app.notFound((c) => problemResponse(c, new AppError("not_found", `No route ${c.req.method} ${c.req.path}.`)));
app.onError(problemHandler);
