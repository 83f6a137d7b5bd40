import { describe, expect, it } from "vitest";
import { formatQuantity, parseQuantity } from "../../ui/src/i18n/numbers";

describe("parseQuantity", () => {
	it("reads what an English user types", () => {
		expect(parseQuantity("1234.5", "en")).toBe(1234.5);
		expect(parseQuantity("1,234.5", "en")).toBe(1234.5);
		expect(parseQuantity("1,234", "en")).toBe(1234);
		expect(parseQuantity("-3", "en")).toBe(-3);
		expect(parseQuantity(" 12 ", "en")).toBe(12);
	});

	it("reads what a French user types, spaces of any kind as thousands", () => {
		expect(parseQuantity("1 234,5", "fr")).toBe(1234.5);
		expect(parseQuantity("1\u202f234,5", "fr")).toBe(1234.5);
		expect(parseQuantity("1\u00a0234", "fr")).toBe(1234);
		expect(parseQuantity("1.234,5", "fr")).toBe(1234.5);
		expect(parseQuantity("2,5", "fr")).toBe(2.5);
	});

	it("takes a lone decimal mark from the other language as a decimal mark, never as thousands", () => {
		expect(parseQuantity("2,5", "en")).toBe(2.5);
		expect(parseQuantity("12.5", "fr")).toBe(12.5);
		expect(parseQuantity("0,25", "en")).toBe(0.25);
	});

	it("refuses what is not a quantity of at most 4 decimals", () => {
		for (const text of ["", "abc", "1.2.3,4", "1,23,4", "1.23456", "--1", "1e3", "12,34,56.7"])
			expect(parseQuantity(text, "en"), text).toBeNull();
	});

	it("reads back what formatQuantity writes, in both languages", () => {
		for (const value of [0, 1, -2.5, 1234.5678, 1000000, 0.0001])
			for (const locale of ["en", "fr"] as const)
				expect(parseQuantity(formatQuantity(value, locale), locale)).toBe(value);
	});
});
