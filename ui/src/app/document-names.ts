/**
 * QuickBooks documents named as the user knows them: by the number QuickBooks shows ("Invoice
 * 1004", its DocNumber), or — before Stockroom has read it — by its QuickBooks id, said as such
 * ("Invoice (QuickBooks id 3)"), never as if the id were its number. What happened to a document
 * reads as a word that agrees with it in French (« Facture 1004 créée », « Avoir 7 créé »).
 */
import { getLocale, type Locale } from "../i18n/locale";
import { documentNameMessages as t } from "./document-names.messages";

type Key = Parameters<typeof t>[0];

/** QuickBooks entity names (PascalCase, as the API sends them) that have a name of their own here. */
const NAMED = new Set<string>([
	"Invoice",
	"SalesReceipt",
	"Estimate",
	"CreditMemo",
	"RefundReceipt",
	"Bill",
	"Purchase",
	"VendorCredit",
	"PurchaseOrder",
	"InventoryAdjustment",
	"Item",
	"Company",
	"CompanyInfo",
	"Preferences",
	"Customer",
	"Vendor",
	"Account",
]);

/** The French names that are feminine ("e") or feminine plural ("es"); the others are masculine. */
const FRENCH_ENDING: Record<string, string> = {
	Invoice: "e",
	Bill: "e",
	Purchase: "e",
	Company: "e",
	CompanyInfo: "es",
	Preferences: "es",
};

/** What happened to an entity, from its sync log code (`sync.created`) or its state (`active`, `voided`, `deleted`, `closed`). */
export type DocumentEvent =
	| "created"
	| "updated"
	| "deleted"
	| "voided"
	| "merged"
	| "emailed"
	| "closed"
	| "imported"
	| "changed"
	| "active";

const EVENTS = new Set<string>([
	"created",
	"updated",
	"deleted",
	"voided",
	"merged",
	"emailed",
	"closed",
	"imported",
	"changed",
	"active",
]);

/** "Invoice", "Facture"; an entity without a name here is shown as QuickBooks names it. */
export function entityNoun(entity: string, locale: Locale = getLocale()): string {
	return NAMED.has(entity) ? t(entity as Key, {}, locale) : entity;
}

/** @example documentName("Invoice", "1004", "3") // "Invoice 1004"; documentName("Invoice", null, "3") // "Invoice (QuickBooks id 3)" */
export function documentName(
	entity: string,
	docNumber: string | null | undefined,
	qboId: string,
	locale: Locale = getLocale(),
): string {
	const type = entityNoun(entity, locale);
	if (docNumber) return t("numbered", { type, number: docNumber }, locale);
	return qboId ? t("byId", { type, id: qboId }, locale) : type;
}

/** "(QuickBooks id 9)": a document whose type and number are not known here. */
export function qboIdLabel(qboId: string, locale: Locale = getLocale()): string {
	return t("idOnly", { id: qboId }, locale);
}

/** "created", or in French the participle agreeing with the entity: « créée » for a Facture. */
export function documentEvent(entity: string, event: string, locale: Locale = getLocale()): string {
	const word: DocumentEvent = EVENTS.has(event) ? (event as DocumentEvent) : "changed";
	return t(word, { e: FRENCH_ENDING[entity] ?? "" }, locale);
}

/** The word of a sync log code (`sync.voided` → "voided"), agreeing with the entity. */
export function syncLogEvent(entity: string, code: string, locale: Locale = getLocale()): string {
	return documentEvent(entity, code.replace(/^sync\./, ""), locale);
}

/**
 * What follows a ledger line's kind ("Invoice") for a QuickBooks document's movement: " 1004", or
 * " (QuickBooks id 57)" while its number is unknown; "" for other sources (`qbo:opening:…` included).
 */
export function documentSuffix(
	movement: { source: string; documentNumber?: string | null },
	locale: Locale = getLocale(),
): string {
	const match = /^qbo:([A-Z][A-Za-z]*):(.+)$/.exec(movement.source);
	if (!match?.[1] || !match[2]) return "";
	return ` ${movement.documentNumber ?? qboIdLabel(match[2], locale)}`;
}
