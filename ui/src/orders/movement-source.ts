/**
 * What moved an order's stock, from a movement's source: one of its delivery notes
 * (`delivery:<noteId>`) or one of its QuickBooks documents (`qbo:Invoice:<id>`), so that the
 * order's ledger says "Delivery note DN-0002" or "Invoice 1042" rather than an id.
 */
import type { DeliveryNote, OrderDocument, OrderSourceType } from "../api/types";

export type MovementSource =
	| { kind: "delivery"; number: string }
	| { kind: "document"; document: OrderDocument }
	| { kind: "other" };

const QBO_TYPES: Record<string, OrderSourceType> = {
	Invoice: "invoice",
	SalesReceipt: "sales_receipt",
	Estimate: "estimate",
};

/** @example movementSource("qbo:Invoice:57", order) // { kind: "document", document: { type: "invoice", qboId: "57", … } } */
export function movementSource(
	source: string,
	order: { deliveries: readonly Pick<DeliveryNote, "id" | "number">[]; documents: readonly OrderDocument[] },
): MovementSource {
	if (source.startsWith("delivery:")) {
		const note = order.deliveries.find((n) => `delivery:${n.id}` === source);
		return note ? { kind: "delivery", number: note.number } : { kind: "other" };
	}
	const match = /^qbo:([A-Za-z]+):(.+)$/.exec(source);
	const type = match ? QBO_TYPES[match[1] ?? ""] : undefined;
	const document = type ? order.documents.find((d) => d.type === type && d.qboId === match?.[2]) : undefined;
	return document ? { kind: "document", document } : { kind: "other" };
}
