/**
 * Issue 14, gap 5: an invoice saved in QBO before the company connected Stockroom has already left
 * the shelf, and QBO's quantity (the opening stock) already excludes it. In reserve-until-delivery
 * mode the import makes its order delivered, reserving nothing; an invoice saved after the
 * connection reserves its goods as usual. Real import and catch-up against the simulator.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { toScaled } from "../../worker/core/quantity";
import { orders, qboConnections } from "../../worker/db/schema";
import { updateSettings } from "../../worker/settings/company-settings";
import { companySyncOf, drainCompanySync } from "./company-sync-drain";
import { db, makeCompany } from "./helpers";
import { connectSimCompany } from "./qbo-sim-client";

type Totals = { onHand: number; reserved: number };

/** QBO writes times to the second: a pause of over a second puts two saves on either side of a moment. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

async function orderOfInvoice(companyId: string, qboId: string) {
	return db.query.orders.findFirst({
		where: and(eq(orders.companyId, companyId), eq(orders.salesType, "invoice"), eq(orders.salesQboId, qboId)),
	});
}

describe("documents from before the connection", () => {
	it("arrive delivered in reserve-until-delivery mode; later ones still reserve", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		await updateSettings(db, co.companyId, { orderMode: "reserve_until_delivery" });
		const sim = await connectSimCompany(co.companyId, { items: 2, customers: 1 });
		const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
		const [customer] = await sim.query("SELECT * FROM Customer");
		const itemId = String(item?.Id);
		const invoice = (qty: number) => ({
			CustomerRef: { value: String(customer?.Id) },
			Line: [
				{
					DetailType: "SalesItemLineDetail",
					Amount: qty,
					SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: qty },
				},
			],
		});
		const qtyAtQbo = async () => Number((await sim.query(`SELECT * FROM Item WHERE Id = '${itemId}'`))[0]?.QtyOnHand);

		// Saved in QBO, then the company connects (the connection's time is when it was made).
		const old = await sim.save("Invoice", invoice(4));
		await nextSecond();
		await db.update(qboConnections).set({ connectedAt: Date.now() }).where(eq(qboConnections.companyId, co.companyId));

		const stub = companySyncOf(sim.realmId);
		await stub.startImport(sim.realmId);
		for (let i = 0; i < 20 && (await stub.progress()).importing; i++) await runDurableObjectAlarm(stub);
		expect((await stub.progress()).importing).toBe(false);

		const products = (await co.api.get("/api/v1/products")).json<{ items: { id: string; qboId: string }[] }>().items;
		const productId = products.find((p) => p.qboId === itemId)?.id ?? "";
		const totals = async () => (await co.api.get(`/api/v1/products/${productId}`)).json<{ totals: Totals }>().totals;

		const oldOrder = await orderOfInvoice(co.companyId, String(old.Id));
		expect(oldOrder?.status).toBe("delivered");
		expect(oldOrder?.lines.map((l) => l.reserved)).toEqual([0]);
		const opening = await qtyAtQbo();
		expect(await totals()).toMatchObject({ onHand: opening, reserved: 0 });

		// Saved after the connection: reserved until a delivery note takes it out.
		await nextSecond();
		const fresh = await sim.save("Invoice", invoice(3));
		expect(await stub.catchUp(sim.realmId)).toMatchObject({ status: "done" });
		await drainCompanySync(sim.realmId, ["inbox"]);
		const freshOrder = await orderOfInvoice(co.companyId, String(fresh.Id));
		expect(freshOrder?.status).toBe("open");
		expect(freshOrder?.lines.map((l) => l.reserved)).toEqual([toScaled(3)]);
		expect(await totals()).toMatchObject({ onHand: opening, reserved: 3 });
		expect(await qtyAtQbo()).toBe(opening - 3);
		// The old invoice, read again by the catch-up, changed nothing.
		expect((await orderOfInvoice(co.companyId, String(old.Id)))?.status).toBe("delivered");
	});
});
