import { createRoute, z } from "@hono/zod-openapi";
import { toScaled } from "../../core/quantity";
import { database } from "../../db/client";
import { planningChange } from "../../stock/level-change";
import { listLevels, patchLevels } from "../../stock/levels";
import { companyLive, publishLevels } from "../../stock/publish-levels";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import { idSchema, jsonBody, jsonResponse, levelRowSchema, listOf, pageQuery, problems, quantity } from "../schemas";

// Null clears the field. Said again for the description: `quantity`'s own `type` hides `.nullable()` from it.
const planningQuantity = quantity
	.refine((v) => v >= 0, "must not be negative")
	.nullable()
	.optional()
	.openapi({ type: ["number", "null"] });

const levelPatchSchema = z
	.strictObject({
		productId: idSchema,
		locationId: idSchema,
		version: z.number().int().min(1),
		reorderPoint: planningQuantity,
		reorderQty: planningQuantity,
		bin: z.string().trim().max(64).nullable().optional(),
	})
	.openapi("LevelPatch");

const patchResultSchema = z.object({
	productId: z.string(),
	locationId: z.string(),
	status: z.enum(["updated", "conflict", "not_found"]),
	row: levelRowSchema.optional(),
});

export const levelRoutes = createRouter()
	.openapi(
		createRoute({
			method: "get",
			path: "/levels",
			summary: "Grid rows: product × location levels with reorder point, reorder quantity and bin",
			description:
				"`available` leaves out the stock of expired lots when the company's `expiredNotAvailable` setting is on; `expired` and `expiring` tell how much is there (docs/architecture.md#expired-stock). A kit (a QBO bundle) holds no stock of its own: its row's `available` is the number of whole kits its components allow at that location (the least, over components, of the component's available divided by its quantity per kit, never below 0; 0 without components), its `onHand` and `reserved` stay 0 since selling a kit moves its components, and `components` lists them. `below=reorder` compares a kit's reorder point with that availability.",
			request: {
				query: z.strictObject({
					q: z.string().max(200).optional(),
					location: idSchema.optional(),
					below: z.literal("reorder").optional(),
					productId: idSchema.optional(),
					expired: z.literal("true").optional().openapi({ description: "Only rows holding stock in expired lots" }),
					expiring: z.literal("true").optional().openapi({
						description: "Only rows holding stock in lots expiring within the company's `expiringWithinDays`",
					}),
					changedSince: z.iso
						.datetime({ offset: true })
						.transform((s) => Date.parse(s))
						.optional()
						.openapi({
							type: "string",
							format: "date-time",
							description: "Only rows changed after this time (stock or planning fields): a live feed's catch-up",
						}),
					...pageQuery,
				}),
			},
			responses: { 200: jsonResponse(listOf(levelRowSchema), "A page of level rows"), ...problems(400, 401) },
		}),
		async (c) => {
			const { expired, expiring, ...query } = c.req.valid("query");
			// A caller limited to some locations sees only those.
			const locationIds = callerLocations(c.var.caller);
			const filters = { expired: expired === "true", expiring: expiring === "true" };
			return c.json(
				await listLevels(database(c.env.DB), c.var.caller.companyId, { ...query, ...filters, locationIds }),
				200,
			);
		},
	)
	.openapi(
		createRoute({
			method: "patch",
			path: "/levels",
			summary: "Bulk edit of reorder point, reorder quantity and bin, each row guarded by its version",
			description:
				"Rows succeed or fail independently: `updated`, `conflict` (someone changed the row; `row` is the current one) or `not_found`.",
			request: jsonBody(z.strictObject({ items: z.array(levelPatchSchema).min(1).max(1000) })),
			responses: {
				200: jsonResponse(z.object({ items: z.array(patchResultSchema) }), "One result per row, in order"),
				...problems(400, 401, 413, 415),
			},
		}),
		async (c) => {
			const { items } = c.req.valid("json");
			const scale = (v: number | null | undefined) => (v === undefined || v === null ? v : toScaled(v));
			const results = await patchLevels(
				database(c.env.DB),
				c.var.caller.companyId,
				items.map((p) => ({
					...p,
					reorderPoint: scale(p.reorderPoint),
					reorderQty: scale(p.reorderQty),
					bin: p.bin === "" ? null : p.bin,
				})),
			);
			// Other open grids see the new planning fields; the stock fields ride along unchanged.
			const changes = results.flatMap((r) => (r.status === "updated" ? [planningChange(r.row)] : []));
			c.executionCtx.waitUntil(publishLevels(companyLive(c.env, c.var.caller.companyId), changes));
			return c.json({ items: results }, 200);
		},
	);
