/**
 * A ledger line's reason in the user's language: those Stockroom wrote come as a code and
 * parameters (`reasonCode`, `reasonParams` of GET /movements, worker/api/movement-reasons.ts) and
 * are worded here; a person's own words are shown as they typed them.
 */
import type { Movement, OrderStatus } from "../api/types";
import { orderMessages } from "../orders/order-messages";
import { qboIdLabel } from "./document-names";
import { movementReasonMessages as t } from "./movement-reasons.messages";

/** The kinds whose French name is feminine (« Facture », « Facture fournisseur »): « supprimée ». */
const FEMININE_KINDS = new Set<string>(["invoice", "bill"]);
const ORDER_STATUSES = new Set<string>(["open", "partially_delivered", "delivered", "cancelled"]);

/** An order's label as the server wrote it: its number, or "#<QuickBooks id>" when it has none. */
function orderLabel(label: string): string {
	return label.startsWith("#") ? qboIdLabel(label.slice(1)) : label;
}

function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The reason to show after the movement's kind, or "" when it has none. */
export function movementReasonText(
	movement: Pick<Movement, "kind" | "reason" | "reasonCode" | "reasonParams">,
): string {
	const params = movement.reasonParams ?? {};
	switch (movement.reasonCode) {
		case "qbo_document_deleted":
			return t("qbo_document_deleted", { e: FEMININE_KINDS.has(movement.kind) ? "e" : "" });
		case "order_line": {
			const status = params.status ?? "";
			return t("order_line", {
				order: orderLabel(params.order ?? ""),
				status: ORDER_STATUSES.has(status) ? lowerFirst(orderMessages(status as OrderStatus)) : status,
			});
		}
		case "order_delivery":
			return t(params.status === "cancelled" ? "order_delivery_cancelled" : "order_delivery", {
				note: params.note ?? "",
				order: orderLabel(params.order ?? ""),
			});
		case "refused_undone":
			return t("refused_undone", { number: params.number ?? "" });
		case "merged_in_quickbooks":
			return t("merged_in_quickbooks", {
				purchase: params.purchase ?? "",
				from: params.from ?? "",
				to: params.to ?? "",
			});
		default:
			return movement.reason ?? "";
	}
}
