/**
 * Message catalogues, one per component or page (`defineMessages({ en, fr })`), so that each keeps
 * its own texts; French must have every English key (the type says so).
 */
import { getLocale, type Locale } from "./locale";

type Params = Record<string, string | number>;

/** `{name}` placeholders filled from params. */
function fill(template: string, params?: Params): string {
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/**
 * @example
 * const t = defineMessages({ en: { save: "Save {n} rows" }, fr: { save: "Enregistrer {n} lignes" } });
 * t("save", { n: 3 });
 */
export function defineMessages<K extends string>(catalogues: { en: Record<K, string>; fr: Record<K, string> }) {
	return (key: K, params?: Params, locale: Locale = getLocale()): string => fill(catalogues[locale][key], params);
}
