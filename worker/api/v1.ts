/**
 * /api/v1: every resource, behind a bearer token, with its OpenAPI description generated from the
 * same zod schemas that validate the requests.
 */

import { auditWrites } from "./audit-writes";
import { requireToken } from "./auth";
import { authorize } from "./authorize";
import { embedCors } from "./embed-cors";
import { embedGuard } from "./embed-guard";
import { limitBody, requireJsonBody } from "./json-body";
import { createRouter } from "./router";
import { assemblyRoutes } from "./routes/assemblies";
import { auditRoutes } from "./routes/audit";
import { benchRoutes } from "./routes/bench";
import { embedTokenRoutes } from "./routes/embed-tokens";
import { levelRoutes } from "./routes/levels";
import { liveRoutes } from "./routes/live";
import { locationRoutes } from "./routes/locations";
import { lotRoutes } from "./routes/lots";
import { meRoutes } from "./routes/me";
import { memberRoutes } from "./routes/members";
import { movementRoutes } from "./routes/movements";
import { orderRoutes } from "./routes/orders";
import { overviewRoutes } from "./routes/overview";
import { productRoutes } from "./routes/products";
import { purchaseRoutes } from "./routes/purchases";
import { qboDriftRoutes } from "./routes/qbo-drift";
import { reconciliationRoutes } from "./routes/reconciliation";
import { searchRoutes } from "./routes/search";
import { settingsRoutes } from "./routes/settings";
import { stockCommandRoutes } from "./routes/stock-commands";
import { syncLogRoutes } from "./routes/sync-log";
import { syncResyncRoutes } from "./routes/sync-resync";
import { syncStatusRoutes } from "./routes/sync-status";
import { tokenRoutes } from "./routes/tokens";
import { traceRoutes } from "./routes/trace";
import { vendorRoutes } from "./routes/vendors";

export const apiV1 = createRouter();

// CORS first: a preflight carries no token. The embed guard (the grid's routes only) and the access
// rules after the body checks: they read bodies. The audit records what the route did, after it.
apiV1.use("*", embedCors, requireToken, limitBody, requireJsonBody, embedGuard, authorize, auditWrites);

apiV1
	.route("/", productRoutes)
	.route("/", levelRoutes)
	.route("/", locationRoutes)
	.route("/", lotRoutes)
	.route("/", traceRoutes)
	.route("/", stockCommandRoutes)
	.route("/", movementRoutes)
	.route("/", reconciliationRoutes)
	.route("/", tokenRoutes)
	.route("/", embedTokenRoutes)
	.route("/", settingsRoutes)
	.route("/", syncStatusRoutes)
	.route("/", syncLogRoutes)
	.route("/", syncResyncRoutes)
	.route("/", qboDriftRoutes)
	.route("/", vendorRoutes)
	.route("/", purchaseRoutes)
	.route("/", orderRoutes)
	.route("/", assemblyRoutes)
	.route("/", meRoutes)
	.route("/", memberRoutes)
	.route("/", auditRoutes)
	.route("/", searchRoutes)
	.route("/", liveRoutes)
	.route("/", overviewRoutes);

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
