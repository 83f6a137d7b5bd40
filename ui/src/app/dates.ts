/** Dates and times as people of each locale read them ("27 nov. 2026, 21:10" in French). */
import { getLocale, type Locale } from "../i18n/locale";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, style: "date" | "dateTime"): Intl.DateTimeFormat {
	const key = `${locale}:${style}`;
	let format = formatters.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(
			locale === "fr" ? "fr-FR" : "en-US",
			style === "date" ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" },
		);
		formatters.set(key, format);
	}
	return format;
}

/** An ISO instant or epoch milliseconds as a date and time; "—" for none or an unreadable one. */
export function formatDateTime(value: string | number | null | undefined, locale: Locale = getLocale()): string {
	const time = typeof value === "string" ? Date.parse(value) : value;
	if (time === null || time === undefined || Number.isNaN(time)) return "—";
	return formatter(locale, "dateTime").format(time);
}

export function formatDate(value: string | number | null | undefined, locale: Locale = getLocale()): string {
	const time = typeof value === "string" ? Date.parse(value) : value;
	if (time === null || time === undefined || Number.isNaN(time)) return "—";
	return formatter(locale, "date").format(time);
}

/**
 * A calendar day (`YYYY-MM-DD`, as lots' expiries are kept) as a date, the same day in every time
 * zone: read as local midnight it would show the day before west of UTC. "—" for none or another text.
 */
export function formatDay(day: string | null | undefined, locale: Locale = getLocale()): string {
	if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return "—";
	const time = Date.parse(`${day}T00:00:00Z`);
	if (Number.isNaN(time)) return "—";
	const key = `${locale}:day`;
	let format = formatters.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-US", { dateStyle: "medium", timeZone: "UTC" });
		formatters.set(key, format);
	}
	return format.format(time);
}
