import { describe, expect, it } from "vitest";
import { MAX_GENERATED_SERIALS, serialsFromPattern } from "../../ui/src/lots/serial-pattern";

describe("serials generated from a pattern", () => {
	it("counts from the first number, its zeros kept as the padding", () => {
		expect(serialsFromPattern({ prefix: "SN-", start: "0001", count: "10" })).toEqual({
			serials: [
				"SN-0001",
				"SN-0002",
				"SN-0003",
				"SN-0004",
				"SN-0005",
				"SN-0006",
				"SN-0007",
				"SN-0008",
				"SN-0009",
				"SN-0010",
			],
		});
	});

	it("lets numbers outgrow the padding, and takes no prefix or a first number without zeros", () => {
		expect(serialsFromPattern({ prefix: "A", start: "998", count: "3" })).toEqual({
			serials: ["A998", "A999", "A1000"],
		});
		expect(serialsFromPattern({ prefix: "", start: " 7 ", count: " 2 " })).toEqual({ serials: ["7", "8"] });
		expect(serialsFromPattern({ prefix: "X-", start: "0", count: "1" })).toEqual({ serials: ["X-0"] });
	});

	it("names the field that stops it", () => {
		expect(serialsFromPattern({ prefix: "SN-", start: "", count: "3" })).toEqual({
			field: "start",
			error: "startNotNumber",
		});
		expect(serialsFromPattern({ prefix: "SN-", start: "1a", count: "3" })).toMatchObject({ field: "start" });
		expect(serialsFromPattern({ prefix: "SN-", start: "-1", count: "3" })).toMatchObject({ field: "start" });
		expect(serialsFromPattern({ prefix: "SN-", start: "1", count: "0" })).toEqual({
			field: "count",
			error: "countNotNumber",
		});
		expect(serialsFromPattern({ prefix: "SN-", start: "1", count: "2.5" })).toMatchObject({ error: "countNotNumber" });
		expect(serialsFromPattern({ prefix: "SN-", start: "1", count: String(MAX_GENERATED_SERIALS + 1) })).toEqual({
			field: "count",
			error: "countTooLarge",
		});
		expect(serialsFromPattern({ prefix: "P".repeat(63), start: "9", count: "2" })).toEqual({
			field: "prefix",
			error: "serialTooLong",
		});
	});

	it("makes as many as asked, up to the bound", () => {
		const made = serialsFromPattern({ prefix: "", start: "1", count: String(MAX_GENERATED_SERIALS) });
		expect("serials" in made && made.serials.length).toBe(MAX_GENERATED_SERIALS);
		expect("serials" in made && new Set(made.serials).size).toBe(MAX_GENERATED_SERIALS);
	});
});
