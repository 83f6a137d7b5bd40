import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { listMovements } from "../../stock/movements";
import { createRouter } from "../router";
import { idSchema, jsonResponse, listOf, movementKindSchema, pageQuery, problems } from "../schemas";

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
	})
	.openapi("Movement");

const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

export const movementRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/movements",
		summary: "The ledger, newest first, filterable by product, location, source and time",
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
		responses: { 200: jsonResponse(listOf(movementSchema), "A page of movements"), ...problems(400, 401) },
	}),
	async (c) => {
		const query = c.req.valid("query");
		return c.json(await listMovements(database(c.env.DB), c.var.caller.companyId, query), 200);
	},
);
