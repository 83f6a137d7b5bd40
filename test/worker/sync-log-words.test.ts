/**
 * The sync log and the ledger name QuickBooks documents as the user knows them: by the number
 * QuickBooks shows (DocNumber), not its internal id, and each sync log line carries a code and
 * parameters for the UI to word, with an English sentence for API users.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { InboundEvent } from "../../worker/qbo/inbound-event";
import { deliverToCompany } from "../../worker/sync/company-sync-client";
import { companyInbox, companySyncOf } from "./company-sync-drain";
import { makeCompany } from "./helpers";
import { connectSimCompany, type SimCompany } from "./qbo-sim-client";

type LogLine = {
	entity: string;
	entityId: string;
	operation: string;
	status: string;
	docNumber: string | null;
	code: string;
	params: { entity: string; entityId: string; docNumber: string | null };
	message: string;
};

function event(realmId: string, entity: string, entityId: string, operation: string): InboundEvent {
	return {
		key: `words-${crypto.randomUUID()}`,
		realmId,
		entity,
		entityId,
		operation,
		occurredAt: new Date().toISOString(),
	};
}

async function deliver(sim: SimCompany, events: InboundEvent[]) {
	await deliverToCompany(env, sim.realmId, events);
	for (let i = 0; i < 50; i++) {
		if ((await companyInbox(sim.realmId)).pending.length === 0) return;
		await runDurableObjectAlarm(companySyncOf(sim.realmId));
	}
	throw new Error("the inbox did not drain");
}

async function connectedCompany() {
	const co = await makeCompany({ locations: 1, products: 0 });
	const sim = await connectSimCompany(co.companyId);
	const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
	const [customer] = await sim.query("SELECT * FROM Customer");
	if (!item || !customer) throw new Error("the simulated company has no item or customer");
	await deliver(sim, [event(sim.realmId, "Item", String(item.Id), "create")]);
	return { co, sim, itemId: String(item.Id), customerId: String(customer.Id) };
}

const lines = (itemId: string, qty: number) => [
	{
		DetailType: "SalesItemLineDetail",
		Amount: qty * 10,
		SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: qty, UnitPrice: 10 },
	},
];

describe("the sync log in the user's words", () => {
	it("names an invoice by its QuickBooks number and says what happened as a code, params and a sentence", async () => {
		const { co, sim, itemId, customerId } = await connectedCompany();
		const invoice = await sim.save("Invoice", { CustomerRef: { value: customerId }, Line: lines(itemId, 2) });
		const number = String(invoice.DocNumber);
		// The number QuickBooks shows is not its internal id: the log must not confuse them.
		expect(number).not.toBe(String(invoice.Id));
		await deliver(sim, [event(sim.realmId, "Invoice", String(invoice.Id), "create")]);
		await sim.save("Invoice", { Id: invoice.Id, SyncToken: invoice.SyncToken }, "delete");
		await deliver(sim, [event(sim.realmId, "Invoice", String(invoice.Id), "delete")]);

		const log = (await co.api.get("/api/v1/sync/log?entity=Invoice")).json<{ items: LogLine[] }>();
		expect(
			log.items.map((l) => ({ code: l.code, docNumber: l.docNumber, message: l.message, params: l.params })),
		).toEqual([
			{
				code: "sync.deleted",
				docNumber: number,
				message: `Invoice ${number} deleted`,
				params: { entity: "Invoice", entityId: String(invoice.Id), docNumber: number },
			},
			{
				code: "sync.created",
				docNumber: number,
				message: `Invoice ${number} created`,
				params: { entity: "Invoice", entityId: String(invoice.Id), docNumber: number },
			},
		]);
		// The operation stays as QuickBooks' notification said it, for API users who read it.
		expect(log.items.map((l) => l.operation)).toEqual(["delete", "create"]);
	});

	it("says a document by its QuickBooks id, as such, while Stockroom has not read it", async () => {
		const { co, sim } = await connectedCompany();
		// A credit memo QuickBooks does not have: it cannot be read, so its number is never known.
		await deliver(sim, [event(sim.realmId, "CreditMemo", "99999", "void")]);
		const log = (await co.api.get("/api/v1/sync/log?entity=CreditMemo")).json<{ items: LogLine[] }>();
		expect(log.items[0]).toMatchObject({
			code: "sync.voided",
			docNumber: null,
			message: "Credit memo (QuickBooks id 99999) voided",
		});
	});

	it("names a QuickBooks document's movements in the ledger by its number, and their reason by a code", async () => {
		const { co, sim, itemId, customerId } = await connectedCompany();
		const invoice = await sim.save("Invoice", { CustomerRef: { value: customerId }, Line: lines(itemId, 3) });
		await deliver(sim, [event(sim.realmId, "Invoice", String(invoice.Id), "create")]);
		type Line = {
			source: string;
			kind: string;
			documentNumber: string | null;
			onHandDelta: number;
			reason: string | null;
			reasonCode: string | null;
			reasonParams: Record<string, string> | null;
		};
		const ledger = (await co.api.get("/api/v1/movements?limit=100")).json<{ items: Line[] }>();
		const invoiceMove = ledger.items.find((m) => m.source === `qbo:Invoice:${invoice.Id}`);
		expect(invoiceMove).toMatchObject({ kind: "invoice", documentNumber: String(invoice.DocNumber), onHandDelta: -3 });

		await sim.save("Invoice", { Id: invoice.Id, SyncToken: invoice.SyncToken }, "delete");
		await deliver(sim, [event(sim.realmId, "Invoice", String(invoice.Id), "delete")]);
		const after = (await co.api.get("/api/v1/movements?limit=100")).json<{ items: Line[] }>();
		// The delete cancels the invoice's order, which gives the 3 back; its reason comes as a code and
		// parameters for the UI to word, the English kept.
		const number = String(invoice.DocNumber);
		expect(after.items.find((m) => m.source === `qbo:Invoice:${invoice.Id}` && m.onHandDelta === 3)).toMatchObject({
			documentNumber: number,
			reason: `Order ${number} (cancelled)`,
			reasonCode: "order_line",
			reasonParams: { order: number, status: "cancelled" },
		});
	});

	it("gives a bill's movements and an item's opening stock their reason as a code", async () => {
		const { co, sim, itemId } = await connectedCompany();
		const [vendor] = await sim.query("SELECT * FROM Vendor");
		const bill = await sim.save("Bill", {
			VendorRef: { value: String(vendor?.Id) },
			Line: [
				{
					DetailType: "ItemBasedExpenseLineDetail",
					Amount: 4,
					ItemBasedExpenseLineDetail: { ItemRef: { value: itemId }, Qty: 4, UnitPrice: 1 },
				},
			],
		});
		await deliver(sim, [event(sim.realmId, "Bill", String(bill.Id), "create")]);
		type Line = {
			source: string;
			kind: string;
			reason: string | null;
			reasonCode: string | null;
			reasonParams: unknown;
		};
		const ledger = (await co.api.get("/api/v1/movements?limit=100")).json<{ items: Line[] }>();
		// The ledger line names the bill already: the code says only whether QuickBooks voided it.
		expect(ledger.items.find((m) => m.source === `qbo:Bill:${bill.Id}`)).toMatchObject({
			kind: "bill",
			reason: `QBO Bill ${bill.DocNumber ?? bill.Id}`,
			reasonCode: "qbo_document",
			reasonParams: { voided: "no" },
		});
		expect(ledger.items.find((m) => m.source.startsWith("qbo:opening:"))).toMatchObject({
			kind: "adjustment",
			reason: "opening stock from QuickBooks",
			reasonCode: "opening_stock",
			reasonParams: { from: "quickbooks" },
		});
	});

	it("never reads a person's reason as one Stockroom wrote", async () => {
		const co = await makeCompany({ locations: 1, products: 1 });
		const [level] = (await co.api.get("/api/v1/levels")).json<{ items: { productId: string; locationId: string }[] }>()
			.items;
		if (!level) throw new Error("the company has no level");
		const res = await co.api.post("/api/v1/adjustments", {
			productId: level.productId,
			locationId: level.locationId,
			quantity: 2,
			reason: "Order 12 (open)",
			idempotencyKey: `words-${crypto.randomUUID()}`,
		});
		expect(res.status).toBeLessThan(300);
		const ledger = (await co.api.get(`/api/v1/movements?productId=${level.productId}`)).json<{
			items: { reason: string | null; reasonCode: string | null; reasonParams: unknown }[];
		}>();
		expect(ledger.items[0]).toMatchObject({ reason: "Order 12 (open)", reasonCode: null, reasonParams: null });
	});
});
