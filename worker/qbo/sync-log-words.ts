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
