/**
 * A QBO invoice, sales receipt or estimate as an order sees it: its status, its quantities per
 * inventory product (kits expanded to components, each component remembering its kits), and the
 * header the order shows (customer, ship-to, date). Pure.
 */
import { z } from "zod";
import type { OrderDocumentRecord } from "../db/schema";
import { type CatalogueItem, isVoided, resolveQuantities } from "../qbo/document-effects";
import { isDeletedStub, type QboDocumentRead } from "../qbo/document-entities";
import { asKnownLine, type QboLine } from "../qbo/document-lines";
import { qboDecimalToScaled } from "../qbo/qbo-decimal";
import { stockLinesOf } from "../qbo/stock-lines";

/** The document types that make orders. */
const ORDER_DOCUMENT_TYPES = ["Invoice", "SalesReceipt", "Estimate"] as const;
export type OrderDocumentType = (typeof ORDER_DOCUMENT_TYPES)[number];

export function isOrderDocumentType(type: string): type is OrderDocumentType {
	return (ORDER_DOCUMENT_TYPES as readonly string[]).includes(type);
}

const ORDER_TYPE_OF: Record<OrderDocumentType, OrderDocumentRecord["type"]> = {
	Invoice: "invoice",
	SalesReceipt: "sales_receipt",
	Estimate: "estimate",
};

export const QBO_TYPE_OF: Record<OrderDocumentRecord["type"], OrderDocumentType> = {
	invoice: "Invoice",
	sales_receipt: "SalesReceipt",
	estimate: "Estimate",
};

/** What the order header shows of a document; QBO's fields are read loosely (absent is fine). */
export type OrderHeader = { customerName: string | null; shipTo: string | null; txnDate: string | null };

const headerSchema = z.looseObject({
	TxnDate: z.string().nullish(),
	CustomerRef: z.looseObject({ name: z.string().nullish() }).nullish(),
	ShipAddr: z.record(z.string(), z.unknown()).nullish(),
});

const ADDRESS_FIELDS = [
	"Line1",
	"Line2",
	"Line3",
	"Line4",
	"Line5",
	"City",
	"CountrySubDivisionCode",
	"PostalCode",
	"Country",
];

/** The document's customer, ship-to address (one line per part) and date. */
export function orderHeaderOf(document: unknown): OrderHeader {
	const parsed = headerSchema.safeParse(document);
	if (!parsed.success) return { customerName: null, shipTo: null, txnDate: null };
	const address = parsed.data.ShipAddr;
	const parts = address
		? ADDRESS_FIELDS.map((f) => address[f]).filter((v): v is string => typeof v === "string" && v.trim() !== "")
		: [];
	return {
		customerName: parsed.data.CustomerRef?.name ?? null,
		shipTo: parts.length > 0 ? parts.join("\n") : null,
		txnDate: parsed.data.TxnDate ?? null,
	};
}

/** The QBO item ids of the bundles sold on a document (the catalogue lookup needs them for `kits`). */
export function kitItemIdsOf(document: { Line: readonly QboLine[] }): string[] {
	return kitLinesOf(document).map((k) => k.qboItemId);
}

function kitLinesOf(document: { Line: readonly QboLine[] }) {
	const kits: { qboItemId: string; quantity: number }[] = [];
	for (const line of document.Line) {
		const known = asKnownLine(line);
		if (known?.DetailType !== "GroupLineDetail") continue;
		const group = known.GroupLineDetail;
		kits.push({ qboItemId: group.GroupItemRef.value, quantity: qboDecimalToScaled(group.Quantity ?? 0).scaled });
	}
	return kits;
}

/**
 * The document as one of its order's documents. Status: deleted (a stub), voided, closed (an
 * estimate Closed or Rejected, or already turned into an invoice), else active. Lines: quantities
 * per inventory product; a component of a kit names the kits (and their quantities) it came from.
 */
export function orderDocumentOf(
	read: QboDocumentRead,
	items: ReadonlyMap<string, CatalogueItem>,
	locationId: string,
): OrderDocumentRecord & { unknownItems: string[] } {
	const type = ORDER_TYPE_OF[read.entityType as OrderDocumentType];
	const { document } = read;
	if (isDeletedStub(document))
		return { type, qboId: document.Id, docNumber: null, status: "deleted", locationId, lines: [], unknownItems: [] };
	const { quantities, unknownItems } = resolveQuantities(stockLinesOf(document), items);
	const kitsOf = new Map<string, { productId: string; quantity: number }[]>();
	for (const kit of kitLinesOf(document)) {
		const item = items.get(kit.qboItemId);
		if (item?.type !== "kit") continue;
		for (const c of item.components) {
			if (c.type !== "inventory") continue;
			const list = kitsOf.get(c.productId) ?? [];
			list.push({ productId: item.productId, quantity: kit.quantity });
			kitsOf.set(c.productId, list);
		}
	}
	const lines = [...quantities]
		.filter(([, quantity]) => quantity > 0)
		.map(([productId, quantity]) => ({ productId, quantity, kits: kitsOf.get(productId) ?? [] }));
	return {
		type,
		qboId: document.Id,
		docNumber: document.DocNumber ?? null,
		status: isVoided(document) ? "voided" : estimateClosed(read) ? "closed" : "active",
		locationId,
		lines,
		unknownItems,
	};
}

/** An estimate Closed, Rejected or linked to the invoice made from it no longer orders anything itself. */
function estimateClosed(read: QboDocumentRead): boolean {
	if (read.entityType !== "Estimate" || isDeletedStub(read.document)) return false;
	const status = read.document.TxnStatus ?? "Pending";
	const converted = (read.document.LinkedTxn ?? []).some((t) => t.TxnType === "Invoice");
	return !(status === "Pending" || status === "Accepted") || converted;
}

const createdSchema = z.looseObject({ MetaData: z.looseObject({ CreateTime: z.string() }) });

/**
 * When the document was saved in QBO (`MetaData.CreateTime`, ms), if it says and it reads; null for
 * a deleted stub or a time that does not parse. Not `TxnDate`: a user may date a document in the
 * past or the future, but QBO's quantity moved when it was saved.
 */
export function documentCreatedAt(document: unknown): number | null {
	const parsed = createdSchema.safeParse(document);
	if (!parsed.success) return null;
	const ms = Date.parse(parsed.data.MetaData.CreateTime);
	return Number.isNaN(ms) ? null : ms;
}

/** The estimate an invoice or sales receipt was made from (QBO's LinkedTxn), if any. */
export function linkedEstimateOf(read: QboDocumentRead): string | null {
	if (read.entityType === "Estimate" || isDeletedStub(read.document)) return null;
	return (read.document.LinkedTxn ?? []).find((t) => t.TxnType === "Estimate")?.TxnId ?? null;
}
