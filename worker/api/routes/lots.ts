/** `GET /lots`: lots holding stock across products, filterable (docs/architecture.md#lots). */
import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { listLots } from "../../stock/lots";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import { idSchema, jsonResponse, listOf, pageQuery, problems } from "../schemas";

const lotLevelSchema = z
	.object({
		productId: z.string(),
		sku: z.string(),
		name: z.string(),
		locationId: z.string(),
		lot: z.string(),
		expiry: z.string().nullable().openapi({ description: "YYYY-MM-DD, or null for a lot without expiry" }),
		onHand: z.number(),
		expired: z.boolean(),
	})
	.openapi("LotLevel");

export const lotRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/lots",
		summary: "Lots holding stock, per product and location; filters for expired and expiring lots",
		request: {
			query: z.strictObject({
				productId: idSchema.optional(),
				locationId: idSchema.optional(),
				lot: z.string().trim().min(1).max(64).optional(),
				expired: z.enum(["true", "false"]).optional(),
				expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
				...pageQuery,
			}),
		},
		responses: { 200: jsonResponse(listOf(lotLevelSchema), "A page of lots"), ...problems(400, 401) },
	}),
	async (c) => {
		const { expired, ...query } = c.req.valid("query");
		return c.json(
			await listLots(database(c.env.DB), c.var.caller.companyId, {
				...query,
				...(expired !== undefined ? { expired: expired === "true" } : {}),
				locationIds: callerLocations(c.var.caller),
			}),
			200,
		);
	},
);
