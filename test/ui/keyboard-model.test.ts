import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CellPos } from "../../ui/src/grid/model/cell-range";
import { detectMac, type GridState, type KeyInput, keyToAction } from "../../ui/src/grid/model/keyboard-model";

function key(k: string, mods: Partial<Omit<KeyInput, "key">> = {}): KeyInput {
	return { key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods };
}

function state(active: CellPos, overrides: Partial<GridState> = {}): GridState {
	return {
		active,
		range: { anchor: active, focus: active },
		editing: false,
		rowCount: 100,
		colCount: 10,
		pageRows: 20,
		isMac: false,
		...overrides,
	};
}

/** The commit action, spelled without an object literal whose `then` key the linter takes for a thenable. */
const committed = (then: string) => ({ type: "commitEdit", then });
const at = (row: number, col: number): CellPos => ({ row, col });
const moveTo = (row: number, col: number, extend = false) => ({ type: "move", to: at(row, col), extend });

describe("keyToAction: moving around", () => {
	it("arrows move one cell and stop at the grid's edges", () => {
		expect(keyToAction(key("ArrowDown"), state(at(5, 5)))).toEqual(moveTo(6, 5));
		expect(keyToAction(key("ArrowUp"), state(at(5, 5)))).toEqual(moveTo(4, 5));
		expect(keyToAction(key("ArrowLeft"), state(at(5, 5)))).toEqual(moveTo(5, 4));
		expect(keyToAction(key("ArrowRight"), state(at(5, 5)))).toEqual(moveTo(5, 6));
		expect(keyToAction(key("ArrowUp", { ctrlKey: true }), state(at(0, 0)))).toEqual(moveTo(0, 0));
		expect(keyToAction(key("ArrowRight"), state(at(99, 9)))).toEqual(moveTo(99, 9));
	});

	it("Shift+arrow extends the selection from its far corner, keeping the active cell", () => {
		const s = state(at(5, 5), { range: { anchor: at(5, 5), focus: at(7, 6) } });
		expect(keyToAction(key("ArrowDown", { shiftKey: true }), s)).toEqual(moveTo(8, 6, true));
		expect(keyToAction(key("ArrowLeft", { shiftKey: true }), s)).toEqual(moveTo(7, 5, true));
		// A plain arrow collapses the selection and moves from the active cell.
		expect(keyToAction(key("ArrowDown"), s)).toEqual(moveTo(6, 5));
	});

	it("Ctrl+arrow jumps to the grid's edge; with Shift it selects up to there", () => {
		const ctrl = { ctrlKey: true };
		expect(keyToAction(key("ArrowDown", ctrl), state(at(5, 5)))).toEqual(moveTo(99, 5));
		expect(keyToAction(key("ArrowUp", ctrl), state(at(5, 5)))).toEqual(moveTo(0, 5));
		expect(keyToAction(key("ArrowLeft", ctrl), state(at(5, 5)))).toEqual(moveTo(5, 0));
		expect(keyToAction(key("ArrowRight", ctrl), state(at(5, 5)))).toEqual(moveTo(5, 9));
		expect(keyToAction(key("ArrowDown", { ...ctrl, shiftKey: true }), state(at(5, 5)))).toEqual(moveTo(99, 5, true));
	});

	it("Tab moves right and wraps to the start of the next row; Shift+Tab goes back", () => {
		expect(keyToAction(key("Tab"), state(at(3, 4)))).toEqual(moveTo(3, 5));
		expect(keyToAction(key("Tab"), state(at(3, 9)))).toEqual(moveTo(4, 0));
		expect(keyToAction(key("Tab"), state(at(99, 9)))).toEqual(moveTo(99, 9));
		expect(keyToAction(key("Tab", { shiftKey: true }), state(at(3, 4)))).toEqual(moveTo(3, 3));
		expect(keyToAction(key("Tab", { shiftKey: true }), state(at(3, 0)))).toEqual(moveTo(2, 9));
		expect(keyToAction(key("Tab", { shiftKey: true }), state(at(0, 0)))).toEqual(moveTo(0, 0));
	});

	it("Enter moves down and Shift+Enter up when not editing", () => {
		expect(keyToAction(key("Enter"), state(at(3, 4)))).toEqual(moveTo(4, 4));
		expect(keyToAction(key("Enter", { shiftKey: true }), state(at(3, 4)))).toEqual(moveTo(2, 4));
		expect(keyToAction(key("Enter"), state(at(99, 4)))).toEqual(moveTo(99, 4));
	});

	it("Home and End go to the row's first and last cell", () => {
		expect(keyToAction(key("Home"), state(at(7, 4)))).toEqual(moveTo(7, 0));
		expect(keyToAction(key("End"), state(at(7, 4)))).toEqual(moveTo(7, 9));
		expect(keyToAction(key("End", { shiftKey: true }), state(at(7, 4)))).toEqual(moveTo(7, 9, true));
	});

	it("Ctrl+Home goes to the first cell and Ctrl+End to the last", () => {
		expect(keyToAction(key("Home", { ctrlKey: true }), state(at(7, 4)))).toEqual(moveTo(0, 0));
		expect(keyToAction(key("End", { ctrlKey: true }), state(at(7, 4)))).toEqual(moveTo(99, 9));
		expect(keyToAction(key("Home", { ctrlKey: true, shiftKey: true }), state(at(7, 4)))).toEqual(moveTo(0, 0, true));
	});

	it("PageDown and PageUp move by a screenful of rows, and stop at the edges", () => {
		expect(keyToAction(key("PageDown"), state(at(10, 2)))).toEqual(moveTo(30, 2));
		expect(keyToAction(key("PageUp"), state(at(30, 2)))).toEqual(moveTo(10, 2));
		expect(keyToAction(key("PageUp"), state(at(5, 2)))).toEqual(moveTo(0, 2));
		expect(keyToAction(key("PageDown"), state(at(95, 2)))).toEqual(moveTo(99, 2));
		expect(keyToAction(key("PageDown", { shiftKey: true }), state(at(10, 2)))).toEqual(moveTo(30, 2, true));
	});

	it("does nothing to move in an empty grid (no rows after a filter), but the headers stay reachable", () => {
		expect(keyToAction(key("ArrowDown"), state(at(0, 0), { rowCount: 0 }))).toBeNull();
		expect(keyToAction(key("ArrowUp"), state(at(0, 3), { rowCount: 0 }))).toEqual({ type: "header", col: 3 });
		expect(keyToAction(key("ArrowDown"), state(at(0, 3), { rowCount: 0, inHeader: true }))).toBeNull();
	});

	it("never leaves the grid, whatever is pressed", () => {
		const keys = fc.constantFrom(
			"ArrowUp",
			"ArrowDown",
			"ArrowLeft",
			"ArrowRight",
			"Tab",
			"Enter",
			"Home",
			"End",
			"PageUp",
			"PageDown",
		);
		const grid = fc.record({ rowCount: fc.integer({ min: 1, max: 50 }), colCount: fc.integer({ min: 1, max: 12 }) });
		fc.assert(
			fc.property(
				grid,
				fc.array(fc.tuple(keys, fc.boolean(), fc.boolean()), { maxLength: 60 }),
				fc.integer({ min: 0, max: 30 }),
				({ rowCount, colCount }, presses, pageRows) => {
					let s = state(at(0, 0), { rowCount, colCount, pageRows });
					for (const [k, shiftKey, ctrlKey] of presses) {
						const action = keyToAction(key(k, { shiftKey, ctrlKey }), s);
						if (action?.type === "header") {
							expect(action.col >= 0 && action.col < colCount).toBe(true);
							s = { ...s, active: { row: s.active.row, col: action.col }, inHeader: true };
							continue;
						}
						if (action?.type !== "move") continue;
						s = { ...s, inHeader: false };
						const { row, col } = action.to;
						expect(row >= 0 && row < rowCount && col >= 0 && col < colCount).toBe(true);
						s = action.extend
							? { ...s, range: { anchor: s.range.anchor, focus: action.to } }
							: { ...s, active: action.to, range: { anchor: action.to, focus: action.to } };
					}
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe("keyToAction: the column header row (ARIA grid pattern)", () => {
	const header = (col: number) => ({ type: "header", col });
	const onHeader = (col: number, overrides: Partial<GridState> = {}) =>
		state(at(7, col), { inHeader: true, ...overrides });

	it("ArrowUp from the first row reaches the header of the same column; from lower rows it moves up", () => {
		expect(keyToAction(key("ArrowUp"), state(at(0, 4)))).toEqual(header(4));
		expect(keyToAction(key("ArrowUp"), state(at(1, 4)))).toEqual(moveTo(0, 4));
		// Shift+ArrowUp extends a selection, which a header cannot join.
		expect(keyToAction(key("ArrowUp", { shiftKey: true }), state(at(0, 4)))).toEqual(moveTo(0, 4, true));
	});

	it("arrows, Home and End move along the header row and stop at its ends", () => {
		expect(keyToAction(key("ArrowRight"), onHeader(4))).toEqual(header(5));
		expect(keyToAction(key("ArrowLeft"), onHeader(4))).toEqual(header(3));
		expect(keyToAction(key("ArrowLeft"), onHeader(0))).toEqual(header(0));
		expect(keyToAction(key("ArrowRight"), onHeader(9))).toEqual(header(9));
		expect(keyToAction(key("ArrowUp"), onHeader(4))).toEqual(header(4));
		expect(keyToAction(key("Home"), onHeader(4))).toEqual(header(0));
		expect(keyToAction(key("End"), onHeader(4))).toEqual(header(9));
	});

	it("Enter or Space sorts by the column; nothing types into a header", () => {
		expect(keyToAction(key("Enter"), onHeader(4))).toEqual({ type: "sort", col: 4 });
		expect(keyToAction(key(" "), onHeader(4))).toEqual({ type: "sort", col: 4 });
		expect(keyToAction(key("a"), onHeader(4))).toBeNull();
		expect(keyToAction(key("F2"), onHeader(4))).toBeNull();
		expect(keyToAction(key("Delete"), onHeader(4))).toBeNull();
		expect(keyToAction(key("c", { ctrlKey: true }), onHeader(4))).toBeNull();
	});

	it("ArrowDown returns to the first data row of the column; Ctrl+Home/End to the grid's corners", () => {
		expect(keyToAction(key("ArrowDown"), onHeader(4))).toEqual(moveTo(0, 4));
		expect(keyToAction(key("PageDown"), onHeader(4))).toEqual(moveTo(19, 4));
		expect(keyToAction(key("Home", { ctrlKey: true }), onHeader(4))).toEqual(moveTo(0, 0));
		expect(keyToAction(key("End", { ctrlKey: true }), onHeader(4))).toEqual(moveTo(99, 9));
	});

	it("Tab leaves the grid from the header (the browser's), and undo/redo still work", () => {
		expect(keyToAction(key("Tab"), onHeader(4))).toBeNull();
		expect(keyToAction(key("Tab", { shiftKey: true }), onHeader(4))).toBeNull();
		expect(keyToAction(key("z", { ctrlKey: true }), onHeader(4))).toEqual({ type: "undo" });
		expect(keyToAction(key("y", { ctrlKey: true }), onHeader(4))).toEqual({ type: "redo" });
		expect(keyToAction(key("z", { metaKey: true }), onHeader(4, { isMac: true }))).toEqual({ type: "undo" });
	});
});

describe("keyToAction: editing", () => {
	it("typing a character starts editing with that character replacing the value", () => {
		expect(keyToAction(key("7"), state(at(1, 1)))).toEqual({ type: "startEdit", initial: "7" });
		expect(keyToAction(key("A", { shiftKey: true }), state(at(1, 1)))).toEqual({ type: "startEdit", initial: "A" });
		expect(keyToAction(key("é"), state(at(1, 1)))).toEqual({ type: "startEdit", initial: "é" });
	});

	it("AltGr characters on a French keyboard (@, €) type, they are not shortcuts", () => {
		expect(keyToAction(key("@", { ctrlKey: true, altKey: true }), state(at(1, 1)))).toEqual({
			type: "startEdit",
			initial: "@",
		});
		expect(keyToAction(key("€", { altKey: true }), state(at(1, 1), { isMac: true }))).toEqual({
			type: "startEdit",
			initial: "€",
		});
	});

	it("F2 edits the current value", () => {
		expect(keyToAction(key("F2"), state(at(1, 1)))).toEqual({ type: "startEdit" });
	});

	it("while editing, Enter and Tab commit and move; Escape cancels", () => {
		const editing = state(at(1, 1), { editing: true });
		expect(keyToAction(key("Enter"), editing)).toEqual(committed("down"));
		expect(keyToAction(key("Enter", { shiftKey: true }), editing)).toEqual(committed("up"));
		expect(keyToAction(key("Tab"), editing)).toEqual(committed("right"));
		expect(keyToAction(key("Tab", { shiftKey: true }), editing)).toEqual(committed("left"));
		expect(keyToAction(key("Escape"), editing)).toEqual({ type: "cancelEdit" });
	});

	it("while editing, arrows, Home/End, typing, Delete and Ctrl+Z belong to the text box", () => {
		const editing = state(at(1, 1), { editing: true });
		for (const k of ["ArrowLeft", "ArrowDown", "Home", "End", "a", "Backspace", "Delete", "F2", "PageDown"])
			expect(keyToAction(key(k), editing)).toBeNull();
		expect(keyToAction(key("z", { ctrlKey: true }), editing)).toBeNull();
		expect(keyToAction(key("c", { ctrlKey: true }), editing)).toBeNull();
		expect(keyToAction(key("a", { ctrlKey: true }), editing)).toBeNull();
	});

	it("Enter that picks a word in a Japanese or Chinese input method does not commit", () => {
		const editing = state(at(1, 1), { editing: true });
		expect(keyToAction(key("Enter", { isComposing: true }), editing)).toBeNull();
		expect(keyToAction(key("Process"), state(at(1, 1)))).toBeNull();
	});

	it("Delete and Backspace clear the selection when not editing", () => {
		expect(keyToAction(key("Delete"), state(at(1, 1)))).toEqual({ type: "clear" });
		expect(keyToAction(key("Backspace"), state(at(1, 1)))).toEqual({ type: "clear" });
	});

	it("Escape outside an edit does nothing", () => {
		expect(keyToAction(key("Escape"), state(at(1, 1)))).toBeNull();
	});
});

describe("keyToAction: shortcuts", () => {
	const pc = state(at(1, 1));
	const mac = state(at(1, 1), { isMac: true });

	it("Ctrl+C copies, Ctrl+D fills down, Ctrl+A selects all", () => {
		expect(keyToAction(key("c", { ctrlKey: true }), pc)).toEqual({ type: "copy" });
		expect(keyToAction(key("d", { ctrlKey: true }), pc)).toEqual({ type: "fillDown" });
		expect(keyToAction(key("a", { ctrlKey: true }), pc)).toEqual({ type: "selectAll" });
	});

	it("Ctrl+Z undoes; Ctrl+Y and Ctrl+Shift+Z redo", () => {
		expect(keyToAction(key("z", { ctrlKey: true }), pc)).toEqual({ type: "undo" });
		expect(keyToAction(key("y", { ctrlKey: true }), pc)).toEqual({ type: "redo" });
		expect(keyToAction(key("Z", { ctrlKey: true, shiftKey: true }), pc)).toEqual({ type: "redo" });
	});

	it("Cmd is the shortcut key on macOS, and Ctrl is not", () => {
		expect(keyToAction(key("c", { metaKey: true }), mac)).toEqual({ type: "copy" });
		expect(keyToAction(key("z", { metaKey: true }), mac)).toEqual({ type: "undo" });
		expect(keyToAction(key("z", { metaKey: true, shiftKey: true }), mac)).toEqual({ type: "redo" });
		expect(keyToAction(key("Home", { metaKey: true }), mac)).toEqual(moveTo(0, 0));
		expect(keyToAction(key("ArrowDown", { metaKey: true }), mac)).toEqual(moveTo(99, 1));
		expect(keyToAction(key("c", { ctrlKey: true }), mac)).toBeNull();
		expect(keyToAction(key("c", { metaKey: true }), pc)).toBeNull();
	});

	it("Ctrl+V is left to the paste event, and unknown shortcuts to the browser", () => {
		expect(keyToAction(key("v", { ctrlKey: true }), pc)).toBeNull();
		expect(keyToAction(key("f", { ctrlKey: true }), pc)).toBeNull();
		expect(keyToAction(key("Tab", { ctrlKey: true }), pc)).toBeNull();
	});

	it("shortcuts work on a Russian keyboard layout and with Caps Lock", () => {
		expect(keyToAction(key("с", { ctrlKey: true, code: "KeyC" }), pc)).toEqual({ type: "copy" });
		expect(keyToAction(key("C", { ctrlKey: true }), pc)).toEqual({ type: "copy" });
	});

	it("recognizes macOS and iPad from the platform string", () => {
		expect(detectMac("MacIntel")).toBe(true);
		expect(detectMac("iPad")).toBe(true);
		expect(detectMac("Win32")).toBe(false);
		expect(detectMac("Linux x86_64")).toBe(false);
	});
});
