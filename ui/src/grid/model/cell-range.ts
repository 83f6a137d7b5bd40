/**
 * Cell positions and ranges of the grid, in data coordinates (row index in the shown rows, column
 * index in the shown columns), 0-based. A range is what the user selected: the anchor is where the
 * selection started (the active cell), the focus where Shift+click or Shift+arrow took it.
 */

export type CellPos = { row: number; col: number };
export type CellRange = { anchor: CellPos; focus: CellPos };
/** Inclusive bounds. */
export type Rect = { top: number; left: number; bottom: number; right: number };

/** The range of one cell. */
export function singleCell(pos: CellPos): CellRange {
	return { anchor: { ...pos }, focus: { ...pos } };
}

export function rectOf(range: CellRange): Rect {
	const { anchor, focus } = range;
	return {
		top: Math.min(anchor.row, focus.row),
		left: Math.min(anchor.col, focus.col),
		bottom: Math.max(anchor.row, focus.row),
		right: Math.max(anchor.col, focus.col),
	};
}

export function rangeContains(range: CellRange, pos: CellPos): boolean {
	const r = rectOf(range);
	return pos.row >= r.top && pos.row <= r.bottom && pos.col >= r.left && pos.col <= r.right;
}

/** The nearest cell inside a grid of `rowCount` × `colCount` ({0, 0} for an empty grid). */
export function clampPos(pos: CellPos, rowCount: number, colCount: number): CellPos {
	return {
		row: Math.max(0, Math.min(pos.row, rowCount - 1)),
		col: Math.max(0, Math.min(pos.col, colCount - 1)),
	};
}

/** Rows and columns in a rect (both ≥ 1). */
export function rectSize(rect: Rect): { rows: number; cols: number } {
	return { rows: rect.bottom - rect.top + 1, cols: rect.right - rect.left + 1 };
}

/** The cells of a rect, row by row. */
export function* rectCells(rect: Rect): Generator<CellPos> {
	for (let row = rect.top; row <= rect.bottom; row++)
		for (let col = rect.left; col <= rect.right; col++) yield { row, col };
}

export function samePos(a: CellPos, b: CellPos): boolean {
	return a.row === b.row && a.col === b.col;
}
