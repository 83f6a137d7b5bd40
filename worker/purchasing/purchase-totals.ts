/**
 * The totals a purchase list shows beside each purchase: how many lines, how much ordered and
 * received, and its amount (ordered × unit cost; a line without a cost adds nothing).
 */
import { and, eq, inArray } from "drizzle-orm";
import { fromScaled, QUANTITY_SCALE, type Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { purchaseLines } from "../db/schema";
import { chunk } from "../lib/chunk";

export type PurchaseTotals = { lines: number; ordered: number; received: number; amount: number };

const NONE: PurchaseTotals = { lines: 0, ordered: 0, received: 0, amount: 0 };

/** Totals per purchase id; ids without lines (or not the company's) get zeros. */
export async function purchaseTotals(
	db: Database,
	companyId: string,
	purchaseIds: string[],
): Promise<Map<string, PurchaseTotals>> {
	const sums = new Map<string, { lines: number; ordered: Scaled; received: Scaled; amount: bigint }>();
	for (const ids of chunk(purchaseIds, 90)) {
		const rows = await db
			.select({
				purchaseId: purchaseLines.purchaseId,
				ordered: purchaseLines.ordered,
				received: purchaseLines.received,
				unitCost: purchaseLines.unitCost,
			})
			.from(purchaseLines)
			.where(and(eq(purchaseLines.companyId, companyId), inArray(purchaseLines.purchaseId, ids)));
		for (const row of rows) {
			const sum = sums.get(row.purchaseId) ?? { lines: 0, ordered: 0, received: 0, amount: 0n };
			sum.lines += 1;
			sum.ordered += row.ordered;
			sum.received += row.received;
			// Scaled × scaled can pass 2^53: multiplied exactly, rounded once to the scale at the end.
			if (row.unitCost !== null) sum.amount += BigInt(row.ordered) * BigInt(row.unitCost);
			sums.set(row.purchaseId, sum);
		}
	}
	const scale = BigInt(QUANTITY_SCALE);
	return new Map(
		purchaseIds.map((id) => {
			const sum = sums.get(id);
			if (!sum) return [id, NONE];
			const amount = Number((sum.amount + scale / 2n) / scale);
			return [
				id,
				{
					lines: sum.lines,
					ordered: fromScaled(sum.ordered),
					received: fromScaled(sum.received),
					amount: fromScaled(amount),
				},
			];
		}),
	);
}
