import { describe, expect, it } from "vitest";
import { clampPos, rangeContains, rectCells, rectOf, rectSize, singleCell } from "../../ui/src/grid/model/cell-range";

describe("cell ranges", () => {
	it("a range dragged up and to the left covers the same cells as one dragged down and right", () => {
		const up = { anchor: { row: 5, col: 3 }, focus: { row: 2, col: 1 } };
		const down = { anchor: { row: 2, col: 1 }, focus: { row: 5, col: 3 } };
		expect(rectOf(up)).toEqual({ top: 2, left: 1, bottom: 5, right: 3 });
		expect(rectOf(down)).toEqual(rectOf(up));
		expect(rectSize(rectOf(up))).toEqual({ rows: 4, cols: 3 });
	});

	it("contains its corners and inner cells, not the cells beside it", () => {
		const range = { anchor: { row: 5, col: 3 }, focus: { row: 2, col: 1 } };
		expect(rangeContains(range, { row: 2, col: 1 })).toBe(true);
		expect(rangeContains(range, { row: 5, col: 3 })).toBe(true);
		expect(rangeContains(range, { row: 3, col: 2 })).toBe(true);
		expect(rangeContains(range, { row: 1, col: 2 })).toBe(false);
		expect(rangeContains(range, { row: 3, col: 4 })).toBe(false);
	});

	it("a single cell is a 1×1 range", () => {
		const r = rectOf(singleCell({ row: 4, col: 2 }));
		expect(rectSize(r)).toEqual({ rows: 1, cols: 1 });
		expect([...rectCells(r)]).toEqual([{ row: 4, col: 2 }]);
	});

	it("lists a range's cells row by row", () => {
		expect([...rectCells({ top: 0, left: 1, bottom: 1, right: 2 })]).toEqual([
			{ row: 0, col: 1 },
			{ row: 0, col: 2 },
			{ row: 1, col: 1 },
			{ row: 1, col: 2 },
		]);
	});

	it("keeps a position inside the grid", () => {
		expect(clampPos({ row: -3, col: 99 }, 10, 4)).toEqual({ row: 0, col: 3 });
		expect(clampPos({ row: 12, col: -1 }, 10, 4)).toEqual({ row: 9, col: 0 });
		expect(clampPos({ row: 3, col: 2 }, 10, 4)).toEqual({ row: 3, col: 2 });
		expect(clampPos({ row: 3, col: 2 }, 0, 0)).toEqual({ row: 0, col: 0 });
	});
});
