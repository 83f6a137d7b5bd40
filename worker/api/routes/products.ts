import { createRoute, z } from "@hono/zod-openapi";
import { getProductWithLevels, listProductsWithLevels, setProductTracking } from "../../catalogue/products";
import { database } from "../../db/client";
import { productLots } from "../../stock/lots";
import { trackProductStock } from "../../stock/product-stock-client";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import { idSchema, jsonBody, jsonResponse, listOf, noQuery, pageQuery, problems } from "../schemas";

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
		tracking: z.enum(["none", "lot", "serial"]).openapi({
			description:
				"lot: its stock is held per lot; serial: per serial number, one unit each, unique in stock (in requests, a serial is a `lot` of quantity 1)",
		}),
		expiryRequired: z.boolean().openapi({ description: "New lots must be given an expiry date" }),
		levels: z.array(levelsSchema.extend({ locationId: z.string() })),
		totals: levelsSchema,
		isAssembly: z
			.boolean()
			.openapi({ description: "The product has a bill of materials (GET /assemblies/{productId})" }),
	})
	.openapi("Product");

const lotSchema = z.object({
	lot: z.string(),
	expiry: z.string().nullable().openapi({ description: "YYYY-MM-DD, or null" }),
	batch: z.string().nullable().openapi({ description: "A serial number's lot, if it has one" }),
	onHand: z.number(),
	expired: z.boolean(),
	expiring: z.boolean().openapi({
		description: "Not expired, and expiring within the company's `expiringWithinDays` (Settings)",
	}),
});

const productLotsSchema = z
	.object({
		items: z.array(
			z.object({
				locationId: z.string(),
				onHand: z.number(),
				unassigned: z.number().openapi({ description: "On hand not in any lot yet: on hand − Σ lots" }),
				lots: z.array(lotSchema),
			}),
		),
	})
	.openapi("ProductLots");

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
	)
	.openapi(
		createRoute({
			method: "patch",
			path: "/products/{id}",
			summary:
				"Set how a product's stock is tracked: by lot or serial number (its stock becomes unassigned until assigned), or not",
			request: {
				params: z.strictObject({ id: idSchema }),
				...jsonBody(
					z.strictObject({
						tracking: z.enum(["none", "lot", "serial"]).optional(),
						expiryRequired: z.boolean().optional(),
					}),
				),
			},
			responses: { 200: jsonResponse(productSchema, "The product"), ...problems(400, 401, 404, 409, 415) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const db = database(c.env.DB);
			const { companyId } = c.var.caller;
			await setProductTracking(db, companyId, id, c.req.valid("json"), (tracking) =>
				trackProductStock(c.env, { companyId, productId: id }, tracking),
			);
			return c.json(await getProductWithLevels(db, c.var.caller.companyId, id), 200);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/products/{id}/lots",
			summary: "A product's on hand per location, split into its lots and the unassigned rest",
			request: { ...noQuery, params: z.strictObject({ id: idSchema }) },
			responses: { 200: jsonResponse(productLotsSchema, "Per location"), ...problems(400, 401, 404) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const db = database(c.env.DB);
			await getProductWithLevels(db, c.var.caller.companyId, id); // 404 for no such product
			return c.json({ items: await productLots(db, c.var.caller.companyId, id, callerLocations(c.var.caller)) }, 200);
		},
	);
