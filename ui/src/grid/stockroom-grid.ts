import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property } from "lit/decorators.js";
import { ApiClient, type ApiError } from "../api/api-client";
import type { LevelChange, LevelPatchResult, LevelRow, Location } from "../api/types";
import { getLocale } from "../i18n/locale";
import { onLocaleChange } from "../i18n/locale-listener";
import { formatQuantity } from "../i18n/numbers";
import { LiveFeed, type LiveStatus } from "../live/live-feed";
import {
	buildColumns,
	type ColumnLayout,
	cellValue,
	fieldLabel,
	formatCell,
	type GridColumn,
	notStocked,
	plainCell,
} from "./grid-columns";
import { t } from "./grid-messages";
import { planClear, planFillDown, planPaste, type RangeCells, rangeText } from "./grid-range-edits";
import { GridSaver, rowKey } from "./grid-saver";
import { gridStyles } from "./grid-styles";
import {
	type CellEdit,
	EDITABLE_FIELDS,
	type EditableField,
	isEditableField,
	parseCellInput,
} from "./model/cell-edits";
import { type CellPos, type CellRange, clampPos, type Rect, rectOf, singleCell } from "./model/cell-range";
import { formatCsv } from "./model/csv";
import {
	applyChanges,
	filterRows,
	type ProductRow,
	pivotLevels,
	type RowFilter,
	type SortKey,
	sortRows,
	totals,
} from "./model/grid-rows";
import { detectMac, type GridState, keyToAction } from "./model/keyboard-model";
import { formatTsv, parseTsv } from "./model/tsv";
import { UndoStack } from "./model/undo-stack";

/** Rows and columns rendered beyond the viewport on each side, so a fast scroll shows no blank. */
const OVERSCAN_ROWS = 6;
const OVERSCAN_COLS = 1;
const FLASH_MS = 1000;
const DOUBLE_TAP_MS = 400;
/** A drag this close to (or past) an edge of the data area scrolls the grid that way, faster the farther out. */
const AUTO_SCROLL_EDGE_PX = 8;
const AUTO_SCROLL_MAX_PX = 48;
/** While pages come in, the rows are re-filtered and re-sorted at most this often. */
const VIEW_REBUILD_MS = 300;

type CellValue = number | string | null;
type CellState = { state: "saving" | "error" | "conflict"; message?: string };
/** One user action as undo sees it: each cell with its value before and after. */
type UndoEntry = { productId: string; locationId: string; field: EditableField; before: CellValue; after: CellValue }[];
type Status = { text: string; error?: boolean };
type Window = { r0: number; r1: number; c0: number; c1: number };

/** Thrown from a page callback to stop loading pages for a load that was superseded. */
const SUPERSEDED = Symbol("superseded");

function cellKey(productId: string, locationId: string, field: string): string {
	return `${productId}\u0000${locationId}\u0000${field}`;
}

function setField(level: LevelRow, field: EditableField, value: CellValue): void {
	if (field === "bin") level.bin = value === null ? null : String(value);
	else level[field] = value === null ? null : Number(value);
}

function sameRange(a: CellRange, b: CellRange): boolean {
	return (
		a.anchor.row === b.anchor.row &&
		a.anchor.col === b.anchor.col &&
		a.focus.row === b.focus.row &&
		a.focus.col === b.focus.col
	);
}

/**
 * The spreadsheet grid of stock per location: one row per product (SKU, name, type frozen on the
 * left), a Total group and a group of columns per location (on hand, reserved, available, incoming,
 * reorder point, reorder qty, bin). Reorder points, reorder quantities and bins are edited in place
 * like in a spreadsheet (keyboard, paste from Excel or Google Sheets, fill down, undo); edits are
 * saved in batches. Rows and columns are virtualized; focus stays on the grid element and the
 * active cell is announced through `aria-activedescendant`. ArrowUp from the first row reaches the
 * column headers (ARIA grid pattern), where Enter or Space sorts (ascending, descending, none) and
 * ArrowDown goes back to the rows. Services and non-inventory products show "–" ("not stocked") for
 * their quantities.
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
 * @event stockroom-select - A product's SKU or name was chosen (click, or Enter); `detail: { productId }`. Bubbles, composed.
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
	#loadedWith: ApiClient | undefined;
	#generation = 0;
	#allLocations: Location[] = [];
	#hidden = new Set<string>();
	#products = new Map<string, ProductRow>();
	#view: ProductRow[] = [];
	#viewDirty = true;
	#viewBuiltAt = 0;
	#layout: ColumnLayout = buildColumns([], false);
	#layoutDirty = true;
	#loading = false;
	#heldChanges: LevelChange[] = [];
	#loadedRows = 0;
	/** When the rows shown began to be read (performance.now()): the live feed's first connect catches up from there. */
	#loadStartedAt: number | undefined;
	#loadError: string | null = null;

	#sort: SortKey | null = null;
	#filter: RowFilter = { text: "", locationIds: null, belowReorder: false, negativeAvailable: false };
	#menuOpen = false;

	#active: CellPos = { row: 0, col: 0 };
	/** The column whose header has the keyboard focus (ArrowUp from the first row); null: the focus is on the data. */
	#headerCol: number | null = null;
	#range: CellRange = singleCell({ row: 0, col: 0 });
	#editing: { pos: CellPos; value: string } | null = null;
	#focusEditor = false;
	#dragging = false;
	#pointerType = "mouse";
	#pointerMoved = false;
	#lastTap: { row: number; col: number; at: number } | null = null;
	/** Where the pointer of a drag is (viewport coordinates), and the auto-scroll's animation frame. */
	#dragPoint: { x: number; y: number } | null = null;
	#autoScrollFrame = 0;

	#rowHeight = 32;
	#scrollTop = 0;
	#scrollLeft = 0;
	#viewportWidth = 1200;
	#viewportHeight = 600;
	#renderedWindow = "";
	#rowRange = { r0: 0, r1: -1 };
	/** The selected range's bounds, once per render. */
	#selection: Rect = { top: 0, left: 0, bottom: 0, right: 0 };
	#resizeObserver: ResizeObserver | undefined;

	#cellStates = new Map<string, CellState>();
	/** Values typed but not yet confirmed by the server: kept over rows the server or the live feed sends meanwhile. */
	#pendingValues = new Map<string, CellValue>();
	#flashes = new Map<string, number>();
	#flashTimer: ReturnType<typeof setTimeout> | undefined;
	#undo = new UndoStack<UndoEntry>(200);
	/** What the last user action did (pasted, copied…); the save's progress is apart, so neither hides the other. */
	#status: Status = { text: "" };
	#saveStatus: Status = { text: "" };
	#liveStatus: LiveStatus = "connecting";
	/** The live feed was refused for good (credentials expired, signed out): say so, not just "offline". */
	#liveRefused = false;
	#feed: LiveFeed | undefined;
	#handledClipboard = new WeakSet<Event>();
	readonly #isMac = detectMac();

	readonly #saver = new GridSaver(() => this.#client(), {
		versionOf: (productId, locationId) => this.#products.get(productId)?.levels.get(locationId)?.version ?? 1,
		onSaving: (edits) => this.#setSaveStatus({ text: t("saving", { n: edits.length }) }),
		onResults: (items) => this.#onSaved(items),
		onFailure: (edits, error, retryable) => this.#onSaveFailed(edits, error, retryable),
	});

	/** Re-reads locations and every level row; forgets undo history and unsaved failures. */
	reload(): void {
		void this.#load();
	}

	/** Merges level changes (the live feed's, or the host's) into the grid; the changed cells flash. */
	applyLevelChanges(changes: LevelChange[]): void {
		// A change may concern a product whose page has not come yet (and may come older): held till the end.
		if (this.#loading) this.#heldChanges.push(...changes);
		const changed = applyChanges(this.#products, changes);
		if (changed.length === 0) return;
		const until = performance.now() + FLASH_MS;
		for (const c of changed) {
			this.#reapplyPending(c.productId, c.locationId);
			this.#flashes.set(rowKey(c), until);
		}
		clearTimeout(this.#flashTimer);
		this.#flashTimer = setTimeout(() => this.#expireFlashes(), FLASH_MS + 20);
		this.requestUpdate();
	}

	constructor() {
		super();
		// Column widths follow the language's labels: lay out again.
		onLocaleChange(this, () => {
			this.#layoutDirty = true;
			this.requestUpdate();
		});
	}

	override connectedCallback(): void {
		super.connectedCallback();
		window.addEventListener("pointerup", this.#onPointerUp);
		document.addEventListener("pointerdown", this.#onDocumentPointerDown, true);
		document.addEventListener("copy", this.#onCopyEvent);
		document.addEventListener("paste", this.#onPasteEvent);
		this.addEventListener("copy", this.#onCopyEvent);
		this.addEventListener("paste", this.#onPasteEvent);
		if (this.hasUpdated) {
			this.#startLive();
			this.#observeResize();
		}
	}

	override disconnectedCallback(): void {
		super.disconnectedCallback();
		window.removeEventListener("pointerup", this.#onPointerUp);
		document.removeEventListener("pointerdown", this.#onDocumentPointerDown, true);
		document.removeEventListener("copy", this.#onCopyEvent);
		document.removeEventListener("paste", this.#onPasteEvent);
		this.removeEventListener("copy", this.#onCopyEvent);
		this.removeEventListener("paste", this.#onPasteEvent);
		this.#feed?.stop();
		this.#feed = undefined;
		this.#stopDrag();
		this.#resizeObserver?.disconnect();
		clearTimeout(this.#flashTimer);
	}

	override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("baseUrl") || changed.has("token")) this.#ownClient = undefined;
		if (changed.has("locations") || changed.has("readonly")) this.#layoutDirty = true;
		if (this.#layoutDirty) this.#rebuildLayout();
		if (this.#viewDirty) this.#rebuildView();
	}

	override firstUpdated(): void {
		const height = Number.parseFloat(getComputedStyle(this).getPropertyValue("--stockroom-row-height"));
		if (height > 0 && height !== this.#rowHeight) {
			this.#rowHeight = height;
			this.requestUpdate();
		}
		this.#observeResize();
	}

	override updated(): void {
		const client = this.#client();
		if (client && client !== this.#loadedWith) void this.#load();
		if (this.#feed && (this.noLive || this.#feed.api !== client)) {
			this.#feed.stop();
			this.#feed = undefined;
		}
		this.#startLive();
		if (this.#focusEditor) {
			this.#focusEditor = false;
			const editor = this.renderRoot.querySelector<HTMLInputElement>('[part="editor"]');
			if (editor) {
				editor.focus({ preventScroll: true });
				const end = editor.value.length;
				editor.setSelectionRange(end, end);
			}
		}
	}

	// ——— data ———

	#client(): ApiClient | undefined {
		if (this.api) return this.api;
		if (!this.#ownClient)
			this.#ownClient = new ApiClient({ baseUrl: this.baseUrl ?? "", token: this.token || undefined });
		return this.#ownClient;
	}

	async #load(): Promise<void> {
		const api = this.#client();
		if (!api) return;
		this.#loadedWith = api;
		const generation = ++this.#generation;
		this.#loadStartedAt = performance.now();
		this.removeAttribute("loaded");
		this.#saver.clear();
		this.#undo.clear();
		this.#cellStates.clear();
		this.#pendingValues.clear();
		this.#products = new Map();
		this.#heldChanges = [];
		this.#viewDirty = true;
		this.#loading = true;
		this.#loadError = null;
		this.#loadedRows = 0;
		this.#saveStatus = { text: "" };
		this.#setStatus({ text: t("loading", { n: formatQuantity(0) }) });
		// Both requests at once: the first rows must show as soon as possible.
		const locations = api.all<Location>("/locations");
		const levels = api.all<LevelRow>("/levels", {}, (page) => {
			if (generation !== this.#generation) throw SUPERSEDED;
			pivotLevels(page, this.#products);
			this.#loadedRows += page.length;
			this.#viewDirty = true;
			// The first page at once (time to first rows); later ones a few times a second, since each
			// re-sorts every row so far.
			if (this.#view.length === 0 || performance.now() - this.#viewBuiltAt > VIEW_REBUILD_MS)
				this.#setStatus({ text: t("loading", { n: formatQuantity(this.#loadedRows) }) });
		});
		levels.catch(() => undefined); // awaited below; a failure before then is not "unhandled"
		try {
			const found = await locations;
			if (generation !== this.#generation) return;
			this.#allLocations = found.filter((l) => !l.archivedAt);
			this.#layoutDirty = true;
			this.requestUpdate();
			await levels;
			if (generation !== this.#generation) return;
			this.#loading = false;
			this.#viewDirty = true;
			const held = this.#heldChanges.splice(0);
			if (held.length > 0) this.applyLevelChanges(held);
			this.#setStatus({ text: "" });
			this.setAttribute("loaded", "");
			this.#emit("stockroom-loaded", { products: this.#products.size });
		} catch (error) {
			if (error === SUPERSEDED || generation !== this.#generation) return;
			this.#loading = false;
			this.#loadError = error instanceof Error ? error.message : String(error);
			this.#setStatus({ text: t("loadFailed", { detail: this.#loadError }), error: true });
		}
	}

	#startLive(): void {
		if (this.noLive || this.#feed || !this.isConnected) return;
		const api = this.#client();
		if (!api) return;
		this.#feed = new LiveFeed(
			api,
			{
				onLevels: (changes) => this.applyLevelChanges(changes),
				onStatus: (status) => {
					this.#liveStatus = status;
					if (status !== "offline") this.#liveRefused = false;
					this.requestUpdate();
				},
				onUnauthorized: () => {
					this.#liveRefused = true;
					this.requestUpdate();
				},
			},
			// The rows and the socket start at about the same time: what changes in between is caught up.
			{ catchUpFrom: this.#loadStartedAt },
		);
		this.#feed.start();
	}

	#shownLocations(): Location[] {
		const wanted = this.locations
			?.split(",")
			.map((s) => s.trim())
			.filter(Boolean);
		const scoped = wanted?.length ? this.#allLocations.filter((l) => wanted.includes(l.id)) : this.#allLocations;
		return scoped.filter((l) => !this.#hidden.has(l.id));
	}

	#scopedLocations(): Location[] {
		const wanted = this.locations
			?.split(",")
			.map((s) => s.trim())
			.filter(Boolean);
		return wanted?.length ? this.#allLocations.filter((l) => wanted.includes(l.id)) : this.#allLocations;
	}

	#rebuildLayout(): void {
		this.#layoutDirty = false;
		const shown = this.#shownLocations();
		this.#layout = buildColumns(shown, !this.readonly);
		this.#filter = { ...this.#filter, locationIds: shown.map((l) => l.id) };
		this.#viewDirty = true;
		this.#clampSelection();
	}

	#rebuildView(): void {
		this.#viewDirty = false;
		this.#viewBuiltAt = performance.now();
		const ids = this.#filter.locationIds ?? undefined;
		this.#view = sortRows(filterRows([...this.#products.values()], this.#filter), this.#sort, ids);
		this.#clampSelection();
	}

	#clampSelection(): void {
		const rows = Math.max(1, this.#view.length);
		const cols = Math.max(1, this.#layout.columns.length);
		this.#active = clampPos(this.#active, rows, cols);
		this.#range = {
			anchor: clampPos(this.#range.anchor, rows, cols),
			focus: clampPos(this.#range.focus, rows, cols),
		};
		if (this.#headerCol !== null) this.#headerCol = Math.min(this.#headerCol, cols - 1);
		if (this.#editing && (this.#editing.pos.row >= this.#view.length || this.#editing.pos.col >= cols))
			this.#editing = null;
	}

	#totalIds(): string[] {
		return this.#filter.locationIds ?? this.#allLocations.map((l) => l.id);
	}

	#valueAt(row: ProductRow, column: GridColumn): CellValue {
		return cellValue(row, column, (r) => totals(r, this.#totalIds()));
	}

	/** The level an editable cell writes to, or undefined when the cell cannot be edited. */
	#editableLevel(pos: CellPos): { row: ProductRow; column: GridColumn; field: EditableField } | undefined {
		if (this.readonly) return undefined;
		const row = this.#view[pos.row];
		const column = this.#layout.columns[pos.col];
		if (!row || !column?.editable || column.locationId === null) return undefined;
		if (!isEditableField(column.field) || !row.levels.has(column.locationId)) return undefined;
		return { row, column, field: column.field };
	}

	// ——— editing and saving ———

	/** Applies one user action's values optimistically, records it for undo and queues the save. */
	#commitValues(edits: CellEdit[], record: boolean): number {
		const applied: CellEdit[] = [];
		const entry: UndoEntry = [];
		for (const edit of edits) {
			const level = this.#products.get(edit.productId)?.levels.get(edit.locationId);
			if (!level) continue;
			const key = cellKey(edit.productId, edit.locationId, edit.field);
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
		this.requestUpdate();
		return applied.length;
	}

	#reapplyPending(productId: string, locationId: string): void {
		const level = this.#products.get(productId)?.levels.get(locationId);
		if (!level) return;
		for (const field of EDITABLE_FIELDS) {
			const key = cellKey(productId, locationId, field);
			if (this.#pendingValues.has(key)) setField(level, field, this.#pendingValues.get(key) ?? null);
		}
	}

	#onSaved(items: { result: LevelPatchResult; edits: CellEdit[] }[]): void {
		let failed = 0;
		for (const { result, edits } of items) {
			const product = this.#products.get(result.productId);
			const server = result.row;
			for (const edit of edits) {
				const key = cellKey(edit.productId, edit.locationId, edit.field);
				const newer = this.#pendingValues.has(key) && this.#pendingValues.get(key) !== edit.value;
				if (!newer) this.#pendingValues.delete(key);
				if (result.status === "updated") {
					if (!newer) this.#cellStates.delete(key);
				} else if (result.status === "conflict") {
					failed++;
					const theirs = server ? server[edit.field] : null;
					this.#cellStates.set(key, {
						state: "conflict",
						message: t("conflict", { theirs: this.#describe(theirs), mine: this.#describe(edit.value) }),
					});
				} else {
					failed++;
					this.#cellStates.set(key, { state: "error", message: t("notFound") });
				}
			}
			if (product && server) {
				product.levels.set(result.locationId, { ...server });
				this.#reapplyPending(result.productId, result.locationId);
			}
		}
		const saved = items.reduce((n, i) => n + (i.result.status === "updated" ? i.edits.length : 0), 0);
		this.#setSaveStatus(
			failed > 0 ? { text: t("saveFailed", { n: failed }), error: true } : { text: t("saved", { n: saved }) },
		);
		this.#emit("stockroom-edit", { results: items.map((i) => i.result) });
	}

	#onSaveFailed(edits: CellEdit[], error: ApiError, retryable: boolean): void {
		for (const edit of edits) {
			const key = cellKey(edit.productId, edit.locationId, edit.field);
			let message: string;
			if (retryable) message = t("networkFailed");
			else if (error.status === 403) message = t("forbidden");
			else message = error.problem.errors?.[0]?.message ?? error.problem.detail ?? error.problem.title;
			if (!retryable) this.#pendingValues.delete(key);
			this.#cellStates.set(key, { state: "error", message });
		}
		this.#setSaveStatus({
			text: retryable ? t("networkFailed") : t("saveFailed", { n: edits.length }),
			error: true,
		});
	}

	#describe(value: CellValue): string {
		if (value === null) return t("empty");
		return typeof value === "number" ? formatQuantity(value) : value;
	}

	#startEdit(initial?: string): void {
		const target = this.#editableLevel(this.#active);
		if (!target) {
			this.#setStatus({ text: t("readonlyCell") });
			return;
		}
		const value = initial ?? plainCell(this.#valueAt(target.row, target.column), target.column, getLocale() === "fr");
		this.#editing = { pos: { ...this.#active }, value };
		this.#scrollIntoView(this.#active);
		this.#focusEditor = true;
		this.requestUpdate();
	}

	#commitEdit(then: "down" | "up" | "right" | "left" | "none"): void {
		const editing = this.#editing;
		if (!editing) return;
		this.#editing = null;
		const target = this.#editableLevel(editing.pos);
		if (target?.column.locationId) {
			const parsed = parseCellInput(target.field, editing.value, getLocale());
			const key = cellKey(target.row.productId, target.column.locationId, target.field);
			if (parsed.ok)
				this.#commitValues(
					[
						{
							productId: target.row.productId,
							locationId: target.column.locationId,
							field: target.field,
							value: parsed.value,
						},
					],
					true,
				);
			else {
				this.#cellStates.set(key, { state: "error", message: parsed.error });
				this.#setStatus({ text: parsed.error, error: true });
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
		this.#moveTo(clampPos(to, this.#view.length, this.#layout.columns.length), false);
		this.#focusGrid();
	}

	#cancelEdit(): void {
		if (!this.#editing) return;
		this.#editing = null;
		this.requestUpdate();
		this.#focusGrid();
	}

	/** The grid's cells as the range commands see them. */
	#rangeCells(): RangeCells {
		const comma = getLocale() === "fr";
		return {
			rowCount: this.#view.length,
			colCount: this.#layout.columns.length,
			editable: (row, col) => {
				const target = this.#editableLevel({ row, col });
				const locationId = target?.column.locationId;
				if (!target || !locationId) return undefined;
				const current = target.row.levels.get(locationId)?.[target.field] ?? null;
				return { productId: target.row.productId, locationId, field: target.field, current };
			},
			text: (row, col) => {
				const product = this.#view[row];
				const column = this.#layout.columns[col];
				return product && column ? plainCell(this.#valueAt(product, column), column, comma) : "";
			},
		};
	}

	#clear(): void {
		const n = this.#commitValues(planClear(this.#rangeCells(), rectOf(this.#range)), true);
		if (n > 0) this.#setStatus({ text: t("cleared", { n }) });
	}

	#fillDown(): void {
		this.#commitValues(planFillDown(this.#rangeCells(), rectOf(this.#range)), true);
	}

	#paste(text: string): void {
		const pasted = parseTsv(text);
		if (pasted.length === 0) return;
		const plan = planPaste(this.#rangeCells(), rectOf(this.#range), pasted, getLocale());
		for (const { cell, message } of plan.invalid)
			this.#cellStates.set(cellKey(cell.productId, cell.locationId, cell.field), { state: "error", message });
		this.#range = plan.range;
		this.#active = { ...plan.range.anchor };
		this.#commitValues(plan.edits, true);
		const parts = [t("pasted", { n: plan.edits.length })];
		if (plan.skipped > 0) parts.push(t("skipped", { n: plan.skipped }));
		if (plan.invalid.length > 0) parts.push(t("invalid", { n: plan.invalid.length }));
		this.#setStatus({ text: parts.join(" · "), error: plan.invalid.length > 0 });
	}

	#applyUndo(entry: UndoEntry, side: "before" | "after"): void {
		this.#commitValues(
			entry.map((c) => ({ productId: c.productId, locationId: c.locationId, field: c.field, value: c[side] })),
			false,
		);
		// Show where the change happened when it is in view.
		this.requestUpdate();
	}

	#undoAction(): void {
		const entry = this.#undo.undo();
		if (!entry) {
			this.#setStatus({ text: t("nothingToUndo") });
			return;
		}
		this.#applyUndo(entry, "before");
	}

	#redoAction(): void {
		const entry = this.#undo.redo();
		if (entry) this.#applyUndo(entry, "after");
	}

	// ——— clipboard ———

	#selectionText(): string {
		return formatTsv(rangeText(this.#rangeCells(), rectOf(this.#range)));
	}

	#copy(): void {
		const text = this.#selectionText();
		const rect = rectOf(this.#range);
		const n = (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1);
		// The `copy` event (which the key press also fires) is the fallback where the clipboard API is refused.
		navigator.clipboard?.writeText(text).catch(() => undefined);
		this.#setStatus({ text: t("copied", { n }) });
	}

	#gridFocused(): boolean {
		const root = this.shadowRoot;
		return !!root && root.activeElement === this.#gridEl();
	}

	/** Whether a clipboard event is the grid's: aimed at the grid (not the filter or the editor), or the grid has focus. */
	#ownsClipboardEvent(event: Event): boolean {
		if (this.#handledClipboard.has(event) || this.#editing) return false;
		const origin = event.composedPath()[0];
		if (origin instanceof HTMLInputElement || origin instanceof HTMLTextAreaElement) return false;
		if (origin === this.#gridEl() || origin === this) return true;
		return this.#gridFocused();
	}

	readonly #onCopyEvent = (event: Event) => {
		if (!(event instanceof ClipboardEvent) || !this.#ownsClipboardEvent(event)) return;
		this.#handledClipboard.add(event);
		if (!event.clipboardData) return;
		event.clipboardData.setData("text/plain", this.#selectionText());
		event.preventDefault();
	};

	readonly #onPasteEvent = (event: Event) => {
		if (!(event instanceof ClipboardEvent) || !this.#ownsClipboardEvent(event)) return;
		this.#handledClipboard.add(event);
		const text = event.clipboardData?.getData("text/plain") ?? "";
		event.preventDefault();
		if (this.readonly) {
			this.#setStatus({ text: t("readonlyCell") });
			return;
		}
		this.#paste(text);
	};

	// ——— keyboard, pointer, scroll ———

	#gridEl(): HTMLElement | null {
		return this.renderRoot.querySelector<HTMLElement>('[role="grid"]');
	}

	#focusGrid(): void {
		this.#gridEl()?.focus({ preventScroll: true });
	}

	#pageRows(): number {
		return Math.max(1, Math.floor((this.#viewportHeight - 2 * this.#rowHeight) / this.#rowHeight) - 1);
	}

	readonly #onKeyDown = (event: KeyboardEvent) => {
		if (event.isComposing) return;
		const origin = event.composedPath()[0];
		const fromEditor = origin instanceof HTMLInputElement && origin.getAttribute("part") === "editor";
		if (!fromEditor && origin !== event.currentTarget) return;
		const editing = this.#editing !== null;
		const headerCol = editing ? null : this.#headerCol;
		const noModifier = !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
		if (!editing && headerCol === null && event.key === "Enter" && noModifier) {
			const field = this.#layout.columns[this.#active.col]?.field;
			const row = this.#view[this.#active.row];
			if (row && (field === "sku" || field === "name")) {
				event.preventDefault();
				this.#emit("stockroom-select", { productId: row.productId });
				return;
			}
		}
		const state: GridState = {
			active: headerCol === null ? this.#active : { row: this.#active.row, col: headerCol },
			range: this.#range,
			editing,
			rowCount: this.#view.length,
			colCount: this.#layout.columns.length,
			pageRows: this.#pageRows(),
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
			action.to.row === this.#active.row &&
			action.to.col === this.#active.col
		)
			return;
		// Ctrl+C keeps its default: the browser then fires `copy`, our fallback.
		if (action.type !== "copy") event.preventDefault();
		switch (action.type) {
			case "move":
				this.#moveTo(action.to, action.extend);
				break;
			case "startEdit":
				this.#startEdit(action.initial);
				break;
			case "commitEdit":
				this.#commitEdit(action.then);
				break;
			case "cancelEdit":
				this.#cancelEdit();
				break;
			case "copy":
				this.#copy();
				break;
			case "fillDown":
				if (!this.readonly) this.#fillDown();
				break;
			case "clear":
				if (!this.readonly) this.#clear();
				break;
			case "undo":
				this.#undoAction();
				break;
			case "redo":
				this.#redoAction();
				break;
			case "header":
				this.#focusHeader(action.col);
				break;
			case "sort": {
				const column = this.#layout.columns[action.col];
				if (column) this.#toggleSort(column);
				break;
			}
			case "selectAll":
				this.#range = {
					anchor: { row: 0, col: 0 },
					focus: { row: Math.max(0, this.#view.length - 1), col: this.#layout.columns.length - 1 },
				};
				this.requestUpdate();
				break;
		}
	};

	#moveTo(to: CellPos, extend: boolean): void {
		this.#headerCol = null;
		const range: CellRange = extend ? { anchor: this.#range.anchor, focus: to } : singleCell(to);
		if (!extend) this.#active = { ...to };
		if (!sameRange(range, this.#range) || !extend) this.#range = range;
		this.#scrollIntoView(to);
		this.requestUpdate();
	}

	/** The header cell of column `col` takes the keyboard focus; the data selection stays as it was. */
	#focusHeader(col: number): void {
		this.#headerCol = col;
		this.#scrollColumnIntoView(col);
		this.requestUpdate();
	}

	#scrollIntoView(pos: CellPos): void {
		const grid = this.#gridEl();
		if (!grid) return;
		const rowH = this.#rowHeight;
		const dataHeight = grid.clientHeight - 2 * rowH;
		const y = pos.row * rowH;
		if (y < grid.scrollTop) grid.scrollTop = y;
		else if (y + rowH > grid.scrollTop + dataHeight) grid.scrollTop = y + rowH - dataHeight;
		this.#scrollColumnIntoView(pos.col);
	}

	#scrollColumnIntoView(col: number): void {
		const grid = this.#gridEl();
		if (!grid) return;
		const column = this.#layout.columns[col];
		// Into the frozen columns (Home, Ctrl+Home): back to the left edge, as spreadsheets do.
		if (column?.frozen) grid.scrollLeft = 0;
		else if (column) {
			const left = column.x - this.#layout.frozenWidth;
			if (left < grid.scrollLeft) grid.scrollLeft = left;
			else if (column.x + column.width > grid.scrollLeft + grid.clientWidth)
				grid.scrollLeft = column.x + column.width - grid.clientWidth;
		}
		this.#scrollTop = grid.scrollTop;
		this.#scrollLeft = grid.scrollLeft;
	}

	#cellAt(event: Event): CellPos | null {
		const target = event.target instanceof Element ? event.target.closest<HTMLElement>(".cell") : null;
		if (!target) return null;
		const [, row, col] = (/^c-(\d+)-(\d+)$/.exec(target.id) ?? []).map(Number);
		return row !== undefined && col !== undefined && Number.isInteger(row) && Number.isInteger(col)
			? { row, col }
			: null;
	}

	readonly #onPointerDown = (event: PointerEvent) => {
		this.#pointerType = event.pointerType;
		this.#pointerMoved = false;
		const pos = this.#cellAt(event);
		if (!pos) return;
		if (this.#editing) {
			if (this.#editing.pos.row === pos.row && this.#editing.pos.col === pos.col) return;
			this.#commitEdit("none");
		}
		// Touch selects on tap (click), so that a swipe to scroll does not move the selection.
		if (event.pointerType !== "mouse" || event.button !== 0) return;
		this.#focusGrid();
		this.#moveTo(pos, event.shiftKey);
		this.#dragging = true;
		this.#dragPoint = { x: event.clientX, y: event.clientY };
		// Outside the grid too: a drag past its edge scrolls it.
		window.addEventListener("pointermove", this.#onDragMove);
	};

	readonly #onDragMove = (event: PointerEvent) => {
		if (!this.#dragging) return;
		this.#dragPoint = { x: event.clientX, y: event.clientY };
		if (!this.#autoScrollFrame && this.#autoScrollStep()) this.#scheduleAutoScroll();
	};

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
		const grid = this.#gridEl();
		const point = this.#dragPoint;
		if (!grid || !point || this.#view.length === 0) return false;
		const rect = grid.getBoundingClientRect();
		const rowH = this.#rowHeight;
		const left = rect.left + grid.clientLeft;
		const top = rect.top + grid.clientTop;
		const area = {
			top: top + 2 * rowH,
			bottom: top + grid.clientHeight,
			left: left + this.#layout.frozenWidth,
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
		this.#scrollTop = grid.scrollTop;
		this.#scrollLeft = grid.scrollLeft;
		// The cell under the pointer, the pointer held inside the data area.
		const y = Math.min(Math.max(point.y, area.top), area.bottom - 1) - area.top + grid.scrollTop;
		// Scrolling left from over the frozen columns: the columns coming into view, not the frozen ones.
		const x = Math.min(Math.max(point.x, dx < 0 ? area.left : left), area.right - 1) - left;
		const row = Math.min(this.#view.length - 1, Math.max(0, Math.floor(y / rowH)));
		const columns = this.#layout.columns;
		const inFrozen = x < this.#layout.frozenWidth;
		const at = inFrozen ? x : x + grid.scrollLeft;
		const column =
			columns.find((c) => c.frozen === inFrozen && c.x <= at && at < c.x + c.width) ??
			(inFrozen ? undefined : columns.at(-1));
		if (column) {
			const focus = { row, col: column.index };
			if (focus.row !== this.#range.focus.row || focus.col !== this.#range.focus.col) {
				this.#pointerMoved = true;
				this.#range = { anchor: this.#range.anchor, focus };
			}
		}
		this.requestUpdate();
		return true;
	}

	readonly #onPointerMove = (event: PointerEvent) => {
		if (!this.#dragging) return;
		const pos = this.#cellAt(event);
		if (!pos) return;
		const focus = this.#range.focus;
		if (focus.row === pos.row && focus.col === pos.col) return;
		this.#pointerMoved = true;
		this.#range = { anchor: this.#range.anchor, focus: pos };
		this.requestUpdate();
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

	readonly #onClick = (event: MouseEvent) => {
		const header = event.target instanceof Element ? event.target.closest<HTMLElement>(".hcell[data-field]") : null;
		const column = header ? this.#layout.columns[Number(header.dataset.col)] : undefined;
		if (column) {
			this.#focusGrid();
			this.#focusHeader(column.index);
			this.#toggleSort(column);
			return;
		}
		const pos = this.#cellAt(event);
		if (!pos) return;
		if (this.#pointerType !== "mouse") {
			this.#focusGrid();
			const now = performance.now();
			const tap = this.#lastTap;
			const doubleTap = tap && tap.row === pos.row && tap.col === pos.col && now - tap.at < DOUBLE_TAP_MS;
			this.#lastTap = { ...pos, at: now };
			if (!(this.#editing && this.#editing.pos.row === pos.row && this.#editing.pos.col === pos.col))
				this.#moveTo(pos, event.shiftKey);
			if (doubleTap && this.#editableLevel(pos)) {
				this.#startEdit();
				return;
			}
		}
		if (event.shiftKey || this.#pointerMoved) return;
		const field = this.#layout.columns[pos.col]?.field;
		const row = this.#view[pos.row];
		if (row && (field === "sku" || field === "name")) this.#emit("stockroom-select", { productId: row.productId });
	};

	readonly #onDoubleClick = (event: MouseEvent) => {
		const pos = this.#cellAt(event);
		if (!pos || !this.#editableLevel(pos)) return;
		this.#moveTo(pos, false);
		this.#startEdit();
	};

	readonly #onScroll = (event: Event) => {
		const grid = event.currentTarget as HTMLElement;
		this.#scrollTop = grid.scrollTop;
		this.#scrollLeft = grid.scrollLeft;
		if (this.#windowKey(this.#window()) !== this.#renderedWindow) this.requestUpdate();
	};

	#observeResize(): void {
		const grid = this.#gridEl();
		if (!grid || typeof ResizeObserver === "undefined") return;
		this.#resizeObserver?.disconnect();
		this.#resizeObserver = new ResizeObserver(() => {
			this.#viewportWidth = grid.clientWidth;
			this.#viewportHeight = grid.clientHeight;
			this.requestUpdate();
		});
		this.#resizeObserver.observe(grid);
	}

	/** Sorts by the column: ascending, then descending, then back to the load order. */
	#toggleSort(column: GridColumn): void {
		const field: SortKey["field"] = column.field;
		const locationId = column.locationId;
		const current = this.#sort;
		const same = current && current.field === field && current.locationId === locationId;
		if (!same) this.#sort = { field, locationId, direction: "asc" };
		else if (current.direction === "asc") this.#sort = { field, locationId, direction: "desc" };
		else this.#sort = null;
		this.#viewDirty = true;
		this.requestUpdate();
	}

	#expireFlashes(): void {
		const now = performance.now();
		for (const [key, until] of this.#flashes) if (until <= now) this.#flashes.delete(key);
		if (this.#flashes.size > 0) this.#flashTimer = setTimeout(() => this.#expireFlashes(), 100);
		this.requestUpdate();
	}

	#setStatus(status: Status): void {
		this.#status = status;
		this.requestUpdate();
	}

	#setSaveStatus(status: Status): void {
		this.#saveStatus = status;
		this.requestUpdate();
	}

	#emit(type: string, detail: unknown): void {
		this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
	}

	// ——— toolbar ———

	#exportCsv(): void {
		const columns = this.#layout.columns;
		const groups = this.#layout.groups;
		const header = columns.map((c) =>
			c.locationId === null ? fieldLabel(c.field) : `${groups[c.group]?.label ?? ""} – ${fieldLabel(c.field)}`,
		);
		const rows = this.#view.map((row) => columns.map((c) => plainCell(this.#valueAt(row, c), c, false)));
		const blob = new Blob([`\ufeff${formatCsv([header, ...rows])}`], { type: "text/csv;charset=utf-8" });
		const url = URL.createObjectURL(blob);
		const link = document.createElement("a");
		const d = new Date();
		const pad = (n: number) => String(n).padStart(2, "0");
		link.href = url;
		link.download = `stockroom-stock-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.csv`;
		link.style.display = "none";
		this.renderRoot.appendChild(link);
		link.click();
		link.remove();
		setTimeout(() => URL.revokeObjectURL(url), 10_000);
	}

	readonly #onFilterInput = (event: Event) => {
		this.#filter = { ...this.#filter, text: (event.target as HTMLInputElement).value };
		this.#viewDirty = true;
		this.requestUpdate();
	};

	readonly #onCheck = (event: Event) => {
		const input = event.target as HTMLInputElement;
		if (input.dataset.filter === "below-reorder") this.#filter = { ...this.#filter, belowReorder: input.checked };
		if (input.dataset.filter === "negative") this.#filter = { ...this.#filter, negativeAvailable: input.checked };
		this.#viewDirty = true;
		this.requestUpdate();
	};

	// The locations menu is a disclosure (a button and the group of checkboxes after it, in Tab order):
	// it closes on Escape, with the focus back on its button, on a click outside or when the focus leaves it.
	#setMenuOpen(open: boolean): void {
		if (open === this.#menuOpen) return;
		this.#menuOpen = open;
		this.requestUpdate();
	}

	readonly #onMenuKeyDown = (event: KeyboardEvent) => {
		if (event.key !== "Escape" || !this.#menuOpen) return;
		event.preventDefault();
		// A host dialog must not close on the same Escape.
		event.stopPropagation();
		this.#setMenuOpen(false);
		this.renderRoot.querySelector<HTMLElement>('[data-action="columns"]')?.focus();
	};

	readonly #onMenuFocusOut = (event: FocusEvent) => {
		const to = event.relatedTarget;
		const wrap = event.currentTarget as HTMLElement;
		// No relatedTarget: a click on nothing focusable, which the pointerdown below judges.
		if (to instanceof Node && !wrap.contains(to)) this.#setMenuOpen(false);
	};

	readonly #onDocumentPointerDown = (event: PointerEvent) => {
		if (!this.#menuOpen) return;
		const wrap = this.renderRoot.querySelector(".menu-wrap");
		if (wrap && !event.composedPath().includes(wrap)) this.#setMenuOpen(false);
	};

	readonly #onLocationToggle = (event: Event) => {
		const input = event.target as HTMLInputElement;
		const id = input.dataset.locationToggle;
		if (!id) return;
		if (input.checked) this.#hidden.delete(id);
		else this.#hidden.add(id);
		this.#layoutDirty = true;
		this.requestUpdate();
	};

	// ——— rendering ———

	/** Rows that fit in the viewport, plus the overscan on both sides: the number of row elements, reused as the grid scrolls. */
	#slotCount(): number {
		const rowH = this.#rowHeight;
		const dataHeight = Math.max(rowH, this.#viewportHeight - 2 * rowH);
		return Math.ceil(dataHeight / rowH) + 1 + 2 * OVERSCAN_ROWS;
	}

	/**
	 * The rows and columns to render. The rendered rows are kept while the visible ones stay inside
	 * them, so that a slow scroll renders nothing at all; past them, a new range centred on the view.
	 */
	#window(): Window {
		const rowH = this.#rowHeight;
		const n = this.#view.length;
		const dataHeight = Math.max(rowH, this.#viewportHeight - 2 * rowH);
		const v0 = Math.floor(this.#scrollTop / rowH);
		const v1 = Math.min(n - 1, Math.ceil((this.#scrollTop + dataHeight) / rowH));
		const slots = this.#slotCount();
		let { r0, r1 } = this.#rowRange;
		const expected = Math.min(slots, n - r0);
		if (!(r0 <= v0 && v1 <= r1 && r1 <= n - 1 && r1 - r0 + 1 === expected)) {
			r0 = Math.max(0, Math.min(v0 - OVERSCAN_ROWS, n - slots));
			r1 = Math.min(n - 1, r0 + slots - 1);
		}
		const { columns, frozenWidth } = this.#layout;
		const left = this.#scrollLeft + frozenWidth;
		const right = this.#scrollLeft + this.#viewportWidth;
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

	#windowKey(w: Window): string {
		return `${w.r0}:${w.r1}:${w.c0}:${w.c1}`;
	}

	#liveLabel(): "signedOut" | LiveStatus {
		return this.#liveRefused ? "signedOut" : this.#liveStatus;
	}

	override render(): TemplateResult {
		const layout = this.#layout;
		const rowH = this.#rowHeight;
		const headH = 2 * rowH;
		const win = this.#window();
		this.#renderedWindow = this.#windowKey(win);
		this.#rowRange = { r0: win.r0, r1: win.r1 };
		this.#selection = rectOf(this.#range);
		const frozen = layout.columns.filter((c) => c.frozen);
		const free = win.c0 >= 0 ? layout.columns.slice(win.c0, win.c1 + 1) : [];
		const gap = (free[0]?.x ?? layout.frozenWidth) - layout.frozenWidth;
		// Row r lives in element r mod slots: a row that stays in view keeps its element and bindings, so
		// a scroll only writes the rows that came in.
		const slots = this.#slotCount();
		const rows: (number | null)[] = new Array(slots).fill(null);
		for (let r = win.r0; r <= win.r1; r++) rows[r % slots] = r;
		const active = this.#active;
		const shownCol = (col: number) => layout.columns[col]?.frozen || (col >= win.c0 && col <= win.c1);
		const headerCol = this.#headerCol;
		const activeShown =
			headerCol === null &&
			this.#view.length > 0 &&
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
		return html`<div class="frame">
			${this.#renderToolbar()}
			<div
				part="grid"
				role="grid"
				tabindex="0"
				aria-label=${t("gridLabel")}
				aria-rowcount=${this.#view.length + 2}
				aria-colcount=${layout.columns.length}
				aria-multiselectable="true"
				aria-readonly=${this.readonly ? "true" : nothing}
				aria-busy=${this.#loading ? "true" : "false"}
				aria-activedescendant=${descendant}
				@keydown=${this.#onKeyDown}
				@pointerdown=${this.#onPointerDown}
				@pointermove=${this.#onPointerMove}
				@click=${this.#onClick}
				@dblclick=${this.#onDoubleClick}
				@scroll=${this.#onScroll}
				@copy=${this.#onCopyEvent}
				@paste=${this.#onPasteEvent}
			>
				<div class="canvas" style="width:${layout.totalWidth}px;height:${headH + this.#view.length * rowH}px">
					${this.#renderHeader(frozen, free, gap, win)}
					${rows.map((r) => (r === null ? nothing : this.#renderRow(r, frozen, free, gap)))}
					${this.#renderEditor()}
				</div>
			</div>
			${this.#renderStatus()}
		</div>`;
	}

	#renderToolbar(): TemplateResult {
		const scoped = this.#scopedLocations();
		return html`<div part="toolbar">
			<input
				part="filter"
				type="search"
				aria-label=${t("filter")}
				placeholder=${t("filterPlaceholder")}
				.value=${this.#filter.text}
				@input=${this.#onFilterInput}
			/>
			<label class="check"
				><input
					type="checkbox"
					data-filter="below-reorder"
					.checked=${this.#filter.belowReorder}
					@change=${this.#onCheck}
				/>${t("belowReorder")}</label
			>
			<label class="check"
				><input
					type="checkbox"
					data-filter="negative"
					.checked=${this.#filter.negativeAvailable}
					@change=${this.#onCheck}
				/>${t("negative")}</label
			>
			<span class="menu-wrap" @keydown=${this.#onMenuKeyDown} @focusout=${this.#onMenuFocusOut}>
				<button
					type="button"
					data-action="columns"
					aria-expanded=${this.#menuOpen ? "true" : "false"}
					@click=${() => this.#setMenuOpen(!this.#menuOpen)}
				>
					${t("columns")} ▾
				</button>
				${
					this.#menuOpen
						? html`<div class="menu" role="group" aria-label=${t("columns")}>
							${scoped.map(
								(l) =>
									html`<label class="check"
										><input
											type="checkbox"
											data-location-toggle=${l.id}
											.checked=${!this.#hidden.has(l.id)}
											@change=${this.#onLocationToggle}
										/>${l.name}</label
									>`,
							)}
						</div>`
						: nothing
				}
			</span>
			<button
				type="button"
				data-action="undo"
				?disabled=${!this.#undo.canUndo}
				@click=${() => {
					this.#undoAction();
					this.requestUpdate();
				}}
			>
				${t("undo")}
			</button>
			<button
				type="button"
				data-action="redo"
				?disabled=${!this.#undo.canRedo}
				@click=${() => {
					this.#redoAction();
					this.requestUpdate();
				}}
			>
				${t("redo")}
			</button>
			<button type="button" data-action="export-csv" @click=${() => this.#exportCsv()}>${t("exportCsv")}</button>
			<span class="spacer"></span>
			${
				this.noLive
					? nothing
					: html`<span part="live" data-live=${this.#liveStatus}
						>${t(this.#liveLabel())}</span
					>`
			}
		</div>`;
	}

	#renderHeader(frozen: GridColumn[], free: GridColumn[], gap: number, win: Window): TemplateResult {
		const layout = this.#layout;
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
		const sort = this.#sort;
		const sorted = sort && sort.field === c.field && (sort.locationId ?? null) === c.locationId;
		const direction = sorted ? sort.direction : null;
		const last = c.frozen && c.index === this.#layout.columns.filter((x) => x.frozen).length - 1;
		const focused = this.#headerCol === c.index;
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
			title=${fieldLabel(c.field)}
		>
			${fieldLabel(c.field)}${direction ? html` <span class="arrow" aria-hidden="true">${direction === "asc" ? "▲" : "▼"}</span>` : nothing}
		</div>`;
	}

	#renderRow(r: number, frozen: GridColumn[], free: GridColumn[], gap: number): TemplateResult {
		const row = this.#view[r] as ProductRow;
		const rowH = this.#rowHeight;
		const totalIds = this.#totalIds();
		let rowTotals: ReturnType<typeof totals> | undefined;
		const totalsOf = (p: ProductRow) => {
			rowTotals ??= totals(p, totalIds);
			return rowTotals;
		};
		return html`<div
			class="row"
			role="row"
			aria-rowindex=${r + 3}
			style="width:${this.#layout.totalWidth}px;transform:translateY(${2 * rowH + r * rowH}px)"
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
		const state =
			locationId && editable && this.#cellStates.size > 0
				? this.#cellStates.get(cellKey(row.productId, locationId, c.field))
				: undefined;
		let cls = c.className;
		if (c.field === "available" && typeof value === "number") {
			if (value < 0) cls += " negative";
			else if (level && level.reorderPoint !== null && value <= level.reorderPoint) cls += " warning";
		}
		if (this.#active.row === r && this.#active.col === c.index && this.#headerCol === null) cls += " active";
		const sel = this.#selection;
		const selected = r >= sel.top && r <= sel.bottom && c.index >= sel.left && c.index <= sel.right;
		const flashing = c.stock && level !== undefined && this.#flashes.size > 0 && this.#flashes.has(rowKey(level));
		const unstocked = notStocked(row, c);
		if (unstocked) cls += " not-stocked";
		return html`<div
			id="c-${r}-${c.index}"
			part="cell"
			class=${cls}
			role="gridcell"
			aria-colindex=${c.index + 1}
			aria-selected=${selected ? "true" : "false"}
			aria-readonly=${editable ? nothing : "true"}
			aria-invalid=${state?.state === "error" ? "true" : nothing}
			data-product-id=${row.productId}
			data-field=${c.field}
			data-location-id=${locationId ?? nothing}
			data-editable=${editable ? "" : nothing}
			data-state=${state?.state ?? nothing}
			data-flash=${flashing ? "" : nothing}
			title=${state?.message ?? nothing}
			aria-label=${unstocked ? t("notStocked") : nothing}
			style=${c.style}
		>${unstocked ? "–" : formatCell(value, c)}</div>`;
	}

	#renderEditor(): TemplateResult | typeof nothing {
		const editing = this.#editing;
		if (!editing) return nothing;
		const column = this.#layout.columns[editing.pos.col];
		if (!column) return nothing;
		const rowH = this.#rowHeight;
		return html`<input
			part="editor"
			class=${column.numeric ? "num" : ""}
			aria-label=${fieldLabel(column.field)}
			inputmode=${column.numeric ? "decimal" : "text"}
			autocomplete="off"
			spellcheck="false"
			style="left:${column.x}px;top:${2 * rowH + editing.pos.row * rowH}px;width:${Math.max(column.width, 120)}px"
			.value=${editing.value}
			@input=${(e: Event) => {
				if (this.#editing) this.#editing.value = (e.target as HTMLInputElement).value;
			}}
			@blur=${() => {
				if (this.#editing) this.#commitEdit("none");
			}}
		/>`;
	}

	#renderStatus(): TemplateResult {
		const total = this.#products.size;
		const shown = this.#view.length;
		const count = this.#loading
			? ""
			: shown === total
				? t("loaded", { n: formatQuantity(total) })
				: t("shown", { shown: formatQuantity(shown), n: formatQuantity(total) });
		return html`<div part="status" role="status" aria-live="polite">
			<span>${count}</span>
			${this.#status.text ? html`<span class=${this.#status.error ? "error" : ""}>${this.#status.text}</span>` : nothing}
			${this.#saveStatus.text ? html`<span class=${this.#saveStatus.error ? "error" : ""}>${this.#saveStatus.text}</span>` : nothing}
			${
				this.#saver.failedCount > 0
					? html`<button type="button" data-action="retry" @click=${() => this.#saver.retry()}>${t("retry")}</button>`
					: nothing
			}
			${
				this.#loadError
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
