import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { toScaled } from "../../core/quantity";
import { database } from "../../db/client";
import { queueStockPush } from "../../qbo/queue-stock-push";
import { repickableMovement } from "../../stock/movements";
import { type OnHandChange, runStockCommand } from "../../stock/stock-commands";
import { type AppEnv, createRouter } from "../router";
import {
	idempotencyKeySchema,
	idSchema,
	jsonBody,
	jsonResponse,
	levelRowSchema,
	lotInInput,
	lotOutInput,
	namedLot,
	namedLotsInput,
	problems,
	quantity,
} from "../schemas";

const reasonSchema = z.string().trim().max(500).optional();

/** A person's confirmation that the move may take available below zero (docs/architecture.md#negative-stock). */
const allowNegativeSchema = z.boolean().optional().openapi({
	description:
		"true: take available below zero at the location if it comes to that; otherwise such a move is refused (422 `would_go_negative`). No help when the company's `negativeStockAllowed` is false.",
});

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

const repickSchema = z.strictObject({
	movementId: idSchema.openapi({ description: "A movement of the source re-picked (GET /movements)" }),
	locationId: idSchema.openapi({ description: "The movement's location" }),
	lots: namedLotsInput(
		lotOutInput,
		"The lots the source takes at the location from now on (Σ ≤ what it took; the rest from the unassigned rest)",
	).unwrap(),
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
		allowNegative: allowNegativeSchema,
		idempotencyKey: idempotencyKeySchema,
	})
	.refine((a) => lotsWithin(a, a.quantity), { path: ["lots"], message: "the lots add up to more than the quantity" });

/** A lot as counted: what it holds now (0: counted empty). */
const countedLotInput = lotInInput.omit({ quantity: true }).extend({
	onHand: quantity.refine((v) => v >= 0, "must not be negative"),
});

const countSchema = z
	.strictObject({
		productId: idSchema,
		locationId: idSchema,
		onHand: quantity.refine((v) => v >= 0, "must not be negative"),
		lots: namedLotsInput(
			countedLotInput,
			"A count per lot (products tracked by lot or serial number): what each lot holds now. Every other lot at the location is counted empty, a lot not known is created, and `onHand` − Σ lots is the unassigned rest.",
		),
		reason: reasonSchema,
		idempotencyKey: idempotencyKeySchema,
	})
	.refine((c) => (c.lots ?? []).reduce((sum, l) => sum + toScaled(l.onHand), 0) <= toScaled(c.onHand), {
		path: ["lots"],
		message: "the lots add up to more than onHand",
	});

const transferSchema = z
	.strictObject({
		productId: idSchema,
		fromLocationId: idSchema,
		toLocationId: idSchema,
		quantity: quantity.refine((v) => v > 0, "must be positive"),
		reason: reasonSchema,
		lots: lotsSchema,
		allowNegative: allowNegativeSchema,
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
			const lots = body.lots?.map((l) => namedLot(l, sign));
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
			const lots = body.lots?.map((l) => ({ ...namedLot({ ...l, quantity: l.onHand }), onHand: toScaled(l.onHand) }));
			const command = {
				type: "count",
				locationId,
				onHand: toScaled(body.onHand),
				reason,
				...(lots ? { lots } : {}),
			} as const;
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
				...(body.lots ? { lots: body.lots.map((l) => namedLot(l)) } : {}),
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
			const lots = body.lots.map((l) => namedLot(l));
			const command = { type: "assign", locationId: body.locationId, lots, reason: body.reason } as const;
			return answer(c, await runStockCommand(c.env, c.var.caller.companyId, body, command));
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/lots/repicks",
			summary:
				"Change which lots a document, delivery note, build or adjustment took at a location (a re-pick): lots move, levels do not",
			description:
				"For stock that left first-expiry-first-out when the goods that went were others (ship-on-invoice mode, say). The lots move under the source re-picked, so its trace names the new lots; kind `lot_repick`.",
			request: jsonBody(repickSchema),
			responses: answers,
		}),
		async (c) => {
			const body = c.req.valid("json");
			const { companyId } = c.var.caller;
			const movement = await repickableMovement(database(c.env.DB), companyId, body.movementId, body.locationId);
			const lots = body.lots.map((l) => namedLot(l));
			const command = {
				type: "repick",
				of: movement.source,
				locationId: body.locationId,
				lots,
				reason: body.reason,
			} as const;
			return answer(c, await runStockCommand(c.env, companyId, { ...body, productId: movement.productId }, command));
		},
	);
