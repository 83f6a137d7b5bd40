/**
 * Fixtures of the order and delivery-note tests: a company with QBO items synced (two inventory
 * items with opening stock, a service, a bundle of both), documents synced through the real
 * document sync, and the levels a user sees once every product object has flushed.
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { updateSettings } from "../../worker/settings/company-settings";
import { syncItems } from "../../worker/sync/catalogue-sync";
import { syncDocument } from "../../worker/sync/document-sync";
import { pumpCatalogue } from "../fixtures/qbo/catalogue";
import type { QboJson } from "../fixtures/qbo/lines";
import { allPages } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

type Row = { sku: string; productId: string; locationId: string; onHand: number; reserved: number };

export type SalesCompany = {
	co: TestCompany;
	location: string;
	/** Product ids by SKU. */
	ids: Record<"PUMP" | "HOSE" | "INSTALL" | "KIT", string>;
};

/** Pump (QBO item 11, 25 on hand), Hose (12, 100), Installation (13, service), Pump kit (14: 1 pump + 2 hoses). */
export async function salesCompany(
	settings: { orderMode?: "ship_on_invoice" | "reserve_until_delivery"; estimatesCreateOrders?: boolean } = {},
	locations = 1,
): Promise<SalesCompany> {
	const co = await makeCompany({ locations, products: 0 });
	expect(await syncItems(env, co.companyId, pumpCatalogue())).toMatchObject({ created: 4, invalid: [] });
	if (Object.keys(settings).length > 0) await updateSettings(db, co.companyId, settings);
	const rows = await allPages<Row>(co.api, "/api/v1/levels?limit=1000");
	const id = (sku: string) => rows.find((r) => r.sku === sku)?.productId ?? "";
	return {
		co,
		location: co.locationIds[0] ?? "",
		ids: { PUMP: id("PUMP"), HOSE: id("HOSE"), INSTALL: id("INSTALL"), KIT: id("KIT") },
	};
}

/** Syncs a QBO document as the company's sync object would, and checks it applied. */
export async function sync(
	co: TestCompany,
	type: "Invoice" | "SalesReceipt" | "Estimate" | "CreditMemo",
	document: QboJson,
) {
	const outcome = await syncDocument(env, co.companyId, type, document);
	expect(outcome.status).toBe("applied");
}

/** On hand and reserved per SKU at a location, after every object has flushed (reconciled). */
export async function levelsBySku(co: TestCompany, locationId: string) {
	expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true });
	const rows = await allPages<Row>(co.api, `/api/v1/levels?location=${locationId}&limit=1000`);
	return Object.fromEntries(rows.map((r) => [r.sku, { onHand: r.onHand, reserved: r.reserved }]));
}

export type OrderLine = {
	productId: string;
	sku: string;
	ordered: number;
	delivered: number;
	reserved: number;
	remaining: number;
	shortfall: number;
	kits: { productId: string; sku: string; quantity: number }[];
};
export type OrderBody = {
	id: string;
	number: string;
	status: string;
	source: { type: string; qboId: string; docNumber: string | null };
	flags: Record<string, unknown>[];
	backordered: boolean;
	customerName: string | null;
	documents: { type: string; qboId: string; status: string }[];
	lines: OrderLine[];
	deliveries: { id: string; number: string; status: string }[];
	movements: { source: string; kind: string; onHand: number; reserved: number }[];
};

/**
 * The order of a QBO document, found as a client would (GET /orders?qboId=, with its type when
 * given: ids are per type at QBO), with its page.
 */
export async function orderOf(
	co: TestCompany,
	qboId: string,
	qboType?: "invoice" | "sales_receipt" | "estimate",
): Promise<OrderBody> {
	const list = await co.api.get(`/api/v1/orders?qboId=${qboId}${qboType ? `&qboType=${qboType}` : ""}`);
	expect(list.status, JSON.stringify(list.body)).toBe(200);
	const items = list.json<{ items: { id: string }[] }>().items;
	expect(items, `one order for QBO document ${qboId}`).toHaveLength(1);
	const res = await co.api.get(`/api/v1/orders/${items[0]?.id}`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<OrderBody>();
}

/** The order's lines by SKU. */
export function linesBySku(order: OrderBody) {
	return Object.fromEntries(
		order.lines.map((l) => [
			l.sku,
			{ ordered: l.ordered, delivered: l.delivered, reserved: l.reserved, remaining: l.remaining },
		]),
	);
}

/** Posts a delivery note; answers the raw response. */
export function deliver(
	co: TestCompany,
	orderId: string,
	lines: { productId: string; quantity: number }[],
	extra: { idempotencyKey?: string; locationId?: string; note?: string; allowNegative?: boolean } = {},
) {
	return co.api.post(`/api/v1/orders/${orderId}/deliveries`, {
		lines,
		idempotencyKey: extra.idempotencyKey ?? `dn-${crypto.randomUUID()}`,
		...(extra.locationId ? { locationId: extra.locationId } : {}),
		...(extra.note ? { note: extra.note } : {}),
		...(extra.allowNegative ? { allowNegative: true } : {}),
	});
}
