/**
 * The grid's columns: the frozen product columns (SKU, name, type; on a narrow grid the SKU alone,
 * with the name under it, so that quantities fit beside it), a Total group, then one group per
 * shown location. Each column knows where it sits (x, width) so that rows and columns can be
 * virtualized by arithmetic, and which value of a product row it shows.
 */
import type { LevelRow, Location } from "../api/types";
import { formatMoney } from "../i18n/money";
import { formatQuantity } from "../i18n/numbers";
import { t } from "./grid-messages";
import { isKitOwnStock, type ProductRow, type SortField, stockValue, type Totals } from "./model/grid-rows";
import { type LotLine, lotOnHand } from "./model/lot-subrows";

/** A column's field: every field the rows can be sorted by. */
export type GridField = SortField;

export type StockField = "onHand" | "reserved" | "available" | "incoming";
export type PlanningField = "reorderPoint" | "reorderQty" | "bin";

export type GridColumn = {
	index: number;
	field: GridField;
	/** A location id, "total" for the totals, null for the product columns. */
	locationId: string | null;
	/** Index into the groups. */
	group: number;
	editable: boolean;
	numeric: boolean;
	/** On hand, reserved, available or incoming: what the live feed changes. */
	stock: boolean;
	frozen: boolean;
	x: number;
	width: number;
	/** The cell's classes and inline style, computed once rather than per cell render. */
	className: string;
	style: string;
};

export type ColumnGroup = {
	label: string;
	locationId: string | null;
	start: number;
	end: number;
	x: number;
	width: number;
};

export type ColumnLayout = {
	columns: GridColumn[];
	groups: ColumnGroup[];
	frozenWidth: number;
	totalWidth: number;
};

const PRODUCT_FIELDS: { field: GridField; width: number }[] = [
	{ field: "sku", width: 120 },
	{ field: "name", width: 220 },
	{ field: "type", width: 104 },
];
/**
 * A narrow grid (a phone, a small embed) freezes only the SKU, the product's name written under it:
 * the three product columns (444 px) would leave no room for a quantity.
 */
const NARROW_PRODUCT_FIELDS: { field: GridField; width: number }[] = [{ field: "sku", width: 136 }];
/** Below this width (px) of the grid, the narrow layout. */
export const NARROW_GRID_WIDTH = 600;
const STOCK_FIELDS: StockField[] = ["onHand", "reserved", "available", "incoming"];
const PLANNING_FIELDS: PlanningField[] = ["reorderPoint", "reorderQty", "bin"];
const NUMBER_WIDTH = 92;
/** A stock value column ("$12,345.67"). */
const VALUE_WIDTH = 116;
const BIN_WIDTH = 96;
const PLANNING_WIDTH = 112;

/**
 * The layout for these locations (in this order); `editable` false makes every column read-only;
 * `narrow` freezes the SKU alone (the name shown under it); `value` adds a stock value column after
 * the stock ones, in the Total and in each location.
 */
export function buildColumns(
	locations: Pick<Location, "id" | "name">[],
	editable: boolean,
	{ narrow = false, value = false }: { narrow?: boolean; value?: boolean } = {},
): ColumnLayout {
	const productFields = narrow ? NARROW_PRODUCT_FIELDS : PRODUCT_FIELDS;
	const lastProductField = productFields[productFields.length - 1]?.field;
	const columns: GridColumn[] = [];
	const groups: ColumnGroup[] = [];
	let x = 0;
	const add = (field: GridField, locationId: string | null, width: number, frozen: boolean) => {
		const numeric = field !== "sku" && field !== "name" && field !== "type" && field !== "bin";
		const classes = ["cell"];
		if (numeric) classes.push("num");
		if (frozen) classes.push("frozen");
		if (frozen && field === lastProductField) classes.push("last-frozen");
		if (narrow && field === "sku") classes.push("stacked");
		if (field === "sku" || field === "name") classes.push("link");
		columns.push({
			index: columns.length,
			field,
			locationId,
			group: groups.length - 1,
			editable: editable && locationId !== null && locationId !== "total" && isPlanningField(field),
			numeric,
			stock: (STOCK_FIELDS as GridField[]).includes(field),
			frozen,
			x,
			width,
			className: classes.join(" "),
			style: frozen ? `width:${width}px;left:${x}px` : `width:${width}px`,
		});
		x += width;
	};
	const group = (label: string, locationId: string | null, fields: { field: GridField; width: number }[]) => {
		groups.push({ label, locationId, start: columns.length, end: columns.length + fields.length - 1, x, width: 0 });
		for (const f of fields) add(f.field, locationId, f.width, locationId === null);
		const g = groups[groups.length - 1];
		if (g) g.width = x - g.x;
	};
	group(t("product"), null, productFields);
	const frozenWidth = x;
	const valueColumn = value ? [{ field: "value" as const, width: VALUE_WIDTH }] : [];
	group(t("total"), "total", [...STOCK_FIELDS.map((field) => ({ field, width: NUMBER_WIDTH })), ...valueColumn]);
	for (const location of locations)
		group(location.name, location.id, [
			...STOCK_FIELDS.map((field) => ({ field, width: NUMBER_WIDTH })),
			...valueColumn,
			...PLANNING_FIELDS.map((field) => ({
				field,
				width: field === "bin" ? BIN_WIDTH : PLANNING_WIDTH,
			})),
		]);
	return { columns, groups, frozenWidth, totalWidth: x };
}

export function isPlanningField(field: GridField): field is PlanningField {
	return field === "reorderPoint" || field === "reorderQty" || field === "bin";
}

/** The column header's text. */
export function fieldLabel(field: GridField): string {
	return t(field);
}

/** The column header's tooltip: what its numbers are (a value says which cost it counts). */
export function fieldTitle(field: GridField): string {
	return field === "value" ? t("valueHelp") : t(field);
}

const TYPE_KEYS = {
	inventory: "typeInventory",
	non_inventory: "typeNonInventory",
	service: "typeService",
	kit: "typeKit",
} as const;

export function typeLabel(type: LevelRow["type"]): string {
	// A lot's sub-row shows its own words in this column (`lotCellValue`).
	return type in TYPE_KEYS ? t(TYPE_KEYS[type]) : type;
}

/** What a lot's sub-row shows: its number, expiry and marks in the product columns, on hand per location. */
export function lotCellValue(
	lot: LotLine,
	tracking: ProductRow["tracking"],
	column: GridColumn,
): string | number | null {
	switch (column.field) {
		case "sku":
			if (lot.kind === "lot") return lot.lot;
			return t(
				lot.kind === "unassigned"
					? "lotUnassigned"
					: lot.kind === "loading"
						? "lotsLoading"
						: lot.kind === "failed"
							? "lotsFailed"
							: "lotsNone",
			);
		case "name": {
			if (lot.kind === "failed") return lot.message ?? null;
			if (lot.kind !== "lot") return null;
			const parts = [
				lot.batch ? t("lotBatch", { batch: lot.batch }) : "",
				lot.expiry ? t("lotExpiry", { date: lot.expiry }) : "",
				lot.expired ? t("lotExpired") : lot.expiring ? t("lotExpiring") : "",
			];
			return parts.filter(Boolean).join(" · ") || null;
		}
		case "type":
			return lot.kind === "lot" ? t(tracking === "serial" ? "serialKind" : "lotKind") : null;
		case "onHand":
			return column.locationId === null ? null : lotOnHand(lot, column.locationId);
		default:
			return null; // reserved, available and incoming are the product's, not a lot's
	}
}

/**
 * Whether a product of this type holds stock. Services and non-inventory products have no quantities
 * (their levels stay at 0), so the grid shows none rather than a 0 that reads as "out of stock". Kits
 * show what their components allow.
 */
export function holdsStock(type: LevelRow["type"]): boolean {
	return type !== "service" && type !== "non_inventory";
}

/** A stock cell of a product that holds no stock: shown as an en dash, labelled "not stocked", blank when copied. */
export function notStocked(row: Pick<ProductRow, "type">, column: GridColumn): boolean {
	return column.stock && !holdsStock(row.type);
}

/** The raw value a column shows for a product: a number, a string, or null when blank. */
export function cellValue(
	row: ProductRow,
	column: GridColumn,
	totals: (row: ProductRow) => Totals,
): string | number | null {
	if (row.lot) return lotCellValue(row.lot, row.tracking, column);
	switch (column.field) {
		case "sku":
			return row.sku;
		case "name":
			return row.name;
		case "type":
			return row.type;
	}
	if (column.field === "value")
		return stockValue(
			row,
			column.locationId === "total" ? totals(row).onHand : row.levels.get(column.locationId ?? "")?.onHand,
		);
	if (notStocked(row, column)) return null;
	if (isKitOwnStock(row, column.field)) return null; // a kit has no stock of its own: blank
	if (column.locationId === "total") return totals(row)[column.field as StockField];
	const level = column.locationId === null ? undefined : row.levels.get(column.locationId);
	if (!level) return null;
	return level[column.field];
}

/** The text a cell shows (numbers per locale). */
export function formatCell(value: string | number | null, column: GridColumn): string {
	if (value === null) return "";
	if (typeof value === "number") return column.field === "value" ? formatMoney(value) : formatQuantity(value);
	if (column.field === "type") return typeLabel(value as LevelRow["type"]);
	return value;
}

/** A value as written to the clipboard or a CSV: numbers without grouping, with the locale's decimal mark. */
export function plainCell(value: string | number | null, column: GridColumn, decimalComma: boolean): string {
	if (value === null) return "";
	if (typeof value === "number") {
		const s = String(value);
		return decimalComma ? s.replace(".", ",") : s;
	}
	if (column.field === "type") return typeLabel(value as LevelRow["type"]);
	return value;
}
