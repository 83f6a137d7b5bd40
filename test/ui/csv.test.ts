import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectCsvSeparator, formatCsv, guardFormula, parseCsv, stripFormulaGuard } from "../../ui/src/grid/model/csv";

describe("formatCsv (export of what is shown)", () => {
	it("writes RFC 4180: CRLF after every row, quotes only when needed", () => {
		expect(
			formatCsv([
				["sku", "name", "bin"],
				["A-1", "Bolt, steel", 'Shelf "top"'],
				["B-2", "Two\nlines", ""],
			]),
		).toBe('sku,name,bin\r\nA-1,"Bolt, steel","Shelf ""top"""\r\nB-2,"Two\nlines",\r\n');
	});

	it("stops a cell from running as a formula when the file is opened in a spreadsheet", () => {
		expect(formatCsv([['=HYPERLINK("http://x")', "+1+2", "@SUM(A1)", "-2+3", "\tx"]])).toBe(
			'"\'=HYPERLINK(""http://x"")",\'+1+2,\'@SUM(A1),\'-2+3,\'\tx\r\n',
		);
	});

	it("leaves negative and signed numbers as numbers", () => {
		expect(formatCsv([["-3", "-1.5", "+2", "0.25"]])).toBe("-3,-1.5,+2,0.25\r\n");
		expect(guardFormula("-1,5")).toBe("-1,5");
	});

	it("can write the `;` files French Excel opens by double-click", () => {
		expect(formatCsv([["a;b", "1,5"]], ";")).toBe('"a;b";1,5\r\n');
	});
});

describe("parseCsv (import)", () => {
	it("reads quoted separators, doubled quotes and line breaks inside a cell", () => {
		expect(parseCsv('sku,bin\r\nA-1,"Shelf ""top"", left"\r\nB-2,"two\r\nlines"\r\n')).toEqual([
			["sku", "bin"],
			["A-1", 'Shelf "top", left'],
			["B-2", "two\r\nlines"],
		]);
	});

	it("reads a `;` separated file from French Excel, with its byte order mark", () => {
		const text = "\ufeffsku;emplacement;point de commande\r\nA-1;Étagère 2;12,5\r\n";
		expect(detectCsvSeparator(text)).toBe(";");
		expect(parseCsv(text)).toEqual([
			["sku", "emplacement", "point de commande"],
			["A-1", "Étagère 2", "12,5"],
		]);
	});

	it("decides the separator from the header, not from commas in the data", () => {
		expect(detectCsvSeparator("sku;bin\nA;1,5,6,7")).toBe(";");
		expect(detectCsvSeparator('"a;b",c\n')).toBe(",");
		expect(detectCsvSeparator("sku\tbin\n")).toBe("\t");
		expect(detectCsvSeparator("sku\n")).toBe(",");
	});

	it("does not add a row for the final line break, but keeps blank lines so row numbers match the file", () => {
		expect(parseCsv("a\nb\n")).toEqual([["a"], ["b"]]);
		expect(parseCsv("a\n\nb")).toEqual([["a"], [""], ["b"]]);
		expect(parseCsv("a,b")).toEqual([["a", "b"]]);
		expect(parseCsv("a,")).toEqual([["a", ""]]);
		expect(parseCsv("")).toEqual([]);
	});

	it("reads back what the export wrote, formula guard aside", () => {
		const cell = fc.string({ unit: fc.constantFrom("a", ",", ";", " ", "\n", "\r\n", '"', "é", "1", "=", "-", "'") });
		const table = fc
			.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
			.chain(([rows, cols]) =>
				fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
			)
			// A one-column row of one empty cell is a blank line: the export never writes one (there is always a SKU).
			.filter((rows) => rows.every((row) => row.length > 1 || row[0] !== ""));
		fc.assert(
			fc.property(table, fc.constantFrom<"," | ";">(",", ";"), (rows, sep) => {
				expect(parseCsv(formatCsv(rows, sep), sep)).toEqual(rows.map((row) => row.map(guardFormula)));
			}),
			{ numRuns: 500 },
		);
	});

	it("takes the guard off a cell our export protected", () => {
		expect(stripFormulaGuard("'=SUM(A1)")).toBe("=SUM(A1)");
		expect(stripFormulaGuard("'quoted")).toBe("'quoted");
		expect(stripFormulaGuard(guardFormula("@bin"))).toBe("@bin");
	});
});
