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
 * A typed or pasted quantity: "1234.5", "1,234.5", "1 234,5" (French, also with a no-break or
 * narrow no-break space), "-3". Returns null when it is not a number or has more than 4 decimals.
 */
export function parseQuantity(text: string, locale: Locale = getLocale()): number | null {
	let s = text.trim().replace(/[\s\u00a0\u202f]/g, "");
	if (s === "") return null;
	const decimal = locale === "fr" ? "," : ".";
	const group = locale === "fr" ? "." : ",";
	// A French user pasting "12.5" from an English sheet: a lone dot with ≠3 digits after it is a decimal point.
	if (locale === "fr" && !s.includes(",") && /^-?\d+\.\d{1,2}$|^-?\d+\.\d{4}$/.test(s)) s = s.replace(".", ",");
	s = s.split(group).join("");
	if (decimal === ",") s = s.replace(",", ".");
	if (!/^-?\d+(\.\d{1,4})?$/.test(s)) return null;
	return Number(s);
}
