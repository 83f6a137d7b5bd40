/**
 * A ledger line's reason in the user's language: those Stockroom wrote come as a code and
 * parameters (`reasonCode`, `reasonParams` of GET /movements, worker/api/movement-reasons.ts) and
 * are worded here; a person's own words are shown as they typed them.
 */
import { html, nothing } from "lit";
import type { Movement, OrderStatus } from "../api/types";
import { getLocale, type Locale } from "../i18n/locale";
import { orderMessages } from "../orders/order-messages";
import { qboIdLabel } from "./document-names";
import { movementReasonMessages as t } from "./movement-reasons.messages";

/** The kinds whose French name is feminine (« Facture », « Facture fournisseur »): « supprimée ». */
const FEMININE_KINDS = new Set<string>(["invoice", "bill"]);
const ORDER_STATUSES = new Set<string>(["open", "partially_delivered", "delivered", "cancelled"]);

/** An order's label as the server wrote it: its number, or "#<QuickBooks id>" when it has none. */
function orderLabel(label: string, locale: Locale): string {
	return label.startsWith("#") ? qboIdLabel(label.slice(1), locale) : label;
}

function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The reason to show after the movement's kind, or "" when it has none or says nothing more than
 * the line does (a QuickBooks document's own line names the document already).
 */
export function movementReasonText(
	movement: Pick<Movement, "kind" | "reason" | "reasonCode" | "reasonParams">,
	locale: Locale = getLocale(),
): string {
	const params = movement.reasonParams ?? {};
	switch (movement.reasonCode) {
		case "qbo_document":
			return params.voided === "yes"
				? t("qbo_document_voided", { e: FEMININE_KINDS.has(movement.kind) ? "e" : "" }, locale)
				: "";
		case "opening_stock":
			return t(params.from === "demo" ? "opening_stock_demo" : "opening_stock_quickbooks", {}, locale);
		case "qbo_document_deleted":
			return t("qbo_document_deleted", { e: FEMININE_KINDS.has(movement.kind) ? "e" : "" }, locale);
		case "order_line": {
			const status = params.status ?? "";
			return t(
				"order_line",
				{
					order: orderLabel(params.order ?? "", locale),
					status: ORDER_STATUSES.has(status) ? lowerFirst(orderMessages(status as OrderStatus, {}, locale)) : status,
				},
				locale,
			);
		}
		case "order_delivery":
			return t(
				params.status === "cancelled" ? "order_delivery_cancelled" : "order_delivery",
				{ note: params.note ?? "", order: orderLabel(params.order ?? "", locale) },
				locale,
			);
		case "refused_undone":
			return t("refused_undone", { number: params.number ?? "" }, locale);
		case "merged_in_quickbooks":
			return t(
				"merged_in_quickbooks",
				{ purchase: params.purchase ?? "", from: params.from ?? "", to: params.to ?? "" },
				locale,
			);
		default:
			return movement.reason ?? "";
	}
}

/**
 * A ledger line's reason as a span of class `className`, led by `lead` (" — " after the line's
 * kind on the product page); nothing when there is nothing to add.
 */
export function reasonNote(
	movement: Pick<Movement, "kind" | "reason" | "reasonCode" | "reasonParams">,
	className: string,
	lead = "",
) {
	const text = movementReasonText(movement);
	return text ? html`<span class=${className}>${lead}${text}</span>` : nothing;
}
