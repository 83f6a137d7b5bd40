/**
 * Counts the sync page says ("3 products, 1 vendor, 12 documents"), each noun agreeing with its
 * count through ui/src/i18n/plural.ts, and the sync log's own notes (worker/qbo/sync-log-words.ts
 * `syncLogNote`) worded from their code in the user's language.
 */
import type { SyncLogEntry } from "../api/types";
import type { Locale } from "../i18n/locale";
import { getLocale } from "../i18n/locale";
import { plural } from "../i18n/plural";
import { syncCountsMessages as t } from "./sync-counts.messages";

type CountedNoun = "products" | "vendors" | "documents" | "locations" | "newProducts" | "corrections";

/** "3 products, 1 vendor": the nouns in the order given, each with its count. */
export function countList(counts: [CountedNoun, number][], locale: Locale = getLocale()): string {
	return counts.map(([noun, n]) => plural(t, noun, n, {}, locale)).join(", ");
}

/** The error column of a sync log line: Stockroom's own notes in the user's language, any other text as written. */
export function syncLogNoteText(
	entry: Pick<SyncLogEntry, "error" | "errorCode" | "errorParams">,
	locale: Locale = getLocale(),
): string {
	const params = entry.errorParams ?? {};
	switch (entry.errorCode) {
		case "sync.note.imported":
			return countList(
				[
					["products", params.products ?? 0],
					["vendors", params.vendors ?? 0],
					["documents", params.documents ?? 0],
				],
				locale,
			);
		case "sync.note.event_unreadable":
			return t("event_unreadable", {}, locale);
		case "sync.note.event_not_qbo":
			return t("event_not_qbo", {}, locale);
		case "sync.note.internal_error":
			return t("internal_error", {}, locale);
		default:
			return entry.error ?? "";
	}
}
