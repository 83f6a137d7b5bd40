/**
 * What a spreadsheet's status bar says of a selected range: how many numeric cells it holds and
 * their sum. Blank, text and "not stocked" cells are left out. Quantities have at most 4 decimals,
 * so the sum is added in ten-thousandths (0.1 + 0.2 is 0.3, not 0.30000000000000004).
 */
export type SelectionSummary = { count: number; sum: number };

export function summarize(values: Iterable<unknown>): SelectionSummary {
	let count = 0;
	let sum = 0;
	for (const value of values) {
		if (typeof value !== "number" || !Number.isFinite(value)) continue;
		count++;
		sum += Math.round(value * 10_000);
	}
	return { count, sum: sum / 10_000 };
}
