import { describe, expect, it } from "vitest";
import type { PastedLot } from "../../ui/src/lots/lot-paste";
import { emptyLotRow, type LotRow, lotFieldOf, lotsPlan, lotsTotal, pasteIntoRows } from "../../ui/src/lots/lot-rows";

const row = (fields: Partial<LotRow>): LotRow => ({ ...emptyLotRow(), ...fields });

describe("a stock form's lot rows", () => {
	it("sends each lot with its quantity and its expiry when there is one; blank rows are left out", () => {
		const rows = [
			row({ lot: " A1 ", expiry: "2027-03-31", quantity: "6" }),
			row({}),
			row({ lot: "B2", quantity: "3,5" }),
		];
		const plan = lotsPlan(rows, { locale: "fr", total: 10, withExpiry: true });
		expect(plan.errors.size).toBe(0);
		expect(plan.lots).toEqual([
			{ lot: "A1", expiry: "2027-03-31", quantity: 6 },
			{ lot: "B2", quantity: 3.5 },
		]);
		expect(plan.sentKeys).toEqual([rows[0]?.key, rows[2]?.key]);
	});

	it("leaves expiries out of a form that takes none (a transfer)", () => {
		const plan = lotsPlan([row({ lot: "A1", expiry: "not a date", quantity: "1" })], {
			locale: "en",
			total: 1,
			withExpiry: false,
		});
		expect(plan.errors.size).toBe(0);
		expect(plan.lots).toEqual([{ lot: "A1", quantity: 1 }]);
	});

	it("names each row's field at fault", () => {
		const rows = [
			row({ quantity: "2" }),
			row({ lot: "A1", quantity: "0", expiry: "soon" }),
			row({ lot: "A1", quantity: "x" }),
			row({ lot: "L".repeat(65), quantity: "1" }),
		];
		const plan = lotsPlan(rows, { locale: "en", total: null, withExpiry: true });
		const [r0, r1, r2, r3] = rows.map((r) => r.key);
		expect(Object.fromEntries(plan.errors)).toEqual({
			[`${r0}.lot`]: "lotMissing",
			[`${r1}.quantity`]: "notPositive",
			[`${r1}.expiry`]: "notDate",
			[`${r2}.lot`]: "duplicateLot",
			[`${r2}.quantity`]: "notNumber",
			[`${r3}.lot`]: "lotTooLong",
		});
		expect(plan.lots).toEqual([]);
	});

	it("refuses lots that move more than the command, exactly, whatever its sign", () => {
		const rows = [row({ lot: "A1", quantity: "0.1" }), row({ lot: "B2", quantity: "0.2" })];
		expect(lotsPlan(rows, { locale: "en", total: 0.3, withExpiry: true }).errors.size).toBe(0);
		expect(lotsPlan(rows, { locale: "en", total: -0.3, withExpiry: true }).errors.size).toBe(0);
		expect(Object.fromEntries(lotsPlan(rows, { locale: "en", total: -0.29, withExpiry: true }).errors)).toEqual({
			lots: "overTotal",
		});
	});

	it("maps the server's `lots.N.field` to the row sent at N, and `lots` to the rows together", () => {
		expect(lotFieldOf("lots.1.expiry", ["r-a", "r-c"])).toBe("r-c.expiry");
		expect(lotFieldOf("lots.0.quantity", ["r-a"])).toBe("r-a.quantity");
		expect(lotFieldOf("lots", ["r-a"])).toBe("lots");
		expect(lotFieldOf("lots.4", ["r-a"])).toBe("lots");
		expect(lotFieldOf("lots.4.quantity", ["r-a"])).toBe("lots");
		expect(lotFieldOf("quantity", ["r-a"])).toBeNull();
		expect(lotFieldOf("lotsX", ["r-a"])).toBeNull();
	});

	it("puts a pasted list in the row pasted into, keeps the rows after it and ends with a blank row", () => {
		const first = row({ lot: "KEEP", quantity: "1" });
		const target = row({});
		const blank = row({});
		const last = row({ lot: "Z9", quantity: "2" });
		const pasted: PastedLot[] = [
			{ lot: "A1", quantity: "6", expiry: "2027-03-31", line: 1 },
			{ lot: "B2", quantity: "4", expiry: "", line: 2 },
		];
		const rows = pasteIntoRows([first, target, blank, last], target.key, pasted, true);
		expect(rows.map(({ lot, quantity, expiry }) => [lot, quantity, expiry])).toEqual([
			["KEEP", "1", ""],
			["A1", "6", "2027-03-31"],
			["B2", "4", ""],
			["Z9", "2", ""],
			["", "", ""],
		]);
		expect(rows[1]?.key).toBe(target.key);
		expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
		expect(pasteIntoRows([target], target.key, pasted, false)[0]?.expiry).toBe("");
	});

	it("adds up the rows' quantities exactly, none when no row has one", () => {
		expect(lotsTotal([row({ quantity: "0,1" }), row({ quantity: "0,2" }), row({ quantity: "x" })], "fr")).toBe(0.3);
		expect(lotsTotal([row({ lot: "A1" })], "en")).toBeNull();
	});
});
