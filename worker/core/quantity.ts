/**
 * Exact quantities. Storage and arithmetic use integers scaled by 10 000 (4 decimals); only the
 * API edge sees decimals. Floats are never added in the ledger.
 */
import { z } from "zod";

export const QUANTITY_SCALE = 10_000;
/** Largest magnitude accepted at the edge: keeps every sum far inside Number.MAX_SAFE_INTEGER. */
export const MAX_QUANTITY = 1_000_000_000;

/** A scaled integer quantity (×10 000). */
export type Scaled = number;

/** Converts an API decimal (already checked to have ≤ 4 decimals) to a scaled integer. */
export function toScaled(quantity: number): Scaled {
	return Math.round(quantity * QUANTITY_SCALE);
}

/** Converts a scaled integer back to the API decimal; exact for ≤ 4 decimals. */
export function fromScaled(scaled: Scaled): number {
	return scaled / QUANTITY_SCALE;
}

/** True when `value` has at most 4 decimals (0.1 + 0.2 style noise is rejected too). */
export function hasAtMostFourDecimals(value: number): boolean {
	return Number(value.toFixed(4)) === value;
}

/**
 * A JSON number with at most 4 decimals, bounded, finite: the one quantity schema of the API.
 * Strings, NaN and infinities fail as type errors on the field.
 */
export const quantitySchema = z
	.number() // zod 4 already refuses NaN and ±Infinity here
	.refine((v) => Math.abs(v) <= MAX_QUANTITY, `must be between -${MAX_QUANTITY} and ${MAX_QUANTITY}`)
	.refine(hasAtMostFourDecimals, "must have at most 4 decimals");

/**
 * What is available of a level: on hand − reserved, less the stock of its expired lots when the
 * company counts expired stock out (`expiredOut`: that stock, else 0 or absent). The expired stock
 * taken out is at most what is on hand (never less than 0), so available never falls below −reserved
 * on account of expiry: the floor it has with nothing on hand (docs/architecture.md#expired-stock).
 * The one formula, whoever shows available.
 */
export function availableOf(level: { onHand: Scaled; reserved: Scaled; expiredOut?: Scaled }): Scaled {
	const out = Math.min(Math.max(level.expiredOut ?? 0, 0), Math.max(level.onHand, 0));
	return level.onHand - level.reserved - out;
}

/**
 * A level's stock as the API shows it: decimals, and available (`availableOf`) beside the three
 * it is made of. The one place the edge's level view is made, whoever shows it.
 */
export function decimalLevel(level: { onHand: Scaled; reserved: Scaled; incoming: Scaled; expiredOut?: Scaled }) {
	return {
		onHand: fromScaled(level.onHand),
		reserved: fromScaled(level.reserved),
		available: fromScaled(availableOf(level)),
		incoming: fromScaled(level.incoming),
	};
}
