/** The answers of the trace and recall routes (routes/trace.ts; docs/architecture.md#traceability). */
import { z } from "@hono/zod-openapi";
import { movementKindSchema, movementReasonFields } from "../schemas";

const lotRefSchema = z.object({ productId: z.string(), lot: z.string() });

const traceLotSchema = z
	.object({
		productId: z.string(),
		lot: z.string().openapi({ description: "The lot, or the serial number of a product tracked by serial" }),
		sku: z.string(),
		name: z.string(),
		tracking: z.enum(["none", "lot", "serial"]),
		expiry: z.string().nullable().openapi({ description: "YYYY-MM-DD, or null" }),
		batch: z.string().nullable().openapi({ description: "For a serial: the lot it belongs to" }),
		side: z.enum(["root", "backward", "forward"]).openapi({
			description: "root: the traced lot; backward: found going to its origins; forward: found going to where it went",
		}),
		depth: z.number().int().openapi({ description: "How many builds lie between it and the traced lot" }),
	})
	.openapi("TraceLot");

const orderRefSchema = z.object({
	id: z.string(),
	number: z.string(),
	customerName: z.string().nullable(),
	qboType: z.enum(["invoice", "sales_receipt", "estimate"]),
	qboId: z.string(),
	qboDocNumber: z.string().nullable(),
});

const traceSourceSchema = z
	.object({
		source: z.string().openapi({ description: "The stock source, as movements name it (e.g. `delivery:<id>`)" }),
		type: z.enum([
			"receipt",
			"delivery",
			"order",
			"build",
			"qbo_document",
			"adjustment",
			"count",
			"lot_assignment",
			"other",
		]),
		kind: movementKindSchema,
		at: z.string().openapi({ description: "Its first movement of the lots here" }),
		locationId: z.string(),
		reason: z.string().nullable(),
		...movementReasonFields,
		purchase: z
			.object({
				id: z.string(),
				number: z.string(),
				vendorId: z.string().nullable(),
				vendorName: z.string().nullable(),
				receipts: z.array(
					z.object({
						id: z.string(),
						number: z.string(),
						createdAt: z.string(),
						productId: z.string(),
						lot: z.string(),
					}),
				),
			})
			.nullable()
			.openapi({ description: "type receipt: the purchase, its vendor and the receipts that named these lots" }),
		delivery: z
			.object({ id: z.string(), number: z.string(), status: z.enum(["active", "cancelled"]) })
			.nullable()
			.openapi({ description: "type delivery: the delivery note (its order in `order`)" }),
		order: orderRefSchema
			.nullable()
			.openapi({ description: "type delivery or order: the order, its customer and QuickBooks document" }),
		build: z
			.object({ id: z.string(), number: z.string(), kind: z.enum(["build", "unbuild"]), productId: z.string() })
			.nullable(),
		qboDocument: z
			.object({ type: z.string(), id: z.string(), docNumber: z.string().nullable() })
			.nullable()
			.openapi({ description: "type qbo_document: a QuickBooks document that is not an order's" }),
	})
	.openapi("TraceSource");

const traceEdgeSchema = z
	.object({
		productId: z.string(),
		lot: z.string(),
		source: z.string(),
		flow: z.enum(["in", "out"]).openapi({ description: "in: the source put the lot's stock in; out: took it out" }),
		quantity: z.number().openapi({ description: "Net, positive" }),
	})
	.openapi("TraceEdge");

const graph = {
	lots: z.array(traceLotSchema),
	sources: z.array(traceSourceSchema),
	edges: z.array(traceEdgeSchema),
	truncated: z.boolean().openapi({
		description: "The graph was cut at the depth or size bound: what lies beyond is not shown",
	}),
};

export const lotTraceSchema = z
	.object({
		lot: traceLotSchema,
		locations: z
			.array(z.object({ locationId: z.string(), onHand: z.number() }))
			.openapi({ description: "Where it is now: its stock per location (the caller's)" }),
		onHand: z.number(),
		history: z
			.array(
				z.object({
					movementId: z.string(),
					at: z.string(),
					locationId: z.string(),
					source: z.string(),
					kind: movementKindSchema,
					documentNumber: z
						.string()
						.nullable()
						.openapi({ description: "For a QuickBooks document's movement, its number as QuickBooks shows it" }),
					reason: z.string().nullable(),
					...movementReasonFields,
					delta: z.number(),
					after: z.number(),
				}),
			)
			.openapi({ description: "The lot's own movements, newest first (at most 500)" }),
		historyTruncated: z.boolean(),
		...graph,
	})
	.openapi("LotTrace");

const recallRowSchema = z
	.object({
		customerName: z.string().nullable(),
		productId: z.string(),
		sku: z.string(),
		name: z.string(),
		lot: z.string().openapi({ description: "The lot delivered (an assembly's lot when built into one)" }),
		quantity: z.number(),
		at: z.string(),
		locationId: z.string(),
		deliveryId: z.string().nullable(),
		deliveryNumber: z.string().nullable().openapi({ description: "null: shipped on the QuickBooks document itself" }),
		orderId: z.string(),
		orderNumber: z.string(),
		qboType: z.enum(["invoice", "sales_receipt", "estimate"]),
		qboId: z.string(),
		qboDocNumber: z.string().nullable(),
		recalledLots: z.array(lotRefSchema).openapi({ description: "The recalled lots it was made from" }),
	})
	.openapi("RecallRow");

export const recallSchema = z
	.object({
		lots: z
			.array(
				z.object({
					productId: z.string(),
					sku: z.string(),
					name: z.string(),
					lot: z.string(),
					expiry: z.string().nullable(),
				}),
			)
			.openapi({ description: "The lots recalled" }),
		items: z.array(recallRowSchema),
		truncated: z.boolean(),
	})
	.openapi("Recall");
