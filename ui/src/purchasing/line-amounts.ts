/**
 * What purchase lines cost: quantity × unit cost, per line and summed, computed as the server's
 * totals are (worker/purchasing/purchase-totals.ts): both carry at most 4 decimals, so they are
 * multiplied exactly as integers of ten-thousandths and rounded once, at the end, to 4 decimals.
 * A draft being typed and a saved purchase's page then show the same total as the purchases list.
 */

const SCALE = 10_000n;

function scaled(value: number): bigint {
	return BigInt(Math.round(value * Number(SCALE)));
}

/** The sum of quantity × unit cost of these lines; a line without a cost adds nothing. */
export function linesAmount(lines: readonly { quantity: number; unitCost: number | null }[]): number {
	let sum = 0n;
	for (const l of lines) if (l.unitCost !== null) sum += scaled(l.quantity) * scaled(l.unitCost);
	const rounded = (sum + SCALE / 2n) / SCALE;
	return Number(rounded) / Number(SCALE);
}

/** One line's quantity × unit cost; null without a cost (nothing to show, rather than 0). */
export function lineAmount(quantity: number, unitCost: number | null): number | null {
	return unitCost === null ? null : linesAmount([{ quantity, unitCost }]);
}
