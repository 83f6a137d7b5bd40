/**
 * Opaque paging cursors: the sort key of the last row served, as base64url JSON. A cursor that
 * does not decode is a client error on the `cursor` field.
 */
import { AppError } from "./app-error";

/** Every key part a row can have: numbers are safe integers (times, sequence numbers), strings ids or names. */
const MAX_STRING_PART = 1024;

function isKeyPart(part: unknown, kind: "string" | "number"): boolean {
	if (kind === "number") return Number.isSafeInteger(part);
	return typeof part === "string" && part.length <= MAX_STRING_PART;
}

function encodeCursor(key: readonly (string | number)[]): string {
	return btoa(JSON.stringify(key)).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

/** Decodes a cursor made by `encodeCursor` with `arity` parts of the given kinds. */
export function decodeCursor<const K extends readonly ("string" | "number")[]>(
	cursor: string,
	kinds: K,
): { [I in keyof K]: K[I] extends "string" ? string : number } {
	try {
		const key: unknown = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/")));
		if (
			Array.isArray(key) &&
			key.length === kinds.length &&
			key.every((part, i) => isKeyPart(part, kinds[i] ?? "string"))
		)
			return key as { [I in keyof K]: K[I] extends "string" ? string : number };
	} catch {
		// fall through to the error below
	}
	throw new AppError("validation_failed", "The cursor is not one this API gave out.", [
		{ in: "query", field: "cursor", message: "invalid cursor" },
	]);
}

/** Splits a `limit + 1` fetch into the page and the cursor of the next one. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => readonly (string | number)[]) {
	const items = rows.slice(0, limit);
	const last = items[items.length - 1];
	return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
