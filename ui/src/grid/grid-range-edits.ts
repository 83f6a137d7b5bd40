/**
 * What the grid's range commands do to cells — paste, fill down, clear, copy — worked out without
 * the DOM: the element describes its cells through `RangeCells` and applies the edits it gets back
 * (optimistically, with one undo entry, in one save).
 */
import type { Locale } from "../i18n/locale";
import { type CellEdit, parseCellInput } from "./model/cell-edits";
import type { CellRange, Rect } from "./model/cell-range";

/** An editable cell: the level and field it writes, and what it holds now. */
export type EditableCell = Omit<CellEdit, "value"> & { current: CellEdit["value"] };

export type RangeCells = {
	rowCount: number;
	colCount: number;
	/** The cell at (row, col) when it can be edited; undefined for read-only cells. */
	editable(row: number, col: number): EditableCell | undefined;
	/** The cell's value as text for the clipboard. */
	text(row: number, col: number): string;
};

export type PastePlan = {
	edits: CellEdit[];
	/** Cells whose pasted text is not valid: shown in error, not saved. */
	invalid: { cell: EditableCell; message: string }[];
	/** Read-only cells the paste covered. */
	skipped: number;
	/** The range the paste covered (selected afterwards). */
	range: CellRange;
};

/**
 * A pasted TSV range written from the selection's top-left cell, as spreadsheets do; one value over
 * a larger selection fills the selection. What falls outside the grid is dropped.
 */
export function planPaste(cells: RangeCells, selection: Rect, pasted: string[][], locale: Locale): PastePlan {
	const single = pasted.length === 1 && pasted[0]?.length === 1;
	const rows = single ? selection.bottom - selection.top + 1 : pasted.length;
	const cols = single ? selection.right - selection.left + 1 : Math.max(0, ...pasted.map((r) => r.length));
	const plan: PastePlan = {
		edits: [],
		invalid: [],
		skipped: 0,
		range: {
			anchor: { row: selection.top, col: selection.left },
			focus: { row: selection.top, col: selection.left },
		},
	};
	for (let i = 0; i < rows; i++) {
		const row = selection.top + i;
		if (row >= cells.rowCount) break;
		for (let j = 0; j < cols; j++) {
			const col = selection.left + j;
			if (col >= cells.colCount) break;
			const text = single ? (pasted[0]?.[0] ?? "") : pasted[i]?.[j];
			if (text === undefined) continue; // a ragged paste: that row is shorter
			plan.range.focus = { row: Math.max(plan.range.focus.row, row), col: Math.max(plan.range.focus.col, col) };
			const cell = cells.editable(row, col);
			if (!cell) {
				plan.skipped++;
				continue;
			}
			const parsed = parseCellInput(cell.field, text, locale);
			if (parsed.ok) plan.edits.push(edit(cell, parsed.value));
			else plan.invalid.push({ cell, message: parsed.error });
		}
	}
	return plan;
}

/** Ctrl+D: the selection's top row copied into the rows under it; one row selected takes the row above. */
export function planFillDown(cells: RangeCells, selection: Rect): CellEdit[] {
	const oneRow = selection.top === selection.bottom;
	const source = oneRow ? selection.top - 1 : selection.top;
	const first = oneRow ? selection.top : selection.top + 1;
	if (source < 0) return [];
	const edits: CellEdit[] = [];
	for (let col = selection.left; col <= selection.right; col++) {
		const from = cells.editable(source, col);
		if (!from) continue;
		for (let row = first; row <= selection.bottom; row++) {
			const to = cells.editable(row, col);
			if (to && to.field === from.field) edits.push(edit(to, from.current));
		}
	}
	return edits;
}

/** Delete: the selection's editable cells emptied. */
export function planClear(cells: RangeCells, selection: Rect): CellEdit[] {
	const edits: CellEdit[] = [];
	for (let row = selection.top; row <= selection.bottom; row++)
		for (let col = selection.left; col <= selection.right; col++) {
			const cell = cells.editable(row, col);
			if (cell) edits.push(edit(cell, null));
		}
	return edits;
}

/** Ctrl+C: the selection's cells as text, row by row (for formatTsv). */
export function rangeText(cells: RangeCells, selection: Rect): string[][] {
	const out: string[][] = [];
	for (let row = selection.top; row <= Math.min(selection.bottom, cells.rowCount - 1); row++) {
		const line: string[] = [];
		for (let col = selection.left; col <= selection.right; col++) line.push(cells.text(row, col));
		out.push(line);
	}
	return out;
}

function edit(cell: EditableCell, value: CellEdit["value"]): CellEdit {
	return { productId: cell.productId, locationId: cell.locationId, field: cell.field, value };
}
