/**
 * Issue 14, gap 1: changing the order mode re-maps the open orders at once, not on their next edit.
 * The rule: what is shipped or delivered stays so; what is still open follows the new mode. Through
 * the settings API, the real document sync, product objects and D1; levels checked reconciled.
 */
import { describe, expect, it } from "vitest";
import { makeEstimate, makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { deliver, levelsBySku, linesBySku, orderOf, salesCompany, sync } from "./orders-fixtures";

describe("changing the order mode re-maps the open orders at once", () => {
	it("reserve → ship on invoice: open invoices ship now (the rest after a partial note), once", async () => {
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		await sync(co, "Invoice", makeInvoice({ id: "500", lines: [salesLine("11", 4)] }));
		await sync(co, "Invoice", makeInvoice({ id: "501", lines: [salesLine("12", 10)] }));
		const partial = await orderOf(co, "501");
		expect((await deliver(co, partial.id, [{ productId: ids.HOSE, quantity: 3 }])).status).toBe(201);
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 25, reserved: 4 },
			HOSE: { onHand: 97, reserved: 7 },
		});

		const res = await co.api.patch("/api/v1/settings", { orderMode: "ship_on_invoice" });
		expect(res.status).toBe(200);
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 21, reserved: 0 },
			HOSE: { onHand: 90, reserved: 0 },
		});
		expect(await orderOf(co, "500")).toMatchObject({ status: "delivered" });
		expect(linesBySku(await orderOf(co, "501")).HOSE).toEqual({
			ordered: 10,
			delivered: 10,
			reserved: 0,
			remaining: 0,
		});

		// Sent again (a retry), and the invoice's next edit: nothing counted twice.
		expect((await co.api.patch("/api/v1/settings", { orderMode: "ship_on_invoice" })).status).toBe(200);
		await sync(co, "Invoice", makeInvoice({ id: "500", syncToken: 1, lines: [salesLine("11", 5)] }));
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 20, reserved: 0 },
			HOSE: { onHand: 90, reserved: 0 },
		});
	});

	it("ship on invoice → reserve: shipped invoices stay shipped; an open estimate's order reserves its invoice", async () => {
		const { co, location } = await salesCompany({ orderMode: "ship_on_invoice", estimatesCreateOrders: true });
		await sync(co, "Invoice", makeInvoice({ id: "600", lines: [salesLine("11", 2)] }));
		await sync(co, "Estimate", makeEstimate({ id: "610", lines: [salesLine("12", 6)] }));
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 23, reserved: 0 },
			HOSE: { onHand: 100, reserved: 6 },
		});

		expect((await co.api.patch("/api/v1/settings", { orderMode: "reserve_until_delivery" })).status).toBe(200);
		// The invoice's goods left when it was made: it stays delivered.
		expect(await orderOf(co, "600")).toMatchObject({ status: "delivered" });
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 23, reserved: 0 },
			HOSE: { onHand: 100, reserved: 6 },
		});
		// The estimate's order took the new mode: its invoice reserves rather than ships.
		await sync(
			co,
			"Estimate",
			makeEstimate({
				id: "610",
				syncToken: 1,
				status: "Closed",
				linked: [{ TxnId: "611", TxnType: "Invoice" }],
				lines: [salesLine("12", 6)],
			}),
		);
		await sync(
			co,
			"Invoice",
			makeInvoice({ id: "611", lines: [salesLine("12", 6)], linked: [{ TxnId: "610", TxnType: "Estimate" }] }),
		);
		expect(await orderOf(co, "611")).toMatchObject({ status: "open" });
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 23, reserved: 0 },
			HOSE: { onHand: 100, reserved: 6 },
		});

		// And back: the open invoice ships at once.
		expect((await co.api.patch("/api/v1/settings", { orderMode: "ship_on_invoice" })).status).toBe(200);
		expect(await orderOf(co, "611")).toMatchObject({ status: "delivered" });
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 23, reserved: 0 },
			HOSE: { onHand: 94, reserved: 0 },
		});
	});
});
