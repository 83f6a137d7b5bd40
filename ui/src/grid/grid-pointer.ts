/**
 * The grid under the mouse and the finger: a press selects, a drag stretches the selection (and
 * scrolls the grid when it nears or passes an edge), Shift+click extends, a double click or a double
 * tap edits, a click on a header sorts, a click on a SKU or name chooses the product
 * (`stockroom-select`). Touch selects on tap, so that a swipe scrolls. A reactive controller of
 * `<stockroom-grid>`, whose template binds the `on…` handlers to the scrolling element.
 */
import { CellController } from "./grid-context";
import { type CellPos, samePos } from "./model/cell-range";

const DOUBLE_TAP_MS = 400;
/** A drag this close to (or past) an edge of the data area scrolls the grid that way, faster the farther out. */
const AUTO_SCROLL_EDGE_PX = 8;
const AUTO_SCROLL_MAX_PX = 48;

/** The data cell an event happened in, from its id (`c-<row>-<col>`). */
function cellAt(event: Event): CellPos | null {
	const target = event.target instanceof Element ? event.target.closest<HTMLElement>(".cell") : null;
	if (!target) return null;
	const [, row, col] = (/^c-(\d+)-(\d+)$/.exec(target.id) ?? []).map(Number);
	return row !== undefined && col !== undefined && Number.isInteger(row) && Number.isInteger(col) ? { row, col } : null;
}

export class GridPointer extends CellController {
	#dragging = false;
	#pointerType = "mouse";
	#pointerMoved = false;
	#lastTap: { row: number; col: number; at: number } | null = null;
	/** Where the pointer of a drag is (viewport coordinates), and the auto-scroll's animation frame. */
	#dragPoint: { x: number; y: number } | null = null;
	#autoScrollFrame = 0;

	hostConnected(): void {
		window.addEventListener("pointerup", this.#onPointerUp);
	}

	hostDisconnected(): void {
		window.removeEventListener("pointerup", this.#onPointerUp);
		this.#stopDrag();
	}

	#editingAt(pos: CellPos): boolean {
		const editing = this.editing.editing;
		return editing !== null && samePos(editing.pos, pos);
	}

	readonly onPointerDown = (event: PointerEvent) => {
		this.#pointerType = event.pointerType;
		this.#pointerMoved = false;
		const pos = cellAt(event);
		if (!pos) return;
		if (this.editing.editing) {
			if (this.#editingAt(pos)) return;
			this.editing.commitEdit("none");
		}
		// Touch selects on tap (click), so that a swipe to scroll does not move the selection.
		if (event.pointerType !== "mouse" || event.button !== 0) return;
		this.viewport.focusGrid();
		this.viewport.moveTo(pos, event.shiftKey);
		this.#dragging = true;
		this.#dragPoint = { x: event.clientX, y: event.clientY };
		// Outside the grid too: a drag past its edge scrolls it.
		window.addEventListener("pointermove", this.#onDragMove);
	};

	readonly onPointerMove = (event: PointerEvent) => {
		if (!this.#dragging) return;
		const pos = cellAt(event);
		if (!pos || !this.ctx.model.extendTo(pos)) return;
		this.#pointerMoved = true;
		this.ctx.host.requestUpdate();
	};

	readonly onClick = (event: MouseEvent) => {
		const { model } = this.ctx;
		const header = event.target instanceof Element ? event.target.closest<HTMLElement>(".hcell[data-field]") : null;
		const column = header ? model.layout.columns[Number(header.dataset.col)] : undefined;
		if (column) {
			this.viewport.focusGrid();
			this.viewport.focusHeader(column.index);
			model.toggleSort(column);
			this.ctx.host.requestUpdate();
			return;
		}
		const pos = cellAt(event);
		if (!pos) return;
		if (this.#pointerType !== "mouse") {
			this.viewport.focusGrid();
			const now = performance.now();
			const tap = this.#lastTap;
			const doubleTap = tap && samePos(tap, pos) && now - tap.at < DOUBLE_TAP_MS;
			this.#lastTap = { ...pos, at: now };
			if (!this.#editingAt(pos)) this.viewport.moveTo(pos, event.shiftKey);
			if (doubleTap && model.editableAt(pos)) {
				this.editing.startEdit();
				return;
			}
		}
		if (event.shiftKey || this.#pointerMoved) return;
		const selected = model.selectionAt(pos);
		if (selected) this.ctx.emit("stockroom-select", selected);
	};

	readonly onDoubleClick = (event: MouseEvent) => {
		const pos = cellAt(event);
		if (!pos || !this.ctx.model.editableAt(pos)) return;
		this.viewport.moveTo(pos, false);
		this.editing.startEdit();
	};

	readonly #onDragMove = (event: PointerEvent) => {
		if (!this.#dragging) return;
		this.#dragPoint = { x: event.clientX, y: event.clientY };
		if (!this.#autoScrollFrame && this.#autoScrollStep()) this.#scheduleAutoScroll();
	};

	readonly #onPointerUp = () => {
		this.#stopDrag();
	};

	#stopDrag(): void {
		this.#dragging = false;
		this.#dragPoint = null;
		window.removeEventListener("pointermove", this.#onDragMove);
		cancelAnimationFrame(this.#autoScrollFrame);
		this.#autoScrollFrame = 0;
	}

	#scheduleAutoScroll(): void {
		this.#autoScrollFrame = requestAnimationFrame(() => {
			this.#autoScrollFrame = 0;
			if (this.#dragging && this.#autoScrollStep()) this.#scheduleAutoScroll();
		});
	}

	/**
	 * One frame of auto-scroll: when the dragging pointer is near or past an edge of the data area
	 * (under the headers, right of the frozen columns), scrolls that way and extends the selection to
	 * the cell now under the pointer (worked out from the coordinates: the cells under it may not be
	 * drawn yet). Answers whether it scrolled, i.e. whether to go on.
	 */
	#autoScrollStep(): boolean {
		const { model } = this.ctx;
		const grid = this.viewport.gridEl();
		const point = this.#dragPoint;
		if (!grid || !point || model.rows.length === 0) return false;
		const rect = grid.getBoundingClientRect();
		const rowH = this.viewport.rowHeight;
		const { columns, frozenWidth } = model.layout;
		const left = rect.left + grid.clientLeft;
		const top = rect.top + grid.clientTop;
		const area = {
			top: top + 2 * rowH,
			bottom: top + grid.clientHeight,
			left: left + frozenWidth,
			right: left + grid.clientWidth,
		};
		const speed = (beyond: number) => Math.min(AUTO_SCROLL_MAX_PX, Math.ceil(beyond / 2) + 2);
		let dy = 0;
		let dx = 0;
		if (point.y < area.top + AUTO_SCROLL_EDGE_PX) dy = -speed(area.top + AUTO_SCROLL_EDGE_PX - point.y);
		else if (point.y > area.bottom - AUTO_SCROLL_EDGE_PX) dy = speed(point.y - (area.bottom - AUTO_SCROLL_EDGE_PX));
		if (point.x < area.left + AUTO_SCROLL_EDGE_PX) dx = -speed(area.left + AUTO_SCROLL_EDGE_PX - point.x);
		else if (point.x > area.right - AUTO_SCROLL_EDGE_PX) dx = speed(point.x - (area.right - AUTO_SCROLL_EDGE_PX));
		const before = { top: grid.scrollTop, left: grid.scrollLeft };
		if (dy) grid.scrollTop += dy;
		if (dx) grid.scrollLeft += dx;
		const scrolled = grid.scrollTop !== before.top || grid.scrollLeft !== before.left;
		if (!scrolled) return false;
		this.viewport.syncScroll(grid);
		// The cell under the pointer, the pointer held inside the data area.
		const y = Math.min(Math.max(point.y, area.top), area.bottom - 1) - area.top + grid.scrollTop;
		// Scrolling left from over the frozen columns: the columns coming into view, not the frozen ones.
		const x = Math.min(Math.max(point.x, dx < 0 ? area.left : left), area.right - 1) - left;
		const row = Math.min(model.rows.length - 1, Math.max(0, Math.floor(y / rowH)));
		const inFrozen = x < frozenWidth;
		const at = inFrozen ? x : x + grid.scrollLeft;
		const column =
			columns.find((c) => c.frozen === inFrozen && c.x <= at && at < c.x + c.width) ??
			(inFrozen ? undefined : columns.at(-1));
		if (column && model.extendTo({ row, col: column.index })) this.#pointerMoved = true;
		this.ctx.host.requestUpdate();
		return true;
	}
}
