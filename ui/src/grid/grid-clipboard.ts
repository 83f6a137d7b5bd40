/**
 * The grid's range commands, as in a spreadsheet: copy the selection as tab-separated values, paste
 * TSV from Excel or Google Sheets, fill down (Ctrl+D) and clear (Delete). What they do to the cells
 * is worked out in grid-range-edits.ts; the edits go through the editing controller (one undo entry,
 * one save). A reactive controller of `<stockroom-grid>`, which listens for `copy` and `paste` on the
 * document too: a keyboard shortcut's event starts at the focused element or at the body.
 */
import { getLocale } from "../i18n/locale";
import { plural } from "../i18n/plural";
import { plainCell } from "./grid-columns";
import { CellController } from "./grid-context";
import { t } from "./grid-messages";
import { planClear, planFillDown, planPaste, type RangeCells, rangeText } from "./grid-range-edits";
import { rectOf, rectSize } from "./model/cell-range";
import { formatTsv, parseTsv } from "./model/tsv";

export class GridClipboard extends CellController {
	/** Events already handled: one copy or paste reaches the grid, the host and the document. */
	#handled = new WeakSet<Event>();

	hostConnected(): void {
		document.addEventListener("copy", this.onCopy);
		document.addEventListener("paste", this.onPaste);
		this.ctx.host.addEventListener("copy", this.onCopy);
		this.ctx.host.addEventListener("paste", this.onPaste);
	}

	hostDisconnected(): void {
		document.removeEventListener("copy", this.onCopy);
		document.removeEventListener("paste", this.onPaste);
		this.ctx.host.removeEventListener("copy", this.onCopy);
		this.ctx.host.removeEventListener("paste", this.onPaste);
	}

	/** Ctrl+C: the selection to the clipboard through the clipboard API. */
	copy(): void {
		const text = this.#selectionText();
		const { rows, cols } = rectSize(rectOf(this.ctx.model.range));
		// The `copy` event (which the key press also fires) is the fallback where the clipboard API is refused.
		navigator.clipboard?.writeText(text).catch(() => undefined);
		this.ctx.setStatus({ text: plural(t, "copied", rows * cols) });
	}

	/** Delete: the selection's editable cells emptied. */
	clear(): void {
		const n = this.editing.commitValues(planClear(this.#rangeCells(), rectOf(this.ctx.model.range)), true);
		if (n > 0) this.ctx.setStatus({ text: plural(t, "cleared", n) });
	}

	/** Ctrl+D: the top row of the selection copied down it. */
	fillDown(): void {
		this.editing.commitValues(planFillDown(this.#rangeCells(), rectOf(this.ctx.model.range)), true);
	}

	readonly onCopy = (event: Event) => {
		if (!(event instanceof ClipboardEvent) || !this.#owns(event)) return;
		this.#handled.add(event);
		if (!event.clipboardData) return;
		event.clipboardData.setData("text/plain", this.#selectionText());
		event.preventDefault();
	};

	readonly onPaste = (event: Event) => {
		if (!(event instanceof ClipboardEvent) || !this.#owns(event)) return;
		this.#handled.add(event);
		const text = event.clipboardData?.getData("text/plain") ?? "";
		event.preventDefault();
		if (this.ctx.host.readonly) {
			this.ctx.setStatus({ text: t("readonlyCell") });
			return;
		}
		this.#paste(text);
	};

	#paste(text: string): void {
		const pasted = parseTsv(text);
		if (pasted.length === 0) return;
		const { model } = this.ctx;
		const plan = planPaste(this.#rangeCells(), rectOf(model.range), pasted, getLocale());
		for (const { cell, message } of plan.invalid) this.editing.markInvalid(cell, message);
		model.range = plan.range;
		model.active = { ...plan.range.anchor };
		this.editing.commitValues(plan.edits, true);
		const parts = [plural(t, "pasted", plan.edits.length)];
		if (plan.skipped > 0) parts.push(plural(t, "skipped", plan.skipped));
		if (plan.invalid.length > 0) parts.push(plural(t, "invalid", plan.invalid.length));
		this.ctx.setStatus({ text: parts.join(" · "), error: plan.invalid.length > 0 });
	}

	/** Whether a clipboard event is the grid's: aimed at the grid (not the filter or the editor), or the grid has focus. */
	#owns(event: Event): boolean {
		if (this.#handled.has(event) || this.editing.editing) return false;
		const origin = event.composedPath()[0];
		if (origin instanceof HTMLInputElement || origin instanceof HTMLTextAreaElement) return false;
		const grid = this.viewport.gridEl();
		if (origin === grid || origin === this.ctx.host) return true;
		const root = this.ctx.host.shadowRoot;
		return !!root && root.activeElement === grid;
	}

	#selectionText(): string {
		return formatTsv(rangeText(this.#rangeCells(), rectOf(this.ctx.model.range)));
	}

	/** The grid's cells as the range commands see them. */
	#rangeCells(): RangeCells {
		const { model } = this.ctx;
		const comma = getLocale() === "fr";
		return {
			rowCount: model.rows.length,
			colCount: model.layout.columns.length,
			editable: (row, col) => {
				const target = model.editableAt({ row, col });
				const locationId = target?.column.locationId;
				if (!target || !locationId) return undefined;
				const current = target.row.levels.get(locationId)?.[target.field] ?? null;
				return { productId: target.row.productId, locationId, field: target.field, current };
			},
			text: (row, col) => {
				const product = model.rows[row];
				const column = model.layout.columns[col];
				return product && column ? plainCell(model.valueAt(product, column), column, comma) : "";
			},
		};
	}
}
