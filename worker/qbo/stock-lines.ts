/**
 * A QBO document's lines reduced to what can move stock: item quantities per QBO item, exact.
 */
import type { Scaled } from "../core/quantity";
import { asKnownLine, type QboLine } from "./document-lines";
import { qboDecimalToScaled } from "./qbo-decimal";

/** The quantity of one QBO item on a document, summed over its lines. */
export type StockLine = {
	qboItemId: string;
	/** Scaled ×10 000; signed as QBO wrote it (a QtyDiff, or a negative sales line). */
	quantity: Scaled;
	/** False when a QBO quantity had more than 4 decimals and was rounded to 4. */
	exact: boolean;
};

/**
 * The document's item lines, flattened recursively and summed per QBO item id, in order of first
 * appearance; items whose quantities sum to zero are left out.
 *
 * Counted: `SalesItemLineDetail` and `ItemBasedExpenseLineDetail` (`Qty`, absent = 0, as QBO leaves
 * it after a void) and `ItemAdjustmentLineDetail` (`QtyDiff`). A `GroupLineDetail` counts its nested
 * component lines, never its `GroupItemRef` — except when QBO gave no nested lines: then the bundle
 * itself is returned with its `Quantity`, for the caller to expand from the kit's components.
 * Descriptions, subtotals, discounts, account-based expenses and unknown DetailTypes are skipped.
 *
 * @example stockLinesOf(invoice) // [{ qboItemId: "11", quantity: 25_000, exact: true }]
 */
export function stockLinesOf(document: { Line: readonly QboLine[] }): StockLine[] {
	const totals = new Map<string, StockLine>();
	const add = (qboItemId: string, quantity: number | null | undefined) => {
		const { scaled, exact } = qboDecimalToScaled(quantity ?? 0);
		const line = totals.get(qboItemId);
		if (line) {
			line.quantity += scaled;
			line.exact &&= exact;
		} else totals.set(qboItemId, { qboItemId, quantity: scaled, exact });
	};
	const visit = (lines: readonly QboLine[]) => {
		for (const line of lines) {
			const known = asKnownLine(line);
			switch (known?.DetailType) {
				case "SalesItemLineDetail":
					add(known.SalesItemLineDetail.ItemRef.value, known.SalesItemLineDetail.Qty);
					break;
				case "ItemBasedExpenseLineDetail":
					add(known.ItemBasedExpenseLineDetail.ItemRef.value, known.ItemBasedExpenseLineDetail.Qty);
					break;
				case "ItemAdjustmentLineDetail":
					add(known.ItemAdjustmentLineDetail.ItemRef.value, known.ItemAdjustmentLineDetail.QtyDiff);
					break;
				case "GroupLineDetail": {
					const group = known.GroupLineDetail;
					if (group.Line && group.Line.length > 0) visit(group.Line);
					else add(group.GroupItemRef.value, group.Quantity);
					break;
				}
			}
		}
	};
	visit(document.Line);
	return [...totals.values()].filter((line) => line.quantity !== 0);
}
