/**
 * The UI's language: English or French, from the browser's languages unless the user chose one
 * (kept in localStorage). Components re-render on `stockroom-locale`, dispatched on window when it
 * changes. Numbers are formatted and read per locale ("1 234,5" in French).
 */
export type Locale = "en" | "fr";

export const LOCALES: readonly Locale[] = ["en", "fr"];
const STORAGE_KEY = "stockroom.locale";
export const LOCALE_EVENT = "stockroom-locale";

function storedLocale(): Locale | null {
	try {
		const value = globalThis.localStorage?.getItem(STORAGE_KEY);
		return value === "en" || value === "fr" ? value : null;
	} catch {
		return null; // storage refused (a sandboxed iframe): the browser's language decides
	}
}

/** The first of the browser's languages that we speak; English otherwise. */
export function browserLocale(languages: readonly string[] = globalThis.navigator?.languages ?? []): Locale {
	for (const tag of languages) {
		const base = tag.toLowerCase().split("-")[0];
		if (base === "fr" || base === "en") return base;
	}
	return "en";
}

let current: Locale = storedLocale() ?? browserLocale();

export function getLocale(): Locale {
	return current;
}

/** Switches the language, remembers the choice, and tells every component to re-render. */
export function setLocale(locale: Locale): void {
	current = locale;
	try {
		globalThis.localStorage?.setItem(STORAGE_KEY, locale);
	} catch {
		// not remembered, still switched
	}
	if (typeof document !== "undefined") document.documentElement.lang = locale;
	globalThis.dispatchEvent?.(new CustomEvent(LOCALE_EVENT, { detail: locale }));
}
