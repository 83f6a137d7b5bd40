/**
 * Counted messages ("Saved 1 cell", "Saved 3 cells") in both languages. A catalogue gives a counted
 * message as variants named for `Intl.PluralRules` categories — `<key>_one`, `<key>_other`, and
 * any other category the language needs — and `plural` picks the one for the count, falling back
 * to `<key>_other`. French counts 0 and 1 as "one"; English only 1.
 */
import { getLocale, type Locale } from "./locale";
import type { Messages } from "./messages";
import { formatQuantity } from "./numbers";

/** The keys of a catalogue that have counted variants: `saved` for `saved_one` / `saved_other`. */
export type PluralKey<K extends string> = K extends `${infer Base}_other` ? Base : never;

const rules = new Map<Locale, Intl.PluralRules>();

function pluralRules(locale: Locale): Intl.PluralRules {
	let r = rules.get(locale);
	if (!r) {
		r = new Intl.PluralRules(locale);
		rules.set(locale, r);
	}
	return r;
}

/**
 * The variant of `key` for `n`, with `{n}` the count as the locale writes it (other placeholders from `params`).
 * @example plural(t, "saved", 1) // "Saved 1 cell"; in French "1 cellule enregistrée"
 */
export function plural<K extends string>(
	t: Messages<K>,
	key: PluralKey<K>,
	n: number,
	params: Record<string, string | number> = {},
	locale: Locale = getLocale(),
): string {
	const variant = `${key}_${pluralRules(locale).select(n)}`;
	const chosen = (variant in t.catalogue[locale] ? variant : `${key}_other`) as K;
	return t(chosen, { ...params, n: formatQuantity(n, locale) }, locale);
}
