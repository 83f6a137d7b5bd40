/**
 * What `<stockroom-grid>` shows, shared by the element and its controllers: the locations and
 * products read so far, the rows after filter and sort, the column layout of the shown locations,
 * and the selection (active cell, selected range, focused header). No DOM: the element rebuilds what
 * is dirty before each render (`refresh`, from its willUpdate) and the controllers read and move it.
 */
import type { Location } from "../api/types";
import { buildColumns, type ColumnLayout, cellValue, fieldLabel, type GridColumn, plainCell } from "./grid-columns";
import { type EditableField, isEditableField } from "./model/cell-edits";
import { type CellPos, type CellRange, clampPos, samePos, singleCell } from "./model/cell-range";
import { filterRows, type ProductRow, type RowFilter, type SortKey, sortRows, totals } from "./model/grid-rows";
import { type LotState, withLotRows } from "./model/lot-subrows";

export type CellValue = number | string | null;

/** An editable cell: its row and column, and the level field it writes. */
export type EditableTarget = { row: ProductRow; column: GridColumn; field: EditableField };

export class GridModel {
	/** Every active location the caller may see. */
	allLocations: Location[] = [];
	/** The locations the `locations` attribute keeps (all when it is empty): the locations menu lists these. */
	scopedLocations: Location[] = [];
	/** Locations switched off in the locations menu; replaced, never mutated, so that a render sees the change. */
	hiddenLocations: ReadonlySet<string> = new Set();
	products = new Map<string, ProductRow>();
	/** The rows shown: `products` filtered and sorted, each expanded row followed by its lots' sub-rows. */
	rows: ProductRow[] = [];
	rowsBuiltAt = 0;
	layout: ColumnLayout = buildColumns([], false);
	/** Replaced, never mutated (the toolbar sees a new object when it changes). */
	filter: RowFilter = {
		text: "",
		locationIds: null,
		belowReorder: false,
		negativeAvailable: false,
		expired: false,
		expiring: false,
	};
	/** The product rows expanded into their lots, by product id (grid-lots.ts reads them). */
	expanded = new Map<string, LotState>();
	/** The company's "expiring within" days, when the caller may read the settings (the filter's label). */
	expiringDays: number | null = null;
	sort: SortKey | null = null;
	/** The grid is narrow (a phone, a small embed): the SKU alone is frozen (grid-columns.ts). */
	narrow = false;
	/** The stock value columns are shown (the toolbar's "Show value"). */
	showValue = false;
	rowsDirty = true;
	layoutDirty = true;

	active: CellPos = { row: 0, col: 0 };
	/** The column whose header has the keyboard focus (ArrowUp from the first row); null: the focus is on the data. */
	headerCol: number | null = null;
	range: CellRange = singleCell({ row: 0, col: 0 });

	constructor(readonly isReadonly: () => boolean) {}

	/** Lays the columns out again and re-filters and re-sorts the rows, when they are out of date. */
	refresh(locations: string | undefined): void {
		if (this.layoutDirty) this.#rebuildLayout(locations);
		if (this.rowsDirty) this.#rebuildRows();
	}

	#rebuildLayout(locations: string | undefined): void {
		this.layoutDirty = false;
		const wanted = locations
			?.split(",")
			.map((s) => s.trim())
			.filter(Boolean);
		this.scopedLocations = wanted?.length ? this.allLocations.filter((l) => wanted.includes(l.id)) : this.allLocations;
		const shown = this.scopedLocations.filter((l) => !this.hiddenLocations.has(l.id));
		this.layout = buildColumns(shown, !this.isReadonly(), { narrow: this.narrow, value: this.showValue });
		this.filter = { ...this.filter, locationIds: shown.map((l) => l.id) };
		this.rowsDirty = true;
		this.#clampSelection();
	}

	#rebuildRows(): void {
		this.rowsDirty = false;
		this.rowsBuiltAt = performance.now();
		const ids = this.filter.locationIds ?? undefined;
		const sorted = sortRows(filterRows([...this.products.values()], this.filter), this.sort, ids);
		this.rows = withLotRows(sorted, this.expanded, this.filter.locationIds);
		this.#clampSelection();
	}

	#clampSelection(): void {
		const rows = Math.max(1, this.rows.length);
		const cols = Math.max(1, this.layout.columns.length);
		this.active = clampPos(this.active, rows, cols);
		this.range = { anchor: clampPos(this.range.anchor, rows, cols), focus: clampPos(this.range.focus, rows, cols) };
		if (this.headerCol !== null) this.headerCol = Math.min(this.headerCol, cols - 1);
	}

	/** The active cell moves to `to`, or (`extend`) the range stretches to it; the header loses the focus. */
	select(to: CellPos, extend: boolean): void {
		this.headerCol = null;
		const range: CellRange = extend ? { anchor: this.range.anchor, focus: to } : singleCell(to);
		if (!extend) this.active = { ...to };
		if (!extend || !samePos(range.anchor, this.range.anchor) || !samePos(range.focus, this.range.focus))
			this.range = range;
	}

	/** The range stretches to `focus` (a drag); answers whether it moved. */
	extendTo(focus: CellPos): boolean {
		if (samePos(focus, this.range.focus)) return false;
		this.range = { anchor: this.range.anchor, focus };
		return true;
	}

	selectAll(): void {
		this.range = {
			anchor: { row: 0, col: 0 },
			focus: { row: Math.max(0, this.rows.length - 1), col: this.layout.columns.length - 1 },
		};
	}

	/** Sorts by the column: ascending, then descending, then back to the load order. */
	toggleSort(column: GridColumn): void {
		const field: SortKey["field"] = column.field;
		const locationId = column.locationId;
		const current = this.sort;
		const same = current && current.field === field && current.locationId === locationId;
		if (!same) this.sort = { field, locationId, direction: "asc" };
		else if (current.direction === "asc") this.sort = { field, locationId, direction: "desc" };
		else this.sort = null;
		this.rowsDirty = true;
	}

	setFilter(change: Partial<Omit<RowFilter, "locationIds">>): void {
		this.filter = { ...this.filter, ...change };
		this.rowsDirty = true;
	}

	showLocation(id: string, shown: boolean): void {
		const hidden = new Set(this.hiddenLocations);
		if (shown) hidden.delete(id);
		else hidden.add(id);
		this.hiddenLocations = hidden;
		this.layoutDirty = true;
	}

	/** The locations the Total columns add up. */
	totalIds(): string[] {
		return this.filter.locationIds ?? this.allLocations.map((l) => l.id);
	}

	valueAt(row: ProductRow, column: GridColumn): CellValue {
		return cellValue(row, column, (r) => totals(r, this.totalIds()));
	}

	/** The level an editable cell writes to, or undefined when the cell cannot be edited. */
	editableAt(pos: CellPos): EditableTarget | undefined {
		if (this.isReadonly()) return undefined;
		const row = this.rows[pos.row];
		const column = this.layout.columns[pos.col];
		if (!row || row.lot || !column?.editable || column.locationId === null) return undefined;
		if (!isEditableField(column.field) || !row.levels.has(column.locationId)) return undefined;
		return { row, column, field: column.field };
	}

	/** The product a SKU or name cell names (they open the product), or undefined for any other cell. */
	/** The `stockroom-select` detail of a SKU or name cell: its product, and on a lot's row the lot too. */
	selectionAt(pos: CellPos): { productId: string; lot?: string } | undefined {
		const productId = this.productAt(pos);
		if (!productId) return undefined;
		const lot = this.rows[pos.row]?.lot;
		if (lot && lot.kind !== "lot") return undefined; // "Unassigned", "Loading…": nothing to open
		return lot?.lot ? { productId, lot: lot.lot } : { productId };
	}

	productAt(pos: CellPos): string | undefined {
		const field = this.layout.columns[pos.col]?.field;
		const row = this.rows[pos.row];
		return row && (field === "sku" || field === "name") ? row.productId : undefined;
	}

	/** The rows shown, as the CSV export writes them: a header line, then every row's cells as plain text. */
	csvTable(): string[][] {
		const { columns, groups } = this.layout;
		const header = columns.map((c) =>
			c.locationId === null ? fieldLabel(c.field) : `${groups[c.group]?.label ?? ""} – ${fieldLabel(c.field)}`,
		);
		return [header, ...this.rows.map((row) => columns.map((c) => plainCell(this.valueAt(row, c), c, false)))];
	}
}
