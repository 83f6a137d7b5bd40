/**
 * What a user types into an editable cell (reorder point, reorder qty, bin), checked before it is
 * sent, and the batch of edits turned into one `PATCH /api/v1/levels` body.
 */
import type { LevelPatch } from "../../api/types";
import type { Locale } from "../../i18n/locale";
import { parseQuantity } from "../../i18n/numbers";
import { editMessages } from "./edit-messages";

export type EditableField = "reorderPoint" | "reorderQty" | "bin";

export const EDITABLE_FIELDS: readonly EditableField[] = ["reorderPoint", "reorderQty", "bin"];

/** The API refuses quantities beyond this (worker/core/quantity.ts MAX_QUANTITY). */
export const MAX_QUANTITY = 1_000_000_000;
export const MAX_BIN_LENGTH = 64;

export type CellInput = { ok: true; value: number | string | null } | { ok: false; error: string };

export function isEditableField(field: string): field is EditableField {
	return (EDITABLE_FIELDS as readonly string[]).includes(field);
}

/**
 * Checks a typed or pasted value. Quantities are read in the user's locale ("1 234,5" in French),
 * must be ≥ 0 with at most 4 decimals; a bin is trimmed and at most 64 characters. Empty clears the
 * cell (null). Errors are in `locale`.
 *
 * @example parseCellInput("reorderPoint", "12,5", "fr") // { ok: true, value: 12.5 }
 */
export function parseCellInput(field: EditableField, text: string, locale: Locale): CellInput {
	const trimmed = text.trim();
	if (trimmed === "") return { ok: true, value: null };
	if (field === "bin") {
		if (trimmed.length > MAX_BIN_LENGTH)
			return { ok: false, error: editMessages("binTooLong", { max: MAX_BIN_LENGTH }, locale) };
		return { ok: true, value: trimmed };
	}
	const value = parseQuantity(trimmed, locale);
	if (value === null) return { ok: false, error: editMessages("notANumber", undefined, locale) };
	if (value < 0) return { ok: false, error: editMessages("negative", undefined, locale) };
	if (value > MAX_QUANTITY)
		return {
			ok: false,
			error: editMessages("tooLarge", { max: new Intl.NumberFormat(locale).format(MAX_QUANTITY) }, locale),
		};
	return { ok: true, value: value === 0 ? 0 : value }; // no -0 in the body
}

export type CellEdit = { productId: string; locationId: string; field: EditableField; value: number | string | null };

/**
 * One patch per (product, location), in the order the cells were first edited, carrying the
 * version the edit was based on; when a cell was edited twice the later value wins.
 */
export function buildPatches(
	edits: CellEdit[],
	versionOf: (productId: string, locationId: string) => number,
): LevelPatch[] {
	const patches = new Map<string, LevelPatch>();
	for (const edit of edits) {
		const id = JSON.stringify([edit.productId, edit.locationId]);
		let patch = patches.get(id);
		if (!patch) {
			patch = {
				productId: edit.productId,
				locationId: edit.locationId,
				version: versionOf(edit.productId, edit.locationId),
			};
			patches.set(id, patch);
		}
		if (edit.field === "bin") patch.bin = edit.value === null ? null : String(edit.value);
		else patch[edit.field] = edit.value === null ? null : Number(edit.value);
	}
	return [...patches.values()];
}
