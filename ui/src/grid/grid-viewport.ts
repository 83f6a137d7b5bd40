/**
 * The part of the grid on screen: row height, scroll position and size of the scrolling element,
 * which rows and columns to render (virtualization), and moving the keyboard focus (a cell or a
 * header) with the scroll that keeps it in view. A reactive controller of `<stockroom-grid>`.
 */
import type { ReactiveController } from "lit";
import { NARROW_GRID_WIDTH } from "./grid-columns";
import type { GridContext } from "./grid-context";
import type { CellPos } from "./model/cell-range";

/** Rows and columns rendered beyond the viewport on each side, so a fast scroll shows no blank. */
const OVERSCAN_ROWS = 6;
const OVERSCAN_COLS = 1;

/** The rows and columns rendered (inclusive); c0 = -1 when no scrolling column is in view. */
export type RenderWindow = { r0: number; r1: number; c0: number; c1: number };

export class GridViewport implements ReactiveController {
	rowHeight = 32;
	#measured = false;
	#scrollTop = 0;
	#scrollLeft = 0;
	#width = 1200;
	#height = 600;
	#renderedWindow = "";
	#rowRange = { r0: 0, r1: -1 };
	#resizeObserver: ResizeObserver | undefined;

	constructor(readonly ctx: GridContext) {
		ctx.host.addController(this);
	}

	hostConnected(): void {
		if (this.ctx.host.hasUpdated) this.#observeResize();
	}

	hostDisconnected(): void {
		this.#resizeObserver?.disconnect();
	}

	hostUpdated(): void {
		// Once the scrolling element exists: the row height the page may have set, and its size.
		if (this.#measured) return;
		this.#measured = true;
		const host = this.ctx.host;
		const height = Number.parseFloat(getComputedStyle(host).getPropertyValue("--stockroom-row-height"));
		if (height > 0 && height !== this.rowHeight) {
			this.rowHeight = height;
			host.requestUpdate();
		}
		this.#observeResize();
	}

	gridEl(): HTMLElement | null {
		return this.ctx.host.renderRoot.querySelector<HTMLElement>('[role="grid"]');
	}

	focusGrid(): void {
		this.gridEl()?.focus({ preventScroll: true });
	}

	/** Moves the active cell (or, `extend`, the range's end) to `to` and scrolls it into view. */
	moveTo(to: CellPos, extend: boolean): void {
		this.ctx.model.select(to, extend);
		this.scrollIntoView(to);
		this.ctx.host.requestUpdate();
	}

	/** The header cell of column `col` takes the keyboard focus; the data selection stays as it was. */
	focusHeader(col: number): void {
		this.ctx.model.headerCol = col;
		this.scrollColumnIntoView(col);
		this.ctx.host.requestUpdate();
	}

	/** Rows that fit in the viewport, plus the overscan on both sides: the number of row elements, reused as the grid scrolls. */
	slotCount(): number {
		const rowH = this.rowHeight;
		const dataHeight = Math.max(rowH, this.#height - 2 * rowH);
		return Math.ceil(dataHeight / rowH) + 1 + 2 * OVERSCAN_ROWS;
	}

	/** The rows a Page Up or Page Down moves by. */
	pageRows(): number {
		return Math.max(1, Math.floor((this.#height - 2 * this.rowHeight) / this.rowHeight) - 1);
	}

	/**
	 * The rows and columns to render. The rendered rows are kept while the visible ones stay inside
	 * them, so that a slow scroll renders nothing at all; past them, a new range centred on the view.
	 */
	window(): RenderWindow {
		const rowH = this.rowHeight;
		const n = this.ctx.model.rows.length;
		const dataHeight = Math.max(rowH, this.#height - 2 * rowH);
		const v0 = Math.floor(this.#scrollTop / rowH);
		const v1 = Math.min(n - 1, Math.ceil((this.#scrollTop + dataHeight) / rowH));
		const slots = this.slotCount();
		let { r0, r1 } = this.#rowRange;
		const expected = Math.min(slots, n - r0);
		if (!(r0 <= v0 && v1 <= r1 && r1 <= n - 1 && r1 - r0 + 1 === expected)) {
			r0 = Math.max(0, Math.min(v0 - OVERSCAN_ROWS, n - slots));
			r1 = Math.min(n - 1, r0 + slots - 1);
		}
		const { columns, frozenWidth } = this.ctx.model.layout;
		const left = this.#scrollLeft + frozenWidth;
		const right = this.#scrollLeft + this.#width;
		let c0 = -1;
		let c1 = -1;
		for (const c of columns) {
			if (c.frozen) continue;
			if (c.x + c.width > left && c.x < right) {
				if (c0 < 0) c0 = c.index;
				c1 = c.index;
			}
		}
		if (c0 >= 0) {
			const firstFree = columns.findIndex((c) => !c.frozen);
			c0 = Math.max(firstFree, c0 - OVERSCAN_COLS);
			c1 = Math.min(columns.length - 1, c1 + OVERSCAN_COLS);
		}
		return { r0, r1, c0, c1 };
	}

	/** The window a render draws, remembered so that a scroll inside it renders nothing. */
	windowToRender(): RenderWindow {
		const win = this.window();
		this.#renderedWindow = windowKey(win);
		this.#rowRange = { r0: win.r0, r1: win.r1 };
		return win;
	}

	/** Takes the scroll position the scrolling element has now (after a scroll it did or one made in code). */
	syncScroll(grid: HTMLElement): void {
		this.#scrollTop = grid.scrollTop;
		this.#scrollLeft = grid.scrollLeft;
	}

	readonly onScroll = (event: Event) => {
		this.syncScroll(event.currentTarget as HTMLElement);
		if (windowKey(this.window()) !== this.#renderedWindow) this.ctx.host.requestUpdate();
	};

	scrollIntoView(pos: CellPos): void {
		const grid = this.gridEl();
		if (!grid) return;
		const rowH = this.rowHeight;
		const dataHeight = grid.clientHeight - 2 * rowH;
		const y = pos.row * rowH;
		if (y < grid.scrollTop) grid.scrollTop = y;
		else if (y + rowH > grid.scrollTop + dataHeight) grid.scrollTop = y + rowH - dataHeight;
		this.scrollColumnIntoView(pos.col);
	}

	scrollColumnIntoView(col: number): void {
		const grid = this.gridEl();
		if (!grid) return;
		const layout = this.ctx.model.layout;
		const column = layout.columns[col];
		// Into the frozen columns (Home, Ctrl+Home): back to the left edge, as spreadsheets do.
		if (column?.frozen) grid.scrollLeft = 0;
		else if (column) {
			const left = column.x - layout.frozenWidth;
			if (left < grid.scrollLeft) grid.scrollLeft = left;
			else if (column.x + column.width > grid.scrollLeft + grid.clientWidth)
				grid.scrollLeft = column.x + column.width - grid.clientWidth;
		}
		this.syncScroll(grid);
	}

	#observeResize(): void {
		const grid = this.gridEl();
		if (!grid || typeof ResizeObserver === "undefined") return;
		this.#resizeObserver?.disconnect();
		this.#resizeObserver = new ResizeObserver(() => {
			this.#width = grid.clientWidth;
			this.#height = grid.clientHeight;
			// A phone or a small embed: another column layout (the SKU alone frozen).
			const narrow = this.#width > 0 && this.#width < NARROW_GRID_WIDTH;
			if (narrow !== this.ctx.model.narrow) {
				this.ctx.model.narrow = narrow;
				this.ctx.model.layoutDirty = true;
			}
			this.ctx.host.requestUpdate();
		});
		this.#resizeObserver.observe(grid);
	}
}

function windowKey(w: RenderWindow): string {
	return `${w.r0}:${w.r1}:${w.c0}:${w.c1}`;
}
