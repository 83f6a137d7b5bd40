import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { listSyncLog } from "../../sync/sync-log-query";
import { createRouter } from "../router";
import { jsonResponse, listOf, pageQuery, problems } from "../schemas";

const entrySchema = z
	.object({
		id: z.string(),
		source: z.enum(["webhook", "cdc", "import", "resync", "push"]),
		entity: z.string(),
		entityId: z.string(),
		operation: z.string(),
		status: z.enum(["pending", "applied", "ignored", "failed", "dead"]).openapi({
			description: "failed: will be retried; dead: gave up after repeated failures (see error)",
		}),
		attempts: z.number().int(),
		error: z.string().nullable(),
		at: z.string(),
	})
	.openapi("SyncLogEntry");

export const syncLogRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/sync/log",
		summary: "What sync did with each QuickBooks event, newest first",
		request: {
			query: z.strictObject({
				status: z.enum(["pending", "applied", "ignored", "failed", "dead"]).optional(),
				entity: z.string().min(1).max(50).optional(),
				...pageQuery,
			}),
		},
		responses: { 200: jsonResponse(listOf(entrySchema), "A page of the sync log"), ...problems(400, 401) },
	}),
	async (c) => c.json(await listSyncLog(database(c.env.DB), c.var.caller.companyId, c.req.valid("query")), 200),
);
