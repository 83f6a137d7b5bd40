/**
 * Issue 14, gap 8: goods delivered on an estimate, before any invoice, left the shelves while no
 * QuickBooks document moved QuickBooks' quantity. With stock sync on they are pushed out of it at
 * once; when the invoice made from the estimate arrives and moves the quantity itself, what was
 * pushed is pushed back — never counted twice. A delivery note cancelled gives it back too. Against
 * the simulator, checked by QuickBooks' own quantity and by the drift report.
 */
import { describe, expect, it } from "vitest";
import { drainCompanySync } from "./company-sync-drain";
import { deliver, orderOf } from "./orders-fixtures";
import { driftCheck, importedCompany, saveAndSync } from "./qbo-imported-company";
import { salesLine } from "./qbo-sim-client";

/** An estimate of `ordered` synced as an order, `delivered` of it delivered from Stockroom. */
async function deliveredOnEstimate(ordered: number, delivered: number) {
	const company = await importedCompany({ stockSyncToQbo: true, estimatesCreateOrders: true });
	const { co, sim, items, productOf, customerId, qtyAt } = company;
	const [itemId] = items;
	if (!itemId) throw new Error("no simulated item");
	const opening = await qtyAt(itemId);
	const estimate = await saveAndSync(sim, "Estimate", {
		CustomerRef: { value: customerId },
		Line: [salesLine(itemId, ordered)],
	});
	const order = await orderOf(co, String(estimate.Id), "estimate");
	const note = await deliver(co, order.id, [{ productId: productOf(itemId), quantity: delivered }]);
	expect(note.status).toBe(201);
	await drainCompanySync(sim.realmId);
	return { ...company, itemId, opening, estimate, note: note.json<{ id: string }>() };
}

describe("a delivery on an estimate", () => {
	it("is pushed out of QuickBooks' quantity, and handed to the invoice made from the estimate", async () => {
		const { co, sim, productOf, customerId, qtyAt, itemId, opening, estimate } = await deliveredOnEstimate(5, 3);
		// The goods left: QuickBooks hears of it now, not when (if ever) an invoice comes.
		expect(await qtyAt(itemId)).toBe(opening - 3);
		expect(await driftCheck(co, sim.realmId)).toMatchObject({ status: "done", differing: 0 });

		// The invoice made from the estimate takes 5 out in QuickBooks itself: the 3 pushed come back.
		await saveAndSync(sim, "Invoice", {
			CustomerRef: { value: customerId },
			LinkedTxn: [{ TxnId: String(estimate.Id), TxnType: "Estimate" }],
			Line: [salesLine(itemId, 5)],
		});
		expect(await qtyAt(itemId)).toBe(opening - 5);
		const onHand = (await co.api.get(`/api/v1/products/${productOf(itemId)}`)).json<{ totals: { onHand: number } }>()
			.totals.onHand;
		expect(onHand).toBe(opening - 5);
		expect(await driftCheck(co, sim.realmId)).toMatchObject({ status: "done", differing: 0 });
	});

	it("cancelled, gives the goods back to QuickBooks' quantity", async () => {
		const { co, sim, qtyAt, itemId, opening, note } = await deliveredOnEstimate(4, 2);
		expect(await qtyAt(itemId)).toBe(opening - 2);

		const cancelled = await co.api.post(`/api/v1/deliveries/${note.id}/cancel`, {
			idempotencyKey: `cancel-${note.id}`,
		});
		expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
		await drainCompanySync(sim.realmId);
		expect(await qtyAt(itemId)).toBe(opening);
		expect(await driftCheck(co, sim.realmId)).toMatchObject({ status: "done", differing: 0 });
	});
});
