import { describe, expect, it } from "vitest";
import { isLotList, parseLotList } from "../../ui/src/lots/lot-paste";

describe("a pasted list of lots", () => {
	it("reads a sheet's copy: tab-separated lot, quantity and expiry, with or without the expiry", () => {
		expect(parseLotList("A1\t6\t2027-03-31\r\nB2\t4\r\n", "en")).toEqual([
			{ lot: "A1", quantity: "6", expiry: "2027-03-31", line: 1 },
			{ lot: "B2", quantity: "4", expiry: "", line: 2 },
		]);
	});

	it("leaves out blank lines and a header", () => {
		expect(parseLotList("Lot\tQuantity\tExpiry\n\nA1\t6\n  \nB2\t1.5\n", "en")).toEqual([
			{ lot: "A1", quantity: "6", expiry: "", line: 3 },
			{ lot: "B2", quantity: "1.5", expiry: "", line: 5 },
		]);
	});

	it("reads commas and semicolons, quotes taken off, a decimal comma kept whole", () => {
		expect(parseLotList('"LOT 7",3,2027-01-02\nA1,12,5\nB2,12,5,31/12/2027', "fr")).toEqual([
			{ lot: "LOT 7", quantity: "3", expiry: "2027-01-02", line: 1 },
			{ lot: "A1", quantity: "12,5", expiry: "", line: 2 },
			{ lot: "B2", quantity: "12,5", expiry: "2027-12-31", line: 3 },
		]);
		expect(parseLotList("A1;12,5;31/12/2027", "fr")).toEqual([
			{ lot: "A1", quantity: "12,5", expiry: "2027-12-31", line: 1 },
		]);
	});

	it("writes a readable expiry as YYYY-MM-DD and keeps any other text as pasted, for the form to refuse", () => {
		expect(parseLotList("A1\t2\t3/31/2027\nB2\t1\tsoon", "en")).toEqual([
			{ lot: "A1", quantity: "2", expiry: "2027-03-31", line: 1 },
			{ lot: "B2", quantity: "1", expiry: "soon", line: 2 },
		]);
	});

	it("keeps a line with a wrong quantity, and a first line with digits is no header", () => {
		expect(parseLotList("A1\t2x\nB2\tlots", "en")).toEqual([
			{ lot: "A1", quantity: "2x", expiry: "", line: 1 },
			{ lot: "B2", quantity: "lots", expiry: "", line: 2 },
		]);
	});

	it("tells a list from a lot's name", () => {
		expect(isLotList("A1\t6", "en")).toBe(true);
		expect(isLotList("A1\nB2", "en")).toBe(true);
		expect(isLotList("A1,6", "en")).toBe(true);
		expect(isLotList("A1,6\n", "en")).toBe(true);
		expect(isLotList("A1", "en")).toBe(false);
		expect(isLotList("A1\n", "en")).toBe(false);
		expect(isLotList("Smith, Jones", "en")).toBe(false);
		expect(isLotList("", "en")).toBe(false);
	});
});
