/**
 * The grid's keyboard: a key press on the scrolling element (or in the cell editor) turned into one
 * action by model/keyboard-model.ts, then carried out by the controller it concerns (viewport,
 * editing, clipboard). Enter on a SKU or name chooses the product (`stockroom-select`); Alt+ArrowDown
 * and Alt+ArrowUp (or Space on the product's cells) open and close a tracked product's lots. Bound by
 * `<stockroom-grid>`'s template (`onKeyDown`); it keeps no state of its own and needs none of the
 * host's lifecycle, so it is not registered as a reactive controller.
 */
import type { GridClipboard } from "./grid-clipboard";
import type { GridContext } from "./grid-context";
import type { GridEditing } from "./grid-editing";
import type { GridLots } from "./grid-lots";
import type { GridViewport } from "./grid-viewport";
import { detectMac, type GridState, keyToAction, lotToggleKey } from "./model/keyboard-model";

export class GridKeyboard {
	readonly #isMac = detectMac();

	constructor(
		readonly ctx: GridContext,
		readonly viewport: GridViewport,
		readonly editing: GridEditing,
		readonly clipboard: GridClipboard,
		readonly lots: GridLots,
	) {}

	readonly onKeyDown = (event: KeyboardEvent) => {
		if (event.isComposing) return;
		const origin = event.composedPath()[0];
		const fromEditor = origin instanceof HTMLInputElement && origin.getAttribute("part") === "editor";
		if (!fromEditor && origin !== event.currentTarget) return;
		const { model, host } = this.ctx;
		const editing = this.editing.editing !== null;
		const headerCol = editing ? null : model.headerCol;
		const noModifier = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
		if (!editing && headerCol === null && event.key === "Enter" && noModifier) {
			const selected = model.selectionAt(model.active);
			if (selected) {
				event.preventDefault();
				this.ctx.emit("stockroom-select", selected);
				return;
			}
		}
		// A tracked product's lots: Alt+ArrowDown / Alt+ArrowUp, or Space on its SKU, name or type.
		if (!editing && headerCol === null) {
			const onProduct = model.layout.columns[model.active.col]?.frozen === true;
			const want = lotToggleKey(event, onProduct);
			if (want && this.lots.toggleRow(model.active.row, want)) {
				event.preventDefault();
				return;
			}
		}
		const state: GridState = {
			active: headerCol === null ? model.active : { row: model.active.row, col: headerCol },
			range: model.range,
			editing,
			rowCount: model.rows.length,
			colCount: model.layout.columns.length,
			pageRows: this.viewport.pageRows(),
			isMac: this.#isMac,
			inHeader: headerCol !== null,
		};
		const action = keyToAction(
			{
				key: event.key,
				code: event.code,
				shiftKey: event.shiftKey,
				ctrlKey: event.ctrlKey,
				metaKey: event.metaKey,
				altKey: event.altKey,
			},
			state,
		);
		if (!action) return;
		// Tab at the grid's first or last cell leaves the grid, so that keyboard users are never trapped.
		if (
			event.key === "Tab" &&
			action.type === "move" &&
			action.to.row === model.active.row &&
			action.to.col === model.active.col
		)
			return;
		// Ctrl+C keeps its default: the browser then fires `copy`, our fallback.
		if (action.type !== "copy") event.preventDefault();
		switch (action.type) {
			case "move":
				this.viewport.moveTo(action.to, action.extend);
				break;
			case "startEdit":
				this.editing.startEdit(action.initial);
				break;
			case "commitEdit":
				this.editing.commitEdit(action.then);
				break;
			case "cancelEdit":
				this.editing.cancelEdit();
				break;
			case "copy":
				this.clipboard.copy();
				break;
			case "fillDown":
				if (!host.readonly) this.clipboard.fillDown();
				break;
			case "clear":
				if (!host.readonly) this.clipboard.clear();
				break;
			case "undo":
				this.editing.undo();
				break;
			case "redo":
				this.editing.redo();
				break;
			case "header":
				this.viewport.focusHeader(action.col);
				break;
			case "sort": {
				const column = model.layout.columns[action.col];
				if (column) {
					model.toggleSort(column);
					host.requestUpdate();
				}
				break;
			}
			case "selectAll":
				model.selectAll();
				host.requestUpdate();
				break;
		}
	};
}
