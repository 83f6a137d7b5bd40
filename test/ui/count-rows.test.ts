import { describe, expect, it } from "vitest";
import { countPlan, countRows, countTotal, serialCount } from "../../ui/src/lots/count-rows";
import { emptyLotRow, type LotRow } from "../../ui/src/lots/lot-rows";
import { offersRepick } from "../../ui/src/lots/repick";

const row = (fields: Partial<LotRow>): LotRow => ({ ...emptyLotRow(), ...fields });

describe("a count per lot", () => {
	it("starts from the lots holding stock at the location, their expiry kept, the counts left to type", () => {
		const rows = countRows(
			[
				{ lot: "A", expiry: "2027-03-31", onHand: 4 },
				{ lot: "GONE", expiry: null, onHand: 0 },
				{ lot: "B", expiry: null, onHand: 2 },
			],
			false,
		);
		expect(rows.map((r) => [r.lot, r.expiry, r.quantity])).toEqual([
			["A", "2027-03-31", ""],
			["B", "", ""],
		]);
		expect(countRows([], false).map((r) => r.lot)).toEqual([""]);
		// Serials found are scanned: nothing pre-filled.
		expect(countRows([{ lot: "SN-1", expiry: null, onHand: 1 }], true).map((r) => r.lot)).toEqual([""]);
	});

	it("sends each lot with its count; a lot counted 0 is left out (every lot not listed is counted empty)", () => {
		const rows = [
			row({ lot: "A", quantity: "3,5" }),
			row({ lot: "B", quantity: "0" }),
			row({}),
			row({ lot: "NEW", expiry: "2028-01-31", quantity: "2" }),
		];
		const plan = countPlan(rows, { locale: "fr", serial: false, lotHere: "A" });
		expect(plan.errors.size).toBe(0);
		expect(plan.lots).toEqual([
			{ lot: "A", onHand: 3.5 },
			{ lot: "NEW", expiry: "2028-01-31", onHand: 2 },
		]);
		expect(plan.sentKeys).toEqual([rows[0]?.key, rows[3]?.key]);
		expect(countTotal(plan, "1", "fr")).toBe(6.5);
		expect(countTotal(plan, "", "fr")).toBe(5.5);
		expect(countTotal(plan, "-1", "fr")).toBeNull();
	});

	it("counts every lot empty by naming one at 0 when no row counts anything, so that it stays a count per lot", () => {
		const plan = countPlan([row({ lot: "A", quantity: "0" })], { locale: "en", serial: false, lotHere: "A" });
		expect(plan.lots).toEqual([{ lot: "A", onHand: 0 }]);
		expect(plan.sentKeys).toEqual([]);
		expect(countPlan([row({})], { locale: "en", serial: false, lotHere: null }).lots).toEqual([]);
	});

	it("asks for a count on every row, 0 or more, each lot once, an expiry that is a date", () => {
		const rows = [
			row({ lot: "A", quantity: "" }),
			row({ lot: "B", quantity: "-1" }),
			row({ lot: "A", quantity: "x" }),
			row({ lot: "", quantity: "2", expiry: "soon" }),
		];
		const plan = countPlan(rows, { locale: "en", serial: false, lotHere: null });
		expect(Object.fromEntries(plan.errors)).toEqual({
			[`${rows[0]?.key}.quantity`]: "countMissing",
			[`${rows[1]?.key}.quantity`]: "countNegative",
			[`${rows[2]?.key}.lot`]: "duplicateLot",
			[`${rows[2]?.key}.quantity`]: "notNumber",
			[`${rows[3]?.key}.lot`]: "lotMissing",
			[`${rows[3]?.key}.expiry`]: "notDate",
		});
		expect(plan.lots).toEqual([]);
	});

	it("counts serials found, one unit each, and says which in stock were not found and which were not there", () => {
		const rows = [row({ lot: "SN-1", batch: "B7" }), row({ lot: "SN-9", batch: "B7" }), row({})];
		const plan = countPlan(rows, { locale: "en", serial: true, lotHere: "SN-1" });
		expect(plan.lots).toEqual([
			{ lot: "SN-1", batch: "B7", onHand: 1 },
			{ lot: "SN-9", batch: "B7", onHand: 1 },
		]);
		expect(countTotal(plan, "2", "en")).toBe(4);
		expect(serialCount(rows, ["SN-1", "SN-2", "SN-3"])).toEqual({
			found: 2,
			missing: ["SN-2", "SN-3"],
			extra: ["SN-9"],
		});
	});
});

describe("which movements offer Change lots", () => {
	it("stock that left under a document, a note, a build or an adjustment; not what came in, nor what keeps its lots", () => {
		expect(offersRepick("invoice", -3)).toBe(true);
		expect(offersRepick("delivery", -1)).toBe(true);
		expect(offersRepick("adjustment", -2)).toBe(true);
		expect(offersRepick("adjustment", 2)).toBe(false);
		expect(offersRepick("invoice", 0)).toBe(false);
		for (const kind of ["transfer", "count", "lot_assignment", "lot_repick"] as const)
			expect(offersRepick(kind, -1)).toBe(false);
	});
});
