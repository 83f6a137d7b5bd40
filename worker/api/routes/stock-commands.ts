import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { toScaled } from "../../core/quantity";
import { queueStockPush } from "../../qbo/queue-stock-push";
import { type OnHandChange, runStockCommand } from "../../stock/stock-commands";
import { type AppEnv, createRouter } from "../router";
import {
	idempotencyKeySchema,
	idSchema,
	jsonBody,
	jsonResponse,
	levelRowSchema,
	lotInInput,
	namedLotsInput,
	problems,
	quantity,
} from "../schemas";

const reasonSchema = z.string().trim().max(500).optional();

/** The lots an assignment fills from the unassigned rest. */
const lotsInputRequired = namedLotsInput(
	lotInInput,
	"The lots the unassigned stock goes into (an expiry for a new lot; required when the product says so)",
).unwrap();

/** The lots a command moves (products tracked by lot): what is not named follows docs/architecture.md#lots. */
const lotsSchema = namedLotsInput(
	lotInInput,
	"Lots (products tracked by lot), quantities positive: into these lots for an increase, out of them for a decrease. What they do not cover: an increase stays unassigned, a decrease is taken first-expiry-first-out.",
);

/** The lots must not move more than the command does. */
function lotsWithin(body: { lots?: { quantity: number }[] }, total: number) {
	const named = (body.lots ?? []).reduce((sum, l) => sum + toScaled(l.quantity), 0);
	return named <= Math.abs(toScaled(total));
}

const assignmentSchema = z.strictObject({
	productId: idSchema,
	locationId: idSchema,
	lots: lotsInputRequired,
	reason: reasonSchema,
	idempotencyKey: idempotencyKeySchema,
});

const commandResultSchema = z
	.object({
		movementId: z.string().nullable().openapi({ description: "The first movement recorded; null when nothing moved" }),
		movementIds: z.array(z.string()),
		levels: z.array(levelRowSchema),
	})
	.openapi("StockCommandResult");

const answers = {
	201: jsonResponse(commandResultSchema, "Applied: the resulting level rows and the movement id"),
	200: jsonResponse(commandResultSchema, "This idempotency key was applied before: its first result, nothing changed"),
	...problems(400, 401, 404, 409, 413, 415, 422),
};

const adjustmentSchema = z
	.strictObject({
		productId: idSchema,
		locationId: idSchema,
		quantity: quantity.refine((v) => v !== 0, "must not be zero"),
		reason: reasonSchema,
		lots: lotsSchema,
		idempotencyKey: idempotencyKeySchema,
	})
	.refine((a) => lotsWithin(a, a.quantity), { path: ["lots"], message: "the lots add up to more than the quantity" });

const countSchema = z.strictObject({
	productId: idSchema,
	locationId: idSchema,
	onHand: quantity.refine((v) => v >= 0, "must not be negative"),
	reason: reasonSchema,
	idempotencyKey: idempotencyKeySchema,
});

const transferSchema = z
	.strictObject({
		productId: idSchema,
		fromLocationId: idSchema,
		toLocationId: idSchema,
		quantity: quantity.refine((v) => v > 0, "must be positive"),
		reason: reasonSchema,
		lots: lotsSchema,
		idempotencyKey: idempotencyKeySchema,
	})
	.refine((t) => t.fromLocationId !== t.toLocationId, {
		path: ["toLocationId"],
		message: "must differ from fromLocationId",
	})
	.refine((t) => lotsWithin(t, t.quantity), { path: ["lots"], message: "the lots add up to more than the quantity" });

/** 201 when applied now; 200 with the first result when the key was applied before. */
const answer = (c: Context<AppEnv>, { created, body }: Awaited<ReturnType<typeof runStockCommand>>) => {
	if (!created) c.set("replayed", true);
	return created ? c.json(body, 201) : c.json(body, 200);
};

/** A change QBO cannot see goes to QBO's quantity too (stock sync), when the company syncs stock to QBO. */
const toQbo =
	(c: Context<AppEnv>) =>
	({ productId, movementId, onHandDelta }: OnHandChange) =>
		queueStockPush(c.env, c.var.caller.companyId, productId, { key: movementId, qtyDiff: onHandDelta });

export const stockCommandRoutes = createRouter()
	.openapi(
		createRoute({
			method: "post",
			path: "/adjustments",
			summary: "Change on hand at a location by a signed quantity",
			request: jsonBody(adjustmentSchema),
			responses: answers,
		}),
		async (c) => {
			const body = c.req.valid("json");
			const { locationId, reason } = body;
			const sign = Math.sign(body.quantity);
			const lots = body.lots?.map((l) => ({
				lot: l.lot,
				expiry: l.expiry ?? null,
				quantity: sign * toScaled(l.quantity),
			}));
			const command = {
				type: "adjust",
				locationId,
				quantity: toScaled(body.quantity),
				reason,
				...(lots ? { lots } : {}),
			} as const;
			return answer(c, await runStockCommand(c.env, c.var.caller.companyId, body, command, toQbo(c)));
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/counts",
			summary: "Record a physical count: on hand at the location becomes the counted quantity",
			request: jsonBody(countSchema),
			responses: answers,
		}),
		async (c) => {
			const body = c.req.valid("json");
			const { locationId, reason } = body;
			const command = { type: "count", locationId, onHand: toScaled(body.onHand), reason } as const;
			return answer(c, await runStockCommand(c.env, c.var.caller.companyId, body, command, toQbo(c)));
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/transfers",
			summary: "Move on hand from one location to another, atomically",
			request: jsonBody(transferSchema),
			responses: answers,
		}),
		async (c) => {
			const body = c.req.valid("json");
			const { fromLocationId, toLocationId, reason } = body;
			const command = {
				type: "transfer",
				fromLocationId,
				toLocationId,
				quantity: toScaled(body.quantity),
				reason,
				...(body.lots
					? { lots: body.lots.map((l) => ({ lot: l.lot, expiry: l.expiry ?? null, quantity: toScaled(l.quantity) })) }
					: {}),
			} as const;
			return answer(c, await runStockCommand(c.env, c.var.caller.companyId, body, command, toQbo(c)));
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/lots/assignments",
			summary: "Put unassigned stock at a location into lots: on hand does not change; a movement of its own",
			request: jsonBody(assignmentSchema),
			responses: answers,
		}),
		async (c) => {
			const body = c.req.valid("json");
			const lots = body.lots.map((l) => ({ lot: l.lot, expiry: l.expiry ?? null, quantity: toScaled(l.quantity) }));
			const command = { type: "assign", locationId: body.locationId, lots, reason: body.reason } as const;
			return answer(c, await runStockCommand(c.env, c.var.caller.companyId, body, command));
		},
	);
