import { describe, expect, it } from "vitest";
import { lineLotErrors, lotsSummary, missingExpiries, proposedRows } from "../../ui/src/lots/line-lots";
import { emptyLotRow, type LotRow } from "../../ui/src/lots/lot-rows";

const row = (fields: Partial<LotRow>): LotRow => ({ ...emptyLotRow(), ...fields });
const lotsAndQuantities = (rows: LotRow[]) => rows.map((r) => [r.lot, r.quantity]);

describe("lot rows under a document's lines", () => {
	it("asks an expiry of a new lot only: a known lot and a blank row need none", () => {
		const rows = [row({ lot: "NEW", quantity: "2" }), row({ lot: "KNOWN", quantity: "1" }), row({})];
		const dated = row({ lot: "DATED", expiry: "2027-01-31", quantity: "1" });
		const missing = missingExpiries([...rows, dated], new Set(["KNOWN"]));
		expect([...missing]).toEqual([[`${rows[0]?.key}.expiry`, "expiryMissing"]]);
	});

	it("says what the rows leave unassigned, and when they go beyond the line's quantity", () => {
		const rows = [row({ lot: "A", quantity: "2,5" }), row({ lot: "B", quantity: "1" })];
		expect(lotsSummary(rows, "10", "fr")).toEqual({ inLots: 3.5, rest: 6.5, over: false });
		expect(lotsSummary(rows, "3,5", "fr")).toEqual({ inLots: 3.5, rest: 0, over: false });
		expect(lotsSummary(rows, "3", "fr")).toEqual({ inLots: 3.5, rest: 0, over: true });
		expect(lotsSummary(rows, "three", "fr")).toBeNull();
	});

	it("fills rows from a first-expiry-first-out proposal up to the quantity, in its order", () => {
		const proposal = [
			{ lot: "SOON", quantity: 4 },
			{ lot: "LATER", quantity: 6 },
		];
		expect(lotsAndQuantities(proposedRows(proposal, 5, "en"))).toEqual([
			["SOON", "4"],
			["LATER", "1"],
		]);
		expect(lotsAndQuantities(proposedRows(proposal, 2.5, "fr"))).toEqual([["SOON", "2,5"]]);
		expect(lotsAndQuantities(proposedRows(proposal, null, "en"))).toEqual([
			["SOON", "4"],
			["LATER", "6"],
		]);
		// Nothing to propose (or nothing to pick): one blank row to type into.
		expect(lotsAndQuantities(proposedRows([], 3, "en"))).toEqual([["", ""]]);
		expect(lotsAndQuantities(proposedRows(proposal, 0, "en"))).toEqual([["", ""]]);
	});

	it("brings the server's lot errors back to their line's row, by position in what was sent", () => {
		const sent = [{ productId: "p1" }, { productId: "p2" }];
		const keys = new Map([
			["p1", ["r1", "r2"]],
			["p2", ["r3"]],
		]);
		const { lots, rest } = lineLotErrors(
			{
				"lines.1.lots.0.expiry": "lot A expires on 2027-01-01",
				"lines.0.lots": "the lots add up to more than the quantity",
				"lines.0.lots.1.quantity": "lot B holds 2",
				"lines.0.quantity": "too much",
				"lines.5.lots.0.quantity": "not sent",
				locationId: "unknown",
			},
			sent,
			keys,
		);
		expect(Object.fromEntries(lots)).toEqual({
			p1: { lots: "the lots add up to more than the quantity", "r2.quantity": "lot B holds 2" },
			p2: { "r3.expiry": "lot A expires on 2027-01-01" },
		});
		expect(rest).toEqual({
			"lines.0.quantity": "too much",
			"lines.5.lots.0.quantity": "not sent",
			locationId: "unknown",
		});
	});
});
