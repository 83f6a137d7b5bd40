import { describe, expect, it } from "vitest";
import { isSerialList, parseSerialList } from "../../ui/src/lots/lot-paste";
import { emptyLotRow, type LotRow, lotFieldOf } from "../../ui/src/lots/lot-rows";
import { insertSerials, serialsPlan, serialsSummary, sharedOf, withShared } from "../../ui/src/lots/serial-rows";

const row = (lot: string, shared: Partial<LotRow> = {}): LotRow => ({ ...emptyLotRow(), lot, ...shared });

describe("a pasted list of serial numbers", () => {
	it("reads one a line, or several separated by commas, semicolons or spaces", () => {
		expect(parseSerialList("SN-1\r\nSN-2\n\n SN-3 \n")).toEqual(["SN-1", "SN-2", "SN-3"]);
		expect(parseSerialList("SN-1, SN-2;SN-3 SN-4")).toEqual(["SN-1", "SN-2", "SN-3", "SN-4"]);
		expect(parseSerialList('"SN 9",SN-10')).toEqual(["SN 9", "SN-10"]);
	});

	it("takes a sheet's first column, and keeps duplicates for the form to flag", () => {
		expect(parseSerialList("SN-1\tblue\t2027-01-01\nSN-1\tred")).toEqual(["SN-1", "SN-1"]);
	});

	it("is a list when it holds more than one serial", () => {
		expect(isSerialList("SN-1\n")).toBe(false);
		expect(isSerialList("SN-1 SN-2")).toBe(true);
		expect(isSerialList("  ")).toBe(false);
	});
});

describe("serial rows", () => {
	it("sends each serial as one unit with the line's lot and expiry, blank rows left out", () => {
		const rows = withShared([row("SN-1"), row(""), row(" SN-2 ")], { batch: "B-7", expiry: "2027-03-31" });
		const plan = serialsPlan(rows, { total: 5, withExpiry: true });
		expect(plan.errors.size).toBe(0);
		expect(plan.lots).toEqual([
			{ lot: "SN-1", expiry: "2027-03-31", batch: "B-7", quantity: 1 },
			{ lot: "SN-2", expiry: "2027-03-31", batch: "B-7", quantity: 1 },
		]);
		expect(plan.sentKeys).toEqual([rows[0]?.key, rows[2]?.key]);
		// Taken out (a delivery, a transfer): the serials alone.
		expect(serialsPlan(rows, { total: -2, withExpiry: false }).lots).toEqual([
			{ lot: "SN-1", quantity: 1 },
			{ lot: "SN-2", quantity: 1 },
		]);
	});

	it("flags a serial typed twice, a wrong expiry, and more serials than units", () => {
		const rows = withShared([row("SN-1"), row("SN-2"), row("SN-1")], { batch: "", expiry: "soon" });
		const plan = serialsPlan(rows, { total: 2, withExpiry: true });
		expect(Object.fromEntries(plan.errors)).toEqual({
			[`${rows[0]?.key}.expiry`]: "notDate",
			[`${rows[1]?.key}.expiry`]: "notDate",
			[`${rows[2]?.key}.lot`]: "duplicateSerial",
			[`${rows[2]?.key}.expiry`]: "notDate",
			lots: "serialsOverTotal",
		});
		expect(plan.lots).toEqual([]);
		const long = row("S".repeat(65));
		expect(Object.fromEntries(serialsPlan([long], { total: null, withExpiry: false }).errors)).toEqual({
			[`${long.key}.lot`]: "serialTooLong",
		});
	});

	it("says how many of the line's units are named", () => {
		const rows = [row("SN-1"), row("SN-2"), row("")];
		expect(serialsSummary(rows, "10", "en")).toEqual({ named: 2, of: 10, over: false });
		expect(serialsSummary(rows, "-1", "en")).toEqual({ named: 2, of: 1, over: true });
		expect(serialsSummary(rows, "x", "en")).toEqual({ named: 2, of: null, over: false });
	});

	it("puts pasted or generated serials at a blank row, or after a filled one, with the line's lot", () => {
		const first = row("SN-1", { batch: "B", expiry: "" });
		const blank = row("", { batch: "B", expiry: "" });
		const last = row("SN-9", { batch: "B", expiry: "" });
		const into = insertSerials([first, blank, last], blank.key, ["SN-2", "SN-3"]);
		expect(into.map((r) => r.lot)).toEqual(["SN-1", "SN-2", "SN-3", "SN-9", ""]);
		expect(into[1]?.key).toBe(blank.key);
		expect(into.every((r) => r.batch === "B")).toBe(true);
		const after = insertSerials([first], first.key, ["SN-2"]);
		expect(after.map((r) => r.lot)).toEqual(["SN-1", "SN-2", ""]);
		expect(sharedOf(after)).toEqual({ batch: "B", expiry: "" });
	});

	it("brings a server's error of a serial's lot back to its row", () => {
		expect(lotFieldOf("lots.1.batch", ["a", "b"])).toBe("b.batch");
	});
});
