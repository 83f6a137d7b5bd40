/**
 * Schemas shared by several routes: the level row, movement kinds, the paging query, ids, the
 * problem body. Objects are strict: an unknown field is an error, not silently dropped.
 *
 * What they make of GET /api/v1/openapi.json is committed as ui/src/api/openapi.json, and the UI's
 * types are generated from it (`npm run api:generate`; test/worker/openapi.test.ts fails on drift).
 */
import { z } from "@hono/zod-openapi";
import { ROLES } from "../auth/roles";
import { quantitySchema, toScaled } from "../core/quantity";
import type { NamedLot } from "../stock/lot-allocation";
import { MOVEMENT_KINDS } from "../stock/stock-command";
import { MOVEMENT_REASON_CODES } from "./movement-reasons";

export const idSchema = z.string().min(1).max(64);

/** docs/app.md#roles-and-locations */
export const roleSchema = z.enum(ROLES).openapi("Role", {
	description:
		"viewer: reads; staff: stock commands, counts, receipts and deliveries at their locations; manager: all stock, flows and settings; owner: also members, tokens and the QuickBooks connection",
});

/** The locations a staff member, viewer or token is limited to; null: every location. */
export const locationLimitSchema = z
	.array(idSchema)
	.min(1)
	.max(100)
	.nullable()
	.openapi({ description: "Only these locations (staff and viewers only); null: every location" });

// Piped through a number made here: a schema made before @hono/zod-openapi extends zod (core/ has no
// HTTP and may load first) has no `.openapi()` of its own.
export const quantity = z.number().pipe(quantitySchema).openapi({ type: "number", example: 12.5 });

/** A quantity above zero. */
export const positiveQuantity = quantity.refine((v) => v > 0, "must be positive");

/** A calendar date, as lots' expiries are kept. */
export const expirySchema = z.iso.date().openapi({ description: "Expiry date (YYYY-MM-DD)", example: "2027-03-31" });

/**
 * A lot going in (with the expiry a new lot takes), or coming out. For a product tracked by serial
 * number, each entry is one serial (`lot`) of quantity 1, with the lot it belongs to (`batch`).
 */
export const lotInInput = z.strictObject({
	lot: z.string().trim().min(1).max(64).openapi({ description: "The lot's number, or the serial number" }),
	expiry: expirySchema.optional(),
	batch: z
		.string()
		.trim()
		.min(1)
		.max(64)
		.optional()
		.openapi({ description: "A serial number's lot (products tracked by serial number that carry lots too)" }),
	quantity: positiveQuantity,
});

/** A lot entry of a request as the product object takes it: scaled, signed, absent fields left out. */
export function namedLot(l: z.infer<typeof lotInInput>, sign = 1): NamedLot {
	return {
		lot: l.lot,
		expiry: l.expiry ?? null,
		quantity: sign * toScaled(l.quantity),
		...(l.batch ? { batch: l.batch } : {}),
	};
}
export const lotOutInput = z.strictObject({ lot: z.string().trim().min(1).max(64), quantity: positiveQuantity });

/** Lots named by a request (products tracked by lot): positive quantities, each lot once, at most 200. */
export function namedLotsInput<T extends z.ZodType<{ lot: string }>>(item: T, description: string) {
	return z
		.array(item)
		.min(1)
		.max(200)
		.refine((ls) => new Set(ls.map((l) => l.lot)).size === ls.length, "a lot may appear once")
		.optional()
		.openapi({ description });
}

export const idempotencyKeySchema = z
	.string()
	.min(1)
	.max(200)
	.openapi({ description: "Client-chosen key: the same key again answers the first result and changes nothing." });

/**
 * The query of a route that takes none: an unknown parameter is refused like an unknown field,
 * so that `POST /adjustments?dryRun=true` cannot silently move stock.
 */
export const noQuery = { query: z.strictObject({}) };

/** `limit` and `cursor` of every list. */
export const pageQuery = {
	limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ type: "integer", default: 100 }),
	cursor: z.string().min(1).max(1000).optional(),
};

export function listOf<T extends z.ZodType>(item: T) {
	return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const levelRowSchema = z
	.object({
		productId: z.string(),
		sku: z.string(),
		name: z.string(),
		type: z.enum(["inventory", "non_inventory", "service", "kit"]),
		tracking: z
			.enum(["none", "lot", "serial"])
			.openapi({ description: "How the product's stock is tracked: its lots are GET /products/{id}/lots" }),
		purchaseCost: z.number().nullable().openapi({
			description:
				"The product's cost as imported from QuickBooks (its PurchaseCost), per unit; null when unknown. The grid's stock value is on hand × this cost.",
		}),
		locationId: z.string(),
		onHand: z.number(),
		reserved: z.number(),
		available: z.number().openapi({
			description:
				"On hand − reserved, less the stock of expired lots when the company's `expiredNotAvailable` setting is on (at most what is on hand: docs/architecture.md#expired-stock)",
		}),
		incoming: z.number(),
		expired: z.number().openapi({ description: "On hand in lots past their expiry here" }),
		expiring: z.number().openapi({
			description: "On hand in lots expiring from today to the company's `expiringWithinDays` ahead",
		}),
		reorderPoint: z.number().nullable(),
		reorderQty: z.number().nullable(),
		bin: z.string().nullable(),
		version: z.number().int(),
		components: z
			.array(z.object({ productId: z.string(), quantity: z.number() }))
			.optional()
			.openapi({
				description:
					"Only on a kit's row: its components and the quantity of each per kit. The kit's `available` is the number of whole kits they allow at the location.",
			}),
	})
	.openapi("LevelRow");

/** What made a movement: an enum in the description, so that clients can name every kind. */
export const movementKindSchema = z.enum(MOVEMENT_KINDS).openapi("MovementKind");

/**
 * A ledger reason's code and parameters beside its text, when Stockroom wrote it
 * (worker/api/movement-reasons.ts), for the UI to say it in the user's language.
 */
export const movementReasonFields = {
	reasonCode: z.enum(MOVEMENT_REASON_CODES).nullable().openapi({
		description:
			"When Stockroom wrote the reason (not a person): what it says, for the UI to word with reasonParams in the user's language",
	}),
	reasonParams: z.record(z.string(), z.string()).nullable(),
};

/** Who made a movement, from the audit trail (worker/auth/audit-trail.ts). */
export const movementBySchema = z
	.object({ kind: z.enum(["user", "api_token", "embed", "qbo"]), id: z.string().nullable(), label: z.string() })
	.nullable()
	.openapi("MovementBy", { description: "Who made it (from the audit trail); null when not known" });

const problemSchema = z
	.object({
		type: z.string(),
		title: z.string(),
		status: z.number().int(),
		detail: z.string(),
		code: z.string(),
		instance: z.string().optional(),
		errors: z
			.array(
				z.object({
					in: z.string(),
					field: z.string(),
					message: z.string(),
					// What is wrong, for a client to word it (worker/core/app-error.ts FieldError).
					code: z.string().optional(),
					params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
				}),
			)
			.optional(),
		// `would_go_negative` (docs/architecture.md#negative-stock): where, how many units short, and
		// whether confirming with `allowNegative: true` can help.
		location: z.object({ id: z.string(), name: z.string() }).optional(),
		shortfall: z.number().optional(),
		negativeStockAllowed: z.boolean().optional(),
	})
	.openapi("Problem");

/** The error answers a route documents; they are all problem+json. */
export function problems(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 503)[]) {
	const described = {
		400: "Invalid input; `errors` names each field at fault",
		401: "Missing or invalid bearer token",
		403: "The caller's role or locations do not allow this (see docs: roles and locations)",
		404: "No such resource in the caller's company",
		409: "Conflicts with the current state",
		413: "Body too large",
		415: "Body is not application/json",
		422: "Understood but not possible: an idempotency key already used for a different request, a delivery beyond what an order owes, a build of a product without a bill of materials, quantities whose product or resulting stock level would pass ±1 000 000 000",
		503: "A part of the system did not answer; what was recorded completes by itself or on retry",
	};
	// Every route behind authentication is also behind the access rules: it may answer 403.
	const answered = [...new Set(statuses.includes(401) ? [...statuses, 403 as const] : statuses)].sort();
	return Object.fromEntries(
		answered.map((s) => [
			s,
			{ description: described[s], content: { "application/problem+json": { schema: problemSchema } } },
		]),
	);
}

/** A required JSON body, and no query parameters. */
export function jsonBody<T extends z.ZodType>(schema: T) {
	return { ...noQuery, body: { content: { "application/json": { schema } }, required: true } };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
	return { content: { "application/json": { schema } }, description };
}
