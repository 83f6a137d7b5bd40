import { describe, expect, it } from "vitest";
import { buildPatches, type CellEdit, parseCellInput } from "../../ui/src/grid/model/cell-edits";

describe("parseCellInput", () => {
	it("reads quantities as the user types them in their language", () => {
		expect(parseCellInput("reorderPoint", "12.5", "en")).toEqual({ ok: true, value: 12.5 });
		expect(parseCellInput("reorderPoint", "1,234.5", "en")).toEqual({ ok: true, value: 1234.5 });
		expect(parseCellInput("reorderQty", "1 234,5", "fr")).toEqual({ ok: true, value: 1234.5 });
		expect(parseCellInput("reorderQty", " 0 ", "fr")).toEqual({ ok: true, value: 0 });
	});

	it("an emptied cell clears the value", () => {
		expect(parseCellInput("reorderPoint", "", "en")).toEqual({ ok: true, value: null });
		expect(parseCellInput("bin", "   ", "en")).toEqual({ ok: true, value: null });
	});

	it("refuses text, negative quantities and more than 4 decimals, saying why in the user's language", () => {
		expect(parseCellInput("reorderPoint", "abc", "en")).toEqual({
			ok: false,
			error: "Enter a number (at most 4 decimals)",
		});
		expect(parseCellInput("reorderPoint", "1.23456", "en")).toMatchObject({ ok: false });
		expect(parseCellInput("reorderPoint", "-3", "en")).toEqual({ ok: false, error: "Must be 0 or more" });
		expect(parseCellInput("reorderPoint", "-3", "fr")).toEqual({ ok: false, error: "Doit être supérieur ou égal à 0" });
		expect(parseCellInput("reorderQty", "2000000000", "en")).toEqual({
			ok: false,
			error: "Must be at most 1,000,000,000",
		});
	});

	it("trims a bin and refuses one longer than 64 characters", () => {
		expect(parseCellInput("bin", "  Shelf 3 ", "en")).toEqual({ ok: true, value: "Shelf 3" });
		expect(parseCellInput("bin", "x".repeat(64), "en")).toEqual({ ok: true, value: "x".repeat(64) });
		expect(parseCellInput("bin", "x".repeat(65), "fr")).toEqual({ ok: false, error: "64 caractères au plus" });
	});

	it("takes a bin that looks like a number as text", () => {
		expect(parseCellInput("bin", "12", "en")).toEqual({ ok: true, value: "12" });
	});
});

describe("buildPatches", () => {
	const versions: Record<string, number> = { "p1/l1": 3, "p1/l2": 7, "p2/l1": 1 };
	const versionOf = (p: string, l: string) => versions[`${p}/${l}`] ?? 0;

	it("sends one patch per product and location with the version the edit was based on", () => {
		const edits: CellEdit[] = [
			{ productId: "p1", locationId: "l1", field: "reorderPoint", value: 5 },
			{ productId: "p2", locationId: "l1", field: "bin", value: "B2" },
			{ productId: "p1", locationId: "l1", field: "reorderQty", value: 10 },
			{ productId: "p1", locationId: "l2", field: "bin", value: null },
		];
		expect(buildPatches(edits, versionOf)).toEqual([
			{ productId: "p1", locationId: "l1", version: 3, reorderPoint: 5, reorderQty: 10 },
			{ productId: "p2", locationId: "l1", version: 1, bin: "B2" },
			{ productId: "p1", locationId: "l2", version: 7, bin: null },
		]);
	});

	it("the later edit of the same cell wins (type 5, then fill 8 over it)", () => {
		const edits: CellEdit[] = [
			{ productId: "p1", locationId: "l1", field: "reorderPoint", value: 5 },
			{ productId: "p1", locationId: "l1", field: "reorderPoint", value: 8 },
		];
		expect(buildPatches(edits, versionOf)).toEqual([
			{ productId: "p1", locationId: "l1", version: 3, reorderPoint: 8 },
		]);
	});

	it("sends nothing for no edits", () => {
		expect(buildPatches([], versionOf)).toEqual([]);
	});
});
