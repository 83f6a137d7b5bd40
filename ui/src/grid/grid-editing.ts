/**
 * Editing the grid's planning cells (reorder point, reorder qty, bin): the cell editor, values
 * applied at once and saved in batches (grid-saver.ts), what each cell's save came to (saving,
 * error, conflict), values typed but not yet confirmed, and undo/redo. A reactive controller of
 * `<stockroom-grid>`; the range commands (paste, fill down, clear) come through `commitValues`.
 */
import type { ReactiveController } from "lit";
import type { ApiError } from "../api/api-client";
import type { LevelPatchResult, LevelRow } from "../api/types";
import { fieldProblemText } from "../app/field-problems";
import { problemMessage } from "../app/problems";
import { getLocale } from "../i18n/locale";
import { formatQuantity } from "../i18n/numbers";
import { plural } from "../i18n/plural";
import { plainCell } from "./grid-columns";
import type { GridContext, Status } from "./grid-context";
import { t } from "./grid-messages";
import type { CellValue } from "./grid-model";
import { cellKey, GridSaver } from "./grid-saver";
import type { GridViewport } from "./grid-viewport";
import { type CellEdit, EDITABLE_FIELDS, type EditableField, parseCellInput } from "./model/cell-edits";
import { type CellPos, clampPos } from "./model/cell-range";
import type { GridAction } from "./model/keyboard-model";
import { UndoStack } from "./model/undo-stack";

export type CellState = { state: "saving" | "error" | "conflict"; message?: string };
/** One user action as undo sees it: each cell with its value before and after. */
type UndoEntry = { productId: string; locationId: string; field: EditableField; before: CellValue; after: CellValue }[];
type Then = Extract<GridAction, { type: "commitEdit" }>["then"];

function setField(level: LevelRow, field: EditableField, value: CellValue): void {
	if (field === "bin") level.bin = value === null ? null : String(value);
	else level[field] = value === null ? null : Number(value);
}

export class GridEditing implements ReactiveController {
	/** The cell being edited and the text in its editor; null when no editor is open. */
	editing: { pos: CellPos; value: string } | null = null;
	/** The saves' progress, on the status line beside the last action's (neither hides the other). */
	saveStatus: Status = { text: "" };
	#focusEditor = false;
	#cellStates = new Map<string, CellState>();
	/** Values typed but not yet confirmed by the server: kept over rows the server or the live feed sends meanwhile. */
	#pendingValues = new Map<string, CellValue>();
	#undo = new UndoStack<UndoEntry>(200);

	readonly #saver: GridSaver;

	constructor(
		readonly ctx: GridContext,
		readonly viewport: GridViewport,
	) {
		ctx.host.addController(this);
		this.#saver = new GridSaver(() => ctx.client(), {
			versionOf: (productId, locationId) => ctx.model.products.get(productId)?.levels.get(locationId)?.version ?? 1,
			onSaving: (edits) => this.#setSaveStatus({ text: plural(t, "saving", edits.length) }),
			onResults: (items) => this.#onSaved(items),
			onFailure: (edits, error, retryable) => this.#onSaveFailed(edits, error, retryable),
		});
	}

	hostUpdate(): void {
		// The rows or columns shrank under the editor (a filter, a location hidden): nothing left to edit.
		const { rows, layout } = this.ctx.model;
		const editing = this.editing;
		if (editing && (editing.pos.row >= rows.length || editing.pos.col >= Math.max(1, layout.columns.length)))
			this.editing = null;
	}

	hostUpdated(): void {
		if (!this.#focusEditor) return;
		this.#focusEditor = false;
		const editor = this.ctx.host.renderRoot.querySelector<HTMLInputElement>('[part="editor"]');
		if (editor) {
			editor.focus({ preventScroll: true });
			const end = editor.value.length;
			editor.setSelectionRange(end, end);
		}
	}

	get canUndo(): boolean {
		return this.#undo.canUndo;
	}

	get canRedo(): boolean {
		return this.#undo.canRedo;
	}

	/** Edits whose save failed on the network, which `retry()` sends again. */
	get failedCount(): number {
		return this.#saver.failedCount;
	}

	retry(): void {
		this.#saver.retry();
	}

	/** Forgets saves waiting, undo history and cell states (the rows are read again). */
	reset(): void {
		this.#saver.clear();
		this.#undo.clear();
		this.#cellStates.clear();
		this.#pendingValues.clear();
		this.saveStatus = { text: "" };
	}

	/** The state of an editable cell's save, when it has one. */
	stateOf(productId: string, locationId: string, field: string): CellState | undefined {
		return this.#cellStates.size > 0 ? this.#cellStates.get(cellKey({ productId, locationId, field })) : undefined;
	}

	/** Shows a cell in error with `message`, e.g. a pasted value that is not valid; nothing is saved. */
	markInvalid(cell: Omit<CellEdit, "value">, message: string): void {
		this.#cellStates.set(cellKey(cell), { state: "error", message });
	}

	/** Applies one user action's values optimistically, records it for undo (`record`) and queues the save. */
	commitValues(edits: CellEdit[], record: boolean): number {
		const applied: CellEdit[] = [];
		const entry: UndoEntry = [];
		for (const edit of edits) {
			const level = this.ctx.model.products.get(edit.productId)?.levels.get(edit.locationId);
			if (!level) continue;
			const key = cellKey(edit);
			const before = level[edit.field];
			const state = this.#cellStates.get(key)?.state;
			if (before === edit.value && state !== "error" && state !== "conflict") {
				continue;
			}
			setField(level, edit.field, edit.value);
			this.#pendingValues.set(key, edit.value);
			this.#cellStates.set(key, { state: "saving" });
			applied.push(edit);
			entry.push({ ...edit, before, after: edit.value });
		}
		if (applied.length === 0) return 0;
		if (record) this.#undo.push(entry);
		this.#saver.save(applied);
		this.ctx.host.requestUpdate();
		return applied.length;
	}

	/** Puts the values still being saved back over a level the server or the live feed just replaced. */
	reapplyPending(productId: string, locationId: string): void {
		const level = this.ctx.model.products.get(productId)?.levels.get(locationId);
		if (!level) return;
		for (const field of EDITABLE_FIELDS) {
			const key = cellKey({ productId, locationId, field });
			if (this.#pendingValues.has(key)) setField(level, field, this.#pendingValues.get(key) ?? null);
		}
	}

	#onSaved(items: { result: LevelPatchResult; edits: CellEdit[] }[]): void {
		let failed = 0;
		for (const { result, edits } of items) {
			const product = this.ctx.model.products.get(result.productId);
			const server = result.row;
			for (const edit of edits) {
				const key = cellKey(edit);
				const newer = this.#pendingValues.has(key) && this.#pendingValues.get(key) !== edit.value;
				if (!newer) this.#pendingValues.delete(key);
				if (result.status === "updated") {
					if (!newer) this.#cellStates.delete(key);
				} else if (result.status === "conflict") {
					failed++;
					const theirs = server ? server[edit.field] : null;
					this.#cellStates.set(key, {
						state: "conflict",
						message: t("conflict", { theirs: describe(theirs), mine: describe(edit.value) }),
					});
				} else {
					failed++;
					this.#cellStates.set(key, { state: "error", message: t("notFound") });
				}
			}
			if (product && server) {
				product.levels.set(result.locationId, { ...server });
				this.reapplyPending(result.productId, result.locationId);
			}
		}
		const saved = items.reduce((n, i) => n + (i.result.status === "updated" ? i.edits.length : 0), 0);
		this.#setSaveStatus(
			failed > 0 ? { text: plural(t, "saveFailed", failed), error: true } : { text: plural(t, "saved", saved) },
		);
		this.ctx.emit("stockroom-edit", { results: items.map((i) => i.result) });
	}

	#onSaveFailed(edits: CellEdit[], error: ApiError, retryable: boolean): void {
		for (const edit of edits) {
			const key = cellKey(edit);
			let message: string;
			if (retryable) message = t("networkFailed");
			else if (error.status === 403) message = t("forbidden");
			else {
				// The field at fault in the user's language when the server named one (app/field-problems.ts).
				const field = error.problem.errors?.[0];
				message = field ? fieldProblemText(field) : problemMessage(error);
			}
			if (!retryable) this.#pendingValues.delete(key);
			this.#cellStates.set(key, { state: "error", message });
		}
		this.#setSaveStatus({
			text: retryable ? t("networkFailed") : plural(t, "saveFailed", edits.length),
			error: true,
		});
	}

	#setSaveStatus(status: Status): void {
		this.saveStatus = status;
		this.ctx.host.requestUpdate();
	}

	/** Opens the editor on the active cell, with `initial` (a key typed) or the cell's value. */
	startEdit(initial?: string): void {
		const { model } = this.ctx;
		const target = model.editableAt(model.active);
		if (!target) {
			this.ctx.setStatus({ text: t("readonlyCell") });
			return;
		}
		const value = initial ?? plainCell(model.valueAt(target.row, target.column), target.column, getLocale() === "fr");
		this.editing = { pos: { ...model.active }, value };
		this.viewport.scrollIntoView(model.active);
		this.#focusEditor = true;
		this.ctx.host.requestUpdate();
	}

	/** What the editor holds now (typed into). */
	setEditorText(value: string): void {
		if (this.editing) this.editing.value = value;
	}

	/** Saves the editor's value (or shows why it cannot be) and moves the active cell `then`. */
	commitEdit(then: Then): void {
		const editing = this.editing;
		if (!editing) return;
		this.editing = null;
		const { model } = this.ctx;
		const target = model.editableAt(editing.pos);
		const locationId = target?.column.locationId;
		if (target && locationId) {
			const parsed = parseCellInput(target.field, editing.value, getLocale());
			const cell = { productId: target.row.productId, locationId, field: target.field };
			if (parsed.ok) this.commitValues([{ ...cell, value: parsed.value }], true);
			else {
				this.markInvalid(cell, parsed.error);
				this.ctx.setStatus({ text: parsed.error, error: true });
			}
		}
		const { row, col } = editing.pos;
		const to =
			then === "down"
				? { row: row + 1, col }
				: then === "up"
					? { row: row - 1, col }
					: then === "right"
						? { row, col: col + 1 }
						: then === "left"
							? { row, col: col - 1 }
							: { row, col };
		this.viewport.moveTo(clampPos(to, model.rows.length, model.layout.columns.length), false);
		this.viewport.focusGrid();
	}

	cancelEdit(): void {
		if (!this.editing) return;
		this.editing = null;
		this.ctx.host.requestUpdate();
		this.viewport.focusGrid();
	}

	undo(): void {
		const entry = this.#undo.undo();
		if (!entry) {
			this.ctx.setStatus({ text: t("nothingToUndo") });
			return;
		}
		this.#applyUndo(entry, "before");
	}

	redo(): void {
		const entry = this.#undo.redo();
		if (entry) this.#applyUndo(entry, "after");
	}

	#applyUndo(entry: UndoEntry, side: "before" | "after"): void {
		this.commitValues(
			entry.map((c) => ({ productId: c.productId, locationId: c.locationId, field: c.field, value: c[side] })),
			false,
		);
		// Show where the change happened when it is in view.
		this.ctx.host.requestUpdate();
	}
}

function describe(value: CellValue): string {
	if (value === null) return t("empty");
	return typeof value === "number" ? formatQuantity(value) : value;
}
