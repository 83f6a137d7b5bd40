/**
 * What the sources of a trace are, for a person: a receipt (its purchase, vendor and receipt
 * numbers), a delivery note (its order, customer and QuickBooks document), an order shipped on its
 * QuickBooks document, a build, another QuickBooks document (its number), or a user's adjustment,
 * count or assignment of unassigned stock. Sources are named as the flows name them
 * (docs/architecture.md#sources); every kind is read in batches, a statement per ≤ 90 ids, whatever
 * the number of sources.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import {
	builds,
	deliveryNotes,
	orders,
	purchaseReceiptLots,
	purchaseReceipts,
	purchases,
	qboDocuments,
	vendors,
} from "../../db/schema";
import { governingDocument } from "../../sales/order-state";
import { type ReasonFields, reasonFields } from "../movement-reasons";
import type { SourceFact } from "./lot-walk";

export type SourceType =
	| "receipt"
	| "delivery"
	| "order"
	| "build"
	| "qbo_document"
	| "adjustment"
	| "count"
	| "lot_assignment"
	| "other";

export type OrderRef = {
	id: string;
	number: string;
	customerName: string | null;
	qboType: "invoice" | "sales_receipt" | "estimate";
	qboId: string;
	qboDocNumber: string | null;
};

export type ReceiptRef = { id: string; number: string; createdAt: string; productId: string; lot: string };

export type SourceDetail = ReasonFields & {
	source: string;
	type: SourceType;
	kind: string;
	at: string;
	locationId: string;
	reason: string | null;
	purchase: {
		id: string;
		number: string;
		vendorId: string | null;
		vendorName: string | null;
		/** The purchase's receipts that named lots, with the lot each named. */
		receipts: ReceiptRef[];
	} | null;
	delivery: { id: string; number: string; status: "active" | "cancelled" } | null;
	order: OrderRef | null;
	build: { id: string; number: string; kind: "build" | "unbuild"; productId: string } | null;
	qboDocument: { type: string; id: string; docNumber: string | null } | null;
};

const ORDER_TYPES: Record<string, OrderRef["qboType"]> = {
	Invoice: "invoice",
	SalesReceipt: "sales_receipt",
	Estimate: "estimate",
};

const iso = (ms: number) => new Date(ms).toISOString();
const CHUNK = 90;

function chunks<T>(items: T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
	return out;
}

/** `qbo:<Type>:<Id>` → its type and id; null for anything else (`qbo:opening:…` is no document). */
function qboDocumentOf(source: string): { type: string; id: string } | null {
	const match = /^qbo:([A-Z][A-Za-z]*):(.+)$/.exec(source);
	return match?.[1] && match[2] ? { type: match[1], id: match[2] } : null;
}

/** The id after a source's prefix: `delivery:<id>` → `<id>`. */
function idAfter(source: string, prefix: string): string | null {
	return source.startsWith(`${prefix}:`) ? source.slice(prefix.length + 1) : null;
}

type Order = typeof orders.$inferSelect;

function orderRef(order: Order): OrderRef {
	const governing = governingDocument(order.documents, order.salesQboId) ?? {
		type: order.originType,
		qboId: order.originQboId,
		docNumber: order.docNumber,
	};
	return {
		id: order.id,
		number: governing.docNumber ?? `#${governing.qboId}`,
		customerName: order.customerName,
		qboType: governing.type,
		qboId: governing.qboId,
		qboDocNumber: governing.docNumber,
	};
}

/** The details of each source the walk met, by source. */
export async function sourceDetails(
	db: Database,
	companyId: string,
	facts: SourceFact[],
): Promise<Map<string, SourceDetail>> {
	const deliveryIds: string[] = [];
	const purchaseIds: string[] = [];
	const buildIds: string[] = [];
	const orderDocs = new Map<OrderRef["qboType"], string[]>();
	const otherDocs = new Map<string, string[]>();
	for (const f of facts) {
		const delivery = idAfter(f.source, "delivery");
		const purchase = idAfter(f.source, "purchase");
		const build = idAfter(f.source, "build");
		const qbo = qboDocumentOf(f.source);
		if (delivery) deliveryIds.push(delivery);
		else if (purchase) purchaseIds.push(purchase);
		else if (build) buildIds.push(build);
		else if (qbo) {
			const orderType = ORDER_TYPES[qbo.type];
			if (orderType) orderDocs.set(orderType, [...(orderDocs.get(orderType) ?? []), qbo.id]);
			else otherDocs.set(qbo.type, [...(otherDocs.get(qbo.type) ?? []), qbo.id]);
		}
	}

	const [notes, orderRows, purchaseRows, receiptRows, buildRows, docRows] = await Promise.all([
		Promise.all(
			chunks(deliveryIds).map((ids) =>
				db
					.select({ note: deliveryNotes, order: orders })
					.from(deliveryNotes)
					.innerJoin(orders, eq(orders.id, deliveryNotes.orderId))
					.where(and(eq(deliveryNotes.companyId, companyId), inArray(deliveryNotes.id, ids))),
			),
		),
		Promise.all(
			[...orderDocs].flatMap(([type, qboIds]) =>
				chunks(qboIds).map((ids) =>
					db
						.select()
						.from(orders)
						.where(and(eq(orders.companyId, companyId), eq(orders.originType, type), inArray(orders.originQboId, ids))),
				),
			),
		),
		Promise.all(
			chunks(purchaseIds).map((ids) =>
				db
					.select({
						id: purchases.id,
						number: purchases.number,
						vendorId: purchases.vendorId,
						vendorName: vendors.name,
					})
					.from(purchases)
					.leftJoin(vendors, eq(vendors.id, purchases.vendorId))
					.where(and(eq(purchases.companyId, companyId), inArray(purchases.id, ids))),
			),
		),
		Promise.all(
			chunks(purchaseIds).map((ids) =>
				db
					.select({
						purchaseId: purchaseReceipts.purchaseId,
						id: purchaseReceipts.id,
						number: purchaseReceipts.number,
						createdAt: purchaseReceipts.createdAt,
						productId: purchaseReceiptLots.productId,
						lot: purchaseReceiptLots.lot,
					})
					.from(purchaseReceipts)
					.innerJoin(purchaseReceiptLots, eq(purchaseReceiptLots.receiptId, purchaseReceipts.id))
					.where(and(eq(purchaseReceipts.companyId, companyId), inArray(purchaseReceipts.purchaseId, ids)))
					.orderBy(purchaseReceipts.seq),
			),
		),
		Promise.all(
			chunks(buildIds).map((ids) =>
				db
					.select({ id: builds.id, number: builds.number, kind: builds.kind, productId: builds.productId })
					.from(builds)
					.where(and(eq(builds.companyId, companyId), inArray(builds.id, ids))),
			),
		),
		Promise.all(
			[...otherDocs].flatMap(([type, qboIds]) =>
				chunks(qboIds).map((ids) =>
					db
						.select({ type: qboDocuments.entityType, id: qboDocuments.qboId, docNumber: qboDocuments.docNumber })
						.from(qboDocuments)
						.where(
							and(
								eq(qboDocuments.companyId, companyId),
								eq(qboDocuments.entityType, type),
								inArray(qboDocuments.qboId, ids),
							),
						),
				),
			),
		),
	]);

	const noteBy = new Map(notes.flat().map((r) => [`delivery:${r.note.id}`, r]));
	const orderBy = new Map(orderRows.flat().map((o) => [`${o.originType}/${o.originQboId}`, o] as const));
	const purchaseBy = new Map(purchaseRows.flat().map((p) => [`purchase:${p.id}`, p]));
	const receiptsBy = new Map<string, ReceiptRef[]>();
	for (const r of receiptRows.flat()) {
		const key = `purchase:${r.purchaseId}`;
		receiptsBy.set(key, [
			...(receiptsBy.get(key) ?? []),
			{ id: r.id, number: r.number, createdAt: iso(r.createdAt), productId: r.productId, lot: r.lot },
		]);
	}
	const buildBy = new Map(buildRows.flat().map((b) => [`build:${b.id}`, b]));
	const docBy = new Map(docRows.flat().map((d) => [`qbo:${d.type}:${d.id}`, d]));

	const details = new Map<string, SourceDetail>();
	for (const f of facts) {
		const detail: SourceDetail = {
			source: f.source,
			type: "other",
			kind: f.kind,
			at: iso(f.at),
			locationId: f.locationId,
			reason: f.reason,
			...reasonFields(f),
			purchase: null,
			delivery: null,
			order: null,
			build: null,
			qboDocument: null,
		};
		const note = noteBy.get(f.source);
		const purchase = purchaseBy.get(f.source);
		const build = buildBy.get(f.source);
		const qbo = qboDocumentOf(f.source);
		const orderType = qbo ? ORDER_TYPES[qbo.type] : undefined;
		const order = qbo && orderType ? orderBy.get(`${orderType}/${qbo.id}`) : undefined;
		if (note) {
			detail.type = "delivery";
			detail.delivery = { id: note.note.id, number: note.note.number, status: note.note.status };
			detail.order = orderRef(note.order);
		} else if (purchase) {
			detail.type = "receipt";
			detail.purchase = { ...purchase, receipts: receiptsBy.get(f.source) ?? [] };
		} else if (build) {
			detail.type = "build";
			detail.build = build;
		} else if (order) {
			detail.type = "order";
			detail.order = orderRef(order);
		} else if (qbo) {
			detail.type = "qbo_document";
			detail.qboDocument = { type: qbo.type, id: qbo.id, docNumber: docBy.get(f.source)?.docNumber ?? null };
		} else if (f.kind === "adjustment" || f.kind === "count" || f.kind === "lot_assignment") detail.type = f.kind;
		details.set(f.source, detail);
	}
	return details;
}
