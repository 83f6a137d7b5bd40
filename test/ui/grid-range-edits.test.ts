/**
 * The grid's range commands on a small grid: columns 0–1 read-only (SKU, on hand), 2 reorder
 * point, 3 reorder qty, 4 bin; one product per row.
 */
import { describe, expect, it } from "vitest";
import {
	type EditableCell,
	planClear,
	planFillDown,
	planPaste,
	type RangeCells,
	rangeText,
} from "../../ui/src/grid/grid-range-edits";
import type { EditableField } from "../../ui/src/grid/model/cell-edits";
import type { Rect } from "../../ui/src/grid/model/cell-range";

const FIELDS: (EditableField | null)[] = [null, null, "reorderPoint", "reorderQty", "bin"];

function makeGrid(values: (string | number | null)[][]): RangeCells {
	return {
		rowCount: values.length,
		colCount: FIELDS.length,
		editable(row, col): EditableCell | undefined {
			const field = FIELDS[col];
			if (!field || row >= values.length) return undefined;
			return { productId: `P${row}`, locationId: "L1", field, current: values[row]?.[col] ?? null };
		},
		text: (row, col) => String(values[row]?.[col] ?? ""),
	};
}

const rect = (top: number, left: number, bottom = top, right = left): Rect => ({ top, left, bottom, right });

const grid = makeGrid([
	["A-1", 5, 2, 10, "X1"],
	["A-2", 7, null, null, null],
	["A-3", 0, 4, 40, "X3"],
]);

describe("planPaste", () => {
	it("writes a range from the active cell, reading numbers in the user's locale", () => {
		const plan = planPaste(
			grid,
			rect(0, 2),
			[
				["1,5", "20"],
				["3", "30"],
			],
			"fr",
		);
		expect(plan.edits).toEqual([
			{ productId: "P0", locationId: "L1", field: "reorderPoint", value: 1.5 },
			{ productId: "P0", locationId: "L1", field: "reorderQty", value: 20 },
			{ productId: "P1", locationId: "L1", field: "reorderPoint", value: 3 },
			{ productId: "P1", locationId: "L1", field: "reorderQty", value: 30 },
		]);
		expect(plan.range).toEqual({ anchor: { row: 0, col: 2 }, focus: { row: 1, col: 3 } });
	});

	it("skips read-only cells and counts them", () => {
		const plan = planPaste(grid, rect(0, 1), [["9", "8"]], "en");
		expect(plan.skipped).toBe(1);
		expect(plan.edits).toEqual([{ productId: "P0", locationId: "L1", field: "reorderPoint", value: 8 }]);
	});

	it("keeps invalid cells out of the edits, each with its message", () => {
		const plan = planPaste(grid, rect(0, 2), [["lots", "-3", "B-7"]], "en");
		expect(plan.edits).toEqual([{ productId: "P0", locationId: "L1", field: "bin", value: "B-7" }]);
		expect(plan.invalid.map((i) => [i.cell.field, typeof i.message])).toEqual([
			["reorderPoint", "string"],
			["reorderQty", "string"],
		]);
	});

	it("fills the whole selection with one pasted value", () => {
		const plan = planPaste(grid, rect(0, 2, 2, 2), [["6"]], "en");
		expect(plan.edits.map((e) => [e.productId, e.value])).toEqual([
			["P0", 6],
			["P1", 6],
			["P2", 6],
		]);
	});

	it("drops what falls outside the grid", () => {
		const plan = planPaste(
			grid,
			rect(2, 4),
			[
				["B-1", "x"],
				["B-2", "y"],
			],
			"en",
		);
		expect(plan.edits).toEqual([{ productId: "P2", locationId: "L1", field: "bin", value: "B-1" }]);
	});
});

describe("planFillDown", () => {
	it("copies the top row of the selection into the rows below, editable cells only", () => {
		const edits = planFillDown(grid, rect(0, 1, 2, 2));
		expect(edits).toEqual([
			{ productId: "P1", locationId: "L1", field: "reorderPoint", value: 2 },
			{ productId: "P2", locationId: "L1", field: "reorderPoint", value: 2 },
		]);
	});

	it("copies the row above into a one-row selection", () => {
		expect(planFillDown(grid, rect(1, 4))).toEqual([{ productId: "P1", locationId: "L1", field: "bin", value: "X1" }]);
		expect(planFillDown(grid, rect(0, 4))).toEqual([]);
	});
});

describe("planClear", () => {
	it("empties the editable cells of the selection", () => {
		expect(planClear(grid, rect(2, 0, 2, 3)).map((e) => [e.field, e.value])).toEqual([
			["reorderPoint", null],
			["reorderQty", null],
		]);
	});
});

describe("rangeText", () => {
	it("gives the selected cells row by row", () => {
		expect(rangeText(grid, rect(0, 0, 1, 1))).toEqual([
			["A-1", "5"],
			["A-2", "7"],
		]);
	});
});
