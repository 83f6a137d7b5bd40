/**
 * The plan of a CSV import of reorder points, reorder quantities, bins and counts: what would change
 * and what is wrong, line by line, before anything is saved. Pure: the component shows the plan,
 * then sends its patches and counts.
 *
 * A line is all or nothing: a line with any error contributes no change (so "skip the lines with
 * errors" applies exactly the changes shown). Line numbers are the file's records as a spreadsheet
 * numbers them: the header is line 1.
 */
import type { LevelPatch, LevelRow } from "../api/types";
import { stripFormulaGuard } from "../grid/model/csv";
import { foldText, type ProductRow } from "../grid/model/grid-rows";
import type { Locale } from "../i18n/locale";
import { parseQuantity } from "../i18n/numbers";
import { importMessages } from "./import-messages";

export type ImportField = "reorderPoint" | "reorderQty" | "bin" | "count";
export type ImportColumn = "sku" | "location" | ImportField;
export type ImportLocation = { id: string; name: string };

export type ImportChange = {
	line: number;
	sku: string;
	/** The location's name. */
	location: string;
	field: ImportField;
	from: number | string | null;
	to: number | string | null;
	productId: string;
	locationId: string;
};
export type ImportError = { line: number; column: string; message: string };
export type ImportCount = { productId: string; locationId: string; onHand: number; line: number };

export type ImportPlan = {
	patches: LevelPatch[];
	counts: ImportCount[];
	changes: ImportChange[];
	errors: ImportError[];
	/** Data lines read (blank lines aside). */
	lines: number;
	/** Lines with at least one error. */
	errorLines: number;
};

export type ImportOptions = {
	/** Language of the error messages. */
	locale: Locale;
	/**
	 * How the file writes numbers: "fr" reads "12,5" (a `;` file from French Excel), "en" reads
	 * "12.5" and "1,234.5". Defaults to `locale`.
	 */
	numbers?: Locale;
};

/** Header names, folded (lower case, no accents, letters and digits only), of each column. */
const HEADER_ALIASES: Record<ImportColumn, string[]> = {
	sku: ["sku", "reference", "ref", "codearticle"],
	location: ["location", "locationname", "locationid", "lieu", "site", "entrepot", "depot", "magasin"],
	reorderPoint: ["reorderpoint", "pointdecommande", "seuildereapprovisionnement", "seuildereappro", "seuildecommande"],
	reorderQty: [
		"reorderqty",
		"reorderquantity",
		"quantitedecommande",
		"qtedecommande",
		"quantitedereapprovisionnement",
		"qtedereappro",
	],
	bin: ["bin", "binlocation", "emplacement", "casier"],
	count: ["count", "counted", "countedqty", "comptage", "quantitecomptee", "inventaire"],
};

const FIELDS: readonly ImportField[] = ["reorderPoint", "reorderQty", "bin", "count"];
/** Writing this in a planning cell clears it (an empty cell changes nothing). */
const CLEAR = "-";
const MAX_QUANTITY = 1_000_000_000;
const MAX_BIN_LENGTH = 64;
/** "Main – Reorder point": a location's column, as the grid's CSV export names it. */
const LOCATION_COLUMN = /^(.*\S)\s+[–—·:-]\s+(\S.*)$/;

function foldHeader(text: string): string {
	return foldText(text).replace(/[^a-z0-9]/g, "");
}

/** The column each header cell stands for (null: ignored). */
export function matchHeader(cell: string): ImportColumn | null {
	const folded = foldHeader(stripFormulaGuard(cell.trim()));
	for (const [column, aliases] of Object.entries(HEADER_ALIASES) as [ImportColumn, string[]][])
		if (aliases.includes(folded)) return column;
	return null;
}

function isField(column: ImportColumn | null): column is ImportField {
	return column !== null && (FIELDS as readonly string[]).includes(column);
}

/** A value column: of the line's location (long form), or of one location (the export's wide form). */
type ValueColumn = { index: number; name: string; field: ImportField; location: ImportLocation | null };

/**
 * Plans the import of parsed CSV rows (the header first) against the grid's current rows. Two
 * shapes are read: one line per product and location (`sku, location, reorder point, bin…`), and
 * the grid's own export, one line per product with a column per location and field
 * (`SKU, Name, Main – Reorder point, Main – Bin…`; other columns such as on hand are ignored).
 *
 * @example planCsvImport(parseCsv(text), rows, locations, { locale: "fr", numbers: "fr" })
 */
export function planCsvImport(
	rows: string[][],
	products: Map<string, ProductRow>,
	locations: readonly ImportLocation[],
	options: ImportOptions,
): ImportPlan {
	const t = (key: Parameters<typeof importMessages>[0], params?: Record<string, string | number>) =>
		importMessages(key, params, options.locale);
	const numbers = options.numbers ?? options.locale;
	const plan: ImportPlan = { patches: [], counts: [], changes: [], errors: [], lines: 0, errorLines: 0 };

	const header = rows[0];
	if (!header || header.every((c) => c.trim() === "")) {
		plan.errors.push({ line: 1, column: "", message: t("emptyFile") });
		plan.errorLines = 1;
		return plan;
	}

	// Locations by id, and by name ignoring case and accents.
	const byLocation = new Map<string, ImportLocation>();
	for (const location of locations) {
		byLocation.set(location.id, location);
		byLocation.set(foldText(location.name.trim()), location);
	}
	const findLocation = (text: string) => byLocation.get(text) ?? byLocation.get(foldText(text));

	// Which column holds what.
	const keyColumns = new Map<"sku" | "location", number>();
	const valueColumns: ValueColumn[] = [];
	const headerErrors: ImportError[] = [];
	const seenColumns = new Set<string>();
	let fieldHeaders = 0; // value columns, including those of an unknown location
	header.forEach((raw, index) => {
		const name = raw.trim();
		let column = matchHeader(name);
		let location: ImportLocation | null = null;
		if (column === null) {
			const parts = LOCATION_COLUMN.exec(name);
			const field = parts?.[2] ? matchHeader(parts[2]) : null;
			if (!parts?.[1] || !isField(field)) return; // a column we do not import (name, on hand…)
			const found = findLocation(parts[1].trim());
			fieldHeaders++;
			if (!found) {
				if (foldHeader(parts[1]) !== "total")
					headerErrors.push({ line: 1, column: name, message: t("unknownLocation", { location: parts[1].trim() }) });
				return;
			}
			column = field;
			location = found;
		}
		const id = `${location?.id ?? ""}\u0000${column}`;
		if (seenColumns.has(id)) {
			headerErrors.push({ line: 1, column: name, message: t("duplicateColumn", { column: name }) });
			return;
		}
		seenColumns.add(id);
		if (column === "sku" || column === "location") keyColumns.set(column, index);
		else {
			if (location === null) fieldHeaders++;
			valueColumns.push({ index, name, field: column, location });
		}
	});
	const onlyLocation = locations.length === 1 ? locations[0] : undefined;
	const needsLocation = valueColumns.some((c) => c.location === null);
	if (!keyColumns.has("sku"))
		headerErrors.push({ line: 1, column: "sku", message: t("missingColumn", { column: "sku" }) });
	if (needsLocation && !keyColumns.has("location") && !onlyLocation)
		headerErrors.push({ line: 1, column: "location", message: t("missingColumn", { column: "location" }) });
	if (fieldHeaders === 0) headerErrors.push({ line: 1, column: "", message: t("noFieldColumn") });
	if (headerErrors.length > 0) {
		plan.errors.push(...headerErrors);
		plan.errorLines = 1;
		return plan;
	}
	const columnName = (column: "sku" | "location"): string => {
		const index = keyColumns.get(column);
		return index === undefined ? column : (header[index] ?? column).trim();
	};

	// SKUs exactly, else ignoring case when that names one product.
	const bySku = new Map<string, ProductRow>();
	const byFoldedSku = new Map<string, ProductRow | null>();
	for (const product of products.values()) {
		bySku.set(product.sku, product);
		const folded = foldText(product.sku);
		byFoldedSku.set(folded, byFoldedSku.has(folded) ? null : product);
	}
	const findProduct = (sku: string) => bySku.get(sku) ?? byFoldedSku.get(foldText(sku)) ?? undefined;

	const seen = new Map<string, number>(); // product|location → first line
	const patches = new Map<string, LevelPatch>();

	for (let index = 1; index < rows.length; index++) {
		const row = rows[index] ?? [];
		if (row.every((c) => c.trim() === "")) continue;
		const line = index + 1;
		plan.lines++;
		const cellAt = (i: number | undefined): string => (i === undefined ? "" : stripFormulaGuard((row[i] ?? "").trim()));
		const lineErrors: ImportError[] = [];
		const fail = (column: string, message: string) => lineErrors.push({ line, column, message });

		const sku = cellAt(keyColumns.get("sku"));
		const product = sku ? findProduct(sku) : undefined;
		if (!sku) fail(columnName("sku"), t("missingValue"));
		else if (!product) fail(columnName("sku"), t("unknownSku", { sku }));

		// The line's location, for the columns that have none of their own; asked for only when one has a value.
		const filled = valueColumns.filter((c) => cellAt(c.index) !== "");
		let lineLocation: ImportLocation | undefined;
		if (filled.some((c) => c.location === null)) {
			const text = keyColumns.has("location") ? cellAt(keyColumns.get("location")) : "";
			lineLocation = text ? findLocation(text) : onlyLocation;
			if (!lineLocation)
				fail(columnName("location"), text ? t("unknownLocation", { location: text }) : t("missingValue"));
		}

		// The values by location, checked whether or not the line resolved, so that every problem shows at once.
		const targets = new Map<string, { location: ImportLocation; values: Map<ImportField, number | string | null> }>();
		for (const column of filled) {
			const location = column.location ?? lineLocation;
			const text = cellAt(column.index);
			let value: number | string | null | undefined;
			if (column.field === "bin") {
				if (text === CLEAR) value = null;
				else if (text.length > MAX_BIN_LENGTH) fail(column.name, t("binTooLong", { max: MAX_BIN_LENGTH }));
				else value = text;
			} else if (text === CLEAR && column.field !== "count") value = null;
			else {
				const parsed = parseQuantity(text, numbers);
				if (parsed === null) fail(column.name, t("notANumber", { value: text }));
				else if (parsed < 0) fail(column.name, t("negative"));
				else if (parsed > MAX_QUANTITY)
					fail(column.name, t("tooLarge", { max: new Intl.NumberFormat(options.locale).format(MAX_QUANTITY) }));
				else value = parsed === 0 ? 0 : parsed;
			}
			if (column.field === "count" && product && (product.type === "service" || product.type === "non_inventory"))
				fail(column.name, t("notStocked"));
			if (value === undefined || !location) continue;
			let target = targets.get(location.id);
			if (!target) {
				target = { location, values: new Map() };
				targets.set(location.id, target);
			}
			target.values.set(column.field, value);
		}

		const levels: { location: ImportLocation; level: LevelRow; values: Map<ImportField, number | string | null> }[] =
			[];
		if (product)
			for (const { location, values } of targets.values()) {
				const key = `${product.productId}\u0000${location.id}`;
				const first = seen.get(key);
				if (first !== undefined) fail(columnName("sku"), t("duplicateLine", { line: first }));
				else seen.set(key, line);
				const level = product.levels.get(location.id);
				if (!level) fail(columnName("location"), `${location.name}: ${t("noLevel")}`);
				else levels.push({ location, level, values });
			}

		if (lineErrors.length > 0) {
			plan.errors.push(...lineErrors);
			plan.errorLines++;
			continue;
		}
		if (!product) continue; // unreachable: an unknown SKU is an error above

		for (const { location, level, values } of levels)
			for (const [field, to] of values) {
				const from = field === "count" ? level.onHand : level[field];
				if (from === to) continue;
				plan.changes.push({
					line,
					sku: product.sku,
					location: location.name,
					field,
					from,
					to,
					productId: product.productId,
					locationId: location.id,
				});
				if (field === "count") {
					plan.counts.push({ productId: product.productId, locationId: location.id, onHand: Number(to), line });
					continue;
				}
				const key = `${product.productId}\u0000${location.id}`;
				let patch = patches.get(key);
				if (!patch) {
					patch = { productId: product.productId, locationId: location.id, version: level.version };
					patches.set(key, patch);
				}
				if (field === "bin") patch.bin = to === null ? null : String(to);
				else patch[field] = to === null ? null : Number(to);
			}
	}
	plan.patches = [...patches.values()];
	return plan;
}
