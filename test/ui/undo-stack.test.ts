import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UndoStack } from "../../ui/src/grid/model/undo-stack";

describe("UndoStack", () => {
	it("undoes the last edit first, then redoes it", () => {
		const stack = new UndoStack<string>();
		expect(stack.canUndo).toBe(false);
		stack.push("a");
		stack.push("b");
		expect(stack.undo()).toBe("b");
		expect(stack.canRedo).toBe(true);
		expect(stack.undo()).toBe("a");
		expect(stack.undo()).toBeUndefined();
		expect(stack.redo()).toBe("a");
		expect(stack.redo()).toBe("b");
		expect(stack.redo()).toBeUndefined();
	});

	it("a new edit after undo cannot redo the undone one", () => {
		const stack = new UndoStack<string>();
		stack.push("a");
		stack.push("b");
		stack.undo();
		stack.push("c");
		expect(stack.canRedo).toBe(false);
		expect(stack.redo()).toBeUndefined();
		expect(stack.undo()).toBe("c");
		expect(stack.undo()).toBe("a");
	});

	it("forgets the oldest edits beyond its limit", () => {
		const stack = new UndoStack<number>(3);
		for (let i = 1; i <= 5; i++) stack.push(i);
		expect([stack.undo(), stack.undo(), stack.undo(), stack.undo()]).toEqual([5, 4, 3, undefined]);
	});

	it("undoing everything then redoing everything restores the document", () => {
		// The document is a map of cells; an entry records a cell's value before and after.
		type Entry = { cell: number; before: number; after: number };
		const edits = fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer()), { maxLength: 30 });
		fc.assert(
			fc.property(edits, fc.array(fc.boolean(), { maxLength: 40 }), (changes, moves) => {
				const doc = [0, 0, 0, 0, 0];
				const stack = new UndoStack<Entry>();
				const snapshots: number[][] = [[...doc]];
				for (const [cell, value] of changes) {
					stack.push({ cell, before: doc[cell] ?? 0, after: value });
					doc[cell] = value;
					snapshots.push([...doc]);
				}
				let at = snapshots.length - 1;
				for (const undo of moves) {
					const entry = undo ? stack.undo() : stack.redo();
					if (entry) {
						doc[entry.cell] = undo ? entry.before : entry.after;
						at += undo ? -1 : 1;
					}
					expect(doc).toEqual(snapshots[at]);
				}
			}),
		);
	});
});
