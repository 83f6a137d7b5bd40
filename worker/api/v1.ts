/**
 * /api/v1: every resource, behind a bearer token, with its OpenAPI description generated from the
 * same zod schemas that validate the requests.
 */
import { benchRoutes } from "../dev/bench-routes";
import { requireToken } from "./auth";
import { limitBody, requireJsonBody } from "./json-body";
import { createRouter } from "./router";
import { levelRoutes } from "./routes/levels";
import { locationRoutes } from "./routes/locations";
import { movementRoutes } from "./routes/movements";
import { productRoutes } from "./routes/products";
import { reconciliationRoutes } from "./routes/reconciliation";
import { settingsRoutes } from "./routes/settings";
import { stockCommandRoutes } from "./routes/stock-commands";
import { syncLogRoutes } from "./routes/sync-log";
import { syncResyncRoutes } from "./routes/sync-resync";
import { syncStatusRoutes } from "./routes/sync-status";
import { tokenRoutes } from "./routes/tokens";
import { vendorRoutes } from "./routes/vendors";

export const apiV1 = createRouter();

apiV1.use("*", requireToken, limitBody, requireJsonBody);

apiV1
	.route("/", productRoutes)
	.route("/", levelRoutes)
	.route("/", locationRoutes)
	.route("/", stockCommandRoutes)
	.route("/", movementRoutes)
	.route("/", reconciliationRoutes)
	.route("/", tokenRoutes)
	.route("/", settingsRoutes)
	.route("/", syncStatusRoutes)
	.route("/", syncLogRoutes)
	.route("/", syncResyncRoutes)
	.route("/", vendorRoutes);

apiV1.route("/", benchRoutes);

apiV1.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });

apiV1.doc31("/openapi.json", {
	openapi: "3.1.0",
	info: {
		title: "Stockroom API",
		version: "1",
		description:
			"Stock per location for QuickBooks Online companies. Quantities are JSON numbers with at most 4 decimals; errors are application/problem+json.",
	},
	servers: [{ url: "/api/v1" }],
	security: [{ bearer: [] }],
});
