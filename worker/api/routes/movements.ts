import { createRoute, z } from "@hono/zod-openapi";
import { actorsOfMovements } from "../../auth/audit-trail";
import { database } from "../../db/client";
import { listMovements } from "../../stock/movements";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import { idSchema, jsonResponse, listOf, movementBySchema, movementKindSchema, pageQuery, problems } from "../schemas";

const movementSchema = z
	.object({
		id: z.string(),
		productId: z.string(),
		locationId: z.string(),
		source: z.string(),
		kind: movementKindSchema,
		reason: z.string().nullable(),
		onHandDelta: z.number(),
		reservedDelta: z.number(),
		incomingDelta: z.number(),
		onHandAfter: z.number(),
		reservedAfter: z.number(),
		incomingAfter: z.number(),
		at: z.string(),
		by: movementBySchema,
	})
	.openapi("Movement");

const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

export const movementRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/movements",
		summary:
			"The ledger, newest first, filterable by product, location, source and time; each movement says who made it",
		request: {
			query: z.strictObject({
				productId: idSchema.optional(),
				locationId: idSchema.optional(),
				source: z.string().min(1).max(300).optional(),
				from: instant.optional().openapi({ type: "string", format: "date-time", description: "Inclusive" }),
				to: instant.optional().openapi({ type: "string", format: "date-time", description: "Exclusive" }),
				...pageQuery,
			}),
		},
		responses: { 200: jsonResponse(listOf(movementSchema), "A page of movements"), ...problems(400, 401, 403) },
	}),
	async (c) => {
		const query = c.req.valid("query");
		const db = database(c.env.DB);
		const { companyId } = c.var.caller;
		const page = await listMovements(db, companyId, { ...query, locationIds: callerLocations(c.var.caller) });
		const actors = await actorsOfMovements(
			db,
			companyId,
			page.items.map((m) => ({ id: m.id, source: m.source, at: Date.parse(m.at) })),
		);
		return c.json({ ...page, items: page.items.map((m) => ({ ...m, by: actors.get(m.id) ?? null })) }, 200);
	},
);
