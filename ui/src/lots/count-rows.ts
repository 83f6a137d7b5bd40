/**
 * A count per lot (`POST /counts` with `lots`, docs/architecture.md#lots) as data: the rows a
 * location's lots pre-fill, the `lots` to send with the errors that stop them, and what the count
 * comes to. Each lot listed holds its count afterwards and every other lot there is counted empty,
 * so a row counted 0 is left out of what is sent (it says the same); what was found without a lot is
 * the unassigned rest, `onHand` − Σ lots. For serial numbers, a row is a serial found (one unit;
 * serial-rows.ts). Pure, so tested on Node.
 */
import type { Locale } from "../i18n/locale";
import { parseQuantity } from "../i18n/numbers";
import { isDay } from "./lot-expiry";
import { emptyLotRow, isBlankRow, LOT_MAX_LENGTH, type LotRow, type LotRowError } from "./lot-rows";
import { isBlankSerial, type SerialRowError, type SerialsError, serialsPlan } from "./serial-rows";

/** A lot as counted, as `POST /counts` takes it. */
export type CountedLot = { lot: string; onHand: number; expiry?: string; batch?: string };

/** A row's error of its own: no count typed, or a count below zero. */
export type CountRowError = "countMissing" | "countNegative";

export type CountPlan = {
	lots: CountedLot[];
	/** The row key of each lot sent, in order: the server's `lots.1` is `sentKeys[1]`. */
	sentKeys: string[];
	/** By `${rowKey}.${field}`. */
	errors: Map<string, LotRowError | CountRowError | SerialRowError | SerialsError>;
	/** What the rows count in lots (those that are numbers), scaled by 10 000. */
	inLots: number;
};

/** Quantities as the API keeps them (4 decimals), so that sums are exact. */
const scaled = (quantity: number) => Math.round(quantity * 10_000);

/**
 * The rows a count starts from at a location: one per lot holding stock there, its expiry kept and
 * its count left to type (a lot not found is counted 0, or its row removed); one blank row when
 * there is none. Serial numbers start empty: the serials found are scanned or pasted.
 */
export function countRows(lots: readonly { lot: string; expiry: string | null; onHand: number }[], serial: boolean) {
	if (serial) return [emptyLotRow()];
	const rows = lots.filter((l) => l.onHand > 0).map((l) => ({ ...emptyLotRow(), lot: l.lot, expiry: l.expiry ?? "" }));
	return rows.length > 0 ? rows : [emptyLotRow()];
}

/**
 * What to send for these rows. A lot row needs a lot (at most 64 characters, once), a count (a
 * number, 0 or more) and an expiry that is a date or none; a serial row is one serial found.
 * `lotHere` is a lot holding stock at the location (null: none does): when no row counts anything,
 * it is sent counted 0, for a count without lots would be a plain count, its decrease taken
 * first-expiry-first-out instead of every lot emptied.
 */
export function countPlan(
	rows: readonly LotRow[],
	options: { locale: Locale; serial: boolean; lotHere: string | null },
): CountPlan {
	const plan = options.serial ? serialCountPlan(rows) : lotCountPlan(rows, options.locale);
	if (plan.lots.length === 0 && options.lotHere !== null) plan.lots.push({ lot: options.lotHere, onHand: 0 });
	return plan;
}

function serialCountPlan(rows: readonly LotRow[]): CountPlan {
	const plan = serialsPlan(rows, { total: null, withExpiry: true });
	const lots = plan.lots.map(({ quantity, ...l }) => ({ ...l, onHand: quantity }));
	return { lots, sentKeys: plan.sentKeys, errors: plan.errors, inLots: scaled(lots.length) };
}

function lotCountPlan(rows: readonly LotRow[], locale: Locale): CountPlan {
	const lots: CountedLot[] = [];
	const sentKeys: string[] = [];
	const errors: CountPlan["errors"] = new Map();
	const seen = new Set<string>();
	let inLots = 0;
	for (const row of rows) {
		if (isBlankRow(row)) continue;
		const lot = row.lot.trim();
		const typed = row.quantity.trim();
		const count = typed === "" ? null : parseQuantity(typed, locale);
		const expiry = row.expiry.trim();
		const before = errors.size;
		if (lot === "") errors.set(`${row.key}.lot`, "lotMissing");
		else if (lot.length > LOT_MAX_LENGTH) errors.set(`${row.key}.lot`, "lotTooLong");
		else if (seen.has(lot)) errors.set(`${row.key}.lot`, "duplicateLot");
		if (typed === "") errors.set(`${row.key}.quantity`, "countMissing");
		else if (count === null) errors.set(`${row.key}.quantity`, "notNumber");
		else if (count < 0) errors.set(`${row.key}.quantity`, "countNegative");
		if (expiry !== "" && !isDay(expiry)) errors.set(`${row.key}.expiry`, "notDate");
		if (lot !== "") seen.add(lot);
		if (count !== null && count > 0) inLots += scaled(count);
		if (errors.size > before || count === null || count === 0) continue;
		lots.push({ lot, onHand: count, ...(expiry ? { expiry } : {}) });
		sentKeys.push(row.key);
	}
	return { lots, sentKeys, errors, inLots };
}

/** The count's total: the lots' counts and what was found without a lot (null while that is no number). */
export function countTotal(plan: Pick<CountPlan, "inLots">, unassignedText: string, locale: Locale): number | null {
	const typed = unassignedText.trim();
	const rest = typed === "" ? 0 : parseQuantity(typed, locale);
	if (rest === null || rest < 0) return null;
	return (plan.inLots + scaled(rest)) / 10_000;
}

/** Serials counted against those in stock at the location: which are missing, which were not there. */
export type SerialCount = { found: number; missing: string[]; extra: string[] };

export function serialCount(rows: readonly LotRow[], inStock: readonly string[]): SerialCount {
	const found = new Set(rows.filter((r) => !isBlankSerial(r)).map((r) => r.lot.trim()));
	const stock = new Set(inStock);
	return {
		found: found.size,
		missing: inStock.filter((s) => !found.has(s)),
		extra: [...found].filter((s) => !stock.has(s)),
	};
}
