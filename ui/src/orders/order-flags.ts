/**
 * An order's flags in words: which product was over-delivered and by how much, which QuickBooks
 * document went away after goods left — so that a person knows what to check.
 */
import type { OrderDocument, OrderFlag, OrderLine, OrderSourceType } from "../api/types";
import { documentEvent, documentName, qboIdLabel } from "../app/document-names";
import { getLocale, type Locale } from "../i18n/locale";
import { formatQuantity } from "../i18n/numbers";
import { orderMessages as t } from "./order-messages";

/** QuickBooks' name of each type of document an order comes from (document-names.ts speaks them). */
export const ORDER_DOCUMENT_ENTITY: Record<OrderSourceType, string> = {
	invoice: "Invoice",
	sales_receipt: "SalesReceipt",
	estimate: "Estimate",
};

/** "Invoice 1042" (its QBO number), or "Invoice (QuickBooks id 57)" when QBO gave it none. */
export function documentLabel(
	document: { type: OrderSourceType; qboId: string; docNumber: string | null },
	locale: Locale = getLocale(),
): string {
	return documentName(ORDER_DOCUMENT_ENTITY[document.type], document.docNumber, document.qboId, locale);
}

/** A document's state in a word that agrees with it in French: « Facture 1002 active ». */
export function documentState(
	document: { type: OrderSourceType; status: "active" | "voided" | "deleted" | "closed" },
	locale: Locale = getLocale(),
): string {
	return documentEvent(ORDER_DOCUMENT_ENTITY[document.type], document.status, locale);
}

/** "SKU-1 — Blue widget", or the product's id when the order no longer lists it. */
export function productLabel(
	productId: string,
	lines: readonly Pick<OrderLine, "productId" | "sku" | "name">[],
): string {
	const line = lines.find((l) => l.productId === productId);
	return line ? `${line.sku} — ${line.name}` : productId;
}

const GONE = {
	voided_after_delivery: ["voidedAfterDelivery", "voided"],
	deleted_after_delivery: ["deletedAfterDelivery", "deleted"],
	closed_after_delivery: ["closedAfterDelivery", "closed"],
} as const;

/** One sentence per flag, in the order the server gave them. */
export function describeFlag(
	flag: OrderFlag,
	order: { lines: readonly Pick<OrderLine, "productId" | "sku" | "name">[]; documents: readonly OrderDocument[] },
	locale: Locale = getLocale(),
): string {
	if (flag.code === "over_delivered")
		return t(
			"overDelivered",
			{ quantity: formatQuantity(flag.quantity, locale), product: productLabel(flag.productId, order.lines) },
			locale,
		);
	const [key, status] = GONE[flag.code];
	// QBO numbers ids per entity type: an estimate and an invoice may share one; the gone one is meant.
	const document =
		order.documents.find((d) => d.qboId === flag.qboId && d.status === status) ??
		order.documents.find((d) => d.qboId === flag.qboId);
	const label = document ? documentLabel(document, locale) : qboIdLabel(flag.qboId, locale);
	// French agrees with the document: « Facture 7 a été annulée », « Devis 9 a été supprimé ».
	const e = document && ORDER_DOCUMENT_ENTITY[document.type] === "Invoice" ? "e" : "";
	return t(key, { document: label, e }, locale);
}
