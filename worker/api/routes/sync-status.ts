import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { loadConnection } from "../../qbo/qbo-connection";
import { syncProgress } from "../../sync/company-sync-client";
import { createRouter } from "../router";
import { jsonResponse, noQuery, problems } from "../schemas";

const syncStatusSchema = z
	.object({
		connection: z.enum(["not_connected", "connected", "revoked", "disconnected"]).openapi({
			description: "revoked: QuickBooks refused our tokens (the app was disconnected there); reconnect",
		}),
		realmId: z.string().nullable(),
		importing: z
			.boolean()
			.openapi({ description: "The import of the QuickBooks catalogue and documents is under way" }),
		importProgress: z
			.object({
				phase: z.enum(["catalogue", "documents", "opening_stock"]).openapi({
					description:
						"catalogue: items and vendors written; documents: existing documents applied; opening_stock: each item's QuickBooks quantity settled",
				}),
				done: z.number().int().openapi({ description: "Items (documents in that phase) done in this phase" }),
				total: z.number().int().openapi({ description: "Items (documents) this phase has to do; 0 until known" }),
				perSecond: z
					.number()
					.nullable()
					.openapi({ description: "The pace of this phase so far; null until one is done" }),
				secondsLeft: z.number().nullable().openapi({ description: "Time left in this phase at that pace" }),
			})
			.nullable()
			.openapi({ description: "Where the running import stands; null when none runs" }),
		lastImport: z
			.object({ products: z.number(), vendors: z.number(), documents: z.number(), locations: z.number() })
			.nullable()
			.openapi({ description: "What the last import from QuickBooks brought in" }),
		pendingEvents: z.number().int().openapi({ description: "QuickBooks changes received, not yet applied" }),
		pendingPushes: z.number().int().openapi({ description: "Stockroom changes waiting to reach QuickBooks" }),
		lastCatchUpAt: z.string().nullable().openapi({ description: "When QuickBooks was last asked what changed" }),
	})
	.openapi("SyncStatus");

export const syncStatusRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/sync/status",
		summary: "The QuickBooks connection of the company and the progress of sync",
		request: noQuery,
		responses: { 200: jsonResponse(syncStatusSchema, "Connection state"), ...problems(400, 401) },
	}),
	async (c) => {
		const connection = await loadConnection(c.env, database(c.env.DB), c.var.caller.companyId);
		const progress = connection
			? await syncProgress(c.env, connection.realmId)
			: {
					importing: false,
					importProgress: null,
					lastImport: null,
					pendingEvents: 0,
					pendingPushes: 0,
					lastCatchUpAt: null,
				};
		return c.json(
			{
				connection: connection?.status ?? ("not_connected" as const),
				realmId: connection?.realmId ?? null,
				...progress,
			},
			200,
		);
	},
);
