import { createRoute, z } from "@hono/zod-openapi";
import { actorsOfMovements } from "../../auth/audit-trail";
import { database } from "../../db/client";
import { documentNumbers } from "../../qbo/document-numbers";
import { listMovements, movementLots } from "../../stock/movements";
import { callerLocations } from "../authorize";
import { reasonFields } from "../movement-reasons";
import { createRouter } from "../router";
import {
	idSchema,
	jsonResponse,
	listOf,
	movementBySchema,
	movementKindSchema,
	movementReasonFields,
	noQuery,
	pageQuery,
	problems,
} from "../schemas";

const movementSchema = z
	.object({
		id: z.string(),
		productId: z.string(),
		locationId: z.string(),
		source: z.string(),
		kind: movementKindSchema,
		documentNumber: z.string().nullable().openapi({
			description:
				"For a QuickBooks document's movement (source qbo:<Type>:<Id>), the document's number as QuickBooks shows it (DocNumber), when it has one",
		}),
		reason: z.string().nullable(),
		...movementReasonFields,
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

const takenLotSchema = z.object({
	lot: z.string(),
	expiry: z.string().nullable().openapi({ description: "The lot's expiry (YYYY-MM-DD), if it has one" }),
	batch: z.string().nullable().openapi({ description: "For a serial number: the lot it belongs to, if any" }),
	quantity: z.number().openapi({ description: "What the source took from this lot here, net (positive)" }),
});

const movementLotsSchema = z
	.object({
		movementId: z.string(),
		productId: z.string(),
		locationId: z.string(),
		source: z
			.string()
			.openapi({ description: "The source whose lots these are (all its movements here, re-picks included)" }),
		kind: movementKindSchema,
		tracking: z.enum(["none", "lot", "serial"]),
		repickable: z.boolean().openapi({
			description:
				"POST /lots/repicks may change these lots: the product is tracked, the source took stock here, and it is not a transfer, count, assignment or re-pick",
		}),
		taken: z.number().openapi({ description: "What the source took at the location, net (0 when it took none)" }),
		lots: z.array(takenLotSchema).openapi({ description: "The lots it took, first expiry first" }),
		unassigned: z.number().openapi({ description: "What it took from the unassigned rest: taken − Σ lots" }),
	})
	.openapi("MovementLots");

const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

export const movementRoutes = createRouter()
	.openapi(
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
			const [actors, numbers] = await Promise.all([
				actorsOfMovements(
					db,
					companyId,
					page.items.map((m) => ({ id: m.id, source: m.source, at: Date.parse(m.at) })),
				),
				documentNumbers(
					db,
					companyId,
					page.items.map((m) => m.source),
				),
			]);
			return c.json(
				{
					...page,
					items: page.items.map((m) => ({
						...m,
						documentNumber: numbers.get(m.source) ?? null,
						...reasonFields(m),
						by: actors.get(m.id) ?? null,
					})),
				},
				200,
			);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/movements/{id}/lots",
			summary:
				"The lots a movement's source holds at its location now: what a re-pick (POST /lots/repicks) starts from",
			request: { ...noQuery, params: z.strictObject({ id: idSchema }) },
			responses: {
				200: jsonResponse(movementLotsSchema, "The source's lots at the movement's location"),
				...problems(400, 401, 403, 404),
			},
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const answer = await movementLots(database(c.env.DB), c.var.caller.companyId, id, callerLocations(c.var.caller));
			return c.json(answer, 200);
		},
	);
