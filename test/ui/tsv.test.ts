import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTsv, parseTsv } from "../../ui/src/grid/model/tsv";

describe("parseTsv (clipboard from a spreadsheet program)", () => {
	it("reads a range copied from Excel, which ends every row with CRLF", () => {
		expect(parseTsv("SKU\tQty\r\nA-1\t5\r\nB-2\t7\r\n")).toEqual([
			["SKU", "Qty"],
			["A-1", "5"],
			["B-2", "7"],
		]);
	});

	it("reads rows ended by LF (Google Sheets) or a lone CR (old Mac programs)", () => {
		expect(parseTsv("a\tb\nc\td")).toEqual([
			["a", "b"],
			["c", "d"],
		]);
		expect(parseTsv("a\rb\r")).toEqual([["a"], ["b"]]);
	});

	it("pastes a range copied from Google Sheets with a quoted cell containing a newline as one cell", () => {
		expect(parseTsv('A-1\t"Shelf 3\nback row"\t4\nB-2\tplain\t5')).toEqual([
			["A-1", "Shelf 3\nback row", "4"],
			["B-2", "plain", "5"],
		]);
	});

	it("keeps tabs and doubled quotes inside a quoted cell", () => {
		expect(parseTsv('"a\tb"\t"say ""hi"""')).toEqual([["a\tb", 'say "hi"']]);
	});

	it("reads a lone value as one cell, and a trailing newline is not an extra row", () => {
		expect(parseTsv("42")).toEqual([["42"]]);
		expect(parseTsv("42\r\n")).toEqual([["42"]]);
		expect(parseTsv("42\n")).toEqual([["42"]]);
	});

	it("keeps empty cells and a blank row in the middle", () => {
		expect(parseTsv("a\t\tc\n\nd")).toEqual([["a", "", "c"], [""], ["d"]]);
	});

	it('keeps a stray quote that does not wrap the cell as text (5" screws)', () => {
		expect(parseTsv('5" screw\t"open\nx')).toEqual([['5" screw', '"open'], ["x"]]);
		expect(parseTsv('"ab"c\t1')).toEqual([['"ab"c', "1"]]);
	});

	it("gives nothing for an empty clipboard", () => {
		expect(parseTsv("")).toEqual([]);
	});
});

describe("formatTsv (copy to the clipboard)", () => {
	it("joins cells by tabs and rows by newlines, with no trailing newline", () => {
		expect(
			formatTsv([
				["A-1", "5"],
				["B-2", "7"],
			]),
		).toBe("A-1\t5\nB-2\t7");
	});

	it("quotes a cell holding a tab, a newline or a quote, doubling the quotes", () => {
		expect(formatTsv([["a\tb", "x\ny", 'say "hi"', "ok"]])).toBe('"a\tb"\t"x\ny"\t"say ""hi"""\tok');
	});

	it("keeps a row of one empty cell so that the row count survives a paste", () => {
		expect(parseTsv(formatTsv([["a"], [""], [""]]))).toEqual([["a"], [""], [""]]);
	});

	it("pastes back exactly what was copied (any text, any rectangular range)", () => {
		const cell = fc.string({ unit: fc.constantFrom("a", "b", " ", "\t", "\n", "\r", '"', "é", "1", "-") });
		const range = fc
			.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
			.chain(([rows, cols]) =>
				fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
			);
		fc.assert(
			fc.property(range, (cells) => {
				expect(parseTsv(formatTsv(cells))).toEqual(cells);
			}),
			{ numRuns: 500 },
		);
	});
});
