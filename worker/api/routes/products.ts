import { createRoute, z } from "@hono/zod-openapi";
import { getProductWithLevels, listProductsWithLevels } from "../../catalogue/products";
import { database } from "../../db/client";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import { idSchema, jsonResponse, listOf, noQuery, pageQuery, problems } from "../schemas";

const levelsSchema = z.object({
	onHand: z.number(),
	reserved: z.number(),
	available: z.number(),
	incoming: z.number(),
});

const productSchema = z
	.object({
		id: z.string(),
		sku: z.string(),
		name: z.string(),
		type: z.enum(["inventory", "non_inventory", "service", "kit"]),
		qboId: z.string().nullable(),
		levels: z.array(levelsSchema.extend({ locationId: z.string() })),
		totals: levelsSchema,
		isAssembly: z
			.boolean()
			.openapi({ description: "The product has a bill of materials (GET /assemblies/{productId})" }),
	})
	.openapi("Product");

export const productRoutes = createRouter()
	.openapi(
		createRoute({
			method: "get",
			path: "/products",
			summary:
				"Products with their levels per active location (the caller's locations, and totals over those), in SKU order",
			request: { query: z.strictObject({ q: z.string().max(200).optional(), ...pageQuery }) },
			responses: { 200: jsonResponse(listOf(productSchema), "A page of products"), ...problems(400, 401) },
		}),
		async (c) => {
			const query = c.req.valid("query");
			const locationIds = callerLocations(c.var.caller);
			return c.json(
				await listProductsWithLevels(database(c.env.DB), c.var.caller.companyId, { ...query, locationIds }),
				200,
			);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/products/{id}",
			summary: "One product with its levels per active location",
			request: { ...noQuery, params: z.strictObject({ id: idSchema }) },
			responses: { 200: jsonResponse(productSchema, "The product"), ...problems(401, 404) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const locationIds = callerLocations(c.var.caller);
			return c.json(await getProductWithLevels(database(c.env.DB), c.var.caller.companyId, id, locationIds), 200);
		},
	);
