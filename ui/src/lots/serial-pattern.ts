/**
 * Serial numbers generated from a pattern, as a receipt of numbered units is labelled: a prefix, a
 * first number and how many — "SN-" from 0001, 10 of them, is SN-0001 … SN-0010. The first number's
 * digits set the padding (its leading zeros are kept), and numbers that outgrow it just get longer
 * (0999, 1000). Pure, so tested on Node; the rows it fills are checked as typed ones (serial-rows.ts).
 */
import { LOT_MAX_LENGTH } from "./lot-rows";

/** The pattern's fields as typed. */
export type SerialPattern = { prefix: string; start: string; count: string };

export type SerialPatternField = "prefix" | "start" | "count";

export type SerialPatternError = "startNotNumber" | "countNotNumber" | "countTooLarge" | "serialTooLong";

/** At most this many serials at once: a form of more rows would not be read by anyone. */
export const MAX_GENERATED_SERIALS = 1000;

/** A first number safe to count from in a double (15 digits). */
const START = /^\d{1,15}$/;

/**
 * The serials of a pattern, or the field that stops it and why.
 * @example serialsFromPattern({ prefix: "SN-", start: "0098", count: "3" }) // { serials: ["SN-0098", "SN-0099", "SN-0100"] }
 */
export function serialsFromPattern(
	pattern: SerialPattern,
): { serials: string[] } | { field: SerialPatternField; error: SerialPatternError } {
	const prefix = pattern.prefix.trim();
	const start = pattern.start.trim();
	const count = pattern.count.trim();
	if (!START.test(start)) return { field: "start", error: "startNotNumber" };
	if (!/^\d{1,7}$/.test(count) || Number(count) < 1) return { field: "count", error: "countNotNumber" };
	if (Number(count) > MAX_GENERATED_SERIALS) return { field: "count", error: "countTooLarge" };
	const first = Number(start);
	const serials = Array.from(
		{ length: Number(count) },
		(_, i) => `${prefix}${String(first + i).padStart(start.length, "0")}`,
	);
	if ((serials.at(-1) ?? "").length > LOT_MAX_LENGTH) return { field: "prefix", error: "serialTooLong" };
	return { serials };
}
