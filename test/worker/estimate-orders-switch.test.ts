/**
 * Issue 14, gap 1 (second half): switching "estimates create orders" re-maps the open estimates at
 * once. Switched on, every open estimate becomes an order reserving its goods (the estimates read
 * again from QuickBooks); switched off, those orders release what they reserve, stay released
 * through the estimate's edits, and come back when it is switched on again. An estimate's order
 * with goods delivered keeps them. Against the simulator, through PATCH /api/v1/settings.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliverToCompany } from "../../worker/sync/company-sync-client";
import { drainCompanySync } from "./company-sync-drain";
import type { TestCompany } from "./helpers";
import { deliver, orderOf } from "./orders-fixtures";
import { importedCompany } from "./qbo-imported-company";
import { qboEvent, salesLine } from "./qbo-sim-client";

async function orders(co: TestCompany): Promise<{ id: string; status: string }[]> {
	return (await co.api.get("/api/v1/orders?limit=100")).json<{ items: { id: string; status: string }[] }>().items;
}

describe("switching 'estimates create orders'", () => {
	it("makes orders of the open estimates at once, releases them at once, and makes them again", async () => {
		const { co, sim, items, productOf, customerId } = await importedCompany({ estimatesCreateOrders: false });
		const [itemId] = items;
		if (!itemId) throw new Error("no simulated item");
		const reserved = async () =>
			(await co.api.get(`/api/v1/products/${productOf(itemId)}`)).json<{ totals: { reserved: number } }>().totals
				.reserved;
		const switchTo = async (on: boolean) => {
			const res = await co.api.patch("/api/v1/settings", { estimatesCreateOrders: on });
			expect(res.status, JSON.stringify(res.body)).toBe(200);
		};
		const estimate = await sim.save("Estimate", { CustomerRef: { value: customerId }, Line: [salesLine(itemId, 5)] });
		await deliverToCompany(env, sim.realmId, [qboEvent(sim.realmId, "Estimate", String(estimate.Id))]);
		await drainCompanySync(sim.realmId);
		expect(await orders(co)).toEqual([]);

		await switchTo(true);
		await drainCompanySync(sim.realmId);
		const order = await orderOf(co, String(estimate.Id), "estimate");
		expect(order.status).toBe("open");
		expect(await reserved()).toBe(5);

		// Off: released at once; an edit of the estimate while off does not bring it back.
		await switchTo(false);
		expect((await orderOf(co, String(estimate.Id), "estimate")).status).toBe("cancelled");
		expect(await reserved()).toBe(0);
		const edited = await sim.save("Estimate", {
			Id: estimate.Id,
			SyncToken: estimate.SyncToken,
			CustomerRef: { value: customerId },
			Line: [salesLine(itemId, 6)],
		});
		await deliverToCompany(env, sim.realmId, [qboEvent(sim.realmId, "Estimate", String(edited.Id))]);
		await drainCompanySync(sim.realmId);
		expect(await reserved()).toBe(0);

		// On again: the estimate as it is now reserves; switching on twice changes nothing more.
		await switchTo(true);
		await drainCompanySync(sim.realmId);
		expect((await orderOf(co, String(estimate.Id), "estimate")).status).toBe("open");
		expect(await reserved()).toBe(6);
		await switchTo(true);
		await drainCompanySync(sim.realmId);
		expect(await reserved()).toBe(6);
		expect(await orders(co)).toHaveLength(1);
		expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true });
	});

	it("keeps an estimate's order with goods delivered when switched off", async () => {
		const { co, sim, items, productOf, customerId } = await importedCompany({ estimatesCreateOrders: true });
		const [itemId] = items;
		if (!itemId) throw new Error("no simulated item");
		const estimate = await sim.save("Estimate", { CustomerRef: { value: customerId }, Line: [salesLine(itemId, 4)] });
		await deliverToCompany(env, sim.realmId, [qboEvent(sim.realmId, "Estimate", String(estimate.Id))]);
		await drainCompanySync(sim.realmId);
		const order = await orderOf(co, String(estimate.Id), "estimate");
		expect((await deliver(co, order.id, [{ productId: productOf(itemId), quantity: 1 }])).status).toBe(201);

		const res = await co.api.patch("/api/v1/settings", { estimatesCreateOrders: false });
		expect(res.status).toBe(200);
		const kept = await orderOf(co, String(estimate.Id), "estimate");
		expect(kept.status).toBe("partially_delivered");
		expect(kept.lines.map((l) => ({ delivered: l.delivered, reserved: l.reserved }))).toEqual([
			{ delivered: 1, reserved: 3 },
		]);
	});
});
