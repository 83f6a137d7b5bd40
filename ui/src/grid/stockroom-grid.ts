/**
 * `<stockroom-grid>`: the element, its public API, and the rendering. What it does is in its
 * controllers, one concern each: grid-loader.ts (first load, live feed), grid-editing.ts (editor,
 * batched saves, conflicts, undo), grid-clipboard.ts (copy, paste, fill down, clear),
 * grid-pointer.ts (mouse and touch, auto-scroll), grid-keyboard.ts (keys), grid-viewport.ts
 * (virtualization, scrolling), grid-lots.ts (tracked products' rows expanding into their lots);
 * grid-model.ts holds what they share, grid-toolbar.ts is the bar above.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property } from "lit/decorators.js";
import { ApiClient } from "../api/api-client";
import type { LevelChange } from "../api/types";
import { onLocaleChange } from "../i18n/locale-listener";
import { formatQuantity } from "../i18n/numbers";
import { plural } from "../i18n/plural";
import { GridClipboard } from "./grid-clipboard";
import {
	cellValue,
	fieldLabel,
	fieldTitle,
	formatCell,
	type GridColumn,
	lotCellValue,
	notStocked,
} from "./grid-columns";
import type { GridContext, Status } from "./grid-context";
import { GridEditing } from "./grid-editing";
import { GridKeyboard } from "./grid-keyboard";
import { GridLoader } from "./grid-loader";
import { GridLots } from "./grid-lots";
import { t } from "./grid-messages";
import { GridModel } from "./grid-model";
import { GridPointer } from "./grid-pointer";
import { gridStyles } from "./grid-styles";
import type { FilterChange, LocationToggle } from "./grid-toolbar";
import { GridViewport, type RenderWindow } from "./grid-viewport";
import { type Rect, rectOf } from "./model/cell-range";
import { type ProductRow, totals } from "./model/grid-rows";
import { hasLots } from "./model/lot-subrows";
import { summarize } from "./model/selection-summary";
import "./grid-toolbar";

/**
 * The spreadsheet grid of stock per location: one row per product (SKU, name, type frozen on the
 * left), a Total group and a group of columns per location (on hand, reserved, available, incoming,
 * reorder point, reorder qty, bin). Reorder points, reorder quantities and bins are edited in place
 * like in a spreadsheet (keyboard, paste from Excel or Google Sheets, fill down, undo); edits are
 * saved in batches. Rows and columns are virtualized; focus stays on the grid element and the
 * active cell is announced through `aria-activedescendant`. ArrowUp from the first row reaches the
 * column headers (ARIA grid pattern), where Enter or Space sorts (ascending, descending, none) and
 * ArrowDown goes back to the rows. Services and non-inventory products show "–" ("not stocked") for
 * their quantities. A product tracked by lot or serial number expands into one read-only row per lot
 * at the shown locations (its ▸ button, Alt+ArrowDown / Alt+ArrowUp, or Space on its SKU, name or
 * type): on hand per location, expiry, expired and expiring marked, then the unassigned rest.
 *
 * @summary Stock per product and location, editable like a spreadsheet, updated live.
 *
 * @attr base-url - The Stockroom app's origin when embedded in another site, e.g. `https://stockroom.example` ("" for the page's own origin).
 * @attr token - An embed token (`sre_…`) or API token sent as a bearer token; without one the session cookie is used.
 * @attr locations - Comma-separated location ids to show (default: all the caller may see).
 * @attr readonly - No editing.
 * @attr no-live - Do not open the live feed (no live updates).
 *
 * @prop {ApiClient} api - The API client (the app sets it); overrides `base-url` and `token`.
 *
 * @event stockroom-select - A product's SKU or name was chosen (click, or Enter); `detail: { productId }`, with `lot` when it was a lot's row. Bubbles, composed.
 * @event stockroom-edit - Edits were saved; `detail: { results }`, one `{ productId, locationId, status, row? }` per level row. Bubbles, composed.
 * @event stockroom-loaded - Every page of levels is in; `detail: { products }`. Bubbles, composed. The host also gets the `loaded` attribute.
 *
 * @csspart toolbar - The bar above the grid (filter, checkboxes, buttons).
 * @csspart filter - The filter text box.
 * @csspart grid - The scrolling grid (`role="grid"`), which holds the focus.
 * @csspart header - The column headers.
 * @csspart cell - Every data cell.
 * @csspart editor - The text box of the cell being edited.
 * @csspart status - The status line under the grid.
 * @csspart live - The live-updates indicator (`data-live="connecting|live|offline"`).
 *
 * @cssproperty --stockroom-font - Font family.
 * @cssproperty --stockroom-accent - Focus ring and links.
 * @cssproperty --stockroom-row-height - Height of a row (default 32px).
 * @cssproperty --stockroom-height - Height of the whole element (default 600px).
 * @cssproperty --stockroom-negative - Text of a negative available quantity.
 * @cssproperty --stockroom-negative-bg - Background of a negative available quantity.
 * @cssproperty --stockroom-warning - Text of an available quantity at or under the reorder point.
 * @cssproperty --stockroom-warning-bg - Its background.
 * @cssproperty --stockroom-border - Grid lines.
 * @cssproperty --stockroom-header-bg - Header background.
 * @cssproperty --stockroom-bg - Cell background.
 * @cssproperty --stockroom-text - Text colour.
 * @cssproperty --stockroom-selection - Selected range tint.
 * @cssproperty --stockroom-flash - Background of a cell that just changed live.
 * @cssproperty --stockroom-error - A cell that could not be saved.
 * @cssproperty --stockroom-conflict - A cell someone else changed meanwhile.
 */
export class StockroomGrid extends LitElement {
	static override styles = gridStyles;
	static override shadowRootOptions: ShadowRootInit = { mode: "open", delegatesFocus: false };

	/** The API client; the app sets it. */
	@property({ attribute: false }) api?: ApiClient;
	@property({ attribute: "base-url" }) baseUrl?: string;
	@property() token?: string;
	@property() locations?: string;
	@property({ type: Boolean, reflect: true }) readonly = false;
	@property({ type: Boolean, attribute: "no-live" }) noLive = false;

	#ownClient: ApiClient | undefined;
	/** What the last user action did (pasted, copied…); the save's progress is apart, so neither hides the other. */
	#status: Status = { text: "" };
	readonly #model = new GridModel(() => this.readonly);
	readonly #ctx: GridContext = {
		host: this,
		model: this.#model,
		client: () => this.#client(),
		setStatus: (status) => {
			this.#status = status;
			this.requestUpdate();
		},
		emit: (type, detail) => this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true })),
	};
	// In this order: each takes some of the ones before it, and their hostUpdated run in it (measure, focus the editor, load).
	readonly #viewport = new GridViewport(this.#ctx);
	readonly #editing = new GridEditing(this.#ctx, this.#viewport);
	readonly #lots = new GridLots(this.#ctx, this.#viewport);
	readonly #loader = new GridLoader(this.#ctx, this.#editing, this.#lots);
	readonly #clipboard = new GridClipboard(this.#ctx, this.#viewport, this.#editing);
	readonly #pointer = new GridPointer(this.#ctx, this.#viewport, this.#editing);
	readonly #keyboard = new GridKeyboard(this.#ctx, this.#viewport, this.#editing, this.#clipboard, this.#lots);
	/** The selected range's bounds, once per render. */
	#selection: Rect = { top: 0, left: 0, bottom: 0, right: 0 };

	/** Re-reads locations and every level row; forgets undo history and unsaved failures. */
	reload(): void {
		void this.#loader.load();
	}

	/** Merges level changes (the live feed's, or the host's) into the grid; the changed cells flash. */
	applyLevelChanges(changes: LevelChange[]): void {
		this.#loader.applyLevelChanges(changes);
	}

	/** Sets some of the toolbar's filters, as ticking them would (the app's start page links to "below reorder point", "negative"). */
	setFilter(change: FilterChange): void {
		this.#model.setFilter(change);
		this.requestUpdate();
	}

	/** Shows or hides the stock value columns, as the toolbar's "Show value" would (the start page's value figure shows them). */
	setShowValue(shown: boolean): void {
		this.#model.showValue = shown;
		this.#model.layoutDirty = true;
		this.requestUpdate();
	}

	constructor() {
		super();
		// Column widths follow the language's labels: lay out again.
		onLocaleChange(this, () => {
			this.#model.layoutDirty = true;
			this.requestUpdate();
		});
	}

	override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("baseUrl") || changed.has("token")) this.#ownClient = undefined;
		if (changed.has("locations") || changed.has("readonly")) this.#model.layoutDirty = true;
		this.#model.refresh(this.locations);
	}

	#client(): ApiClient | undefined {
		if (this.api) return this.api;
		if (!this.#ownClient)
			this.#ownClient = new ApiClient({ baseUrl: this.baseUrl ?? "", token: this.token || undefined });
		return this.#ownClient;
	}

	// ——— the toolbar's requests ———

	readonly #onFilter = (event: CustomEvent<FilterChange>) => {
		this.#model.setFilter(event.detail);
		this.requestUpdate();
	};

	readonly #onLocationToggle = (event: CustomEvent<LocationToggle>) => {
		this.#model.showLocation(event.detail.id, event.detail.shown);
		this.requestUpdate();
	};

	readonly #onShowValue = (event: CustomEvent<boolean>) => this.setShowValue(event.detail);

	readonly #onUndo = () => {
		this.#editing.undo();
		this.requestUpdate();
	};

	readonly #onRedo = () => {
		this.#editing.redo();
		this.requestUpdate();
	};

	readonly #exportTable = () => this.#model.csvTable();

	/** The ▸ button of a tracked product's row: the click is the button's, not the SKU's (which opens the product). */
	readonly #onLotToggle = (event: MouseEvent) => {
		event.stopPropagation();
		const productId = (event.currentTarget as HTMLElement).dataset.lotToggle;
		if (productId) this.#lots.setExpanded(productId, !this.#lots.isExpanded(productId));
	};

	// ——— rendering ———

	override render(): TemplateResult {
		const model = this.#model;
		const { layout, rows: shownRows, active, headerCol } = model;
		const rowH = this.#viewport.rowHeight;
		const headH = 2 * rowH;
		const win = this.#viewport.windowToRender();
		this.#selection = rectOf(model.range);
		const frozen = layout.columns.filter((c) => c.frozen);
		const free = win.c0 >= 0 ? layout.columns.slice(win.c0, win.c1 + 1) : [];
		const gap = (free[0]?.x ?? layout.frozenWidth) - layout.frozenWidth;
		// Row r lives in element r mod slots: a row that stays in view keeps its element and bindings, so
		// a scroll only writes the rows that came in.
		const slots = this.#viewport.slotCount();
		const rows: (number | null)[] = new Array(slots).fill(null);
		for (let r = win.r0; r <= win.r1; r++) rows[r % slots] = r;
		const shownCol = (col: number) => layout.columns[col]?.frozen || (col >= win.c0 && col <= win.c1);
		const activeShown =
			headerCol === null &&
			shownRows.length > 0 &&
			active.row >= win.r0 &&
			active.row <= win.r1 &&
			shownCol(active.col);
		const descendant =
			headerCol !== null
				? shownCol(headerCol)
					? `h-${headerCol}`
					: nothing
				: activeShown
					? `c-${active.row}-${active.col}`
					: nothing;
		const pointer = this.#pointer;
		return html`<div class="frame">
			${this.#renderToolbar()} ${this.#renderNoMatch()}
			<div
				part="grid"
				role="grid"
				tabindex="0"
				aria-label=${t("gridLabel")}
				aria-rowcount=${shownRows.length + 2}
				aria-colcount=${layout.columns.length}
				aria-multiselectable="true"
				aria-readonly=${this.readonly ? "true" : nothing}
				aria-busy=${this.#loader.loading ? "true" : "false"}
				aria-activedescendant=${descendant}
				@keydown=${this.#keyboard.onKeyDown}
				@pointerdown=${pointer.onPointerDown}
				@pointermove=${pointer.onPointerMove}
				@click=${pointer.onClick}
				@dblclick=${pointer.onDoubleClick}
				@scroll=${this.#viewport.onScroll}
				@copy=${this.#clipboard.onCopy}
				@paste=${this.#clipboard.onPaste}
			>
				<div class="canvas" style="width:${layout.totalWidth}px;height:${headH + shownRows.length * rowH}px">
					${this.#renderHeader(frozen, free, gap, win)}
					${rows.map((r) => (r === null ? nothing : this.#renderRow(r, frozen, free, gap)))}
					${this.#renderEditor()}
				</div>
			</div>
			${this.#renderStatus()}
		</div>`;
	}

	#renderToolbar(): TemplateResult {
		const model = this.#model;
		const loader = this.#loader;
		return html`<stockroom-grid-toolbar
			part="toolbar"
			.filter=${model.filter}
			.expiringDays=${model.expiringDays}
			.locations=${model.scopedLocations}
			.hiddenLocations=${model.hiddenLocations}
			.showValue=${model.showValue}
			.canUndo=${this.#editing.canUndo}
			.canRedo=${this.#editing.canRedo}
			.live=${this.noLive ? null : loader.liveStatus}
			.liveLabel=${loader.liveLabel}
			.exportTable=${this.#exportTable}
			@grid-filter=${this.#onFilter}
			@grid-location=${this.#onLocationToggle}
			@grid-value=${this.#onShowValue}
			@grid-undo=${this.#onUndo}
			@grid-redo=${this.#onRedo}
		></stockroom-grid-toolbar>`;
	}

	#renderHeader(frozen: GridColumn[], free: GridColumn[], gap: number, win: RenderWindow): TemplateResult {
		const layout = this.#model.layout;
		const groups = layout.groups.filter(
			(g) => g.locationId !== null && win.c0 >= 0 && g.end >= win.c0 && g.start <= win.c1,
		);
		const groupGap = (groups[0]?.x ?? layout.frozenWidth) - layout.frozenWidth;
		const productGroup = layout.groups[0];
		return html`<div part="header" role="rowgroup" style="width:${layout.totalWidth}px">
			<div class="row" role="row" aria-rowindex="1" style="width:${layout.totalWidth}px">
				${
					productGroup
						? html`<div
							class="hcell group frozen last-frozen"
							role="columnheader"
							aria-colindex="1"
							aria-colspan=${frozen.length}
							style="width:${layout.frozenWidth}px;left:0"
						>
							${productGroup.label}
						</div>`
						: nothing
				}
				<div class="gap" style="width:${groupGap}px"></div>
				${groups.map(
					(g) =>
						html`<div
							class="hcell group"
							role="columnheader"
							aria-colindex=${g.start + 1}
							aria-colspan=${g.end - g.start + 1}
							style="width:${g.width}px"
						>
							<span class="group-label" style="left:${layout.frozenWidth + 8}px">${g.label}</span>
						</div>`,
				)}
			</div>
			<div class="row" role="row" aria-rowindex="2" style="width:${layout.totalWidth}px">
				${frozen.map((c) => this.#renderHeaderCell(c))}
				<div class="gap" style="width:${gap}px"></div>
				${free.map((c) => this.#renderHeaderCell(c))}
			</div>
		</div>`;
	}

	#renderHeaderCell(c: GridColumn): TemplateResult {
		const sort = this.#model.sort;
		const sorted = sort && sort.field === c.field && (sort.locationId ?? null) === c.locationId;
		const direction = sorted ? sort.direction : null;
		const last = c.frozen && c.index === this.#model.layout.columns.filter((x) => x.frozen).length - 1;
		const focused = this.#model.headerCol === c.index;
		return html`<div
			id="h-${c.index}"
			class="hcell ${c.numeric ? "num" : ""} ${c.frozen ? "frozen" : ""} ${last ? "last-frozen" : ""} ${focused ? "active" : ""}"
			role="columnheader"
			aria-colindex=${c.index + 1}
			data-col=${c.index}
			aria-sort=${direction === "asc" ? "ascending" : direction === "desc" ? "descending" : "none"}
			data-field=${c.field}
			data-location-id=${c.locationId ?? nothing}
			style="width:${c.width}px${c.frozen ? `;left:${c.x}px` : ""}"
			title=${fieldTitle(c.field)}
		>
			<span>${fieldLabel(c.field)}${direction ? html` <span class="arrow" aria-hidden="true">${direction === "asc" ? "▲" : "▼"}</span>` : nothing}</span>
		</div>`;
	}

	#renderRow(r: number, frozen: GridColumn[], free: GridColumn[], gap: number): TemplateResult {
		const row = this.#model.rows[r] as ProductRow;
		const rowH = this.#viewport.rowHeight;
		const totalIds = this.#model.totalIds();
		let rowTotals: ReturnType<typeof totals> | undefined;
		const totalsOf = (p: ProductRow) => {
			rowTotals ??= totals(p, totalIds);
			return rowTotals;
		};
		const lot = row.lot;
		return html`<div
			class=${lot ? "row lot-row" : "row"}
			role="row"
			aria-rowindex=${r + 3}
			data-lot-row=${lot ? (lot.lot ?? lot.kind) : nothing}
			data-expiry=${lot?.expired ? "expired" : lot?.expiring ? "expiring" : nothing}
			style="width:${this.#model.layout.totalWidth}px;transform:translateY(${2 * rowH + r * rowH}px)"
		>
			${frozen.map((c) => this.#renderCell(r, row, c, totalsOf))}
			<div class="gap" style="width:${gap}px"></div>
			${free.map((c) => this.#renderCell(r, row, c, totalsOf))}
		</div>`;
	}

	#renderCell(
		r: number,
		row: ProductRow,
		c: GridColumn,
		totalsOf: (p: ProductRow) => ReturnType<typeof totals>,
	): TemplateResult {
		const value = cellValue(row, c, totalsOf);
		const locationId = c.locationId;
		const level = locationId && locationId !== "total" ? row.levels.get(locationId) : undefined;
		const editable = c.editable && !this.readonly && level !== undefined;
		const state = locationId && editable ? this.#editing.stateOf(row.productId, locationId, c.field) : undefined;
		let cls = c.className;
		if (c.field === "available" && typeof value === "number") {
			if (value < 0) cls += " negative";
			else if (level && level.reorderPoint !== null && value <= level.reorderPoint) cls += " warning";
		}
		const { active, headerCol } = this.#model;
		if (active.row === r && active.col === c.index && headerCol === null) cls += " active";
		const sel = this.#selection;
		const selected = r >= sel.top && r <= sel.bottom && c.index >= sel.left && c.index <= sel.right;
		const flashing = c.stock && level !== undefined && this.#loader.isFlashing(level);
		const unstocked = !row.lot && notStocked(row, c);
		if (unstocked) cls += " not-stocked";
		let title: string | undefined = state?.message;
		if (row.lot) {
			cls += " lot-cell";
			if (c.field === "reserved" || c.field === "available") title = t("lotOnHandOnly");
			else if (c.field === "name" && row.lot.kind === "failed") title = row.lot.message;
		} else if (c.field === "available" && level && level.expired > 0)
			title ??= t("expiredStock", { n: formatQuantity(level.expired) });
		// A narrow grid has no Name column: the SKU cell shows the name under the SKU, drawn by CSS
		// (grid-styles.ts) so that the cell's text stays the SKU (copy, tests), as the lot toggle's glyph.
		const nameUnder =
			c.field === "sku" && this.#model.narrow
				? row.lot
					? lotCellValue(row.lot, row.tracking, { ...c, field: "name" })
					: row.name
				: null;
		const toggle =
			c.field === "sku" && hasLots(row)
				? this.#renderLotToggle(row.productId, this.#lots.isExpanded(row.productId))
				: nothing;
		return html`<div
			id="c-${r}-${c.index}"
			part="cell"
			class=${cls}
			role="gridcell"
			aria-colindex=${c.index + 1}
			aria-selected=${selected ? "true" : "false"}
			aria-readonly=${editable ? nothing : "true"}
			aria-invalid=${state?.state === "error" ? "true" : nothing}
			aria-expanded=${c.field === "sku" && hasLots(row) ? String(this.#lots.isExpanded(row.productId)) : nothing}
			data-product-id=${row.lot ? nothing : row.productId}
			data-lot-of=${row.lot ? row.productId : nothing}
			data-field=${c.field}
			data-location-id=${locationId ?? nothing}
			data-editable=${editable ? "" : nothing}
			data-state=${state?.state ?? nothing}
			data-flash=${flashing ? "" : nothing}
			data-lot=${row.lot ? (row.lot.lot ?? row.lot.kind) : nothing}
			data-name=${nameUnder ?? nothing}
			title=${title ?? nothing}
			aria-label=${unstocked ? t("notStocked") : nothing}
			style=${c.style}
		>${toggle}${unstocked ? "–" : formatCell(value, c)}</div>`;
	}

	#renderLotToggle(productId: string, open: boolean): TemplateResult {
		const label = open ? t("collapseLots") : t("expandLots");
		// Not focusable: the grid keeps the focus (keys: Alt+ArrowDown / Alt+ArrowUp, Space). The glyph is
		// drawn by CSS, so that the cell's text stays the SKU (copy, tests, assistive technology).
		return html`<span
			class="lot-toggle"
			data-lot-toggle=${productId}
			data-open=${open ? "" : nothing}
			aria-hidden="true"
			title=${label}
			@click=${this.#onLotToggle}
		></span>`;
	}

	#renderEditor(): TemplateResult | typeof nothing {
		const editing = this.#editing.editing;
		if (!editing) return nothing;
		const column = this.#model.layout.columns[editing.pos.col];
		if (!column) return nothing;
		const rowH = this.#viewport.rowHeight;
		// Inside a grid only rows may sit: the editor is the edited cell's, in a row and a cell of its own
		// that take no room (display: contents), so that it stays placed over the cell it edits.
		return html`<div role="row" aria-rowindex=${editing.pos.row + 3} style="display:contents"><div
			role="gridcell"
			aria-colindex=${column.index + 1}
			style="display:contents"
		><input
			part="editor"
			class=${column.numeric ? "num" : ""}
			aria-label=${fieldLabel(column.field)}
			inputmode=${column.numeric ? "decimal" : "text"}
			autocomplete="off"
			spellcheck="false"
			style="left:${column.x}px;top:${2 * rowH + editing.pos.row * rowH}px;width:${Math.max(column.width, 120)}px"
			.value=${editing.value}
			@input=${(e: Event) => this.#editing.setEditorText((e.target as HTMLInputElement).value)}
			@blur=${() => {
				if (this.#editing.editing) this.#editing.commitEdit("none");
			}}
		/></div></div>`;
	}

	/** Products loaded but none passing the filters: say so under the filters, with a way out. */
	#renderNoMatch(): TemplateResult | typeof nothing {
		const model = this.#model;
		if (this.#loader.loading || model.products.size === 0 || model.rows.length > 0) return nothing;
		return html`<div class="no-match" data-no-match>
			<span role="status">${t("noMatch")}</span>
			<button type="button" data-action="clear-filters" @click=${this.#clearFilters}>${t("clearFilters")}</button>
		</div>`;
	}

	readonly #clearFilters = () => {
		this.#model.setFilter({ text: "", belowReorder: false, negativeAvailable: false, expired: false, expiring: false });
		this.requestUpdate();
		this.#viewport.focusGrid();
	};

	/** Count and sum of the numeric cells of a selected range (more than one cell), like a spreadsheet's status bar. */
	#renderSelectionSummary(): TemplateResult | typeof nothing {
		const model = this.#model;
		const { top, left, bottom, right } = this.#selection;
		if ((top === bottom && left === right) || model.rows.length === 0) return nothing;
		const totalIds = model.totalIds();
		const columns = model.layout.columns.slice(left, right + 1).filter((c) => c.numeric);
		const values = function* () {
			for (let r = top; r <= Math.min(bottom, model.rows.length - 1); r++) {
				const row = model.rows[r];
				if (!row) continue;
				let rowTotals: ReturnType<typeof totals> | undefined;
				for (const c of columns)
					yield cellValue(row, c, (p) => {
						rowTotals ??= totals(p, totalIds);
						return rowTotals;
					});
			}
		};
		const { count, sum } = summarize(values());
		if (count === 0) return nothing;
		return html`<span class="selection-summary" data-selection-summary aria-label=${t("selectionLabel")}
			><span>${t("selectionCount", { count: formatQuantity(count) })}</span>
			<span>${t("selectionSum", { sum: formatQuantity(sum) })}</span></span
		>`;
	}

	#renderStatus(): TemplateResult {
		const total = this.#model.products.size;
		const shown = this.#model.rows.length;
		const count = this.#loader.loading
			? ""
			: shown === total
				? plural(t, "loaded", total)
				: t("shown", { shown: formatQuantity(shown), n: formatQuantity(total) });
		return html`<div part="status" role="status" aria-live="polite">
			<span>${count}</span>
			${this.#renderSelectionSummary()}
			${[this.#status, this.#editing.saveStatus].map((s) =>
				s.text ? html`<span class=${s.error ? "error" : ""}>${s.text}</span>` : nothing,
			)}
			${
				this.#editing.failedCount > 0
					? html`<button type="button" data-action="retry" @click=${() => this.#editing.retry()}>${t("retry")}</button>`
					: nothing
			}
			${
				this.#loader.loadError
					? html`<button type="button" data-action="reload" @click=${() => this.reload()}>${t("retry")}</button>`
					: nothing
			}
		</div>`;
	}
}

// Two copies of the script on one page must not throw on the second definition.
if (!customElements.get("stockroom-grid")) customElements.define("stockroom-grid", StockroomGrid);

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-grid": StockroomGrid;
	}
}
