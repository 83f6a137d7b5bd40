/**
 * QBO sales documents become orders (through the real document sync, product objects and D1): what
 * a user sees of an order — its lines, status, flags, documents — and of stock, in both order modes,
 * across an estimate's hand-over to its invoice, kits, backorders and other companies.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { toScaled } from "../../worker/core/quantity";
import { recordDelivery } from "../../worker/sales/deliveries";
import { updateSettings } from "../../worker/settings/company-settings";
import { executeStockCommand } from "../../worker/stock/product-stock-client";
import { deletedStub, makeEstimate, makeInvoice, makeSalesReceipt } from "../fixtures/qbo/documents";
import { groupLine, salesLine } from "../fixtures/qbo/lines";
import { expectProblem } from "./api-checks";
import { db, makeCompany } from "./helpers";
import { deliver, levelsBySku, linesBySku, orderOf, salesCompany, sync } from "./orders-fixtures";

describe("orders from QBO documents", () => {
	it("ship on invoice: an invoice is an order delivered at once; its edits and delete follow", async () => {
		const { co, location } = await salesCompany();
		await sync(co, "Invoice", makeInvoice({ id: "130", lines: [salesLine("11", 2), salesLine("13", 1)] }));
		const order = await orderOf(co, "130");
		expect(order).toMatchObject({
			number: "1037",
			status: "delivered",
			source: { type: "invoice", qboId: "130", docNumber: "1037" },
			customerName: "Sonnenschein Family Store",
			flags: [],
			documents: [{ type: "invoice", qboId: "130", status: "active" }],
		});
		// The service line moves no stock and is no order line.
		expect(linesBySku(order)).toEqual({ PUMP: { ordered: 2, delivered: 2, reserved: 0, remaining: 0 } });
		expect(await levelsBySku(co, location)).toMatchObject({ PUMP: { onHand: 23, reserved: 0 } });

		await sync(co, "Invoice", makeInvoice({ id: "130", syncToken: 1, lines: [salesLine("11", 3)] }));
		expect(linesBySku(await orderOf(co, "130")).PUMP).toMatchObject({ ordered: 3, delivered: 3 });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 22, reserved: 0 });

		await sync(co, "Invoice", deletedStub("130"));
		const deleted = await orderOf(co, "130");
		expect(deleted).toMatchObject({ status: "cancelled", documents: [{ status: "deleted" }] });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 0 });
	});

	it("an invoice whose stock an older version moved directly (before orders) is taken over, not refused as stale", async () => {
		const { co, location, ids } = await salesCompany();
		// What the document sync wrote before invoices fed orders: the invoice's own source at SyncToken + 1.
		await executeStockCommand(
			env,
			{ companyId: co.companyId, productId: ids.PUMP },
			{
				type: "set",
				source: "qbo:Invoice:150",
				kind: "invoice",
				locationId: location,
				effect: { onHand: toScaled(-3), reserved: 0, incoming: 0 },
				version: 4,
			},
		);
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 22, reserved: 0 });
		await sync(co, "Invoice", makeInvoice({ id: "150", syncToken: 4, lines: [salesLine("11", 5)] }));
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 20, reserved: 0 });
		expect(linesBySku(await orderOf(co, "150")).PUMP).toMatchObject({ ordered: 5, delivered: 5 });
	});

	it("reserve until delivery: a sales receipt reserves, partial notes deliver, the last one completes it", async () => {
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		await sync(co, "SalesReceipt", makeSalesReceipt({ id: "500", lines: [salesLine("11", 4), salesLine("12", 10)] }));
		const order = await orderOf(co, "500");
		expect(order).toMatchObject({ status: "open", source: { type: "sales_receipt" }, backordered: false });
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 25, reserved: 4 },
			HOSE: { onHand: 100, reserved: 10 },
		});

		const first = await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 1.5 }]);
		expect(first.status, JSON.stringify(first.body)).toBe(201);
		expect(first.json()).toMatchObject({
			number: expect.stringMatching(/^DN-\d{4}$/),
			status: "active",
			locationId: location,
			lines: [{ productId: ids.PUMP, sku: "PUMP", quantity: 1.5 }],
		});
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 23.5, reserved: 2.5 },
			HOSE: { onHand: 100, reserved: 10 },
		});
		expect((await orderOf(co, "500")).status).toBe("partially_delivered");

		const rest = await deliver(co, order.id, [
			{ productId: ids.PUMP, quantity: 2.5 },
			{ productId: ids.HOSE, quantity: 10 },
		]);
		expect(rest.status, JSON.stringify(rest.body)).toBe(201);
		const done = await orderOf(co, "500");
		expect(done.status).toBe("delivered");
		expect(done.deliveries.map((d) => d.number)).toEqual(["DN-0001", "DN-0002"]);
		expect(linesBySku(done)).toEqual({
			PUMP: { ordered: 4, delivered: 4, reserved: 0, remaining: 0 },
			HOSE: { ordered: 10, delivered: 10, reserved: 0, remaining: 0 },
		});
		// The order page shows the invoice's reservation and the notes' movements.
		expect(done.movements.filter((m) => m.source.startsWith("delivery:")).map((m) => m.onHand)).toEqual(
			expect.arrayContaining([-1.5, -2.5, -10]),
		);
		expect(done.movements.some((m) => m.source === "qbo:SalesReceipt:500" && m.reserved === 4)).toBe(true);
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 21, reserved: 0 },
			HOSE: { onHand: 90, reserved: 0 },
		});
	});

	it("an invoice edited down after a partial delivery reserves nothing negative and flags the over-delivery", async () => {
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		await sync(co, "Invoice", makeInvoice({ id: "600", lines: [salesLine("11", 5)] }));
		const order = await orderOf(co, "600");
		expect((await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 3 }])).status).toBe(201);

		await sync(co, "Invoice", makeInvoice({ id: "600", syncToken: 1, lines: [salesLine("11", 2)] }));
		const after = await orderOf(co, "600");
		expect(after.status).toBe("delivered");
		expect(after.flags).toEqual([{ code: "over_delivered", productId: ids.PUMP, quantity: 1 }]);
		expect(linesBySku(after).PUMP).toEqual({ ordered: 2, delivered: 3, reserved: 0, remaining: 0 });
		// The goods that left stay out; nothing is reserved below zero.
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 22, reserved: 0 });
	});

	for (const how of ["voided", "deleted"] as const)
		it(`an invoice ${how} in QBO after a delivery keeps the goods out and flags the order`, async () => {
			const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
			await sync(co, "Invoice", makeInvoice({ id: "700", lines: [salesLine("11", 5)] }));
			const order = await orderOf(co, "700");
			expect((await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 2 }])).status).toBe(201);

			await sync(
				co,
				"Invoice",
				how === "voided"
					? makeInvoice({ id: "700", syncToken: 1, lines: [salesLine("11", 5)], voided: "drop-qty" })
					: deletedStub("700"),
			);
			const after = await orderOf(co, "700");
			expect(after.status).toBe("cancelled");
			expect(after.flags).toEqual([{ code: `${how}_after_delivery`, qboId: "700" }]);
			expect(after.documents).toMatchObject([{ type: "invoice", qboId: "700", status: how }]);
			// The reservation is released; the two pumps that left stay out.
			expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 23, reserved: 0 });
			// A cancelled order takes no more delivery notes.
			expectProblem(await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 1 }]), 409, "conflict", "status");
		});

	it("an order keeps its mode when only the stored setting changes: re-mapping open orders is the settings route's (order-mode-remap.test.ts)", async () => {
		const { co, location } = await salesCompany({ orderMode: "reserve_until_delivery" });
		await sync(co, "Invoice", makeInvoice({ id: "800", lines: [salesLine("11", 2)] }));
		await updateSettings(db, co.companyId, { orderMode: "ship_on_invoice" });
		await sync(co, "Invoice", makeInvoice({ id: "800", syncToken: 1, lines: [salesLine("11", 3)] }));
		await sync(co, "Invoice", makeInvoice({ id: "801", lines: [salesLine("11", 1)] }));
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 24, reserved: 3 });
	});
});

describe("estimate → invoice hand-over", () => {
	for (const mode of ["ship_on_invoice", "reserve_until_delivery"] as const)
		it(`${mode}: the invoice takes the estimate's order over; nothing reserved or delivered twice`, async () => {
			const { co, location, ids } = await salesCompany({ orderMode: mode, estimatesCreateOrders: true });
			await sync(co, "Estimate", makeEstimate({ id: "900", docNumber: "E-1", lines: [salesLine("11", 5)] }));
			const order = await orderOf(co, "900");
			expect(order).toMatchObject({ status: "open", source: { type: "estimate", qboId: "900" }, number: "E-1" });
			expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 5 });

			expect((await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 2 }])).status).toBe(201);
			expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 23, reserved: 3 });

			// QBO converts it: the estimate is closed and linked, the invoice links the estimate.
			const linkedInvoice = [{ TxnId: "901", TxnType: "Invoice" }];
			await sync(
				co,
				"Estimate",
				makeEstimate({ id: "900", syncToken: 1, status: "Closed", linked: linkedInvoice, lines: [salesLine("11", 5)] }),
			);
			await sync(
				co,
				"Invoice",
				makeInvoice({
					id: "901",
					docNumber: "I-1",
					lines: [salesLine("11", 5)],
					linked: [{ TxnId: "900", TxnType: "Estimate" }],
				}),
			);
			const byEstimate = await orderOf(co, "900");
			const byInvoice = await orderOf(co, "901");
			expect(byInvoice.id).toBe(order.id);
			expect(byEstimate).toMatchObject({
				id: order.id,
				number: "I-1",
				source: { type: "invoice", qboId: "901" },
				documents: [
					{ type: "estimate", qboId: "900", status: "closed" },
					{ type: "invoice", qboId: "901", status: "active" },
				],
			});
			if (mode === "ship_on_invoice") {
				// The invoice delivers what the note had not: 3 more, 5 in all.
				expect(byEstimate.status).toBe("delivered");
				expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 20, reserved: 0 });
			} else {
				expect(byEstimate.status).toBe("partially_delivered");
				expect(linesBySku(byEstimate).PUMP).toEqual({ ordered: 5, delivered: 2, reserved: 3, remaining: 3 });
				expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 23, reserved: 3 });
			}
		});

	it("the invoice seen before the estimate's conversion still joins the order, counted once", async () => {
		const { co, location } = await salesCompany({ orderMode: "reserve_until_delivery", estimatesCreateOrders: true });
		await sync(co, "Estimate", makeEstimate({ id: "910", lines: [salesLine("11", 4)] }));
		await sync(
			co,
			"Invoice",
			makeInvoice({ id: "911", lines: [salesLine("11", 4)], linked: [{ TxnId: "910", TxnType: "Estimate" }] }),
		);
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 4 });
		await sync(
			co,
			"Estimate",
			makeEstimate({
				id: "910",
				syncToken: 1,
				status: "Closed",
				linked: [{ TxnId: "911", TxnType: "Invoice" }],
				lines: [salesLine("11", 4)],
			}),
		);
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 4 });
		expect((await orderOf(co, "911")).id).toBe((await orderOf(co, "910")).id);
	});

	for (const status of ["Closed", "Rejected"])
		it(`an estimate ${status} without an invoice releases what it still reserves`, async () => {
			const { co, location, ids } = await salesCompany({ estimatesCreateOrders: true });
			await sync(co, "Estimate", makeEstimate({ id: "920", lines: [salesLine("11", 5)] }));
			const order = await orderOf(co, "920");
			expect((await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 1 }])).status).toBe(201);
			await sync(co, "Estimate", makeEstimate({ id: "920", syncToken: 1, status, lines: [salesLine("11", 5)] }));
			const after = await orderOf(co, "920");
			expect(after).toMatchObject({ status: "cancelled", flags: [{ code: "closed_after_delivery", qboId: "920" }] });
			expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 24, reserved: 0 });
		});

	it("estimates make no order while the setting is off", async () => {
		const { co, location } = await salesCompany();
		await sync(co, "Estimate", makeEstimate({ id: "930", lines: [salesLine("11", 5)] }));
		expect((await co.api.get("/api/v1/orders?qboId=930")).json()).toMatchObject({ items: [] });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 0 });
	});
});

describe("kits and backorders", () => {
	it("a kit sold is ordered and delivered per component, each line naming its kit", async () => {
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		await sync(
			co,
			"Invoice",
			makeInvoice({
				id: "1000",
				lines: [groupLine("14", 2, [salesLine("11", 2), salesLine("12", 4)]), salesLine("11", 1)],
			}),
		);
		const order = await orderOf(co, "1000");
		expect(linesBySku(order)).toEqual({
			PUMP: { ordered: 3, delivered: 0, reserved: 3, remaining: 3 },
			HOSE: { ordered: 4, delivered: 0, reserved: 4, remaining: 4 },
		});
		const hose = order.lines.find((l) => l.sku === "HOSE");
		expect(hose?.kits).toEqual([{ productId: ids.KIT, sku: "KIT", name: "Pump kit", quantity: 2 }]);

		// Half the kits' hoses delivered: the component moves, never the kit.
		expect((await deliver(co, order.id, [{ productId: ids.HOSE, quantity: 2 }])).status).toBe(201);
		expectProblem(
			await deliver(co, order.id, [{ productId: ids.KIT, quantity: 1 }]),
			422,
			"not_deliverable",
			"lines.0.productId",
		);
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 25, reserved: 3 },
			HOSE: { onHand: 98, reserved: 2 },
			KIT: { onHand: 0, reserved: 0 },
		});
	});

	it("an order the location cannot serve shows its shortfall per line, older orders served first", async () => {
		const { co } = await salesCompany({ orderMode: "reserve_until_delivery" });
		const older = { id: "1100", lines: [salesLine("11", 20)] };
		await sync(co, "Invoice", { ...makeInvoice(older), TxnDate: "2024-05-01" });
		await sync(co, "Invoice", {
			...makeInvoice({ id: "1101", lines: [salesLine("11", 8), salesLine("12", 5)] }),
			TxnDate: "2024-05-03",
		});
		const first = await orderOf(co, "1100");
		const second = await orderOf(co, "1101");
		expect(first.backordered).toBe(false);
		expect(first.lines[0]?.shortfall).toBe(0);
		// 25 pumps on hand, 20 go to the older order: 5 left for 8.
		expect(second.backordered).toBe(true);
		expect(Object.fromEntries(second.lines.map((l) => [l.sku, l.shortfall]))).toEqual({ PUMP: 3, HOSE: 0 });
		const list = (await co.api.get("/api/v1/orders")).json<{ items: { id: string; backordered: boolean }[] }>();
		expect(list.items.map((o) => [o.id, o.backordered])).toEqual([
			[second.id, true],
			[first.id, false],
		]);
	});
});

describe("orders under concurrency and crashes", () => {
	it("an invoice edit and a delivery at once both land, and the levels are exact", async () => {
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		await sync(co, "Invoice", makeInvoice({ id: "1400", lines: [salesLine("11", 5)] }));
		const order = await orderOf(co, "1400");
		const [, delivered] = await Promise.all([
			sync(co, "Invoice", makeInvoice({ id: "1400", syncToken: 1, lines: [salesLine("11", 4)] })),
			deliver(co, order.id, [{ productId: ids.PUMP, quantity: 3 }]),
		]);
		expect(delivered.status, JSON.stringify(delivered.body)).toBe(201);
		expect(linesBySku(await orderOf(co, "1400")).PUMP).toEqual({ ordered: 4, delivered: 3, reserved: 1, remaining: 1 });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 22, reserved: 1 });
	});

	it("the next sync of its invoice completes an order whose last change never reached stock", async () => {
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		const invoice = makeInvoice({ id: "1500", lines: [salesLine("11", 5)] });
		await sync(co, "Invoice", invoice);
		const order = await orderOf(co, "1500");
		// The note's D1 batch commits; the Worker dies before telling the product objects.
		await recordDelivery(env, co.companyId, order.id, {
			lines: [{ productId: ids.PUMP, quantity: toScaled(2) }],
			idempotencyKey: "lost-1",
		});
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 5 });
		// The same invoice again (a duplicate webhook, the CDC catch-up): the order is applied again.
		await sync(co, "Invoice", invoice);
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 23, reserved: 3 });
	});
});

describe("order lists", () => {
	it("filter by status, search number and customer, page newest first", async () => {
		const { co, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		for (const n of [1, 2, 3])
			await sync(co, "Invoice", makeInvoice({ id: `12${n}0`, docNumber: `INV-${n}`, lines: [salesLine("11", 1)] }));
		const second = await orderOf(co, "1220");
		expect((await deliver(co, second.id, [{ productId: ids.PUMP, quantity: 1 }])).status).toBe(201);

		const numbers = async (query: string) =>
			(await co.api.get(`/api/v1/orders?${query}`)).json<{ items: { number: string }[] }>().items.map((o) => o.number);
		expect(await numbers("")).toEqual(["INV-3", "INV-2", "INV-1"]);
		expect(await numbers("status=delivered")).toEqual(["INV-2"]);
		expect(await numbers("status=open")).toEqual(["INV-3", "INV-1"]);
		expect(await numbers("q=inv-3")).toEqual(["INV-3"]);
		expect(await numbers("q=Sonnenschein")).toHaveLength(3);
		const page = (await co.api.get("/api/v1/orders?limit=2")).json<{ items: unknown[]; nextCursor: string }>();
		expect(page.items).toHaveLength(2);
		expect(await numbers(`limit=2&cursor=${page.nextCursor}`)).toEqual(["INV-1"]);
		expectProblem(await co.api.get("/api/v1/orders?status=shipped"), 400, "validation_failed", "status");
	});

	it("a QBO id names one document per type: qboType says which, and an id alone must name one order", async () => {
		const { co } = await salesCompany({ estimatesCreateOrders: true });
		// QBO numbers each type on its own: invoice 1400 and estimate 1400 are two documents, two orders.
		await sync(co, "Invoice", makeInvoice({ id: "1400", docNumber: "INV-1400", lines: [salesLine("11", 1)] }));
		await sync(co, "Estimate", makeEstimate({ id: "1400", docNumber: "E-1400", lines: [salesLine("11", 2)] }));
		const list = async (query: string) => {
			const res = await co.api.get(`/api/v1/orders?${query}`);
			expect(res.status, JSON.stringify(res.body)).toBe(200);
			return res.json<{ items: { number: string; source: { type: string } }[] }>().items;
		};
		expect(await list("qboId=1400&qboType=invoice")).toMatchObject([
			{ number: "INV-1400", source: { type: "invoice" } },
		]);
		expect(await list("qboId=1400&qboType=estimate")).toMatchObject([
			{ number: "E-1400", source: { type: "estimate" } },
		]);
		expect(await list("qboId=1400&qboType=sales_receipt")).toEqual([]);

		// The id alone is ambiguous here: 400, naming qboType, with a sentence asking for it.
		const ambiguous = expectProblem(await co.api.get("/api/v1/orders?qboId=1400"), 400, "validation_failed", "qboType");
		expect(ambiguous.detail).toMatch(/more than one order.*qboType=invoice, sales_receipt or estimate/);
		// qboType needs qboId; an unknown type is refused.
		expectProblem(await co.api.get("/api/v1/orders?qboType=invoice"), 400, "validation_failed", "qboId");
		expectProblem(await co.api.get("/api/v1/orders?qboId=1400&qboType=bill"), 400, "validation_failed", "qboType");

		// An id alone that names one order still answers it — also when two of its documents share the
		// id (an estimate converted into the invoice of the same number) — and an unknown id none.
		await sync(co, "SalesReceipt", makeSalesReceipt({ id: "1410", docNumber: "SR-1410", lines: [salesLine("11", 1)] }));
		expect(await list("qboId=1410")).toMatchObject([{ number: "SR-1410" }]);
		const lines = [salesLine("11", 1)];
		await sync(co, "Estimate", makeEstimate({ id: "1420", lines }));
		const linked = [{ TxnId: "1420", TxnType: "Estimate" }];
		await sync(co, "Invoice", makeInvoice({ id: "1420", docNumber: "INV-1420", lines, linked }));
		expect(await list("qboId=1420")).toMatchObject([{ number: "INV-1420" }]);
		expect((await orderOf(co, "1420", "estimate")).id).toBe((await orderOf(co, "1420", "invoice")).id);
		expect(await list("qboId=1499")).toEqual([]);

		// Ambiguity is the company's own: another company's invoice 1400 changes nothing for it.
		const other = await salesCompany();
		await sync(other.co, "Invoice", makeInvoice({ id: "1400", docNumber: "OTHER-1400", lines: [salesLine("11", 1)] }));
		expect((await orderOf(other.co, "1400")).number).toBe("OTHER-1400");
	});

	it("another company's orders and notes are not found", async () => {
		const { co, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		await sync(co, "Invoice", makeInvoice({ id: "1300", lines: [salesLine("11", 2)] }));
		const order = await orderOf(co, "1300");
		const note = (await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 1 }])).json<{ id: string }>();
		const other = await makeCompany({ locations: 1, products: 0 });
		expectProblem(await other.api.get(`/api/v1/orders/${order.id}`), 404, "not_found");
		expectProblem(await deliver(other, order.id, [{ productId: ids.PUMP, quantity: 1 }]), 404, "not_found");
		expectProblem(await other.api.get(`/api/v1/deliveries/${note.id}`), 404, "not_found");
		expectProblem(
			await other.api.post(`/api/v1/deliveries/${note.id}/cancel`, { idempotencyKey: "x" }),
			404,
			"not_found",
		);
		expect((await other.api.get("/api/v1/orders?qboId=1300")).json()).toMatchObject({ items: [] });
		expect((await orderOf(co, "1300")).status).toBe("partially_delivered");
	});
});
