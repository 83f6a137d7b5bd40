/**
 * Traceability (docs/architecture.md#traceability): `GET /products/{id}/lots/{lot}/trace`, a lot's
 * graph both ways and where it is now, and `GET /recall`, every customer who received a lot or a
 * vendor's lots, as JSON or CSV (`format=csv`, or `Accept: text/csv`).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { database } from "../../db/client";
import { callerLocations } from "../authorize";
import { createRouter } from "../router";
import { idSchema, jsonResponse, problems } from "../schemas";
import { lotTrace } from "../trace/lot-trace";
import type { WalkLimits } from "../trace/lot-walk";
import { recall } from "../trace/recall";
import { recallCsv } from "../trace/recall-csv";
import { lotTraceSchema, recallSchema } from "./trace-schemas";

/** Nodes (lots and sources) a trace answers at most: a lot delivered thousands of times still fits. */
const MAX_NODES = 5000;
const DEFAULT_DEPTH = 10;

const lotParam = z.string().min(1).max(64);
const depthQuery = z.coerce
	.number()
	.int()
	.min(0)
	.max(20)
	.optional()
	.openapi({ type: "integer", description: `Builds to follow each way (default ${DEFAULT_DEPTH})` });
const dayQuery = z.iso.date().optional();

const limits = (depth: number | undefined): WalkLimits => ({ maxDepth: depth ?? DEFAULT_DEPTH, maxNodes: MAX_NODES });

const recallQuery = z
	.strictObject({
		productId: idSchema.optional(),
		lot: lotParam.optional(),
		vendorId: idSchema.optional(),
		from: dayQuery.openapi({ description: "With vendorId: lots received from this day (YYYY-MM-DD, UTC)" }),
		to: dayQuery.openapi({ description: "With vendorId: lots received until this day, included" }),
		depth: depthQuery,
		format: z.enum(["json", "csv"]).optional().openapi({ description: "csv: the rows as CSV (as Accept: text/csv)" }),
	})
	.superRefine((q, ctx) => {
		const byLot = q.productId !== undefined || q.lot !== undefined;
		if (byLot && q.vendorId !== undefined)
			ctx.addIssue({
				code: "custom",
				path: ["vendorId"],
				message: "give a lot (productId and lot) or a vendorId, not both",
			});
		else if (byLot) {
			if (q.productId === undefined)
				ctx.addIssue({ code: "custom", path: ["productId"], message: "required with lot" });
			if (q.lot === undefined) ctx.addIssue({ code: "custom", path: ["lot"], message: "required with productId" });
		} else if (q.vendorId === undefined)
			ctx.addIssue({ code: "custom", path: ["productId"], message: "give a lot (productId and lot) or a vendorId" });
		if ((q.from !== undefined || q.to !== undefined) && q.vendorId === undefined)
			ctx.addIssue({ code: "custom", path: [q.from !== undefined ? "from" : "to"], message: "only with vendorId" });
		if (q.from !== undefined && q.to !== undefined && q.from > q.to)
			ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
	});

export const traceRoutes = createRouter()
	.openapi(
		createRoute({
			method: "get",
			path: "/products/{id}/lots/{lot}/trace",
			summary:
				"A lot's (or serial's) trace: where it came from and where it went, through builds both ways, where it is now, and its history",
			request: {
				params: z.strictObject({ id: idSchema, lot: lotParam }),
				query: z.strictObject({ depth: depthQuery }),
			},
			responses: { 200: jsonResponse(lotTraceSchema, "The lot's trace"), ...problems(400, 401, 404) },
		}),
		async (c) => {
			const { id, lot } = c.req.valid("param");
			const { depth } = c.req.valid("query");
			const trace = await lotTrace(
				database(c.env.DB),
				c.var.caller.companyId,
				{ productId: id, lot },
				limits(depth),
				callerLocations(c.var.caller),
			);
			// The database keeps kinds as text; only product objects write them, each a MovementKind.
			return c.json(trace as z.infer<typeof lotTraceSchema>, 200);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/recall",
			summary:
				"Every customer who received a lot, or any of a vendor's lots received in a date range, directly or built into something else: quantities, delivery notes, orders and QuickBooks documents; CSV with format=csv or Accept: text/csv",
			request: { query: recallQuery },
			responses: {
				200: {
					description: "The recall",
					content: {
						"application/json": { schema: recallSchema },
						"text/csv": { schema: z.string().openapi({ description: "One row per delivery, with a header row" }) },
					},
				},
				...problems(400, 401, 404),
			},
		}),
		async (c) => {
			const { depth, format, from, to, ...query } = c.req.valid("query");
			const answer = await recall(
				database(c.env.DB),
				c.var.caller.companyId,
				query.vendorId !== undefined
					? { vendorId: query.vendorId, ...(from ? { from } : {}), ...(to ? { to } : {}) }
					: { productId: query.productId ?? "", lot: query.lot ?? "" },
				limits(depth),
			);
			const csv = format === "csv" || (format === undefined && /\btext\/csv\b/.test(c.req.header("accept") ?? ""));
			if (!csv) return c.json(answer, 200);
			const skus = new Map(answer.lots.map((l) => [l.productId, l.sku]));
			const name = answer.lots.length === 1 ? `recall-${answer.lots[0]?.sku}-${answer.lots[0]?.lot}` : "recall";
			return c.body(
				recallCsv(answer.items, (id) => skus.get(id) ?? id),
				200,
				{
					"content-type": "text/csv; charset=utf-8",
					"content-disposition": `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, "_")}.csv"`,
					...(answer.truncated ? { "x-recall-truncated": "true" } : {}),
				},
			);
		},
	);
