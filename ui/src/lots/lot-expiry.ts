/**
 * Lots' expiry dates as the pages read and write them (docs/architecture.md#lots): a calendar day
 * `YYYY-MM-DD`, compared with today's UTC date as the API does — a lot is expired from the day after
 * its expiry, and "expiring within N days" runs from today to today + N. Pure, so tested on Node.
 */
import type { Locale } from "../i18n/locale";

/** What the pages call "expiring soon", and the Lots page's default span. */
export const EXPIRING_SOON_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Today (or the day of `ms`) as the API dates lots: the UTC calendar day. */
export function utcDay(ms: number = Date.now()): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** The UTC midnight of a day, or null when it is no such day (2027-02-30). */
function dayTime(day: string): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!match) return null;
	const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const time = Date.UTC(year, month - 1, date);
	const check = new Date(time);
	if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return null;
	return time;
}

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
	return dayTime(text) !== null;
}

/** Whole days from `from` to `to` (negative when `to` is before); both must be days. */
export function daysBetween(from: string, to: string): number {
	const a = dayTime(from);
	const b = dayTime(to);
	if (a === null || b === null) throw new RangeError(`not a day: ${a === null ? from : to}`);
	return Math.round((b - a) / DAY_MS);
}

export type ExpiryStatus =
	/** No expiry. */
	| { kind: "none" }
	/** Past its expiry (the API's `expired`). */
	| { kind: "expired"; days: number }
	/** Expires today or within the span: `days` from today (0 = today). */
	| { kind: "soon"; days: number }
	| { kind: "ok"; days: number };

/**
 * How a lot's expiry stands today. The API's `expired` wins when given (it dated the answer);
 * otherwise a lot is expired once its expiry is before today.
 * @example expiryStatus({ expiry: "2027-01-10", expired: false }, "2027-01-01") // { kind: "soon", days: 9 }
 */
export function expiryStatus(
	lot: { expiry: string | null; expired?: boolean },
	today: string,
	soonDays: number = EXPIRING_SOON_DAYS,
): ExpiryStatus {
	if (lot.expiry === null || !isDay(lot.expiry)) return lot.expired ? { kind: "expired", days: 0 } : { kind: "none" };
	const days = daysBetween(today, lot.expiry);
	if (lot.expired || days < 0) return { kind: "expired", days };
	return days <= soonDays ? { kind: "soon", days } : { kind: "ok", days };
}

/**
 * A typed or pasted expiry as `YYYY-MM-DD`: ISO (`2027-03-31`, also `2027/3/31`), or the day as
 * the locale writes it with `/` or `.` — day first in French (`31/03/2027`), month first in English
 * (`3/31/2027`), as a sheet of that language shows dates. "" for an empty text, null for anything
 * else or a day that does not exist.
 */
export function parseExpiry(text: string, locale: Locale): string | null {
	const s = text.trim();
	if (s === "") return "";
	const pad = (n: string) => n.padStart(2, "0");
	let day: string | null = null;
	const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
	if (iso) day = `${iso[1]}-${pad(iso[2] ?? "")}-${pad(iso[3] ?? "")}`;
	const local = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(s);
	if (local) {
		const [first, second, year] = [local[1] ?? "", local[2] ?? "", local[3] ?? ""];
		const [d, m] = locale === "fr" ? [first, second] : [second, first];
		day = `${year}-${pad(m)}-${pad(d)}`;
	}
	return day !== null && isDay(day) ? day : null;
}
