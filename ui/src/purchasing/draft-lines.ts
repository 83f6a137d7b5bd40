/**
 * The lines of a draft purchase being edited, as data: a product, a quantity and an optional unit
 * cost per row. Pure: what is sent, and which row each error (the app's or the server's) belongs to.
 */
import type { Locale } from "../i18n/locale";
import { parseQuantity } from "../i18n/numbers";
import { lineAmount, linesAmount } from "./line-amounts";

export type DraftRow = {
	/** Stable across edits, for the template's keys and focus. */
	key: string;
	productId: string | null;
	/** What the row shows for its product ("SKU-1 — Widget"). */
	label: string;
	quantity: string;
	unitCost: string;
};

export type DraftLineError = "chooseProduct" | "notNumber" | "notPositive" | "negativeCost" | "duplicate";
export type DraftField = "productId" | "quantity" | "unitCost";

export type DraftPlan = {
	lines: { productId: string; quantity: number; unitCost?: number }[];
	/** The row key of each line sent, in order: `lines.3` of the server is `sentKeys[3]`. */
	sentKeys: string[];
	/** Errors by `${rowKey}.${field}`. */
	errors: Map<string, DraftLineError>;
};

let counter = 0;
/** A new empty row. */
export function emptyRow(): DraftRow {
	counter += 1;
	return { key: `row-${counter}`, productId: null, label: "", quantity: "", unitCost: "" };
}

/**
 * The lines to send for these rows. A row left entirely blank is dropped; a quantity must be
 * above zero, a cost (optional: the product's purchase cost is used) zero or more.
 */
export function draftPlan(rows: DraftRow[], locale: Locale): DraftPlan {
	const lines: DraftPlan["lines"] = [];
	const sentKeys: string[] = [];
	const errors = new Map<string, DraftLineError>();
	const seen = new Set<string>();
	for (const row of rows) {
		if (row.productId === null && row.quantity.trim() === "" && row.unitCost.trim() === "" && row.label.trim() === "")
			continue;
		const quantity = parseQuantity(row.quantity, locale);
		const cost = row.unitCost.trim() === "" ? undefined : parseQuantity(row.unitCost, locale);
		const before = errors.size;
		if (row.productId === null) errors.set(`${row.key}.productId`, "chooseProduct");
		else if (seen.has(row.productId)) errors.set(`${row.key}.productId`, "duplicate");
		if (quantity === null) errors.set(`${row.key}.quantity`, "notNumber");
		else if (quantity <= 0) errors.set(`${row.key}.quantity`, "notPositive");
		if (cost === null) errors.set(`${row.key}.unitCost`, "notNumber");
		else if (cost !== undefined && cost < 0) errors.set(`${row.key}.unitCost`, "negativeCost");
		if (row.productId !== null) seen.add(row.productId);
		if (errors.size > before || row.productId === null || quantity === null || cost === null) continue;
		lines.push({ productId: row.productId, quantity, ...(cost !== undefined ? { unitCost: cost } : {}) });
		sentKeys.push(row.key);
	}
	return { lines, sentKeys, errors };
}

/** A server field error ("lines.1.unitCost") as the key of the row and field it names, else null. */
export function rowFieldOf(field: string, sentKeys: string[]): string | null {
	const match = /^lines\.(\d+)\.(productId|quantity|unitCost)$/.exec(field);
	const key = match ? sentKeys[Number(match[1])] : undefined;
	return key !== undefined && match ? `${key}.${match[2]}` : null;
}

/**
 * What the rows come to as typed so far: each row's quantity × unit cost (null until both read as
 * numbers) and their sum (null while no row has one), shown live beside the lines.
 */
export function draftAmounts(
	rows: DraftRow[],
	locale: Locale,
): { byRow: Map<string, number | null>; total: number | null } {
	const byRow = new Map<string, number | null>();
	const priced: { quantity: number; unitCost: number }[] = [];
	for (const row of rows) {
		const quantity = parseQuantity(row.quantity, locale);
		const cost = parseQuantity(row.unitCost, locale);
		const ok = quantity !== null && quantity > 0 && cost !== null && cost >= 0;
		byRow.set(row.key, ok ? lineAmount(quantity, cost) : null);
		if (ok) priced.push({ quantity, unitCost: cost });
	}
	return { byRow, total: priced.length > 0 ? linesAmount(priced) : null };
}
