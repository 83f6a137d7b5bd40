/**
 * A document naming a department Stockroom does not know yet (created in QBO after the import, its
 * own webhook not arrived or lost): the department is read from QBO and becomes a location before
 * the document is applied, so its stock moves there — not at the default location.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { syncLog } from "../../worker/db/schema";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import type { InboundEvent } from "../../worker/qbo/inbound-event";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { deliverToCompany } from "../../worker/sync/company-sync-client";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { companyInbox, companySyncOf } from "./company-sync-drain";
import { db, makeCompany, type TestCompany } from "./helpers";
import { connectSimCompany, qboEvent, type SimCompany } from "./qbo-sim-client";

/** Hands events to the company object and lets it process until its inbox is empty. */
async function deliver(sim: SimCompany, events: InboundEvent[]) {
	await deliverToCompany(env, sim.realmId, events);
	for (let i = 0; i < 50; i++) {
		if ((await companyInbox(sim.realmId)).pending.length === 0) return;
		await runDurableObjectAlarm(companySyncOf(sim.realmId));
	}
	throw new Error("the inbox did not drain");
}

type Location = { id: string; name: string; isDefault?: boolean };

async function locationsOf(co: TestCompany): Promise<Location[]> {
	return (await co.api.get("/api/v1/locations")).json<{ items: Location[] }>().items;
}

async function onHandAt(co: TestCompany, locationId: string, sku: string): Promise<number | undefined> {
	// Sync traffic flushes in the background: reconciliation flushes the objects first.
	expect((await co.api.get("/api/v1/reconciliation?limit=1000")).json()).toMatchObject({ ok: true });
	const rows = (await co.api.get(`/api/v1/levels?location=${locationId}&limit=1000`)).json<{
		items: { sku: string; onHand: number }[];
	}>().items;
	return rows.find((r) => r.sku === sku)?.onHand;
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

async function importedCompany() {
	const co = await makeCompany({ locations: 1, products: 0 });
	const sim = await connectSimCompany(co.companyId, { items: 1, customers: 1, departments: ["Warehouse"] });
	const api = new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter());
	await importCatalogue(env, co.companyId, api);
	const before = await locationsOf(co);
	const fallback = before.find((l) => l.name !== "Warehouse");
	const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
	const [customer] = await sim.query("SELECT * FROM Customer");
	if (!fallback || !item || !customer) throw new Error("the company has no default location, item or customer");
	const sku = String(item.Sku ?? item.Name);
	return { co, sim, fallback, item, sku, customerId: String(customer.Id), opening: Number(item.QtyOnHand) };
}

describe("a document naming a department not yet known", () => {
	it("reads the department from QBO, makes it a location and moves the stock there", async () => {
		const { co, sim, fallback, item, sku, customerId, opening } = await importedCompany();
		// Created in QBO after the import; its own webhook never comes.
		const popUp = await sim.save("Department", { Name: "Pop-up" });
		const invoice = await sim.save("Invoice", {
			CustomerRef: { value: customerId },
			DepartmentRef: { value: popUp.Id },
			Line: invoiceLines(String(item.Id), 3),
		});
		await deliver(sim, [qboEvent(sim.realmId, "Invoice", String(invoice.Id))]);

		const location = (await locationsOf(co)).find((l) => l.name === "Pop-up");
		expect(location).toBeDefined();
		expect(await onHandAt(co, String(location?.id), sku)).toBe(-3);
		expect(await onHandAt(co, fallback.id, sku)).toBe(opening);
		const log = await db.select().from(syncLog).where(eq(syncLog.companyId, co.companyId));
		expect(log.filter((l) => l.entity === "Invoice").map((l) => l.status)).toEqual(["applied"]);
	});

	it("a department QBO no longer has falls back to the default location", async () => {
		const { co, sim, fallback, item, sku, customerId, opening } = await importedCompany();
		const closed = await sim.save("Department", { Name: "Closed" });
		const invoice = await sim.save("Invoice", {
			CustomerRef: { value: customerId },
			DepartmentRef: { value: closed.Id },
			Line: invoiceLines(String(item.Id), 2),
		});
		// Deactivated before Stockroom ever saw it: no location is made for it.
		await sim.save("Department", { ...closed, Active: false });
		await deliver(sim, [qboEvent(sim.realmId, "Invoice", String(invoice.Id))]);

		expect((await locationsOf(co)).some((l) => l.name === "Closed")).toBe(false);
		expect(await onHandAt(co, fallback.id, sku)).toBe(opening - 2);
	});
});
