/**
 * The lot rows of a stock form (ui/src/app/pages/product-stock-forms.ts) as data: a lot, its expiry
 * and a quantity per row. Pure: the `lots` sent with an adjustment or a transfer, the errors that
 * stop it (by row and field), which row a server error names (`lots.2.expiry`), and a pasted list
 * (lot-paste.ts) put into the rows.
 */
import type { Locale } from "../i18n/locale";
import { parseQuantity } from "../i18n/numbers";
import { isDay } from "./lot-expiry";
import type { PastedLot } from "./lot-paste";

export type LotRow = {
	/** Stable across edits, for the template's keys and focus. */
	key: string;
	/** The lot, or the serial number (serial-rows.ts). */
	lot: string;
	/** `YYYY-MM-DD` (a date input's value), or a pasted text that is no date. */
	expiry: string;
	quantity: string;
	/** A serial number's lot, the same on every row of a line (serial-rows.ts); lots have none. */
	batch?: string;
};

export type LotField = "lot" | "expiry" | "quantity" | "batch";

export type LotRowError = "lotMissing" | "lotTooLong" | "duplicateLot" | "notNumber" | "notPositive" | "notDate";
/** An error of the rows together, keyed `lots`. */
export type LotsError = "overTotal";

/** The key of the errors of the rows together, as the API names the field. */
export const LOTS_FIELD = "lots";

/** The API's longest lot (worker/api/routes/stock-commands.ts). */
export const LOT_MAX_LENGTH = 64;

/**
 * What `POST /adjustments` and `POST /transfers` take as `lots`: quantities positive; for a serial
 * number, quantity 1 and maybe the lot it belongs to (`batch`, serial-rows.ts).
 */
export type LotPayload = { lot: string; expiry?: string; batch?: string; quantity: number };

export type LotsPlan = {
	lots: LotPayload[];
	/** The row key of each lot sent, in order: the server's `lots.1` is `sentKeys[1]`. */
	sentKeys: string[];
	/** By `${rowKey}.${field}`, and `lots` for the rows together. */
	errors: Map<string, LotRowError | LotsError>;
};

let counter = 0;
export function emptyLotRow(): LotRow {
	counter += 1;
	return { key: `lot-row-${counter}`, lot: "", expiry: "", quantity: "" };
}

export function isBlankRow(row: LotRow): boolean {
	return row.lot.trim() === "" && row.expiry.trim() === "" && row.quantity.trim() === "";
}

/** Quantities as the API keeps them (4 decimals), so that sums are exact. */
const scaled = (quantity: number) => Math.round(quantity * 10_000);

/**
 * The lots to send for these rows. A blank row is left out; a row needs a lot (at most 64
 * characters, once per command), a quantity above zero, and — when the form takes expiries — an
 * expiry that is a date or none. Together the lots may not move more than the command (`total`,
 * its quantity without sign; null while that is not a number, then not checked).
 */
export function lotsPlan(
	rows: readonly LotRow[],
	options: { locale: Locale; total: number | null; withExpiry: boolean },
): LotsPlan {
	const lots: LotPayload[] = [];
	const sentKeys: string[] = [];
	const errors = new Map<string, LotRowError | LotsError>();
	const seen = new Set<string>();
	let sum = 0;
	for (const row of rows) {
		if (isBlankRow(row)) continue;
		const lot = row.lot.trim();
		const quantity = parseQuantity(row.quantity, options.locale);
		const expiry = options.withExpiry ? row.expiry.trim() : "";
		const before = errors.size;
		if (lot === "") errors.set(`${row.key}.lot`, "lotMissing");
		else if (lot.length > LOT_MAX_LENGTH) errors.set(`${row.key}.lot`, "lotTooLong");
		else if (seen.has(lot)) errors.set(`${row.key}.lot`, "duplicateLot");
		if (quantity === null) errors.set(`${row.key}.quantity`, "notNumber");
		else if (quantity <= 0) errors.set(`${row.key}.quantity`, "notPositive");
		if (expiry !== "" && !isDay(expiry)) errors.set(`${row.key}.expiry`, "notDate");
		if (lot !== "") seen.add(lot);
		if (quantity !== null && quantity > 0) sum += scaled(quantity);
		if (errors.size > before || quantity === null) continue;
		lots.push({ lot, ...(expiry ? { expiry } : {}), quantity });
		sentKeys.push(row.key);
	}
	if (options.total !== null && sum > scaled(Math.abs(options.total))) errors.set(LOTS_FIELD, "overTotal");
	return { lots, sentKeys, errors };
}

/**
 * A server field error as the key the form shows it at: `lots.1.quantity` → the row sent second and
 * its field (a serial's `batch` too), `lots` or `lots.1` → the rows together; null for any other field.
 */
export function lotFieldOf(field: string, sentKeys: readonly string[]): string | null {
	const match = /^lots(?:\.(\d+)(?:\.(lot|expiry|quantity|batch))?)?$/.exec(field);
	if (!match) return null;
	const key = match[1] === undefined ? undefined : sentKeys[Number(match[1])];
	return key !== undefined && match[2] !== undefined ? `${key}.${match[2]}` : LOTS_FIELD;
}

/**
 * The rows once a list is pasted into the row `atKey`: the pasted lots take that row's place (the
 * first keeps its key, so that focus stays there), the rows after it follow, blank ones dropped,
 * and one blank row ends the list for the next lot. `withExpiry` false drops pasted expiries.
 */
export function pasteIntoRows(
	rows: readonly LotRow[],
	atKey: string,
	pasted: readonly PastedLot[],
	withExpiry: boolean,
): LotRow[] {
	if (pasted.length === 0) return [...rows];
	const at = Math.max(
		0,
		rows.findIndex((r) => r.key === atKey),
	);
	const filled = pasted.map((p, i) => ({
		...(i === 0 && rows[at] ? rows[at] : emptyLotRow()),
		lot: p.lot,
		quantity: p.quantity,
		expiry: withExpiry ? p.expiry : "",
	}));
	const after = rows.slice(at + 1).filter((r) => !isBlankRow(r));
	return [...rows.slice(0, at), ...filled, ...after, emptyLotRow()];
}

/** What the rows add up to (their quantities that are numbers above zero); null when none is. */
export function lotsTotal(rows: readonly LotRow[], locale: Locale): number | null {
	let sum = 0;
	let any = false;
	for (const row of rows) {
		const quantity = parseQuantity(row.quantity, locale);
		if (quantity === null || quantity <= 0) continue;
		sum += scaled(quantity);
		any = true;
	}
	return any ? sum / 10_000 : null;
}
