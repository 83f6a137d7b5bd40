/**
 * The CDC catch-up against the QBO simulator over real HTTP: CDC answers the full entities changed,
 * and the catch-up applies them as they came, without reading each one again (the simulator counts
 * the calls it receives), exactly once; inventory adjustments CDC leaves out are found by a query.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { InboundEvent } from "../../worker/qbo/inbound-event";
import { carriedEntities } from "../../worker/sync/catch-up";
import { catchUpCompany, deliverToCompany } from "../../worker/sync/company-sync-client";
import { onHandBySku } from "./api-checks";
import { drainCompanySync } from "./company-sync-drain";
import { makeCompany } from "./helpers";
import { connectSimCompany, type SimCompany } from "./qbo-sim-client";

type Calls = { read: number; query: number; queryById: number; cdc: number; batch: number; write: number };

async function simCalls(sim: SimCompany): Promise<Calls> {
	const res = await fetch(`${env.SIM_ADMIN_URL}/companies/${sim.realmId}/calls`);
	expect(res.status).toBe(200);
	return ((await res.json()) as { calls: Calls }).calls;
}

async function resetSimCalls(sim: SimCompany): Promise<void> {
	expect((await fetch(`${env.SIM_ADMIN_URL}/companies/${sim.realmId}/calls`, { method: "DELETE" })).status).toBe(200);
}

function itemEvent(realmId: string, itemId: string): InboundEvent {
	return {
		key: `test-item-${crypto.randomUUID()}`,
		realmId,
		entity: "Item",
		entityId: itemId,
		operation: "create",
		occurredAt: new Date().toISOString(),
	};
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

/** A company connected to a fresh simulated one, its first inventory item known with its opening stock. */
async function connectedCompany() {
	const co = await makeCompany({ locations: 1, products: 0 });
	const sim = await connectSimCompany(co.companyId);
	const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
	const [customer] = await sim.query("SELECT * FROM Customer");
	if (!item || !customer) throw new Error("the simulated company has no item or customer");
	const itemId = String(item.Id);
	await deliverToCompany(env, sim.realmId, [itemEvent(sim.realmId, itemId)]);
	await drainCompanySync(sim.realmId, ["inbox"]);
	const sku = String(item.Sku ?? item.Name);
	const opening = Number(item.QtyOnHand);
	expect((await onHandBySku(co))[sku]).toBe(opening);
	return { co, sim, itemId, sku, opening, customer };
}

describe("CDC catch-up", () => {
	it("applies the documents CDC returned without reading them again, once", async () => {
		const { co, sim, itemId, sku, opening, customer } = await connectedCompany();

		// N invoices saved in QBO whose webhooks are lost, one of them edited since.
		const quantities = [1, 2, 3, 4, 5];
		const saved = [];
		for (const qty of quantities)
			saved.push(await sim.save("Invoice", { CustomerRef: { value: customer.Id }, Line: invoiceLines(itemId, qty) }));
		const edited = saved[0];
		if (!edited) throw new Error("no invoice saved");
		await sim.save("Invoice", {
			Id: edited.Id,
			SyncToken: edited.SyncToken,
			CustomerRef: { value: customer.Id },
			Line: invoiceLines(itemId, 6),
		});
		const expected = opening - (6 + 2 + 3 + 4 + 5);

		await resetSimCalls(sim);
		// The invoices, and the catalogue made with the company just before the connection.
		const first = await catchUpCompany(env, sim.realmId);
		expect(first).toMatchObject({ status: "done" });
		expect(first.status === "done" && first.queued).toBeGreaterThanOrEqual(quantities.length);
		await drainCompanySync(sim.realmId, ["inbox"]);
		expect((await onHandBySku(co))[sku]).toBe(expected);
		const calls = await simCalls(sim);
		// One CDC call; no document nor item read again by id.
		expect(calls.cdc).toBe(1);
		expect(calls.queryById).toBe(0);
		expect(calls.read).toBe(0);

		// The same versions found again change nothing, and are not read either.
		expect(await catchUpCompany(env, sim.realmId)).toMatchObject({ status: "done", queued: 0 });
		await drainCompanySync(sim.realmId, ["inbox"]);
		expect((await onHandBySku(co))[sku]).toBe(expected);
		expect((await simCalls(sim)).queryById).toBe(0);
	});

	it("a deleted document is read back (CDC's stub is only a hint) and undone", async () => {
		const { co, sim, itemId, sku, opening, customer } = await connectedCompany();
		const removed = await sim.save("Invoice", { CustomerRef: { value: customer.Id }, Line: invoiceLines(itemId, 4) });
		const kept = await sim.save("Invoice", { CustomerRef: { value: customer.Id }, Line: invoiceLines(itemId, 2) });
		await catchUpCompany(env, sim.realmId);
		await drainCompanySync(sim.realmId, ["inbox"]);
		expect((await onHandBySku(co))[sku]).toBe(opening - 6);

		await sim.save("Invoice", { Id: removed.Id, SyncToken: removed.SyncToken }, "delete");
		await sim.save("Invoice", {
			Id: kept.Id,
			SyncToken: kept.SyncToken,
			CustomerRef: { value: customer.Id },
			Line: invoiceLines(itemId, 3),
		});
		await resetSimCalls(sim);
		await catchUpCompany(env, sim.realmId);
		await drainCompanySync(sim.realmId, ["inbox"]);
		expect((await onHandBySku(co))[sku]).toBe(opening - 3);
		// The deleted stub alone is read back; the edited invoice is applied as CDC answered it.
		expect((await simCalls(sim)).queryById).toBe(1);
	});

	it("an entity is taken from the events only when every event about it carries it, at its newest version", () => {
		const base = { realmId: "1", entity: "Invoice", operation: "update", occurredAt: new Date().toISOString() };
		const carried = carriedEntities([
			{ ...base, key: "a1", entityId: "7", entityJson: { Id: "7", SyncToken: "1" } },
			{ ...base, key: "a2", entityId: "7", entityJson: { Id: "7", SyncToken: "3" } },
			{ ...base, key: "a3", entityId: "7", entityJson: { Id: "7", SyncToken: "2" } },
			// A webhook's event about 8: its current version is read, whatever CDC said.
			{ ...base, key: "b1", entityId: "8", entityJson: { Id: "8", SyncToken: "5" } },
			{ ...base, key: "b2", entityId: "8" },
			// JSON that is not the event's entity is not taken.
			{ ...base, key: "c1", entityId: "9", entityJson: { Id: "10", SyncToken: "0" } },
			// A merge names the item merged away: read, not taken.
			{ ...base, key: "d1", entity: "Item", entityId: "11", entityJson: { Id: "11", SyncToken: "0" } },
			{ ...base, key: "d2", entity: "Item", entityId: "12", operation: "merge", deletedId: "11" },
		]);
		expect([...carried.keys()]).toEqual(["Invoice:7"]);
		expect(carried.get("Invoice:7")).toEqual({ Id: "7", SyncToken: "3" });
	});

	it("adjustments made in QBO are found by a query when CDC does not bring them, once", async () => {
		const { co, sim, itemId, sku, opening } = await connectedCompany();
		const left = await fetch(`${env.SIM_ADMIN_URL}/companies/${sim.realmId}/cdc`, {
			method: "PUT",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ leaveOut: ["InventoryAdjustment"] }),
		});
		expect(left.status).toBe(200);
		const [account] = await sim.query("SELECT * FROM Account");
		if (!account) throw new Error("the simulated company has no account");
		await sim.save("InventoryAdjustment", {
			AdjustAccountRef: { value: String(account.Id) },
			Line: [
				{
					DetailType: "ItemAdjustmentLineDetail",
					ItemAdjustmentLineDetail: { ItemRef: { value: itemId }, QtyDiff: 5 },
				},
			],
		});

		await catchUpCompany(env, sim.realmId);
		await drainCompanySync(sim.realmId, ["inbox"]);
		expect((await onHandBySku(co))[sku]).toBe(opening + 5);
		// Found again by the next catch-up: the same version, a duplicate.
		expect(await catchUpCompany(env, sim.realmId)).toMatchObject({ status: "done", queued: 0 });
		await drainCompanySync(sim.realmId, ["inbox"]);
		expect((await onHandBySku(co))[sku]).toBe(opening + 5);
	});
});
