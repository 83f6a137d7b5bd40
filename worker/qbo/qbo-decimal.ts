/**
 * QBO's decimals (quantities, costs) as our exact scaled integers (×10 000, see core/quantity.ts).
 *
 * QBO sends JSON numbers such as 2.5 or 0.0001; each is converted once, on its own, and only the
 * scaled integers are ever added — summing the floats first would let 0.1 + 0.2 noise into the
 * ledger. QBO may carry more decimals than we keep: those are rounded (half away from zero, so a
 * negative QtyDiff rounds like its positive twin) and flagged as inexact for the caller to report.
 */
import { hasAtMostFourDecimals, QUANTITY_SCALE, type Scaled } from "../core/quantity";

export type ScaledConversion = { scaled: Scaled; exact: boolean };

/**
 * Converts one QBO decimal to a scaled integer.
 * @example qboDecimalToScaled(2.5) // { scaled: 25_000, exact: true }
 */
export function qboDecimalToScaled(value: number): ScaledConversion {
	const magnitude = Math.round(Math.abs(value) * QUANTITY_SCALE);
	// `magnitude === 0` keeps -0 (from -0.00001) out of the ledger.
	const scaled = value < 0 && magnitude !== 0 ? -magnitude : magnitude;
	return { scaled, exact: hasAtMostFourDecimals(value) };
}

/**
 * The product of two scaled quantities (a kit count times a component quantity), rounded half
 * away from zero. BigInt, because the intermediate product overflows 2^53 for large quantities.
 */
export function multiplyScaled(a: Scaled, b: Scaled): Scaled {
	const product = BigInt(a) * BigInt(b);
	const scale = BigInt(QUANTITY_SCALE);
	const negative = product < 0n;
	const magnitude = negative ? -product : product;
	const rounded = (magnitude + scale / 2n) / scale;
	const result = Number(rounded);
	return negative && result !== 0 ? -result : result;
}
