/**
 * The shapes of the purchase routes (worker/api/routes/purchases.ts): requests checked by zod, and the
 * answers as the OpenAPI document names them.
 */
import { z } from "@hono/zod-openapi";
import { toScaled } from "../../core/quantity";
import { idSchema, lotInInput, namedLotsInput, positiveQuantity, quantity } from "../schemas";

export const STATUSES = ["draft", "ordered", "partially_received", "received", "cancelled"] as const;

export const dateSchema = z
	.string()
	.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be a date YYYY-MM-DD")
	.openapi({ format: "date", example: "2026-12-01" });
export const noteSchema = z.string().trim().max(2000);
export const positive = positiveQuantity;

const lineInputSchema = z.strictObject({
	productId: idSchema,
	quantity: positive,
	unitCost: quantity.refine((v) => v >= 0, "must not be negative").optional(),
});
export const linesInput = z.array(lineInputSchema).min(1).max(200);
const qboStatusSchema = z.enum(["pending", "created", "failed"]).nullable();

const purchaseHeader = {
	id: z.string(),
	number: z.string().openapi({ example: "PO-0001" }),
	status: z.enum(STATUSES),
	vendorId: z.string().nullable(),
	locationId: z.string(),
	expectedDate: z.string().nullable(),
	note: z.string().nullable(),
	qboPurchaseOrderId: z.string().nullable().openapi({ description: "The QuickBooks PurchaseOrder, once created" }),
	qboStatus: qboStatusSchema.openapi({
		description: "Its creation in QuickBooks (setting purchasesToQbo, on ordering); null: none is made",
	}),
	qboError: z.string().nullable().openapi({ description: "Why the last attempt failed" }),
	version: z.number().int(),
	createdAt: z.string(),
	updatedAt: z.string(),
};
/** A receipt's bill in QuickBooks. */
const receiptQbo = {
	qboBillId: z.string().nullable().openapi({ description: "The QuickBooks Bill, once created" }),
	qboStatus: qboStatusSchema.openapi({
		description: "The bill's creation in QuickBooks; null: no bill (the quantity is pushed when stock sync is on)",
	}),
	qboError: z.string().nullable(),
};
const purchaseLineSchema = z.object({
	productId: z.string(),
	ordered: z.number(),
	received: z.number().openapi({ description: "May exceed `ordered`: an over-delivery is accepted as is" }),
	open: z.number().openapi({ description: "Still expected: ordered − received, never negative" }),
	unitCost: z.number().nullable(),
});
/** The lots a receipt line goes into (products tracked by lot): Σ ≤ the line's quantity. */
const receiptLotsInput = namedLotsInput(
	lotInInput,
	"Products tracked by lot: the lots this quantity goes into (an expiry for a new lot; required when the product says so). Σ ≤ quantity; the rest stays unassigned",
);

/** The lines of a receipt: each product once, its lots within its quantity. */
export const receiptLinesInput = z
	.array(
		z
			.strictObject({ productId: idSchema, quantity: positive, lots: receiptLotsInput })
			.refine((l) => (l.lots ?? []).reduce((sum, n) => sum + toScaled(n.quantity), 0) <= toScaled(l.quantity), {
				path: ["lots"],
				message: "the lots add up to more than the quantity",
			}),
	)
	.min(1)
	.max(200)
	.refine((ls) => new Set(ls.map((l) => l.productId)).size === ls.length, "a product may appear once");

const receiptLineSchema = z.object({
	productId: z.string(),
	quantity: z.number(),
	lots: z
		.array(z.object({ lot: z.string(), expiry: z.string().nullable(), quantity: z.number() }))
		.openapi({ description: "The lots it went into (products tracked by lot); the rest is unassigned" }),
});
export const purchaseSummarySchema = z
	.object({
		...purchaseHeader,
		totals: z
			.object({
				lines: z.number().int(),
				ordered: z.number(),
				received: z.number(),
				amount: z.number().openapi({ description: "Σ ordered × unit cost; lines without a cost add nothing" }),
			})
			.openapi({ description: "Sums of the purchase's lines, for lists" }),
	})
	.openapi("PurchaseSummary");
const purchaseSchema = z.object({ ...purchaseHeader, lines: z.array(purchaseLineSchema) }).openapi("Purchase");
export const purchaseDetailSchema = z
	.object({
		...purchaseHeader,
		lines: z.array(purchaseLineSchema),
		receipts: z.array(
			z.object({
				id: z.string(),
				number: z.string(),
				createdAt: z.string(),
				...receiptQbo,
				lines: z.array(receiptLineSchema),
			}),
		),
	})
	.openapi("PurchaseDetail");
export const receiptSchema = z
	.object({
		id: z.string(),
		number: z.string(),
		...receiptQbo,
		lines: z.array(receiptLineSchema),
		purchase: purchaseSchema,
	})
	.openapi("PurchaseReceipt");

export const idParam = z.strictObject({ id: idSchema });

export const suggestionsSchema = z
	.object({
		groups: z.array(
			z.object({
				vendor: z.object({ id: z.string(), name: z.string() }).nullable(),
				lines: z.array(
					z.object({
						productId: z.string(),
						sku: z.string(),
						name: z.string(),
						locationId: z.string(),
						available: z.number().openapi({ description: "onHand − reserved" }),
						incoming: z.number(),
						reserved: z.number(),
						reorderPoint: z.number().nullable(),
						reorderQty: z.number().nullable(),
						suggested: z.number(),
						purchaseCost: z.number().nullable().openapi({
							description:
								"The product's unit cost as imported from QuickBooks (its PurchaseCost), in the home currency; null when unknown. The page's estimated cost is suggested × this.",
						}),
					}),
				),
			}),
		),
	})
	.openapi("PurchaseSuggestions");
export const appliedSchema = z.object({ purchases: z.array(purchaseDetailSchema) }).openapi("AppliedSuggestions");
