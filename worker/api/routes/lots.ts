/**
 * `GET /lots`: lots holding stock across products, filterable; `GET /lots/unassigned`: where stock
 * of a product tracked by lot (or serial number) is in no lot yet, the "to assign" list (docs/architecture.md#lots).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { listLots, listUnassigned } from "../../stock/lots";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import { idSchema, jsonResponse, listOf, pageQuery, problems } from "../schemas";

const lotLevelSchema = z
	.object({
		productId: z.string(),
		sku: z.string(),
		name: z.string(),
		tracking: z
			.enum(["none", "lot", "serial"])
			.openapi({ description: "serial: `lot` is a serial number, holding one unit or none" }),
		locationId: z.string(),
		lot: z.string().openapi({ description: "The lot's number, or the serial number" }),
		expiry: z.string().nullable().openapi({ description: "YYYY-MM-DD, or null for a lot without expiry" }),
		batch: z.string().nullable().openapi({ description: "A serial number's lot, if it has one" }),
		onHand: z.number(),
		expired: z.boolean(),
	})
	.openapi("LotLevel");

const unassignedSchema = z
	.object({
		productId: z.string(),
		sku: z.string(),
		name: z.string(),
		tracking: z
			.enum(["lot", "serial"])
			.openapi({ description: "serial: the stock is assigned to serial numbers, one unit each" }),
		expiryRequired: z.boolean().openapi({ description: "New lots of this product need an expiry" }),
		locationId: z.string(),
		onHand: z.number(),
		assigned: z.number().openapi({ description: "What its lots hold at this location" }),
		unassigned: z.number().openapi({ description: "On hand − Σ lots: stock not yet in any lot" }),
	})
	.openapi("UnassignedStock");

export const lotRoutes = createRouter()
	.openapi(
		createRoute({
			method: "get",
			path: "/lots",
			summary: "Lots holding stock, per product and location; filters for expired and expiring lots",
			request: {
				query: z.strictObject({
					productId: idSchema.optional(),
					locationId: idSchema.optional(),
					lot: z.string().trim().min(1).max(64).optional(),
					batch: z
						.string()
						.trim()
						.min(1)
						.max(64)
						.optional()
						.openapi({ description: "Only the serial numbers of this lot" }),
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
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/lots/unassigned",
			summary:
				'Stock of products tracked by lot or serial number that is in no lot or serial yet, per product and location (the "to assign" list), by SKU',
			request: {
				query: z.strictObject({
					productId: idSchema.optional(),
					locationId: idSchema.optional(),
					...pageQuery,
				}),
			},
			responses: { 200: jsonResponse(listOf(unassignedSchema), "A page of unassigned stock"), ...problems(400, 401) },
		}),
		async (c) =>
			c.json(
				await listUnassigned(database(c.env.DB), c.var.caller.companyId, {
					...c.req.valid("query"),
					locationIds: callerLocations(c.var.caller),
				}),
				200,
			),
	);
