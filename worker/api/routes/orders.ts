import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { actorsOfMovements } from "../../auth/audit-trail";
import { toScaled } from "../../core/quantity";
import { type Database, database } from "../../db/client";
import { deliveryNotes } from "../../db/schema";
import { cancelDelivery, createDelivery } from "../../sales/deliveries";
import { deliveryDetail, listOrders, orderDetail } from "../../sales/order-views";
import { pickProposal } from "../../sales/pick-proposal";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import {
	idempotencyKeySchema,
	idSchema,
	jsonBody,
	jsonResponse,
	listOf,
	lotOutInput,
	movementBySchema,
	movementKindSchema,
	namedLotsInput,
	noQuery,
	pageQuery,
	positiveQuantity,
	problems,
} from "../schemas";

const STATUSES = ["open", "partially_delivered", "delivered", "cancelled"] as const;
const DOCUMENT_TYPES = ["invoice", "sales_receipt", "estimate"] as const;

const flagSchema = z.union([
	z.object({ code: z.literal("over_delivered"), productId: z.string(), quantity: z.number() }),
	z.object({
		code: z.enum(["voided_after_delivery", "deleted_after_delivery", "closed_after_delivery"]),
		qboId: z.string(),
	}),
]);

const orderHeader = {
	id: z.string(),
	number: z.string().openapi({ description: "The QBO document's number, or #<QBO id> when it has none" }),
	status: z.enum(STATUSES),
	source: z.object({ type: z.enum(DOCUMENT_TYPES), qboId: z.string(), docNumber: z.string().nullable() }),
	customerName: z.string().nullable(),
	locationId: z.string(),
	txnDate: z.string().nullable(),
	flags: z.array(flagSchema),
	backordered: z.boolean().openapi({ description: "Some line cannot be served from the location's on hand" }),
	version: z.number().int(),
	createdAt: z.string(),
	updatedAt: z.string(),
};
const orderSummarySchema = z.object(orderHeader).openapi("OrderSummary");

const productRef = { productId: z.string(), sku: z.string(), name: z.string() };
const lotPartSchema = z.object({ lot: z.string(), expiry: z.string().nullable(), quantity: z.number() });
const deliveryNoteFields = {
	id: z.string(),
	number: z.string().openapi({ example: "DN-0001" }),
	orderId: z.string(),
	status: z.enum(["active", "cancelled"]),
	locationId: z.string(),
	note: z.string().nullable(),
	lines: z.array(
		z.object({
			...productRef,
			quantity: z.number(),
			lots: z.array(lotPartSchema).openapi({
				description:
					"What the line took out of each lot (products tracked by lot), as the ledger shows it; none once the note is cancelled (the goods went back into their lots)",
			}),
		}),
	),
	createdAt: z.string(),
	cancelledAt: z.string().nullable(),
};
const deliveryNoteSchema = z.object(deliveryNoteFields).openapi("DeliveryNote");

const orderDetailSchema = z
	.object({
		...orderHeader,
		documents: z.array(
			z.object({
				type: z.enum(DOCUMENT_TYPES),
				qboId: z.string(),
				docNumber: z.string().nullable(),
				status: z.enum(["active", "voided", "deleted", "closed"]),
			}),
		),
		lines: z.array(
			z.object({
				...productRef,
				ordered: z.number(),
				delivered: z.number(),
				reserved: z.number(),
				remaining: z.number().openapi({ description: "max(0, ordered − delivered)" }),
				shortfall: z.number().openapi({
					description: "How much of `remaining` the location's on hand cannot serve, older orders served first",
				}),
				kits: z.array(z.object({ ...productRef, quantity: z.number() })),
			}),
		),
		deliveries: z.array(deliveryNoteSchema),
		movements: z.array(
			z.object({
				id: z.string(),
				productId: z.string(),
				locationId: z.string(),
				kind: movementKindSchema,
				source: z.string(),
				onHand: z.number().openapi({ description: "Change of on hand" }),
				reserved: z.number().openapi({ description: "Change of reserved" }),
				at: z.string(),
				by: movementBySchema,
			}),
		),
	})
	.openapi("Order");

const deliveryDetailSchema = z
	.object({
		...deliveryNoteFields,
		order: orderSummarySchema,
		customerName: z.string().nullable(),
		shipTo: z.string().nullable(),
	})
	.openapi("DeliveryNoteDetail");

const pickProposalSchema = z
	.object({
		orderId: z.string(),
		locationId: z.string(),
		lines: z.array(
			z.object({
				...productRef,
				remaining: z.number(),
				lots: z.array(lotPartSchema).openapi({ description: "The lots to pick, first expiry first out" }),
				unassigned: z.number().openapi({
					description: "What the lots cannot cover: taken from the unassigned rest (or short)",
				}),
			}),
		),
	})
	.openapi("PickProposal");

const idParam = z.strictObject({ id: idSchema });
const positive = positiveQuantity;

/** The lots a note line picks (products tracked by lot). */
const pickLotsSchema = namedLotsInput(
	lotOutInput,
	"Products tracked by lot: the lots to pick from at the note's location. Σ ≤ quantity; the rest is taken first-expiry-first-out",
);

const deliveryLineSchema = z
	.strictObject({ productId: idSchema, quantity: positive, lots: pickLotsSchema })
	.refine((l) => (l.lots ?? []).reduce((sum, n) => sum + toScaled(n.quantity), 0) <= toScaled(l.quantity), {
		path: ["lots"],
		message: "the lots add up to more than the quantity",
	});

/** A delivery note's status before a cancel, to tell a repeat (which changes nothing) from the cancel itself. */
async function deliveryStatus(db: Database, companyId: string, id: string) {
	const [note] = await db
		.select({ status: deliveryNotes.status })
		.from(deliveryNotes)
		.where(and(eq(deliveryNotes.companyId, companyId), eq(deliveryNotes.id, id)));
	return note?.status ?? null;
}

export const orderRoutes = createRouter()
	.openapi(
		createRoute({
			method: "get",
			path: "/orders",
			summary: "Orders, newest first; filter by status, search number and customer, or find a QBO document's order",
			request: {
				query: z
					.strictObject({
						status: z.enum(STATUSES).optional(),
						q: z.string().trim().min(1).max(100).optional(),
						qboId: z.string().min(1).max(64).optional().openapi({
							description:
								"A QBO document id: an estimate's order answers to the estimate's and the invoice's. QBO numbers each document type on its own, so without `qboType` it must name one order of the company (else 400 naming `qboType`)",
						}),
						qboType: z.enum(DOCUMENT_TYPES).optional().openapi({
							description: "The type of the QBO document `qboId` names; only with `qboId`",
						}),
						backordered: z.literal("true").optional().openapi({
							description: "Only open orders that on hand cannot serve (`backordered`): the start page's figure",
						}),
						...pageQuery,
					})
					.refine((query) => query.qboType === undefined || query.qboId !== undefined, {
						path: ["qboId"],
						message: "required with qboType: the id of the QuickBooks document",
					}),
			},
			responses: { 200: jsonResponse(listOf(orderSummarySchema), "A page of orders"), ...problems(400, 401) },
		}),
		async (c) => {
			const { backordered, ...filters } = c.req.valid("query");
			const query = { ...filters, backordered: backordered === "true", locationIds: callerLocations(c.var.caller) };
			return c.json(await listOrders(database(c.env.DB), c.var.caller.companyId, query), 200);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/orders/{id}",
			summary:
				"One order: its QBO documents, lines (ordered, delivered, reserved, shortfall), delivery notes, movements",
			request: { params: idParam, ...noQuery },
			responses: { 200: jsonResponse(orderDetailSchema, "The order"), ...problems(400, 401, 404) },
		}),
		async (c) => {
			const db = database(c.env.DB);
			const { companyId } = c.var.caller;
			const order = await orderDetail(db, companyId, c.req.valid("param").id);
			const movements = order.movements.map((m) => ({ id: m.id, source: m.source, at: Date.parse(m.at) }));
			const actors = await actorsOfMovements(db, companyId, movements);
			return c.json({ ...order, movements: order.movements.map((m) => ({ ...m, by: actors.get(m.id) ?? null })) }, 200);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/orders/{id}/pick-proposal",
			summary:
				"The lots to pick for what the order still owes, first expiry first out (expired lots skipped), per line of a product tracked by lot",
			request: {
				params: idParam,
				query: z.strictObject({
					locationId: idSchema.optional().openapi({ description: "Where to pick; default: the order's location" }),
				}),
			},
			responses: { 200: jsonResponse(pickProposalSchema, "The proposal"), ...problems(400, 401, 404) },
		}),
		async (c) => {
			const { locationId } = c.req.valid("query");
			const proposal = await pickProposal(
				database(c.env.DB),
				c.var.caller.companyId,
				c.req.valid("param").id,
				locationId,
			);
			return c.json(proposal, 200);
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/orders/{id}/deliveries",
			summary:
				"Deliver an order, fully or in part: the goods leave the location (default: the order's), from the lots named, the rest first expiry first out",
			request: {
				params: idParam,
				...jsonBody(
					z.strictObject({
						locationId: idSchema.optional(),
						lines: z
							.array(deliveryLineSchema)
							.min(1)
							.max(200)
							.refine((ls) => new Set(ls.map((l) => l.productId)).size === ls.length, "a product may appear once"),
						note: z.string().trim().max(2000).optional(),
						allowNegative: z.boolean().optional().openapi({
							description:
								"true: deliver even if it takes available below zero at the location; otherwise such a note is refused (422 `would_go_negative`). No help when the company's `negativeStockAllowed` is false.",
						}),
						idempotencyKey: idempotencyKeySchema,
					}),
				),
			},
			responses: {
				201: jsonResponse(deliveryNoteSchema, "Delivered: the new delivery note"),
				200: jsonResponse(
					deliveryNoteSchema,
					"This idempotency key was used before: its first answer, nothing changed",
				),
				...problems(400, 401, 404, 409, 413, 415, 422),
			},
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const body = c.req.valid("json");
			const { created, body: answer } = await createDelivery(c.env, c.var.caller.companyId, id, {
				...body,
				lines: body.lines.map((l) => ({
					productId: l.productId,
					quantity: toScaled(l.quantity),
					...(l.lots ? { lots: l.lots.map((n) => ({ lot: n.lot, quantity: toScaled(n.quantity) })) } : {}),
				})),
			});
			if (!created) c.set("replayed", true);
			return created ? c.json(answer, 201) : c.json(answer, 200);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/deliveries/{id}",
			summary: "One delivery note with its order, customer and ship-to address (the printable page)",
			request: { params: idParam, ...noQuery },
			responses: { 200: jsonResponse(deliveryDetailSchema, "The delivery note"), ...problems(400, 401, 404) },
		}),
		async (c) => c.json(await deliveryDetail(database(c.env.DB), c.var.caller.companyId, c.req.valid("param").id), 200),
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/deliveries/{id}/cancel",
			summary: "Cancel a delivery note: its goods go back on hand and the order reserves them again",
			request: { params: idParam, ...jsonBody(z.strictObject({ idempotencyKey: idempotencyKeySchema })) },
			responses: {
				200: jsonResponse(deliveryNoteSchema, "The cancelled note (a repeat answers the same and changes nothing)"),
				...problems(400, 401, 404, 409, 413, 415, 422),
			},
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const { companyId } = c.var.caller;
			// A note cancelled before is answered again and changes nothing: no second audit entry.
			if ((await deliveryStatus(database(c.env.DB), companyId, id)) === "cancelled") c.set("replayed", true);
			return c.json(await cancelDelivery(c.env, companyId, id), 200);
		},
	);
