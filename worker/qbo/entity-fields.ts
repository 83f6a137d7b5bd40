/**
 * Field schemas shared by every QBO entity the app reads (docs/qbo.md#common-fields).
 *
 * Lenient where QBO is: objects keep fields we do not know (`z.looseObject`), and decimals may come
 * as numeric strings from tools that re-serialize QBO's JSON. Strict where we depend on a field:
 * an Id becomes part of a stock source name, and a SyncToken becomes the version that orders
 * updates, so a malformed one fails the parse rather than mis-ordering stock.
 */
import { z } from "zod";

/** QBO Ids are numeric strings in practice; anything that could not sit in `qbo:<Type>:<Id>` is refused. */
export const qboIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be a QBO Id");

/** The entity's version as QBO writes it: a numeric string that every write increments. */
export const syncTokenSchema = z.string().regex(/^\d{1,15}$/, "must be a numeric SyncToken");

/** A decimal as QBO sends it (a JSON number), or as a numeric string. */
export const qboDecimalSchema = z.union([
	z.number(),
	z
		.string()
		.trim()
		.regex(/^-?\d+(\.\d+)?$/, "must be a decimal number")
		.transform(Number),
]);

/** A reference to another entity: `{ value: "<Id>", name?: "<display>" }`. */
export const qboRefSchema = z.looseObject({ value: qboIdSchema, name: z.string().nullish() });
export type QboRef = z.infer<typeof qboRefSchema>;

/** What QBO answers for a deleted transaction: only its Id is left (docs/qbo.md#void-and-delete). */
export const deletedStubSchema = z.looseObject({ Id: qboIdSchema, status: z.literal("Deleted") });
export type DeletedStub = z.infer<typeof deletedStubSchema>;

/**
 * The version a SyncToken stands for in stock commands. Shifted by one so that no QBO version is
 * 0 (a stored "no version yet" elsewhere may be 0): "0" → 1, "1" → 2, and later always outranks.
 */
export function versionFromSyncToken(syncToken: string): number {
	return Number(syncToken) + 1;
}
