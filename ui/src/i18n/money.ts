/**
 * Amounts of money as people read them: in the company's home currency (from QuickBooks, given by
 * `GET /me`) and the user's language ("$1,234.50", "1 234,50 $US"). Before the currency is known
 * (a company not yet connected) amounts show with two decimals and no symbol rather than a guess.
 */
import { getLocale, type Locale } from "./locale";

let companyCurrency: string | null = null;
const formatters = new Map<string, Intl.NumberFormat>();

/** Set once the caller's company is known (the app's and the embed's first `/me`). */
export function setCompanyCurrency(currency: string | null): void {
	companyCurrency = currency;
}

export function getCompanyCurrency(): string | null {
	return companyCurrency;
}

/**
 * `value` in the API's units (a decimal number, like `unitCost`); null shows as an empty string.
 * Totals and values round to cents; a unit price (`precision: "unit"`) keeps up to 4 decimals, as
 * stored, so that "0.1234 a screw" is not shown as "0.12".
 */
export function formatMoney(
	value: number | null,
	options: { precision?: "amount" | "unit"; locale?: Locale; currency?: string | null } = {},
): string {
	if (value === null) return "";
	const locale = options.locale ?? getLocale();
	const currency = options.currency === undefined ? companyCurrency : options.currency;
	const precision = options.precision ?? "amount";
	const key = `${locale}/${currency ?? ""}/${precision}`;
	let formatter = formatters.get(key);
	if (!formatter) {
		formatter = new Intl.NumberFormat(locale, {
			...(currency ? { style: "currency", currency } : {}),
			minimumFractionDigits: 2,
			maximumFractionDigits: precision === "unit" ? 4 : 2,
		});
		formatters.set(key, formatter);
	}
	return formatter.format(value);
}
