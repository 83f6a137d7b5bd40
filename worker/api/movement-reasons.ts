/**
 * The ledger's reasons that Stockroom itself writes (worker/qbo/document-effects.ts,
 * worker/sales/order-effects.ts, worker/sales/deliveries.ts, worker/assemblies/build-undo.ts,
 * worker/sync/item-merge.ts, worker/sync/catalogue-sync.ts, worker/dev/demo-seed.ts) as a code and parameters, so that the app says them in the user's
 * language; the `reason` text stays as written, for API users. A reason a person typed is never
 * read as one of these: each pattern is tried only on the kind of movement its writer makes.
 */
import { DEMO_OPENING_REASON } from "../dev/demo-seed";
import { OPENING_REASON } from "../sync/catalogue-sync";

export const MOVEMENT_REASON_CODES = [
	"qbo_document",
	"qbo_document_deleted",
	"opening_stock",
	"order_line",
	"order_delivery",
	"refused_undone",
	"merged_in_quickbooks",
] as const;
export type MovementReasonCode = (typeof MOVEMENT_REASON_CODES)[number];

type MovementReason = { code: MovementReasonCode; params: Record<string, string> };

/** A movement's reason as the API gives it beside the text: null, null for a person's words or none. */
export type ReasonFields = { reasonCode: MovementReasonCode | null; reasonParams: Record<string, string> | null };

const ORDER_KINDS = new Set<string>(["invoice", "sales_receipt", "estimate"]);

/** The code and parameters of a reason Stockroom wrote; null for a person's words or none. */
function movementReason(movement: { kind: string; source: string; reason: string | null }): MovementReason | null {
	const { kind, source, reason } = movement;
	if (!reason) return null;
	const document = /^qbo:([A-Z][A-Za-z]*):(.+)$/.exec(source);
	if (document && reason === `QBO ${document[1]} ${document[2]} deleted`)
		return { code: "qbo_document_deleted", params: {} };
	// "QBO Invoice 1004" (its number, or its id) and " voided": the ledger line names the document already.
	if (document && reason.startsWith(`QBO ${document[1]} `))
		return { code: "qbo_document", params: { voided: reason.endsWith(" voided") ? "yes" : "no" } };
	if (kind === "adjustment" && (reason === OPENING_REASON || reason === DEMO_OPENING_REASON))
		return { code: "opening_stock", params: { from: reason === OPENING_REASON ? "quickbooks" : "demo" } };
	if (ORDER_KINDS.has(kind)) {
		const order = /^Order (.+) \((open|partially_delivered|delivered|cancelled)\)$/.exec(reason);
		if (order?.[1] && order[2]) return { code: "order_line", params: { order: order[1], status: order[2] } };
	}
	if (kind === "delivery") {
		const note = /^(.+) \(order (.+)\)( cancelled)?$/.exec(reason);
		if (note?.[1] && note[2])
			return {
				code: "order_delivery",
				params: { note: note[1], order: note[2], status: note[3] ? "cancelled" : "active" },
			};
	}
	if (kind === "delivery" || kind === "build" || kind === "unbuild") {
		const refused = /^(.+) refused, undone$/.exec(reason);
		if (refused?.[1]) return { code: "refused_undone", params: { number: refused[1] } };
	}
	if (kind === "purchase" || kind === "purchase_receipt") {
		const merged = /^(.+): (.+) merged into (.+) in QuickBooks$/.exec(reason);
		if (merged?.[1] && merged[2] && merged[3])
			return { code: "merged_in_quickbooks", params: { purchase: merged[1], from: merged[2], to: merged[3] } };
	}
	return null;
}

/** `reasonCode` and `reasonParams` as the API gives them beside a movement's reason (null, null for none). */
export function reasonFields(movement: { kind: string; source: string; reason: string | null }): ReasonFields {
	const reason = movementReason(movement);
	return { reasonCode: reason?.code ?? null, reasonParams: reason?.params ?? null };
}
