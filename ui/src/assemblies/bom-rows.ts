/**
 * The bill-of-materials editor's model (pure): the rows as typed, checked before saving, and the
 * server's field errors (`components.<i>.productId`) brought back to the row they name.
 */
import type { BillOfMaterials } from "../api/types";

/** One row as the user edits it: the product chosen (null until one is), the quantity as typed. */
export type BomRow = { key: string; productId: string | null; label: string; quantity: string };

/** Why a row cannot be saved; the page words it in the user's language. */
export type BomRowProblem = "pickProduct" | "self" | "duplicate" | "notNumber" | "notPositive";

/** Errors by field path, as the server names them: `components.<i>.productId`, `components.<i>.quantity`. */
export type BomErrors = Record<string, BomRowProblem>;

let nextKey = 0;
/** A key that keeps a row's DOM (and focus) when rows above it are removed. */
export function rowKey(): string {
	nextKey += 1;
	return `bom-row-${nextKey}`;
}

/** How a product shows in the picker: "SKU — Name". */
export function productLabel(p: { sku: string; name: string }): string {
	return `${p.sku} — ${p.name}`;
}

/** The product a typed text names: its label as offered, or its SKU exactly (any case). */
export function productForText<P extends { id: string; sku: string; name: string }>(
	text: string,
	candidates: readonly P[],
): P | null {
	const typed = text.trim();
	if (!typed) return null;
	const lower = typed.toLowerCase();
	return (
		candidates.find((p) => productLabel(p) === typed) ?? candidates.find((p) => p.sku.toLowerCase() === lower) ?? null
	);
}

export function rowsOf(bom: BillOfMaterials, formatQuantity: (n: number) => string): BomRow[] {
	return bom.components.map((c) => ({
		key: rowKey(),
		productId: c.productId,
		label: productLabel(c),
		quantity: formatQuantity(c.quantity),
	}));
}

export function emptyRow(): BomRow {
	return { key: rowKey(), productId: null, label: "", quantity: "" };
}

/**
 * The components to send, or the errors that keep the rows from being saved. Rows left entirely
 * blank are dropped (an empty list removes the BOM).
 */
export function bomRequest(
	rows: readonly BomRow[],
	assemblyId: string,
	parseQuantity: (text: string) => number | null,
): { ok: true; components: { productId: string; quantity: number }[] } | { ok: false; errors: BomErrors } {
	const filled = rows.filter((r) => r.productId !== null || r.label.trim() !== "" || r.quantity.trim() !== "");
	const errors: BomErrors = {};
	const seen = new Set<string>();
	const components: { productId: string; quantity: number }[] = [];
	for (const [i, row] of filled.entries()) {
		if (row.productId === null) errors[`components.${i}.productId`] = "pickProduct";
		else if (row.productId === assemblyId) errors[`components.${i}.productId`] = "self";
		else if (seen.has(row.productId)) errors[`components.${i}.productId`] = "duplicate";
		if (row.productId) seen.add(row.productId);
		const quantity = parseQuantity(row.quantity);
		if (quantity === null) errors[`components.${i}.quantity`] = "notNumber";
		else if (quantity <= 0) errors[`components.${i}.quantity`] = "notPositive";
		if (row.productId && quantity !== null) components.push({ productId: row.productId, quantity });
	}
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, components };
}

/**
 * The server's field errors keyed by row key and column, for the rows that were sent (blank rows
 * are not sent, so the server's index counts only the filled ones).
 */
export function serverErrorsByRow(
	rows: readonly BomRow[],
	errors: Record<string, string>,
): Record<string, { product?: string; quantity?: string }> {
	const filled = rows.filter((r) => r.productId !== null || r.label.trim() !== "" || r.quantity.trim() !== "");
	const byRow: Record<string, { product?: string; quantity?: string }> = {};
	for (const [field, message] of Object.entries(errors)) {
		const match = /^components\.(\d+)\.(productId|quantity)$/.exec(field);
		const row = match ? filled[Number(match[1])] : undefined;
		if (!match || !row) continue;
		const column = match[2] === "productId" ? "product" : "quantity";
		byRow[row.key] = { ...byRow[row.key], [column]: message };
	}
	return byRow;
}
