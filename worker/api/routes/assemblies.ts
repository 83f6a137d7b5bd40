import { createRoute, z } from "@hono/zod-openapi";
import { getBom, putBom } from "../../assemblies/bill-of-materials";
import { getBuild, listBuilds } from "../../assemblies/build-queries";
import { createBuild } from "../../assemblies/builds";
import { toScaled } from "../../core/quantity";
import { database } from "../../db/client";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import {
	expirySchema,
	idempotencyKeySchema,
	idSchema,
	jsonBody,
	jsonResponse,
	levelRowSchema,
	listOf,
	lotOutInput,
	noQuery,
	pageQuery,
	problems,
	quantity,
} from "../schemas";

const positive = quantity.refine((v) => v > 0, "must be positive");

const bomSchema = z
	.object({
		productId: z.string(),
		components: z.array(
			z.object({
				productId: z.string(),
				sku: z.string(),
				name: z.string(),
				quantity: z.number().openapi({ description: "Consumed per unit of the assembly" }),
				isAssembly: z.boolean().openapi({ description: "The component has a bill of materials of its own" }),
			}),
		),
		version: z.number().int().openapi({ description: "0 for a product whose BOM was never edited" }),
	})
	.openapi("BillOfMaterials");

const buildSchema = z
	.object({
		id: z.string(),
		number: z.string().openapi({ example: "BD-0001" }),
		kind: z.enum(["build", "unbuild"]),
		productId: z.string(),
		locationId: z.string(),
		quantity: z.number(),
		override: z.boolean(),
		status: z.enum(["pending", "completed"]).openapi({
			description: "pending until every product has applied the build (completed by a retry or within minutes)",
		}),
		components: z
			.array(z.object({ productId: z.string(), quantity: z.number() }))
			.openapi({ description: "Total per component for this build, from the BOM as it was when the build was made" }),
		createdAt: z.string(),
		completedAt: z.string().nullable(),
	})
	.openapi("Build");
const genealogyLotSchema = z.object({
	productId: z.string(),
	lot: z.string(),
	expiry: z.string().nullable(),
	quantity: z.number().openapi({ description: "Positive: what left the lot (consumed) or entered it (produced)" }),
});
const buildDetailSchema = buildSchema
	.extend({
		lots: z
			.object({ consumed: z.array(genealogyLotSchema), produced: z.array(genealogyLotSchema) })
			.openapi("BuildLots", {
				description:
					"The build's genealogy, from the ledger's lot movements under its source `build:<id>`: for a build the component lots consumed and the assembly lot produced; for an unbuild the assembly lot taken apart and the component lots filled",
			}),
	})
	.openapi("BuildDetail");
const buildAnswerSchema = buildDetailSchema
	.extend({ levels: z.array(levelRowSchema).openapi({ description: "The level rows of every product touched" }) })
	.openapi("BuildResult");

const productParam = z.strictObject({ productId: idSchema });

const lotName = z.string().trim().min(1).max(64);

/** docs/architecture.md#lots-in-builds */
const buildLotFields = {
	componentLots: z
		.array(
			z.strictObject({
				productId: idSchema,
				lots: z
					.array(lotOutInput)
					.min(1)
					.max(200)
					.refine((ls) => new Set(ls.map((l) => l.lot)).size === ls.length, "a lot may appear once"),
			}),
		)
		.max(500)
		.optional()
		.openapi({
			description:
				"Components tracked by lot: a build picks these lots (Σ ≤ the component's total; the rest first-expiry-first-out), an unbuild puts the component back into them (the rest unassigned)",
		}),
	lot: z.strictObject({ lot: lotName.optional(), expiry: expirySchema.optional() }).optional().openapi({
		description:
			"The assembly's lot (product tracked by lot): a build produces its whole quantity into it (`expiry` for a new lot; required when the product requires expiries), an unbuild takes it apart from it (else first-expiry-first-out). With `generateLot`, only `expiry`.",
	}),
	generateLot: z.boolean().optional().openapi({
		description: "A build produces a lot numbered <SKU>-<YYYYMMDD>-<n>, unique for the product",
	}),
};

export const assemblyRoutes = createRouter()
	.openapi(
		createRoute({
			method: "get",
			path: "/assemblies/{productId}",
			summary: "A product's bill of materials (empty when it is no assembly)",
			request: { params: productParam, ...noQuery },
			responses: { 200: jsonResponse(bomSchema, "The bill of materials"), ...problems(401, 404) },
		}),
		async (c) => {
			const { productId } = c.req.valid("param");
			return c.json(await getBom(database(c.env.DB), c.var.caller.companyId, productId), 200);
		},
	)
	.openapi(
		createRoute({
			method: "put",
			path: "/assemblies/{productId}",
			summary:
				"Replace a product's bill of materials, guarded by its version; an empty list removes it. Components are inventory products, once each; nesting is allowed, cycles are refused.",
			request: {
				params: productParam,
				...jsonBody(
					z.strictObject({
						components: z.array(z.strictObject({ productId: idSchema, quantity: positive })).max(500),
						version: z.number().int().min(0),
					}),
				),
			},
			responses: {
				200: jsonResponse(bomSchema, "The bill of materials as saved"),
				...problems(400, 401, 404, 409, 413, 415),
			},
		}),
		async (c) => {
			const { productId } = c.req.valid("param");
			const body = c.req.valid("json");
			const saved = await putBom(database(c.env.DB), c.var.caller.companyId, productId, {
				version: body.version,
				components: body.components.map((l) => ({ productId: l.productId, quantity: toScaled(l.quantity) })),
			});
			return c.json(saved, 200);
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/builds",
			summary:
				"Build (components → finished product) or unbuild (the reverse) at a location. Refused when stock is short unless `override` is true. Lots: chosen component lots, the assembly lot produced (typed or generated) or taken apart.",
			request: jsonBody(
				z.strictObject({
					productId: idSchema,
					locationId: idSchema,
					quantity: positive,
					kind: z.enum(["build", "unbuild"]).default("build"),
					override: z.boolean().default(false),
					...buildLotFields,
					idempotencyKey: idempotencyKeySchema,
				}),
			),
			responses: {
				201: jsonResponse(buildAnswerSchema, "Built: the build and the levels of every product it touched"),
				200: jsonResponse(buildAnswerSchema, "This idempotency key was used before: its first answer, nothing changed"),
				...problems(400, 401, 404, 409, 413, 415, 422, 503),
			},
		}),
		async (c) => {
			const body = c.req.valid("json");
			const { componentLots, ...rest } = body;
			const { created, body: answer } = await createBuild(c.env, c.var.caller.companyId, {
				...rest,
				quantity: toScaled(body.quantity),
				// Absent when not given: a request without lots hashes as it did before lots existed.
				...(componentLots
					? {
							componentLots: componentLots.map((cl) => ({
								productId: cl.productId,
								lots: cl.lots.map((l) => ({ lot: l.lot, quantity: toScaled(l.quantity) })),
							})),
						}
					: {}),
			});
			if (!created) c.set("replayed", true);
			return created ? c.json(answer, 201) : c.json(answer, 200);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/builds",
			summary: "Builds and unbuilds, newest first; optionally of one product",
			request: { query: z.strictObject({ productId: idSchema.optional(), ...pageQuery }) },
			responses: { 200: jsonResponse(listOf(buildSchema), "A page of builds"), ...problems(400, 401) },
		}),
		async (c) => {
			return c.json(
				await listBuilds(database(c.env.DB), c.var.caller.companyId, {
					...c.req.valid("query"),
					locationIds: callerLocations(c.var.caller),
				}),
				200,
			);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/builds/{id}",
			summary: "One build, with the lots it consumed and produced",
			request: { params: z.strictObject({ id: idSchema }), ...noQuery },
			responses: { 200: jsonResponse(buildDetailSchema, "The build and its genealogy"), ...problems(401, 404) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			return c.json(await getBuild(c.env, database(c.env.DB), c.var.caller.companyId, id), 200);
		},
	);
