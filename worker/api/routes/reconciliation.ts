import { createRoute, z } from "@hono/zod-openapi";
import { reconcile } from "../../stock/reconciliation";
import { createRouter } from "../router";
import { jsonResponse, pageQuery, problems } from "../schemas";

const triple = z.object({ onHand: z.number(), reserved: z.number(), incoming: z.number() });

const reconciliationSchema = z
	.object({
		ok: z.boolean(),
		checked: z.number().int(),
		mismatches: z.array(
			z.object({
				productId: z.string(),
				locationId: z.string(),
				check: z.enum(["object_levels_vs_effects", "d1_levels_vs_movements", "d1_levels_vs_object"]),
				expected: triple,
				actual: triple,
			}),
		),
		outOfBounds: z
			.array(
				z.object({
					productId: z.string(),
					locationId: z.string(),
					store: z.enum(["object", "d1"]),
					field: z.enum(["onHand", "reserved", "incoming", "available"]),
					value: z.number(),
				}),
			)
			.openapi({ description: "Stored levels beyond ±1 000 000 000 or not exact to 4 decimals" }),
		lotMismatches: z
			.array(
				z.object({
					productId: z.string(),
					locationId: z.string(),
					lot: z.string(),
					check: z.enum(["d1_lot_vs_object", "d1_lot_vs_movements", "lot_negative"]),
					expected: z.number(),
					actual: z.number(),
				}),
			)
			.openapi({ description: "Lots whose stock differs between the product object and D1, or is negative" }),
		lotExpiryMismatches: z
			.array(
				z.object({
					productId: z.string(),
					locationId: z.string(),
					lot: z.string(),
					expected: z.string().nullable().openapi({ description: "The expiry the product object keeps" }),
					actual: z.string().nullable().openapi({ description: "The expiry D1 shows" }),
				}),
			)
			.openapi({ description: "Lots whose expiry in D1 is not the one the product object keeps" }),
		nextCursor: z.string().nullable(),
	})
	.openapi("Reconciliation");

export const reconciliationRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/reconciliation",
		summary:
			"Checks a page of products: object levels = Σ effects, D1 levels = Σ D1 movements = object levels, every level within ±1 000 000 000 and exact",
		request: { query: z.strictObject(pageQuery) },
		responses: { 200: jsonResponse(reconciliationSchema, "The checks of this page"), ...problems(400, 401) },
	}),
	async (c) => {
		const query = c.req.valid("query");
		return c.json(await reconcile(c.env, c.var.caller.companyId, query), 200);
	},
);
