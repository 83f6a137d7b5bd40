/**
 * Lot rows under the lines of a document (a purchase's receipt, an order's delivery note) and of an
 * assignment, as data: the expiry a new lot lacks, what the rows leave to the unassigned rest, the
 * rows a pick proposal fills in, and the server's `lines.<i>.lots.<j>.<field>` errors brought back
 * to their row. Pure, so tested on Node; the rows themselves are lot-rows.ts.
 */
import type { Locale } from "../i18n/locale";
import { formatQuantity, parseQuantity } from "../i18n/numbers";
import { emptyLotRow, isBlankRow, type LotRow, lotFieldOf, lotsTotal } from "./lot-rows";

/**
 * The rows that name a new lot (one of none of `known`) without an expiry, when the product
 * requires one: by `${rowKey}.expiry`, as the server would refuse them.
 */
export function missingExpiries(rows: readonly LotRow[], known: ReadonlySet<string>): Map<string, "expiryMissing"> {
	const missing = new Map<string, "expiryMissing">();
	for (const row of rows) {
		if (isBlankRow(row)) continue;
		const lot = row.lot.trim();
		if (lot !== "" && !known.has(lot) && row.expiry.trim() === "") missing.set(`${row.key}.expiry`, "expiryMissing");
	}
	return missing;
}

/** What the rows put in lots against the line's quantity: the rest goes to (or comes from) the unassigned stock. */
export type LotsSummary = { inLots: number; rest: number; over: boolean };

/** null while the line's quantity is not a number. */
export function lotsSummary(rows: readonly LotRow[], quantityText: string, locale: Locale): LotsSummary | null {
	const total = parseQuantity(quantityText, locale);
	if (total === null) return null;
	const inLots = lotsTotal(rows, locale) ?? 0;
	const rest = Math.round((total - inLots) * 10_000) / 10_000;
	return { inLots, rest: Math.max(0, rest), over: rest < 0 };
}

/**
 * The rows a pick proposal fills in for `quantity` (null: all of it): its lots in their order, which
 * is first-expiry-first-out, each up to what is still to pick; at least one row, blank when none.
 * @example proposedRows([{ lot: "A", quantity: 4 }, { lot: "B", quantity: 6 }], 5, "en") // rows A 4, B 1
 */
export function proposedRows(
	lots: readonly { lot: string; quantity: number }[],
	quantity: number | null,
	locale: Locale,
): LotRow[] {
	let rest = quantity === null ? Number.POSITIVE_INFINITY : Math.round(quantity * 10_000);
	const rows: LotRow[] = [];
	for (const l of lots) {
		if (rest <= 0) break;
		const take = Math.min(Math.round(l.quantity * 10_000), rest);
		rows.push({ ...emptyLotRow(), lot: l.lot, quantity: formatQuantity(take / 10_000, locale) });
		rest -= take;
	}
	return rows.length > 0 ? rows : [emptyLotRow()];
}

/** The rows' errors of each line (by product) and the other errors by field. */
export type LineLotErrors = { lots: Map<string, Record<string, string>>; rest: Record<string, string> };

/**
 * The server's field errors with those of the lines' lots taken out: `lines.1.lots.0.expiry` is the
 * first lot sent with the second line sent — its row's `${rowKey}.expiry` — and `lines.1.lots`
 * the rows of that line together (`lots`). `sentKeys` are each line's row keys as sent (lot-rows.ts).
 */
export function lineLotErrors(
	fieldErrors: Readonly<Record<string, string>>,
	sent: readonly { productId: string }[],
	sentKeys: ReadonlyMap<string, readonly string[]>,
): LineLotErrors {
	const lots = new Map<string, Record<string, string>>();
	const rest: Record<string, string> = {};
	for (const [field, message] of Object.entries(fieldErrors)) {
		const match = /^lines\.(\d+)\.(lots(?:\..*)?)$/.exec(field);
		const productId = match ? sent[Number(match[1])]?.productId : undefined;
		const at = productId !== undefined ? lotFieldOf(match?.[2] ?? "", sentKeys.get(productId) ?? []) : null;
		if (productId === undefined || at === null) {
			rest[field] = message;
			continue;
		}
		const errors = lots.get(productId) ?? {};
		errors[at] ??= message;
		lots.set(productId, errors);
	}
	return { lots, rest };
}
