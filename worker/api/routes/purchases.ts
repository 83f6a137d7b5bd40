import { createRoute, z } from "@hono/zod-openapi";
import { fromScaled, toScaled } from "../../core/quantity";
import { database } from "../../db/client";
import { receivePurchase } from "../../purchasing/purchase-receipts";
import { purchaseTotals } from "../../purchasing/purchase-totals";
import { getPurchase, listPurchases, purchaseDetail, purchaseSummary } from "../../purchasing/purchase-views";
import { createPurchase, updatePurchase } from "../../purchasing/purchases";
import { retryPurchaseDocuments } from "../../purchasing/qbo-purchase-client";
import type { SuggestionGroup } from "../../purchasing/suggestions";
import { applySuggestionsOnce } from "../../purchasing/suggestions-apply";
import { purchaseSuggestions } from "../../purchasing/suggestions-query";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import {
	idempotencyKeySchema,
	idSchema,
	jsonBody,
	jsonResponse,
	listOf,
	noQuery,
	pageQuery,
	problems,
} from "../schemas";
import {
	appliedSchema,
	dateSchema,
	idParam,
	linesInput,
	noteSchema,
	positive,
	purchaseDetailSchema,
	purchaseSummarySchema,
	receiptLinesInput,
	receiptSchema,
	STATUSES,
	suggestionsSchema,
} from "./purchase-schemas";

const nullableQuantity = (v: number | null) => (v === null ? null : fromScaled(v));
const suggestionGroupView = (g: SuggestionGroup) => ({
	vendor: g.vendor,
	lines: g.lines.map((l) => ({
		...l,
		available: fromScaled(l.available),
		incoming: fromScaled(l.incoming),
		reserved: fromScaled(l.reserved),
		reorderPoint: nullableQuantity(l.reorderPoint),
		reorderQty: nullableQuantity(l.reorderQty),
		suggested: fromScaled(l.suggested),
		purchaseCost: l.purchaseCost === null ? null : fromScaled(l.purchaseCost),
	})),
});
const scaledLines = (lines: z.infer<typeof linesInput>) =>
	lines.map((l) => ({
		productId: l.productId,
		quantity: toScaled(l.quantity),
		unitCost: l.unitCost === undefined ? null : toScaled(l.unitCost),
	}));

export const purchaseRoutes = createRouter()
	.openapi(
		createRoute({
			method: "get",
			path: "/purchases",
			summary: "Purchases, newest first; filter by status, vendor, or part of the number",
			request: {
				query: z.strictObject({
					status: z.enum(STATUSES).optional(),
					vendorId: idSchema.optional(),
					q: z.string().trim().min(1).max(100).optional(),
					expectedBy: dateSchema.optional().openapi({
						description:
							"Only purchases still to arrive (ordered or partially received) expected on or before this day, late ones included: the start page's figure",
					}),
					...pageQuery,
				}),
			},
			responses: { 200: jsonResponse(listOf(purchaseSummarySchema), "A page of purchases"), ...problems(400, 401) },
		}),
		async (c) => {
			const db = database(c.env.DB);
			const { companyId } = c.var.caller;
			const page = await listPurchases(db, companyId, {
				...c.req.valid("query"),
				locationIds: callerLocations(c.var.caller),
			});
			const totals = await purchaseTotals(
				db,
				companyId,
				page.items.map((p) => p.id),
			);
			const items = page.items.map((p) => ({
				...purchaseSummary(p),
				totals: totals.get(p.id) ?? { lines: 0, ordered: 0, received: 0, amount: 0 },
			}));
			return c.json({ items, nextCursor: page.nextCursor }, 200);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/purchases/{id}",
			summary: "One purchase with its lines and receipts",
			request: { params: idParam, ...noQuery },
			responses: { 200: jsonResponse(purchaseDetailSchema, "The purchase"), ...problems(400, 401, 404) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			return c.json(await purchaseDetail(database(c.env.DB), c.var.caller.companyId, id), 200);
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/purchases",
			summary: "Create a draft purchase (moves no stock until it is ordered)",
			request: jsonBody(
				z.strictObject({
					vendorId: idSchema.optional(),
					locationId: idSchema,
					expectedDate: dateSchema.optional(),
					note: noteSchema.optional(),
					lines: linesInput,
				}),
			),
			responses: { 201: jsonResponse(purchaseDetailSchema, "The new draft"), ...problems(400, 401, 413, 415) },
		}),
		async (c) => {
			const body = c.req.valid("json");
			const created = await createPurchase(c.env, c.var.caller.companyId, { ...body, lines: scaledLines(body.lines) });
			return c.json(created, 201);
		},
	)
	.openapi(
		createRoute({
			method: "patch",
			path: "/purchases/{id}",
			summary:
				"Order (draft → ordered: incoming rises), cancel (incoming falls, received stock stays), or edit a purchase; guarded by its version. Lines only while draft.",
			request: {
				params: idParam,
				...jsonBody(
					z.strictObject({
						version: z.number().int().min(1),
						status: z.enum(["ordered", "cancelled"]).optional(),
						expectedDate: dateSchema.nullable().optional(),
						note: noteSchema.nullable().optional(),
						lines: linesInput.optional(),
					}),
				),
			},
			responses: {
				200: jsonResponse(purchaseDetailSchema, "The purchase as changed"),
				...problems(400, 401, 404, 409, 413, 415, 422),
			},
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const { lines, ...patch } = c.req.valid("json");
			const updated = await updatePurchase(c.env, c.var.caller.companyId, id, {
				...patch,
				...(lines ? { lines: scaledLines(lines) } : {}),
			});
			return c.json(updated, 200);
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/purchases/{id}/receipts",
			summary:
				"Receive an ordered purchase, partly or in full: received quantities go on hand at its location (into the lots named, for products tracked by lot)",
			request: {
				params: idParam,
				...jsonBody(
					z.strictObject({
						lines: receiptLinesInput,
						idempotencyKey: idempotencyKeySchema,
						createBill: z.boolean().optional().openapi({
							description:
								"Create this receipt's Bill in QuickBooks (true) or not (false); by default as the setting purchasesToQbo says",
						}),
					}),
				),
			},
			responses: {
				201: jsonResponse(receiptSchema, "Received: the receipt and the purchase after it"),
				200: jsonResponse(receiptSchema, "This idempotency key was received before: its first answer, nothing changed"),
				...problems(400, 401, 404, 409, 413, 415, 422),
			},
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const body = c.req.valid("json");
			const { created, body: answer } = await receivePurchase(c.env, c.var.caller.companyId, id, {
				idempotencyKey: body.idempotencyKey,
				lines: body.lines.map((l) => ({
					productId: l.productId,
					quantity: toScaled(l.quantity),
					...(l.lots
						? {
								lots: l.lots.map((n) => ({
									lot: n.lot,
									...(n.expiry ? { expiry: n.expiry } : {}),
									...(n.batch ? { batch: n.batch } : {}),
									quantity: toScaled(n.quantity),
								})),
							}
						: {}),
				})),
				...(body.createBill === undefined ? {} : { createBill: body.createBill }),
			});
			if (!created) c.set("replayed", true);
			return created ? c.json(answer, 201) : c.json(answer, 200);
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/purchases/{id}/qbo/retry",
			summary:
				"Send again to QuickBooks what of a purchase is pending or failed: its PurchaseOrder, its receipts' bills",
			request: { params: idParam, ...noQuery },
			responses: {
				200: jsonResponse(purchaseDetailSchema, "The purchase; what was re-sent is pending again"),
				...problems(400, 401, 404, 409),
			},
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const { companyId } = c.var.caller;
			const db = database(c.env.DB);
			await getPurchase(db, companyId, id);
			await retryPurchaseDocuments(c.env, companyId, id);
			return c.json(await purchaseDetail(db, companyId, id), 200);
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/purchases/suggestions",
			summary: "What to order: locations at or under their reorder point, or short, grouped by preferred vendor",
			description:
				"Position = onHand − reserved + incoming. A product × location is suggested when its position is at or under its reorder point, or negative (a sales shortfall). Suggested = the largest of the reorder quantity, enough to end one unit above the reorder point (point − position + 1), and the shortfall (−position). Groups: vendors by name, products without a preferred vendor last; lines in SKU order. `available` = onHand − reserved.",
			request: jsonBody(
				z.strictObject({
					locationIds: z.array(idSchema).max(100).optional(),
					vendorId: idSchema.optional(),
				}),
			),
			responses: { 200: jsonResponse(suggestionsSchema, "The suggestions"), ...problems(400, 401, 413, 415) },
		}),
		async (c) => {
			const groups = await purchaseSuggestions(c.env, c.var.caller.companyId, c.req.valid("json"));
			return c.json({ groups: groups.map(suggestionGroupView) }, 200);
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/purchases/suggestions/apply",
			summary: "Turn (edited) suggestions into draft purchases: one per vendor and location",
			request: jsonBody(
				z.strictObject({
					lines: z
						.array(
							z.strictObject({
								productId: idSchema,
								locationId: idSchema,
								quantity: positive,
								vendorId: idSchema.optional(),
							}),
						)
						.min(1)
						.max(1000),
					idempotencyKey: idempotencyKeySchema.optional(),
				}),
			),
			responses: {
				201: jsonResponse(appliedSchema, "The new drafts"),
				200: jsonResponse(appliedSchema, "This idempotency key was applied before: its first answer, nothing created"),
				...problems(400, 401, 409, 413, 415, 422),
			},
		}),
		async (c) => {
			const { lines, idempotencyKey } = c.req.valid("json");
			const { created, body } = await applySuggestionsOnce(
				c.env,
				c.var.caller.companyId,
				lines.map((l) => ({ ...l, quantity: toScaled(l.quantity) })),
				idempotencyKey,
			);
			if (!created) c.set("replayed", true);
			return created ? c.json(body, 201) : c.json(body, 200);
		},
	);
