/**
 * The drift report (docs/qbo.md#drift-report): QuickBooks' quantity of every inventory item
 * against the one Stockroom expects, why they differ, and the repairs.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../core/app-error";
import { fromScaled } from "../../core/quantity";
import { database } from "../../db/client";
import type { DriftReport } from "../../sync/qbo-drift";
import { driftReport, latestDriftReport, repairDriftItems, requestDriftCheck } from "../../sync/qbo-drift-requests";
import { createRouter } from "../router";
import { idSchema, jsonBody, jsonResponse, noQuery, problems } from "../schemas";

const REASON_CODES = [
	"stock_sync_off",
	"push_failed",
	"push_waiting",
	"document_unseen",
	"document_refused",
	"document_deleted_unseen",
	"adjustment_unseen",
	"merged",
	"inactive_in_qbo",
] as const;

const reasonSchema = z
	.object({
		code: z.enum(REASON_CODES).openapi({
			description:
				"stock_sync_off: Stockroom-only changes are not pushed; push_failed / push_waiting: a push of ours failed for good / is being retried; document_unseen / document_refused: a document changed in QuickBooks that Stockroom has not applied / refused; document_deleted_unseen: a document Stockroom counts was deleted in QuickBooks; adjustment_unseen: an inventory adjustment made in QuickBooks not applied yet; merged: another item was merged into this one; inactive_in_qbo: the item is inactive (or merged away) in QuickBooks",
		}),
		documents: z
			.array(z.object({ entity: z.string(), qboId: z.string(), docNumber: z.string().nullable() }))
			.openapi({ description: "The QuickBooks documents concerned: 'reread' reads them again" }),
		quantity: z.number().nullable().openapi({ description: "The quantity of the push concerned" }),
	})
	.openapi("DriftReason");

const itemSchema = z
	.object({
		productId: z.string(),
		qboItemId: z.string(),
		sku: z.string(),
		name: z.string(),
		qbo: z.number().openapi({ description: "QuickBooks' QtyOnHand when checked" }),
		expected: z
			.number()
			.openapi({ description: "What it must be once pendingPushes reach QuickBooks: onHand + ordersCorrection" }),
		difference: z.number().openapi({ description: "qbo − expected" }),
		onHand: z.number().openapi({ description: "Stockroom's total on hand, every location" }),
		ordersCorrection: z.number().openapi({
			description:
				"Σ over orders of what Stockroom took out minus what QuickBooks' documents took out (invoiced not delivered counts negative)",
		}),
		pendingPushes: z.number().openapi({ description: "Stockroom changes still waiting to reach QuickBooks" }),
		reasons: z.array(reasonSchema).openapi({ description: "Empty when no cause was found" }),
	})
	.openapi("DriftItem");

const reportSchema = z
	.object({
		id: z.string(),
		trigger: z.enum(["manual", "schedule"]),
		status: z.enum(["queued", "running", "done", "failed"]),
		phase: z.enum(["queued", "reading_quantities", "comparing", "finding_reasons", "done"]),
		checked: z.number().int().openapi({ description: "Items compared so far" }),
		total: z.number().int().openapi({ description: "Inventory items linked to QuickBooks" }),
		differing: z.number().int().openapi({ description: "Items whose quantity differs (at most 500 are listed)" }),
		items: z.array(itemSchema),
		notes: z
			.object({
				qboTracksInventory: z.boolean().openapi({
					description: "False: QuickBooks keeps no quantities in this company (not Plus or Advanced); nothing compared",
				}),
				stockSyncToQbo: z.boolean(),
				pendingEvents: z.number().int().openapi({ description: "QuickBooks changes not applied yet when checked" }),
				documentsNotChecked: z.number().int().openapi({
					description: "Documents not asked for when looking for deletes (more than a check reads)",
				}),
			})
			.nullable(),
		repairs: z.array(
			z.object({
				action: z.enum(["push", "reread"]),
				qboItemIds: z.array(z.string()),
				pushes: z.number().int(),
				events: z.number().int(),
				by: z.string().nullable(),
				at: z.string(),
			}),
		),
		error: z.string().nullable(),
		createdAt: z.string(),
		startedAt: z.string().nullable(),
		finishedAt: z.string().nullable(),
	})
	.openapi("DriftReport");

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function reportView(report: DriftReport): z.infer<typeof reportSchema> {
	return {
		id: report.id,
		trigger: report.trigger,
		status: report.status,
		phase: report.phase,
		checked: report.checked,
		total: report.total,
		differing: report.differing,
		items: report.items.map((i) => ({
			productId: i.productId,
			qboItemId: i.qboItemId,
			sku: i.sku,
			name: i.name,
			qbo: fromScaled(i.qbo),
			expected: fromScaled(i.expected),
			difference: fromScaled(i.qbo - i.expected),
			onHand: fromScaled(i.onHand),
			ordersCorrection: fromScaled(i.ordersCorrection),
			pendingPushes: fromScaled(i.pendingPushes),
			reasons: i.reasons.map((r) => ({
				code: r.code,
				documents: r.documents ?? [],
				quantity: r.quantity === undefined ? null : fromScaled(r.quantity),
			})),
		})),
		notes: report.notes ?? null,
		repairs: report.repairs.map((r) => ({ ...r, at: new Date(r.at).toISOString() })),
		error: report.error,
		createdAt: new Date(report.createdAt).toISOString(),
		startedAt: iso(report.startedAt),
		finishedAt: iso(report.finishedAt),
	};
}

const idParams = { params: z.strictObject({ id: idSchema }) };

export const qboDriftRoutes = createRouter();

qboDriftRoutes.openapi(
	createRoute({
		method: "post",
		path: "/qbo-drift",
		summary: "Check QuickBooks' quantities against Stockroom's (managers and owners)",
		description:
			"Answers 202 with a new report, queued; or 200 with the check still under way. Poll GET /qbo-drift/{id} for its progress and result. The cron also checks every day.",
		request: noQuery,
		responses: {
			200: jsonResponse(reportSchema, "A check is already under way: that one"),
			202: jsonResponse(reportSchema, "Queued"),
			...problems(400, 401, 403, 409),
		},
	}),
	async (c) => {
		const caller = c.var.caller;
		const { report, fresh } = await requestDriftCheck(c.env, caller.companyId, {
			trigger: "manual",
			by: caller.actor.label,
		});
		return fresh ? c.json(reportView(report), 202) : c.json(reportView(report), 200);
	},
);

qboDriftRoutes.openapi(
	createRoute({
		method: "get",
		path: "/qbo-drift/latest",
		summary: "The last drift report, finished or not",
		request: noQuery,
		responses: { 200: jsonResponse(reportSchema, "The last report"), ...problems(400, 401, 403, 404) },
	}),
	async (c) => {
		const report = await latestDriftReport(database(c.env.DB), c.var.caller.companyId);
		if (!report) throw new AppError("not_found", "QuickBooks' quantities have not been checked yet.");
		return c.json(reportView(report), 200);
	},
);

qboDriftRoutes.openapi(
	createRoute({
		method: "get",
		path: "/qbo-drift/{id}",
		summary: "A drift report: its progress, then the items that differ and why",
		request: { ...noQuery, ...idParams },
		responses: { 200: jsonResponse(reportSchema, "The report"), ...problems(400, 401, 403, 404) },
	}),
	async (c) => {
		const report = await driftReport(database(c.env.DB), c.var.caller.companyId, c.req.valid("param").id);
		return c.json(reportView(report), 200);
	},
);

const repairSchema = z.strictObject({
	action: z.enum(["push", "reread"]).openapi({
		description:
			"push: set QuickBooks' quantity of each item to the expected one by an InventoryAdjustment (computed again now); reread: read the documents the report names for these items again from QuickBooks",
	}),
	qboItemIds: z.array(z.string().min(1).max(64)).min(1).max(500),
});

qboDriftRoutes.openapi(
	createRoute({
		method: "post",
		path: "/qbo-drift/{id}/repairs",
		summary: "Repair items of a finished drift report (managers and owners)",
		description:
			"Idempotent: the pushes and reads are keyed by the report, so repeating a repair queues nothing more. Check again afterwards to see the difference gone.",
		request: { ...noQuery, ...idParams, ...jsonBody(repairSchema) },
		responses: {
			202: jsonResponse(
				z.object({ pushes: z.number().int(), events: z.number().int() }).openapi("DriftRepair"),
				"What was queued",
			),
			...problems(400, 401, 403, 404, 409, 415),
		},
	}),
	async (c) => {
		const { action, qboItemIds } = c.req.valid("json");
		const caller = c.var.caller;
		const queued = await repairDriftItems(c.env, caller.companyId, {
			reportId: c.req.valid("param").id,
			action,
			qboItemIds,
			by: caller.actor.label,
		});
		return c.json(queued, 202);
	},
);
