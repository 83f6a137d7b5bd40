/**
 * The grid's keyboard, as a person used to Excel or Google Sheets expects it: a pure function from
 * a key press and the grid's state to one action, so that it is tested without a browser. The
 * component applies the action; Ctrl+V is not here (the component reads the `paste` event, which
 * is the only way to get the clipboard's text without a permission prompt).
 */
import { type CellPos, type CellRange, clampPos } from "./cell-range";

export type KeyInput = {
	key: string;
	shiftKey: boolean;
	ctrlKey: boolean;
	metaKey: boolean;
	altKey: boolean;
	/** KeyboardEvent.code, when known: finds Ctrl+C on a non-Latin layout (Russian "с"), where `key` is not "c". */
	code?: string;
	/** KeyboardEvent.isComposing: an input method (Japanese, Chinese…) is composing; its Enter picks a word. */
	isComposing?: boolean;
};

export type GridState = {
	/** The active cell (where typing goes); also the range's anchor. */
	active: CellPos;
	range: CellRange;
	editing: boolean;
	rowCount: number;
	colCount: number;
	/** Rows that fit in the viewport: PageUp/PageDown move by that much. */
	pageRows: number;
	/** On macOS the shortcut key is Cmd (metaKey), elsewhere Ctrl. */
	isMac: boolean;
	/**
	 * The focus is on the column header row (ARIA grid pattern), on column `active.col`; `active.row`
	 * is the data row's, kept for when the focus comes back down.
	 */
	inHeader?: boolean;
};

export type GridAction =
	/** `extend`: move the range's focus to `to`, keeping the anchor and active cell; otherwise make `to` the active cell and the whole range. */
	| { type: "move"; to: CellPos; extend: boolean }
	/** `initial`: the typed character that replaces the value; absent: edit the current value (F2). */
	| { type: "startEdit"; initial?: string }
	| { type: "commitEdit"; then: "down" | "up" | "right" | "left" | "none" }
	| { type: "cancelEdit" }
	| { type: "copy" }
	| { type: "fillDown" }
	| { type: "clear" }
	| { type: "undo" }
	| { type: "redo" }
	| { type: "selectAll" }
	/** Focus the header cell of column `col` (from the first row, ArrowUp; along the header, arrows, Home/End). */
	| { type: "header"; col: number }
	/** Sort by column `col`, cycling ascending → descending → unsorted (Enter or Space on its header). */
	| { type: "sort"; col: number };

/** The platform's shortcut modifier: Cmd on macOS, Ctrl elsewhere. */
export function isShortcut(input: KeyInput, isMac: boolean): boolean {
	return isMac ? input.metaKey : input.ctrlKey;
}

/** Whether the page runs on macOS (or iPadOS), for GridState.isMac. */
export function detectMac(platform: string = globalThis.navigator?.platform ?? ""): boolean {
	return /^(Mac|iPhone|iPad|iPod)/i.test(platform);
}

/** The letter of a shortcut: `key` for Latin layouts (AZERTY's "a" is "a"), else the physical key. */
function shortcutLetter(input: KeyInput): string | null {
	const key = input.key.toLowerCase();
	if (/^[a-z]$/.test(key)) return key;
	const code = input.code?.match(/^Key([A-Z])$/);
	return code?.[1] ? code[1].toLowerCase() : null;
}

/**
 * A character the user types into a cell: one character, no shortcut modifier. AltGr (reported as
 * Ctrl+Alt on Windows) and Option on macOS type characters such as "@", "€" or "#" on French
 * keyboards, so they count as typing.
 */
function typedCharacter(input: KeyInput, isMac: boolean): string | null {
	if (Array.from(input.key).length !== 1) return null;
	if (isMac) return input.metaKey || input.ctrlKey ? null : input.key;
	if (input.metaKey) return null;
	if (input.ctrlKey !== input.altKey) return null; // Ctrl alone or Alt alone: a shortcut; both: AltGr
	return input.key;
}

/** The commit action (shorthand `then`, which the linter does not take for a thenable). */
export function commitEdit(then: Extract<GridAction, { type: "commitEdit" }>["then"]): GridAction {
	return { type: "commitEdit", then };
}

const ARROWS: Record<string, CellPos> = {
	ArrowUp: { row: -1, col: 0 },
	ArrowDown: { row: 1, col: 0 },
	ArrowLeft: { row: 0, col: -1 },
	ArrowRight: { row: 0, col: 1 },
};

/**
 * The action of a key press, or null when the grid leaves the key alone (then the component must
 * not call preventDefault, so the text input or the browser gets it).
 *
 * @example keyToAction({ key: "Home", ctrlKey: true, ... }, state) // { type: "move", to: { row: 0, col: 0 }, extend: false }
 */
export function keyToAction(input: KeyInput, state: GridState): GridAction | null {
	if (input.isComposing || input.key === "Process") return null;
	const ctrl = isShortcut(input, state.isMac);
	const { key, shiftKey: shift } = input;

	if (state.editing) {
		// The text input owns arrows, Home/End, Ctrl+Z… Only leaving the cell is ours.
		if (input.altKey || ctrl) return null; // Alt+Enter: a line break in Excel; Ctrl+Enter: no move
		if (key === "Enter") return commitEdit(shift ? "up" : "down");
		if (key === "Tab") return commitEdit(shift ? "left" : "right");
		if (key === "Escape") return { type: "cancelEdit" };
		return null;
	}

	if (state.colCount <= 0) return null;
	if (state.inHeader) return headerKeyToAction(input, state);
	// Nothing filtered in: the header (to sort or come back) is all there is.
	if (state.rowCount <= 0)
		return key === "ArrowUp" && !ctrl && !shift ? { type: "header", col: state.active.col } : null;
	const last = { row: state.rowCount - 1, col: state.colCount - 1 };
	// Shift+move extends from the range's focus; a plain move goes from the active cell.
	const from = shift ? state.range.focus : state.active;
	const move = (to: CellPos, extend = shift): GridAction => ({
		type: "move",
		to: clampPos(to, state.rowCount, state.colCount),
		extend,
	});

	const arrow = ARROWS[key];
	if (arrow && !input.altKey) {
		// Up from the first row reaches the column headers, where Enter or Space sorts.
		if (key === "ArrowUp" && !ctrl && !shift && state.active.row === 0)
			return { type: "header", col: state.active.col };
		if (!ctrl) return move({ row: from.row + arrow.row, col: from.col + arrow.col });
		// Ctrl/Cmd+arrow: to the grid's edge in that direction.
		return move({
			row: arrow.row < 0 ? 0 : arrow.row > 0 ? last.row : from.row,
			col: arrow.col < 0 ? 0 : arrow.col > 0 ? last.col : from.col,
		});
	}

	switch (key) {
		case "Tab": {
			if (ctrl || input.altKey) return null; // the browser's (switching tabs/windows)
			const { row, col } = state.active;
			if (shift) {
				if (col > 0) return move({ row, col: col - 1 }, false);
				return row > 0 ? move({ row: row - 1, col: last.col }, false) : move({ row, col }, false);
			}
			if (col < last.col) return move({ row, col: col + 1 }, false);
			return row < last.row ? move({ row: row + 1, col: 0 }, false) : move({ row, col }, false);
		}
		case "Enter":
			if (ctrl || input.altKey) return null;
			return move({ row: state.active.row + (shift ? -1 : 1), col: state.active.col }, false);
		case "Home":
			return move(ctrl ? { row: 0, col: 0 } : { row: from.row, col: 0 });
		case "End":
			return move(ctrl ? last : { row: from.row, col: last.col });
		case "PageUp":
		case "PageDown": {
			if (input.altKey) return null;
			const page = Math.max(1, state.pageRows);
			return move({ row: from.row + (key === "PageUp" ? -page : page), col: from.col });
		}
		case "F2":
			return { type: "startEdit" };
		case "Delete":
		case "Backspace":
			return ctrl || input.altKey ? null : { type: "clear" };
		case "Escape":
			return null;
	}

	if (ctrl && !input.altKey) {
		switch (shortcutLetter(input)) {
			case "c":
				return shift ? null : { type: "copy" };
			case "d":
				return shift ? null : { type: "fillDown" };
			case "z":
				return shift ? { type: "redo" } : { type: "undo" };
			case "y":
				return shift ? null : { type: "redo" };
			case "a":
				return shift ? null : { type: "selectAll" };
			default:
				return null; // Ctrl+V (paste event), Ctrl+F, Ctrl+P…: the browser's
		}
	}

	const typed = typedCharacter(input, state.isMac);
	return typed === null ? null : { type: "startEdit", initial: typed };
}

/**
 * Keys on the column header row: arrows and Home/End move along it, Enter or Space sorts, ArrowDown
 * (or PageDown, Ctrl+Home/End) goes back to the data; Tab leaves the grid (the browser's, as from any
 * composite widget); undo/redo still work. Nothing edits a header.
 */
function headerKeyToAction(input: KeyInput, state: GridState): GridAction | null {
	const ctrl = isShortcut(input, state.isMac);
	const { key, shiftKey: shift } = input;
	const col = state.active.col;
	const lastCol = state.colCount - 1;
	const lastRow = state.rowCount - 1;
	const header = (to: number): GridAction => ({ type: "header", col: Math.max(0, Math.min(lastCol, to)) });
	const down = (row: number, toCol = col): GridAction | null =>
		lastRow < 0
			? null
			: { type: "move", to: clampPos({ row, col: toCol }, state.rowCount, state.colCount), extend: false };
	if (input.altKey) return null;
	if (ctrl) {
		if (key === "Home") return down(0, 0);
		if (key === "End") return down(lastRow, lastCol);
		if (key === "ArrowDown") return down(lastRow);
		if (key === "ArrowLeft") return header(0);
		if (key === "ArrowRight") return header(lastCol);
		const letter = shortcutLetter(input);
		if (letter === "z") return shift ? { type: "redo" } : { type: "undo" };
		if (letter === "y" && !shift) return { type: "redo" };
		return null;
	}
	if (shift) return null;
	switch (key) {
		case "ArrowLeft":
			return header(col - 1);
		case "ArrowRight":
			return header(col + 1);
		case "ArrowUp":
			return header(col);
		case "Home":
			return header(0);
		case "End":
			return header(lastCol);
		case "ArrowDown":
			return down(0);
		case "PageDown":
			return down(Math.max(1, state.pageRows) - 1);
		case "PageUp":
			return header(col);
		case "Enter":
		case " ":
			return { type: "sort", col };
		default:
			return null;
	}
}

/** What a key does to a row's lots: expand or collapse them, or toggle (Space, as on a disclosure). */
export type LotToggle = "expand" | "collapse" | "toggle";

/**
 * The grid's keys for a row that expands into its lots (a product tracked by lot or serial, or one
 * of its lot rows): Alt+ArrowDown expands and Alt+ArrowUp collapses, from any cell of the row (plain
 * arrows move, Alt+arrows are otherwise unused); Space toggles from the product's SKU, name or type,
 * which are never edited. Null for any other key, which then does what it always does.
 */
export function lotToggleKey(
	input: Pick<KeyInput, "key" | "shiftKey" | "ctrlKey" | "metaKey" | "altKey">,
	onProductColumn: boolean,
): LotToggle | null {
	if (input.ctrlKey || input.metaKey || input.shiftKey) return null;
	if (input.altKey) return input.key === "ArrowDown" ? "expand" : input.key === "ArrowUp" ? "collapse" : null;
	return input.key === " " && onProductColumn ? "toggle" : null;
}
