/**
 * The sync pipeline against the QBO simulator over real HTTP: webhook events queued in a company's
 * sync object are fetched from QBO, mapped and applied to stock; QBO throttling delays without
 * losing anything; every event is logged.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { products, syncLog, vendors } from "../../worker/db/schema";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import type { InboundEvent } from "../../worker/qbo/inbound-event";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { catchUpCompany, deliverToCompany } from "../../worker/sync/company-sync-client";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { onHandBySku } from "./api-checks";
import { companyInbox, companySyncOf } from "./company-sync-drain";
import { db, makeCompany } from "./helpers";
import { connectSimCompany, type SimCompany } from "./qbo-sim-client";
import { deadInvoiceEvent } from "./qbo-webhook-client";

let eventCounter = 0;
function event(realmId: string, entity: string, entityId: string, operation: string): InboundEvent {
	eventCounter += 1;
	return {
		key: `test-${eventCounter}-${crypto.randomUUID()}`,
		realmId,
		entity,
		entityId,
		operation,
		occurredAt: new Date().toISOString(),
	};
}

/** Hands events to the company object and lets it process until its inbox is empty. */
async function deliver(sim: SimCompany, events: InboundEvent[]) {
	await deliverToCompany(env, sim.realmId, events);
	await drain(sim.realmId);
}

async function drain(realmId: string) {
	for (let i = 0; i < 50; i++) {
		if ((await companyInbox(realmId)).pending.length === 0) return;
		await runDurableObjectAlarm(companySyncOf(realmId));
	}
	throw new Error("the inbox did not drain");
}

async function connectedCompany() {
	const co = await makeCompany({ locations: 1, products: 0 });
	const sim = await connectSimCompany(co.companyId);
	const items = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
	await deliver(
		sim,
		items.map((item) => event(sim.realmId, "Item", String(item.Id), "create")),
	);
	const [customer] = await sim.query("SELECT * FROM Customer");
	const [item] = items;
	if (!item || !customer) throw new Error("the simulated company has no item or customer");
	const sku = String(item.Sku ?? item.Name);
	return { co, sim, item, sku, opening: Number(item.QtyOnHand), customerId: String(customer.Id) };
}

function invoiceLines(itemId: string, qty: number) {
	return [
		{
			DetailType: "SalesItemLineDetail",
			Amount: qty * 10,
			SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: qty, UnitPrice: 10 },
		},
	];
}

describe("QBO sync pipeline", () => {
	it("imports items from their webhook events with QBO's quantity as opening stock", async () => {
		const { co, sku, opening } = await connectedCompany();
		expect((await onHandBySku(co))[sku]).toBe(opening);
	});

	it("an invoice saved in QBO takes stock out; its edit and its delete follow", async () => {
		const { co, sim, item, sku, opening, customerId } = await connectedCompany();
		const itemId = String(item.Id);
		const invoice = await sim.save("Invoice", { CustomerRef: { value: customerId }, Line: invoiceLines(itemId, 2) });
		await deliver(sim, [event(sim.realmId, "Invoice", String(invoice.Id), "create")]);
		expect((await onHandBySku(co))[sku]).toBe(opening - 2);

		const edited = await sim.save("Invoice", {
			...invoice,
			Line: invoiceLines(itemId, 5),
		});
		// Two notifications of the same edit, and the old create again: one read, one effect.
		await deliver(sim, [
			event(sim.realmId, "Invoice", String(edited.Id), "update"),
			event(sim.realmId, "Invoice", String(edited.Id), "update"),
			event(sim.realmId, "Invoice", String(edited.Id), "create"),
		]);
		expect((await onHandBySku(co))[sku]).toBe(opening - 5);

		await sim.save("Invoice", { Id: edited.Id, SyncToken: edited.SyncToken }, "delete");
		await deliver(sim, [event(sim.realmId, "Invoice", String(edited.Id), "delete")]);
		expect((await onHandBySku(co))[sku]).toBe(opening);

		const log = await db.select().from(syncLog).where(eq(syncLog.companyId, co.companyId));
		expect(log.filter((l) => l.entity === "Invoice").map((l) => l.status)).toEqual(Array(5).fill("applied"));
	});

	it("a document QBO sends at an older version, or after its delete, is logged as ignored with why, and moves nothing", async () => {
		const { co, sim, item, sku, opening, customerId } = await connectedCompany();
		const itemId = String(item.Id);
		let invoice = await sim.save("Invoice", { CustomerRef: { value: customerId }, Line: invoiceLines(itemId, 2) });
		for (let i = 0; i < 3; i++) invoice = await sim.save("Invoice", { ...invoice, PrivateNote: `edit ${i}` });
		await deliver(sim, [event(sim.realmId, "Invoice", String(invoice.Id), "update")]);
		expect((await onHandBySku(co))[sku]).toBe(opening - 2);
		const name = `invoice ${invoice.DocNumber}`;
		const stale = `QuickBooks sent ${name} at version 0, older than the version 3 Stockroom already applied: nothing to change.`;
		const afterDelete = `QuickBooks sent ${name} at version 4, but Stockroom already applied its deletion, which is final: nothing to change.`;
		const invoiceLog = async () =>
			(
				await db.select().from(syncLog).where(eq(syncLog.companyId, co.companyId)).orderBy(syncLog.at, syncLog.id)
			).flatMap((l) => (l.entity === "Invoice" ? [[l.status, l.error]] : []));

		// What a QuickBooks that handed the Id out again would send: an "invoice" at version 0.
		await sim.storeAsIs("Invoice", { ...invoice, SyncToken: "0", Line: invoiceLines(itemId, 7) });
		await deliver(sim, [event(sim.realmId, "Invoice", String(invoice.Id), "create")]);
		expect((await onHandBySku(co))[sku]).toBe(opening - 2);
		expect(await invoiceLog()).toEqual([
			["applied", null],
			["ignored", stale],
		]);

		await sim.save("Invoice", { Id: invoice.Id, SyncToken: "0" }, "delete");
		await deliver(sim, [event(sim.realmId, "Invoice", String(invoice.Id), "delete")]);
		expect((await onHandBySku(co))[sku]).toBe(opening);
		// A delete is final: the same Id seen again afterwards changes nothing, and says so.
		await sim.storeAsIs("Invoice", { ...invoice, SyncToken: "4" });
		await deliver(sim, [event(sim.realmId, "Invoice", String(invoice.Id), "update")]);
		expect((await onHandBySku(co))[sku]).toBe(opening);
		expect(await invoiceLog()).toEqual([
			["applied", null],
			["ignored", stale],
			["applied", null],
			["ignored", afterDelete],
		]);
	});

	it("when QBO throttles, events wait and are applied on the next run, once", async () => {
		const { co, sim, item, sku, opening, customerId } = await connectedCompany();
		const invoice = await sim.save("Invoice", {
			CustomerRef: { value: customerId },
			Line: invoiceLines(String(item.Id), 3),
		});
		await sim.fault({ kind: "throttle", count: 1, retryAfterSeconds: 1 });
		await deliverToCompany(env, sim.realmId, [event(sim.realmId, "Invoice", String(invoice.Id), "create")]);
		await runDurableObjectAlarm(companySyncOf(sim.realmId));
		expect((await companyInbox(sim.realmId)).pending).toHaveLength(1);
		await drain(sim.realmId);
		expect((await onHandBySku(co))[sku]).toBe(opening - 3);
	});

	it("events for entities that do not touch stock are logged as ignored", async () => {
		const { co, sim, customerId } = await connectedCompany();
		await deliver(sim, [event(sim.realmId, "Customer", customerId, "update")]);
		const log = await db.select().from(syncLog).where(eq(syncLog.companyId, co.companyId));
		expect(log.find((l) => l.entity === "Customer")?.status).toBe("ignored");
	});

	it("vendors follow QBO, and the sync log tells the user what happened", async () => {
		const { co, sim } = await connectedCompany();
		const [vendor] = await sim.query("SELECT * FROM Vendor");
		if (!vendor) throw new Error("the simulated company has no vendor");
		await deliver(sim, [event(sim.realmId, "Vendor", String(vendor.Id), "create")]);
		const vendors = (await co.api.get("/api/v1/vendors")).json<{ items: { qboId: string; name: string }[] }>();
		expect(vendors.items).toEqual([expect.objectContaining({ qboId: String(vendor.Id), name: vendor.DisplayName })]);

		const renamed = await sim.save("Vendor", { ...vendor, DisplayName: "Renamed Supplies" });
		await deliver(sim, [event(sim.realmId, "Vendor", String(renamed.Id), "update")]);
		expect((await co.api.get("/api/v1/vendors")).json<{ items: { name: string }[] }>().items[0]?.name).toBe(
			"Renamed Supplies",
		);

		const log = (await co.api.get("/api/v1/sync/log?entity=Vendor")).json<{
			items: { operation: string; status: string }[];
		}>();
		expect(log.items.map((l) => [l.operation, l.status])).toEqual([
			["update", "applied"],
			["create", "applied"],
		]);
	});

	it("documents whose webhooks were lost are found by the CDC catch-up, deletes included", async () => {
		const { co, sim, item, sku, opening, customerId } = await connectedCompany();
		const itemId = String(item.Id);
		const kept = await sim.save("Invoice", { CustomerRef: { value: customerId }, Line: invoiceLines(itemId, 2) });
		const removed = await sim.save("Invoice", { CustomerRef: { value: customerId }, Line: invoiceLines(itemId, 4) });
		await deliver(sim, [event(sim.realmId, "Invoice", String(removed.Id), "create")]);
		expect((await onHandBySku(co))[sku]).toBe(opening - 4);
		// Neither the first invoice's creation nor the second's deletion is ever notified.
		await sim.save("Invoice", { Id: removed.Id, SyncToken: removed.SyncToken }, "delete");

		const first = await catchUpCompany(env, sim.realmId);
		expect(first).toMatchObject({ status: "done" });
		await drain(sim.realmId);
		expect((await onHandBySku(co))[sku]).toBe(opening - 2);
		expect(kept.Id).toBeDefined();

		// A second catch-up finds the same versions again and changes nothing.
		const second = await catchUpCompany(env, sim.realmId);
		expect(second).toMatchObject({ status: "done", queued: 0 });
		await drain(sim.realmId);
		expect((await onHandBySku(co))[sku]).toBe(opening - 2);
	});

	it("the catch-up of a company that is not connected does nothing", async () => {
		expect(await catchUpCompany(env, `unknown-${crypto.randomUUID()}`)).toEqual({ status: "not_connected" });
	});

	it("departments become locations; a document's department is where its stock moves", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const sim = await connectSimCompany(co.companyId, {
			items: 2,
			customers: 1,
			departments: ["Warehouse", "Shop"],
		});
		const api = new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter());
		expect(await importCatalogue(env, co.companyId, api)).toMatchObject({ locations: 2 });
		const locations = (await co.api.get("/api/v1/locations")).json<{ items: { id: string; name: string }[] }>().items;
		const shop = locations.find((l) => l.name === "Shop");
		expect(shop).toBeDefined();

		const [department] = await sim.query("SELECT * FROM Department WHERE Name = 'Shop'");
		const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
		const [customer] = await sim.query("SELECT * FROM Customer");
		const invoice = await sim.save("Invoice", {
			CustomerRef: { value: customer?.Id },
			DepartmentRef: { value: department?.Id },
			Line: invoiceLines(String(item?.Id), 1),
		});
		await deliver(sim, [event(sim.realmId, "Invoice", String(invoice.Id), "create")]);
		expect((await co.api.get("/api/v1/reconciliation?limit=1000")).json()).toMatchObject({ ok: true });
		const atShop = (await co.api.get(`/api/v1/levels?location=${shop?.id}`)).json<{
			items: { sku: string; onHand: number }[];
		}>();
		expect(atShop.items.find((r) => r.sku === String(item?.Sku ?? item?.Name))?.onHand).toBe(-1);

		await sim.save("Department", { ...department, Name: "Boutique" });
		await deliver(sim, [event(sim.realmId, "Department", String(department?.Id), "update")]);
		const renamed = (await co.api.get(`/api/v1/locations/${shop?.id}`)).json<{ name: string }>();
		expect(renamed.name).toBe("Boutique");
	});

	it("a dead event can be retried from the sync log, and then applies", async () => {
		const { co, sim, item, sku, opening, customerId } = await connectedCompany();
		const invoice = await sim.save("Invoice", {
			CustomerRef: { value: customerId },
			Line: invoiceLines(String(item.Id), 6),
		});
		const id = await deadInvoiceEvent(co.companyId, String(invoice.Id));
		const res = await co.api.post(`/api/v1/sync/log/${id}/retry`);
		expect(res.status).toBe(202);
		await drain(sim.realmId);
		expect((await onHandBySku(co))[sku]).toBe(opening - 6);
		const other = await makeCompany();
		expect((await other.api.post(`/api/v1/sync/log/${id}/retry`)).status).toBe(404);
	});

	it("documents made before the connection are imported: editing one later moves only its difference", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const sim = await connectSimCompany(co.companyId, { items: 1, customers: 1 });
		const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
		const [customer] = await sim.query("SELECT * FROM Customer");
		const itemId = String(item?.Id);
		const invoice = await sim.save("Invoice", { CustomerRef: { value: customer?.Id }, Line: invoiceLines(itemId, 2) });
		const qtyAtQbo = async () => Number((await sim.query(`SELECT * FROM Item WHERE Id = '${itemId}'`))[0]?.QtyOnHand);
		const sku = String(item?.Sku ?? item?.Name);

		const api = new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter());
		expect(await importCatalogue(env, co.companyId, api)).toMatchObject({ documents: 1 });
		expect((await onHandBySku(co))[sku]).toBe(await qtyAtQbo());
		// Importing again changes nothing.
		await importCatalogue(env, co.companyId, api);
		expect((await onHandBySku(co))[sku]).toBe(await qtyAtQbo());

		const edited = await sim.save("Invoice", { ...invoice, Line: invoiceLines(itemId, 5) });
		await deliver(sim, [event(sim.realmId, "Invoice", String(edited.Id), "update")]);
		expect((await onHandBySku(co))[sku]).toBe(await qtyAtQbo());

		await sim.save("Invoice", { Id: edited.Id, SyncToken: edited.SyncToken }, "delete");
		await deliver(sim, [event(sim.realmId, "Invoice", String(edited.Id), "delete")]);
		expect((await onHandBySku(co))[sku]).toBe(await qtyAtQbo());
		expect(await qtyAtQbo()).toBe(Number(item?.QtyOnHand));
	});

	it("an import gives each product its preferred vendor from QBO (vendors are imported first)", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const sim = await connectSimCompany(co.companyId, { items: 3, customers: 1, vendors: 1 });
		const withVendor = (await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'")).filter((i) => i.PrefVendorRef);
		expect(withVendor.length).toBeGreaterThan(0);

		await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));

		const linked = await db
			.select({ qboItemId: products.qboId, vendorQboId: vendors.qboId })
			.from(products)
			.innerJoin(vendors, eq(vendors.id, products.preferredVendorId))
			.where(and(eq(products.companyId, co.companyId), isNotNull(products.preferredVendorId)));
		expect(new Map(linked.map((l) => [l.qboItemId, l.vendorQboId]))).toEqual(
			new Map(withVendor.map((i) => [String(i.Id), String((i.PrefVendorRef as { value: unknown }).value)])),
		);
	});
});
