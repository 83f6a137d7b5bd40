/**
 * What purchase lines come to in the UI (ui/src/purchasing/line-amounts.ts, draftAmounts): the same
 * figures as the server's purchase list totals (test/worker/purchase-totals.test.ts), exact beyond
 * what a double multiplies, and live for a draft's rows as typed.
 */
import { describe, expect, it } from "vitest";
import { type DraftRow, draftAmounts, emptyRow } from "../../ui/src/purchasing/draft-lines";
import { lineAmount, linesAmount } from "../../ui/src/purchasing/line-amounts";

const row = (fields: Partial<DraftRow>): DraftRow => ({ ...emptyRow(), ...fields });

describe("purchase line amounts", () => {
	it("multiplies exactly and rounds once to 4 decimals, as the server's totals; no cost adds nothing", () => {
		expect(lineAmount(1_000_000, 123_456.7891)).toBe(123_456_789_100);
		expect(
			linesAmount([
				{ quantity: 3.5, unitCost: 0.0003 },
				{ quantity: 2, unitCost: null },
			]),
		).toBe(0.0011);
		expect(lineAmount(3, 0.1)).toBe(0.3);
		expect(lineAmount(2, null)).toBeNull();
	});

	it("gives a draft's rows their totals as typed, in the user's locale; rows not yet numbers have none", () => {
		const rows = [
			row({ productId: "a", quantity: "100", unitCost: "12,5" }),
			row({ productId: "b", quantity: "3", unitCost: "" }),
			row({ productId: "c", quantity: "1 000", unitCost: "0,1234" }),
			row({ productId: "d", quantity: "abc", unitCost: "2" }),
		];
		const amounts = draftAmounts(rows, "fr");
		expect(rows.map((r) => amounts.byRow.get(r.key))).toEqual([1250, null, 123.4, null]);
		expect(amounts.total).toBe(1373.4);
		expect(draftAmounts([row({})], "en").total).toBeNull();
	});
});
