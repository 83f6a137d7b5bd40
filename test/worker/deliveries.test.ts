/**
 * Delivery notes through the API, on orders made from synced QBO invoices: levels exact after
 * partial notes and cancellations, idempotent retries, refusals that change nothing, concurrent
 * notes that never deliver more than remains, and the repair after a crash between D1 and the
 * product objects.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { updateLocation } from "../../worker/catalogue/locations";
import { toScaled } from "../../worker/core/quantity";
import { recordDelivery } from "../../worker/sales/deliveries";
import { repairUnappliedOrders } from "../../worker/sales/order-repair";
import { makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { expectProblem } from "./api-checks";
import { db } from "./helpers";
import { deliver, levelsBySku, linesBySku, orderOf, salesCompany, sync } from "./orders-fixtures";

type Note = { id: string; number: string; status: string; lines: { productId: string; quantity: number }[] };

async function reservedInvoice(locations = 1) {
	const company = await salesCompany({ orderMode: "reserve_until_delivery" }, locations);
	await sync(company.co, "Invoice", makeInvoice({ id: "130", lines: [salesLine("11", 5), salesLine("12", 10)] }));
	const order = await orderOf(company.co, "130");
	return { ...company, order };
}

describe("delivery notes", () => {
	it("cancelling a note puts its goods back and the order reserves them again; a repeat changes nothing", async () => {
		const { co, location, ids, order } = await reservedInvoice();
		const note = (
			await deliver(co, order.id, [
				{ productId: ids.PUMP, quantity: 2 },
				{ productId: ids.HOSE, quantity: 10 },
			])
		).json<Note>();
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 23, reserved: 3 },
			HOSE: { onHand: 90, reserved: 0 },
		});

		const cancelled = await co.api.post(`/api/v1/deliveries/${note.id}/cancel`, { idempotencyKey: "cancel-1" });
		expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
		expect(cancelled.json()).toMatchObject({ id: note.id, status: "cancelled", cancelledAt: expect.any(String) });
		expect(await levelsBySku(co, location)).toMatchObject({
			PUMP: { onHand: 25, reserved: 5 },
			HOSE: { onHand: 100, reserved: 10 },
		});
		const again = await co.api.post(`/api/v1/deliveries/${note.id}/cancel`, { idempotencyKey: "cancel-1" });
		expect(again.status).toBe(200);
		expect(again.json()).toEqual(cancelled.json());
		expect(await levelsBySku(co, location)).toMatchObject({ PUMP: { onHand: 25, reserved: 5 } });

		const after = await orderOf(co, "130");
		expect(after.status).toBe("open");
		expect(after.deliveries).toMatchObject([{ id: note.id, status: "cancelled" }]);
		expect(linesBySku(after).PUMP).toEqual({ ordered: 5, delivered: 0, reserved: 5, remaining: 5 });
	});

	it("the same key and body answer the first note (200) and deliver once; another body is refused (422)", async () => {
		const { co, location, ids, order } = await reservedInvoice();
		const lines = [{ productId: ids.PUMP, quantity: 1 }];
		const first = await deliver(co, order.id, lines, { idempotencyKey: "dn-key", note: "Back door" });
		expect(first.status).toBe(201);
		const replay = await deliver(co, order.id, lines, { idempotencyKey: "dn-key", note: "Back door" });
		expect(replay.status).toBe(200);
		expect(replay.json()).toEqual(first.json());
		expectProblem(
			await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 2 }], { idempotencyKey: "dn-key" }),
			422,
			"idempotency_key_reused",
			"idempotencyKey",
		);
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 24, reserved: 4 });
		expect((await orderOf(co, "130")).deliveries).toHaveLength(1);
	});

	it("more than remains, a product not on the order, or an archived location is refused and changes nothing", async () => {
		const { co, location, ids, order } = await reservedInvoice(2);
		expect((await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 4 }])).status).toBe(201);
		const before = await levelsBySku(co, location);

		const over = expectProblem(
			await deliver(co, order.id, [
				{ productId: ids.HOSE, quantity: 1 },
				{ productId: ids.PUMP, quantity: 1.0001 },
			]),
			422,
			"not_deliverable",
			"lines.1.quantity",
		);
		expect(over.errors?.map((e) => e.field)).toEqual(["lines.1.quantity"]);
		expectProblem(
			await deliver(co, order.id, [{ productId: ids.INSTALL, quantity: 1 }]),
			422,
			"not_deliverable",
			"lines.0.productId",
		);
		expectProblem(
			await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 0 }]),
			400,
			"validation_failed",
			"lines.0.quantity",
		);
		const [, other] = co.locationIds;
		await updateLocation(db, co.companyId, other ?? "", { archived: true, version: 1 });
		expectProblem(
			await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 1 }], { locationId: other }),
			409,
			"conflict",
		);

		expect(await levelsBySku(co, location)).toEqual(before);
		const after = await orderOf(co, "130");
		expect(after.deliveries).toHaveLength(1);
		expect(linesBySku(after).PUMP).toEqual({ ordered: 5, delivered: 4, reserved: 1, remaining: 1 });
	});

	it("delivers from another location when asked: the order's reservation stays where the order is", async () => {
		const { co, location, ids, order } = await reservedInvoice(2);
		const van = co.locationIds[1] ?? "";
		// The van holds none: the person confirmed taking it below zero (docs/architecture.md#negative-stock).
		const res = await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 2 }], {
			locationId: van,
			allowNegative: true,
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.json()).toMatchObject({ locationId: van });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 3 });
		expect((await levelsBySku(co, van)).PUMP).toEqual({ onHand: -2, reserved: 0 });
	});

	it("the printable note carries the order, the customer and where to deliver", async () => {
		const { co, ids, order } = await reservedInvoice();
		const note = (
			await deliver(co, order.id, [{ productId: ids.HOSE, quantity: 3 }], { note: "Ring twice" })
		).json<Note>();
		const res = await co.api.get(`/api/v1/deliveries/${note.id}`);
		expect(res.status).toBe(200);
		expect(res.json()).toMatchObject({
			id: note.id,
			number: note.number,
			note: "Ring twice",
			lines: [{ productId: ids.HOSE, sku: "HOSE", name: "Hose", quantity: 3 }],
			order: { id: order.id, number: "1037", status: "partially_delivered" },
			customerName: "Sonnenschein Family Store",
			shipTo: "5647 Cypress Hill Ave.\nMiddlefield\nCA",
		});
	});

	it("concurrent notes on one order never deliver more than remains", async () => {
		const { co, location, ids, order } = await reservedInvoice();
		const answers = await Promise.all(
			Array.from({ length: 4 }, () => deliver(co, order.id, [{ productId: ids.PUMP, quantity: 2 }])),
		);
		const statuses = answers.map((a) => a.status);
		expect(statuses.filter((s) => s === 201)).toHaveLength(2);
		for (const a of answers.filter((a) => a.status !== 201)) expect([409, 422]).toContain(a.status);
		const numbers = answers.filter((a) => a.status === 201).map((a) => a.json<Note>().number);
		expect(new Set(numbers).size).toBe(2);
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 21, reserved: 1 });
		expect(linesBySku(await orderOf(co, "130")).PUMP).toEqual({ ordered: 5, delivered: 4, reserved: 1, remaining: 1 });
	});
});

describe("crash between D1 and the product objects", () => {
	it("a note recorded but never applied is completed by the retried request, exactly once", async () => {
		const { co, location, ids, order } = await reservedInvoice();
		const input = { lines: [{ productId: ids.PUMP, quantity: 2 }], idempotencyKey: "crashed-1" };
		// The D1 batch commits, then the Worker dies before any product object hears of it.
		await recordDelivery(env, co.companyId, order.id, {
			...input,
			lines: input.lines.map((l) => ({ ...l, quantity: toScaled(l.quantity) })),
		});
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 5 });

		const retry = await deliver(co, order.id, input.lines, { idempotencyKey: "crashed-1" });
		expect(retry.status).toBe(200);
		expect(retry.json()).toMatchObject({ status: "active", lines: [{ productId: ids.PUMP, quantity: 2 }] });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 23, reserved: 3 });
		await deliver(co, order.id, input.lines, { idempotencyKey: "crashed-1" });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 23, reserved: 3 });
	});

	it("the cron repairs an order whose client never came back", async () => {
		const { co, location, ids, order } = await reservedInvoice();
		await recordDelivery(env, co.companyId, order.id, {
			lines: [{ productId: ids.HOSE, quantity: toScaled(4) }],
			idempotencyKey: "crashed-2",
		});
		expect((await levelsBySku(co, location)).HOSE).toEqual({ onHand: 100, reserved: 10 });
		expect(await repairUnappliedOrders(env, 1000)).toBeGreaterThanOrEqual(1);
		expect((await levelsBySku(co, location)).HOSE).toEqual({ onHand: 96, reserved: 6 });
		// Nothing left to repair for this order; a second run changes nothing.
		await repairUnappliedOrders(env, 1000);
		expect((await levelsBySku(co, location)).HOSE).toEqual({ onHand: 96, reserved: 6 });
		const row = await db.query.orders.findFirst({ where: (o, { eq }) => eq(o.id, order.id) });
		expect(row?.appliedVersion).toBe(row?.version);
	});
});
