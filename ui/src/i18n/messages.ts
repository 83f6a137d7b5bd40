/**
 * Message catalogues, one per component or page, each in a file of its own beside it
 * (`product-page.messages.ts` for product-page.ts; a catalogue several share is named for what it
 * covers, like ui/src/orders/order-messages.ts): `defineMessages({ en, fr })` and nothing else, so
 * that a page's code and its texts are read apart, and test/ui/message-catalogues.test.ts loads every
 * catalogue on Node and checks that French has each English key (the type says so too) and each
 * English placeholder.
 */
import { getLocale, type Locale } from "./locale";

type Params = Record<string, string | number>;

/** A catalogue's texts, English and French, by key. */
export type Catalogue<K extends string> = { en: Record<K, string>; fr: Record<K, string> };

/** Says a catalogue's text in the current language (or the one given); `catalogue` is what it says it from. */
export type Messages<K extends string> = ((key: K, params?: Params, locale?: Locale) => string) & {
	readonly catalogue: Catalogue<K>;
};

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
export function defineMessages<K extends string>(catalogue: Catalogue<K>): Messages<K> {
	const spoken: Catalogue<K> = { en: catalogue.en, fr: frenchSpacing(catalogue.fr) };
	const say = (key: K, params?: Params, locale: Locale = getLocale()): string => fill(spoken[locale][key], params);
	return Object.assign(say, { catalogue });
}

/**
 * French typography, once for every catalogue rather than by hand in each: the space before
 * : ; ! ? and » and the one after « never break the line away from the sign (U+00A0). Only the
 * templates are changed, never what fills them (a SKU "A :B" stays as typed).
 *
 * @example frenchSpacing({ a: "Stock : 5" }).a // "Stock\u00a0: 5"
 */
export function frenchSpacing<K extends string>(messages: Record<K, string>): Record<K, string> {
	const spaced = {} as Record<K, string>;
	for (const key of Object.keys(messages) as K[])
		spaced[key] = messages[key].replace(/ ([:;!?»])/g, "\u00a0$1").replace(/« /g, "«\u00a0");
	return spaced;
}
