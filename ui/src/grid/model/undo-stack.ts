/**
 * Undo and redo history of the grid's edits. An entry is whatever the grid needs to revert and
 * replay one user action (a paste of 200 cells is one entry). Bounded: the oldest entries go first.
 */
export class UndoStack<T> {
	readonly #limit: number;
	#done: T[] = [];
	#undone: T[] = [];

	constructor(limit = 100) {
		this.#limit = Math.max(1, Math.floor(limit));
	}

	/** Records a new action; what was undone can no longer be redone. */
	push(entry: T): void {
		this.#done.push(entry);
		if (this.#done.length > this.#limit) this.#done.splice(0, this.#done.length - this.#limit);
		this.#undone = [];
	}

	/** The entry to revert, now redoable; undefined when there is nothing to undo. */
	undo(): T | undefined {
		const entry = this.#done.pop();
		if (entry !== undefined) this.#undone.push(entry);
		return entry;
	}

	/** The entry to replay, undoable again; undefined when there is nothing to redo. */
	redo(): T | undefined {
		const entry = this.#undone.pop();
		if (entry !== undefined) this.#done.push(entry);
		return entry;
	}

	get canUndo(): boolean {
		return this.#done.length > 0;
	}

	get canRedo(): boolean {
		return this.#undone.length > 0;
	}

	/** Forgets everything (e.g. after the data was reloaded). */
	clear(): void {
		this.#done = [];
		this.#undone = [];
	}
}
