/** Quantities as people read and type them in their locale; at most 4 decimals, like the API. */
import { getLocale, type Locale } from "./locale";

const formatters = new Map<Locale, Intl.NumberFormat>();

export function formatQuantity(value: number, locale: Locale = getLocale()): string {
	let formatter = formatters.get(locale);
	if (!formatter) {
		formatter = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
		formatters.set(locale, formatter);
	}
	return formatter.format(value);
}

/**
 * A typed or pasted quantity, in the user's locale or pasted from a sheet in the other one:
 * "1234.5", "1,234.5", "1 234,5" (also with a no-break or narrow no-break space), "-3".
 * With both "." and "," the last one is the decimal mark. A lone mark is the decimal mark unless
 * it is the locale's group separator followed by exactly three digits ("1,234" in English is
 * 1234, "2,5" is 2.5). Returns null for anything else, and for more than 4 decimals.
 */
export function parseQuantity(text: string, locale: Locale = getLocale()): number | null {
	const s = text.trim().replace(/[\s\u00a0\u202f]/g, "");
	if (s === "") return null;
	const group = locale === "fr" ? "." : ",";
	const lastDot = s.lastIndexOf(".");
	const lastComma = s.lastIndexOf(",");
	let decimalMark: string | null = null;
	if (lastDot >= 0 && lastComma >= 0) decimalMark = lastDot > lastComma ? "." : ",";
	else if (lastDot >= 0 || lastComma >= 0) {
		const mark = lastDot >= 0 ? "." : ",";
		const once = s.indexOf(mark) === s.lastIndexOf(mark);
		const looksGrouped =
			/^-?\d{1,3}$/.test(s.slice(0, s.indexOf(mark))) && /^\d{3}$/.test(s.slice(s.lastIndexOf(mark) + 1));
		decimalMark = once && !(mark === group && looksGrouped) ? mark : null;
	}
	const [integer = "", fraction, extra] = decimalMark === null ? [s] : s.split(decimalMark);
	if (extra !== undefined) return null;
	// Whatever separates the integer part's digits must do so in groups of three.
	const digits = /^-?\d+$/.test(integer)
		? integer
		: /^-?\d{1,3}([.,]\d{3})+$/.test(integer)
			? integer.replace(/[.,]/g, "")
			: null;
	if (digits === null) return null;
	if (fraction !== undefined && !/^\d{1,4}$/.test(fraction)) return null;
	return Number(fraction === undefined ? digits : `${digits}.${fraction}`);
}
