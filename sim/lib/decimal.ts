/**
 * Quantities and amounts are decimals in QBO. Summing JSON floats drifts (0.1 + 0.2), so arithmetic
 * goes through scaled integers and results are rounded back to the scale.
 */
const QTY_SCALE = 1e7;

export function roundQty(value: number): number {
	return Math.round(value * QTY_SCALE) / QTY_SCALE;
}

export function addQty(a: number, b: number): number {
	return (Math.round(a * QTY_SCALE) + Math.round(b * QTY_SCALE)) / QTY_SCALE;
}

export function roundMoney(value: number): number {
	return Math.round((value + Number.EPSILON) * 100) / 100;
}

export function sumMoney(values: number[]): number {
	return values.reduce((sum, v) => sum + Math.round(v * 100), 0) / 100;
}
