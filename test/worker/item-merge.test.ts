/**
 * Issue 14, gap 3: items merged in QuickBooks. The merged-away item's stock goes to the survivor,
 * its open order's reservation and its open purchase (received and incoming) follow, the bill of
 * materials using it uses the survivor; the
 * merge announced twice changes nothing more; and stock that reaches the merged-away item later (a
 * document QuickBooks re-pointed, then edited) is forwarded to the survivor by the cron. Against
 * the simulator's merge, which re-points every reference as QuickBooks does.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { InboundEvent } from "../../worker/qbo/inbound-event";
import { deliverToCompany } from "../../worker/sync/company-sync-client";
import { forwardMergedStock } from "../../worker/sync/item-merge";
import { drainCompanySync } from "./company-sync-drain";
import { orderOf } from "./orders-fixtures";
import { importedCompany } from "./qbo-imported-company";
import { qboEvent } from "./qbo-sim-client";

type Totals = { onHand: number; reserved: number; incoming: number };

describe("items merged in QuickBooks", () => {
	it("move stock, open orders and bills of materials to the survivor, once", async () => {
		const { co, sim, items, productOf, customerId } = await importedCompany({ orderMode: "reserve_until_delivery" });
		const [merged, survivor, , assembly] = items;
		if (!merged || !survivor || !assembly) throw new Error("too few simulated items");
		const [vendor] = await sim.query("SELECT * FROM Vendor");
		const totals = async (qboId: string) =>
			(await co.api.get(`/api/v1/products/${productOf(qboId)}`)).json<{ totals: Totals }>().totals;
		const synced = async (...events: InboundEvent[]) => {
			await deliverToCompany(env, sim.realmId, events);
			await drainCompanySync(sim.realmId);
		};

		// An open invoice reserving 2 of the item to be merged away, a bill bringing 4 in.
		const invoice = await sim.save("Invoice", {
			CustomerRef: { value: customerId },
			Line: [
				{ DetailType: "SalesItemLineDetail", Amount: 2, SalesItemLineDetail: { ItemRef: { value: merged }, Qty: 2 } },
			],
		});
		const billLine = (qty: number) => [
			{
				DetailType: "ItemBasedExpenseLineDetail",
				Amount: qty,
				ItemBasedExpenseLineDetail: { ItemRef: { value: merged }, Qty: qty, UnitPrice: 1 },
			},
		];
		const bill = await sim.save("Bill", { VendorRef: { value: String(vendor?.Id) }, Line: billLine(4) });
		await synced(qboEvent(sim.realmId, "Invoice", String(invoice.Id)), qboEvent(sim.realmId, "Bill", String(bill.Id)));
		// An assembly built from both.
		const bom = await co.api.call("PUT", `/api/v1/assemblies/${productOf(assembly)}`, {
			components: [
				{ productId: productOf(merged), quantity: 1 },
				{ productId: productOf(survivor), quantity: 2 },
			],
			version: 0,
		});
		expect(bom.status, JSON.stringify(bom.body)).toBe(200);
		// A purchase ordering 5 of it from Stockroom, 2 of them received.
		const created = (
			await co.api.post("/api/v1/purchases", {
				locationId: co.locationIds[0],
				lines: [{ productId: productOf(merged), quantity: 5 }],
			})
		).json<{ id: string; version: number }>();
		const ordered = await co.api.patch(`/api/v1/purchases/${created.id}`, {
			version: created.version,
			status: "ordered",
		});
		expect(ordered.status, JSON.stringify(ordered.body)).toBe(200);
		const received = await co.api.post(`/api/v1/purchases/${created.id}/receipts`, {
			lines: [{ productId: productOf(merged), quantity: 2 }],
			idempotencyKey: `rc-${crypto.randomUUID()}`,
		});
		expect(received.status, JSON.stringify(received.body)).toBe(201);
		const before = { merged: await totals(merged), survivor: await totals(survivor) };
		expect(before.merged.incoming).toBe(3);
		expect(before.merged.reserved).toBe(2);
		const all = before.merged.onHand + before.survivor.onHand;

		const res = await fetch(`${env.SIM_ADMIN_URL}/companies/${sim.realmId}/merge`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ entity: "Item", fromId: merged, toId: survivor }),
		});
		expect(res.status).toBe(200);
		const merge = () => qboEvent(sim.realmId, "Item", survivor, { operation: "merge", deletedId: merged });
		await synced(merge());

		expect(await totals(merged)).toMatchObject({ onHand: 0, reserved: 0, incoming: 0 });
		expect(await totals(survivor)).toMatchObject({
			onHand: all,
			reserved: before.survivor.reserved + 2,
			incoming: before.survivor.incoming + 3,
		});
		const purchase = (await co.api.get(`/api/v1/purchases/${created.id}`)).json<{
			lines: { productId: string; ordered: number; received: number }[];
		}>();
		expect(purchase.lines).toEqual([
			expect.objectContaining({ productId: productOf(survivor), ordered: 5, received: 2 }),
		]);
		const order = await orderOf(co, String(invoice.Id), "invoice");
		expect(order.lines.filter((l) => l.ordered > 0).map((l) => [l.productId, l.reserved])).toEqual([
			[productOf(survivor), 2],
		]);
		const components = (await co.api.get(`/api/v1/assemblies/${productOf(assembly)}`)).json<{
			components: { productId: string; quantity: number }[];
		}>().components;
		expect(components).toEqual([expect.objectContaining({ productId: productOf(survivor), quantity: 3 })]);

		// Announced again: nothing more moves.
		await synced(merge());
		expect(await totals(survivor)).toMatchObject({
			onHand: all,
			reserved: before.survivor.reserved + 2,
			incoming: before.survivor.incoming + 3,
		});

		// The bill, re-pointed by QuickBooks and edited there to 5: its old 4 leave the item merged
		// away, the 5 arrive at the survivor; the cron forwards what the merged-away item was left with.
		const [repointed] = await sim.query(`SELECT * FROM Bill WHERE Id = '${bill.Id}'`);
		await sim.save("Bill", {
			Id: bill.Id,
			SyncToken: repointed?.SyncToken,
			VendorRef: { value: String(vendor?.Id) },
			Line: [
				{
					DetailType: "ItemBasedExpenseLineDetail",
					Amount: 5,
					ItemBasedExpenseLineDetail: { ItemRef: { value: survivor }, Qty: 5, UnitPrice: 1 },
				},
			],
		});
		await synced(qboEvent(sim.realmId, "Bill", String(bill.Id)));
		expect(await forwardMergedStock(env)).toBeGreaterThan(0);
		expect(await totals(merged)).toMatchObject({ onHand: 0, reserved: 0 });
		expect((await totals(survivor)).onHand).toBe(all + 1);
		expect((await co.api.get("/api/v1/reconciliation?limit=1000")).json()).toMatchObject({ ok: true });
	});
});
