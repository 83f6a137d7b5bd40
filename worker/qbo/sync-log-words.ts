/**
 * A sync log line as a code and its parameters (for the UI to word in the user's language) and as an
 * English sentence (for API users): "Invoice 1004 created". A document is named by its number as
 * QuickBooks shows it (DocNumber) once Stockroom has read it; before that, by its QuickBooks id,
 * said as such ("Invoice (QuickBooks id 3)"), never as if it were the number.
 */
import { isQboDocumentType } from "./document-entities";
import { DOCUMENT_NOUNS } from "./document-nouns";

/** What happened to the entity, as a past participle; an operation QBO may add later is "changed". */
export const SYNC_LOG_CODES = [
	"sync.created",
	"sync.updated",
	"sync.deleted",
	"sync.voided",
	"sync.merged",
	"sync.emailed",
	"sync.closed",
	"sync.imported",
	"sync.changed",
] as const;
export type SyncLogCode = (typeof SYNC_LOG_CODES)[number];

const BY_OPERATION: Record<string, SyncLogCode> = {
	create: "sync.created",
	update: "sync.updated",
	delete: "sync.deleted",
	void: "sync.voided",
	merge: "sync.merged",
	emailed: "sync.emailed",
	close: "sync.closed",
	import: "sync.imported",
};

export type SyncLogParams = { entity: string; entityId: string; docNumber: string | null };

/** "Invoice 1004", "Invoice (QuickBooks id 3)", "Item (QuickBooks id 7)". */
export function entityName(entity: string, entityId: string, docNumber: string | null): string {
	const noun = isQboDocumentType(entity) ? DOCUMENT_NOUNS[entity] : entity;
	const capitalized = noun.charAt(0).toUpperCase() + noun.slice(1);
	if (docNumber) return `${capitalized} ${docNumber}`;
	return entityId ? `${capitalized} (QuickBooks id ${entityId})` : capitalized;
}

/** The line's code, parameters and English sentence. */
export function syncLogWords(line: { entity: string; entityId: string; operation: string; docNumber: string | null }) {
	const code = BY_OPERATION[line.operation] ?? "sync.changed";
	const params: SyncLogParams = { entity: line.entity, entityId: line.entityId, docNumber: line.docNumber };
	const verb = code === "sync.changed" ? `changed (${line.operation})` : code.slice("sync.".length);
	return { code, params, message: `${entityName(line.entity, line.entityId, line.docNumber)} ${verb}` };
}

/**
 * The sync log's own sentences in its error column (not QuickBooks' words, nor a refusal that quotes
 * details): each has a code and parameters for the UI to word in the user's language. The writers
 * build them here, so that what is read back matches what was written.
 */
export const SYNC_LOG_NOTE_CODES = [
	"sync.note.imported",
	"sync.note.event_unreadable",
	"sync.note.event_not_qbo",
	"sync.note.internal_error",
] as const;
export type SyncLogNoteCode = (typeof SYNC_LOG_NOTE_CODES)[number];

/** What an import brought in, on its log line (worker/sync/company-sync.ts). */
export function importedNote(counts: { products: number; vendors: number; documents: number }): string {
	return `${counts.products} products, ${counts.vendors} vendors, ${counts.documents} documents`;
}

/** A queued event set aside (worker/sync/event-inbox.ts): unreadable, or naming no QuickBooks record. */
export const EVENT_UNREADABLE_NOTE = "Stockroom could not read this event as it was queued, so it was set aside.";
export const EVENT_NOT_QBO_NOTE =
	"This event does not name a QuickBooks record (its id is not a QuickBooks id), so it was set aside.";
/** An error of Stockroom's own while applying a change (worker/sync/failure-message.ts). */
export const INTERNAL_ERROR_NOTE = "Stockroom ran into an internal error while applying this change.";

const IMPORTED_NOTE = /^(\d+) products, (\d+) vendors, (\d+) documents$/;

/**
 * The code and parameters of a line's error column when it is one of the sentences above; null for
 * any other text (QuickBooks' messages, refusals quoting their details), which the UI shows as written.
 */
export function syncLogNote(
	error: string | null,
): { errorCode: SyncLogNoteCode; errorParams: Record<string, number> } | { errorCode: null; errorParams: null } {
	const imported = error?.match(IMPORTED_NOTE);
	if (imported)
		return {
			errorCode: "sync.note.imported",
			errorParams: { products: Number(imported[1]), vendors: Number(imported[2]), documents: Number(imported[3]) },
		};
	if (error === EVENT_UNREADABLE_NOTE) return { errorCode: "sync.note.event_unreadable", errorParams: {} };
	if (error === EVENT_NOT_QBO_NOTE) return { errorCode: "sync.note.event_not_qbo", errorParams: {} };
	if (error === INTERNAL_ERROR_NOTE) return { errorCode: "sync.note.internal_error", errorParams: {} };
	return { errorCode: null, errorParams: null };
}
