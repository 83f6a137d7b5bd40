import { createRoute, z } from "@hono/zod-openapi";
import { assertBarcodeUsable, setProductBarcode } from "../../catalogue/product-barcode";
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
		barcode: z.string().nullable().openapi({
			description:
				"GTIN-8, UPC (GTIN-12), EAN-13 or GTIN-14, kept in Stockroom only (never sent to QuickBooks); null when none",
		}),
		purchaseCost: z.number().nullable().openapi({
			description:
				"The unit cost imported from QuickBooks (the item's PurchaseCost), in the home currency; null when unknown",
		}),
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
				"Set how a product's stock is tracked (by lot or serial number: its stock becomes unassigned until assigned), and its barcode",
			request: {
				params: z.strictObject({ id: idSchema }),
				...jsonBody(
					z.strictObject({
						tracking: z.enum(["none", "lot", "serial"]).optional(),
						expiryRequired: z.boolean().optional(),
						barcode: z.string().trim().max(64).nullable().optional().openapi({
							description:
								"A GTIN (8, 12, 13 or 14 digits with a correct check digit), or null to clear it; another product's barcode is a 409",
						}),
					}),
				),
			},
			responses: { 200: jsonResponse(productSchema, "The product"), ...problems(400, 401, 404, 409, 415) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const db = database(c.env.DB);
			const { companyId } = c.var.caller;
			const { barcode, ...tracking } = c.req.valid("json");
			// A refused barcode changes nothing, tracking included: check it before either is written.
			if (barcode !== undefined && barcode !== null) await assertBarcodeUsable(db, companyId, id, barcode);
			if (Object.keys(tracking).length > 0 || barcode === undefined)
				await setProductTracking(db, companyId, id, tracking, (mode) =>
					trackProductStock(c.env, { companyId, productId: id }, mode),
				);
			if (barcode !== undefined) await setProductBarcode(db, companyId, id, barcode);
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
