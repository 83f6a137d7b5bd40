/**
 * The rows of a product tracked by serial number (docs/architecture.md#lots), as data: each row one
 * serial — one unit, so no quantity — and, shared by every row of the line, the lot the serials
 * belong to (`batch`) and their expiry, kept on each row so that what is sent and the server's
 * `lots.<i>.<field>` errors stay per row as for lots (lot-rows.ts). Pure, so tested on Node.
 */
import type { Locale } from "../i18n/locale";
import { parseQuantity } from "../i18n/numbers";
import { isDay } from "./lot-expiry";
import { emptyLotRow, LOT_MAX_LENGTH, LOTS_FIELD, type LotPayload, type LotRow, type LotsPlan } from "./lot-rows";

export type SerialRowError = "serialTooLong" | "duplicateSerial" | "notDate" | "batchTooLong";
/** An error of the rows together, keyed `lots`: more serials than the line's units. */
export type SerialsError = "serialsOverTotal";

/** What every serial of a line shares: its lot and its expiry (as typed). */
export type SerialShared = { batch: string; expiry: string };

/** A serial row holds nothing until its serial is typed: the shared fields alone do not count. */
export function isBlankSerial(row: LotRow): boolean {
	return row.lot.trim() === "";
}

/** The shared fields as the rows hold them (the first row's: all rows hold the same). */
export function sharedOf(rows: readonly LotRow[]): SerialShared {
	return { batch: rows[0]?.batch ?? "", expiry: rows[0]?.expiry ?? "" };
}

/** The rows with `shared` on each: a row added, pasted or generated takes the line's lot and expiry. */
export function withShared(rows: readonly LotRow[], shared: SerialShared): LotRow[] {
	return rows.map((r) => ({ ...r, batch: shared.batch, expiry: shared.expiry }));
}

/**
 * The serials to send for these rows, each one unit; a blank row is left out. A row needs a serial
 * (at most 64 characters, once in the rows); the shared expiry must be a date or none (`withExpiry`),
 * the shared lot at most 64 characters. More serials than `total` units (its quantity without sign;
 * null while not a number) is refused as a whole.
 */
export function serialsPlan(
	rows: readonly LotRow[],
	options: { total: number | null; withExpiry: boolean },
): Omit<LotsPlan, "errors"> & { errors: Map<string, SerialRowError | SerialsError> } {
	const lots: LotPayload[] = [];
	const sentKeys: string[] = [];
	const errors = new Map<string, SerialRowError | SerialsError>();
	const seen = new Set<string>();
	for (const row of rows) {
		if (isBlankSerial(row)) continue;
		const serial = row.lot.trim();
		const expiry = options.withExpiry ? row.expiry.trim() : "";
		const batch = options.withExpiry ? (row.batch ?? "").trim() : "";
		const before = errors.size;
		if (serial.length > LOT_MAX_LENGTH) errors.set(`${row.key}.lot`, "serialTooLong");
		else if (seen.has(serial)) errors.set(`${row.key}.lot`, "duplicateSerial");
		if (expiry !== "" && !isDay(expiry)) errors.set(`${row.key}.expiry`, "notDate");
		if (batch.length > LOT_MAX_LENGTH) errors.set(`${row.key}.batch`, "batchTooLong");
		seen.add(serial);
		if (errors.size > before) continue;
		lots.push({ lot: serial, ...(expiry ? { expiry } : {}), ...(batch ? { batch } : {}), quantity: 1 });
		sentKeys.push(row.key);
	}
	if (options.total !== null && seen.size > 0 && countOf(rows) > Math.abs(options.total))
		errors.set(LOTS_FIELD, "serialsOverTotal");
	return { lots, sentKeys, errors };
}

/** How many serials the rows name (blank rows left out). */
function countOf(rows: readonly LotRow[]): number {
	return rows.filter((r) => !isBlankSerial(r)).length;
}

/** "n of m serials named": the serials typed against the line's units (null while that is no number). */
export type SerialsSummary = { named: number; of: number | null; over: boolean };

export function serialsSummary(rows: readonly LotRow[], quantityText: string, locale: Locale): SerialsSummary {
	const total = parseQuantity(quantityText, locale);
	const named = countOf(rows);
	const of = total === null ? null : Math.abs(total);
	return { named, of, over: of !== null && named > of };
}

/**
 * The rows once `serials` are put in at the row `atKey` (a paste, a pattern): they take that row's
 * place when it is blank (the first keeps its key, so that focus stays there), else come after it;
 * the rows after follow, blank ones dropped, and one blank row ends the list for the next serial.
 */
export function insertSerials(rows: readonly LotRow[], atKey: string | null, serials: readonly string[]): LotRow[] {
	if (serials.length === 0) return [...rows];
	const found = rows.findIndex((r) => r.key === atKey);
	const at = found >= 0 ? found : rows.length - 1;
	const here = rows[at];
	const replace = here !== undefined && isBlankSerial(here);
	const filled = serials.map((lot, i) => ({ ...(i === 0 && replace ? here : emptyLotRow()), lot }));
	const before = rows.slice(0, replace ? at : at + 1).filter((r) => !isBlankSerial(r));
	const after = rows.slice(at + 1).filter((r) => !isBlankSerial(r));
	return withShared([...before, ...filled, ...after, emptyLotRow()], sharedOf(rows));
}
