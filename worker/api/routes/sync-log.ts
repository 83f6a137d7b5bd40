import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { SYNC_LOG_CODES, SYNC_LOG_NOTE_CODES } from "../../qbo/sync-log-words";
import { retryLoggedEvent } from "../../sync/retry-logged-event";
import { listSyncLog } from "../../sync/sync-log-query";
import { createRouter } from "../router";
import { idSchema, jsonResponse, listOf, noQuery, pageQuery, problems } from "../schemas";

const STATUSES = ["pending", "applied", "ignored", "failed", "dead"] as const;

const entrySchema = z
	.object({
		id: z.string(),
		source: z.enum(["webhook", "cdc", "import", "resync", "push"]),
		entity: z.string(),
		entityId: z.string(),
		operation: z.string(),
		status: z.enum(STATUSES).openapi({
			description: "failed: will be retried; dead: gave up after repeated failures (see error)",
		}),
		attempts: z.number().int(),
		error: z.string().nullable(),
		at: z.string(),
		docNumber: z.string().nullable().openapi({
			description:
				"The document's number as QuickBooks shows it (DocNumber), once Stockroom has read the document; entityId is QuickBooks' internal id",
		}),
		code: z.enum(SYNC_LOG_CODES).openapi({
			description:
				"What happened, for the UI to word in the user's language with params (sync.changed: an operation not listed)",
		}),
		params: z.object({ entity: z.string(), entityId: z.string(), docNumber: z.string().nullable() }),
		message: z.string().openapi({ description: 'The line in English, e.g. "Invoice 1004 created"' }),
		errorCode: z.enum(SYNC_LOG_NOTE_CODES).nullable().openapi({
			description:
				"When `error` is one of Stockroom's own notes (an import's counts, an event set aside), its code, for the UI to word with errorParams; null for other text, shown as written",
		}),
		errorParams: z.record(z.string(), z.number()).nullable(),
	})
	.openapi("SyncLogEntry");

export const syncLogRoutes = createRouter();

syncLogRoutes.openapi(
	createRoute({
		method: "get",
		path: "/sync/log",
		summary: "What sync did with each QuickBooks event, newest first",
		request: {
			query: z.strictObject({
				status: z.enum(STATUSES).optional(),
				entity: z.string().min(1).max(50).optional(),
				...pageQuery,
			}),
		},
		responses: { 200: jsonResponse(listOf(entrySchema), "A page of the sync log"), ...problems(400, 401) },
	}),
	async (c) => c.json(await listSyncLog(database(c.env.DB), c.var.caller.companyId, c.req.valid("query")), 200),
);

syncLogRoutes.openapi(
	createRoute({
		method: "post",
		path: "/sync/log/{id}/retry",
		summary: "Retry a QuickBooks event that failed (managers and owners)",
		request: { ...noQuery, params: z.strictObject({ id: idSchema }) },
		responses: {
			202: jsonResponse(z.object({ queued: z.boolean() }), "Queued again"),
			...problems(400, 401, 403, 404, 409),
		},
	}),
	async (c) => c.json(await retryLoggedEvent(c.env, c.var.caller.companyId, c.req.valid("param").id), 202),
);
