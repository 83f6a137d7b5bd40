/**
 * An order's life end to end: an estimate saved in the simulator reaches the app by signed webhook
 * and reserves; a delivery note made through the API takes part of it out; QBO converts the
 * estimate into an invoice (webhooks for both) and the invoice takes the same order over — nothing
 * reserved or delivered twice, in either order mode.
 */
import { describe, expect, it } from "vitest";
import { expectConsistent } from "./expect-stock.ts";
import { newScenario, type Scenario, settle, stackUrls } from "./stack.ts";

type Order = {
	id: string;
	status: string;
	source: { type: string; qboId: string };
	documents: { type: string; qboId: string; status: string }[];
	lines: { productId: string; sku: string; ordered: number; delivered: number; reserved: number }[];
};

async function api(scenario: Scenario, method: "GET" | "POST", path: string, body?: unknown) {
	const response = await fetch(`${stackUrls().app}/api/v1${path}`, {
		method,
		headers: {
			authorization: `Bearer ${scenario.token}`,
			...(body === undefined ? {} : { "content-type": "application/json" }),
		},
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
		signal: AbortSignal.timeout(30_000),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * The order of a QBO document once the app has it (null while its webhook is on its way). The type
 * goes with the id: the simulator, like QBO, numbers estimates and invoices separately.
 */
async function orderOf(scenario: Scenario, qboType: "estimate" | "invoice", qboId: string): Promise<Order | null> {
	const list = await api(scenario, "GET", `/orders?qboId=${qboId}&qboType=${qboType}`);
	const [first] = (list.body.items as { id: string }[] | undefined) ?? [];
	if (!first) return null;
	return (await api(scenario, "GET", `/orders/${first.id}`)).body as unknown as Order;
}

describe("an estimate's order, delivered in part, handed over to its invoice", () => {
	for (const orderMode of ["reserve_until_delivery", "ship_on_invoice"] as const)
		it(`${orderMode}: reserved, partly delivered, converted — levels exact`, async () => {
			const scenario = await newScenario({ estimatesCreateOrders: true, orderMode });
			const item = [...scenario.opening.values()].find((i) => i.type === "Inventory");
			if (!item?.sku) throw new Error("the simulated company has no inventory item");
			const sku = item.sku;
			const opening = item.qtyOnHand;

			const estimate = await scenario.docs.create({ type: "Estimate", lines: [{ item: item.id, qty: 5 }] });
			await scenario.flushWebhooks();
			const order = await settle(
				() => orderOf(scenario, "estimate", estimate.Id),
				(o) => o !== null,
			);
			expect(order).toMatchObject({ status: "open", source: { type: "estimate", qboId: estimate.Id } });
			expect(
				await settle(
					() => scenario.level(sku),
					(l) => l?.reserved === 5,
				),
			).toMatchObject({
				onHand: opening,
				reserved: 5,
			});
			const productId = order?.lines.find((l) => l.sku === sku)?.productId;

			const note = await api(scenario, "POST", `/orders/${order?.id}/deliveries`, {
				lines: [{ productId, quantity: 2 }],
				idempotencyKey: `e2e-${orderMode}`,
			});
			expect(note.status, JSON.stringify(note.body)).toBe(201);
			expect(await scenario.level(sku)).toMatchObject({ onHand: opening - 2, reserved: 3 });

			// QBO converts it: the invoice links the estimate, which QBO closes.
			const invoice = await scenario.docs.create({
				type: "Invoice",
				lines: [{ item: item.id, qty: 5 }],
				fromEstimate: estimate.Id,
			});
			await scenario.flushWebhooks();
			const handedOver = await settle(
				() => orderOf(scenario, "invoice", invoice.Id),
				(o) => o?.source.type === "invoice" && o.documents.some((d) => d.type === "estimate" && d.status === "closed"),
			);
			expect(handedOver).toMatchObject({
				id: order?.id,
				source: { type: "invoice", qboId: invoice.Id },
				documents: expect.arrayContaining([
					expect.objectContaining({ type: "estimate", qboId: estimate.Id, status: "closed" }),
					expect.objectContaining({ type: "invoice", qboId: invoice.Id, status: "active" }),
				]),
			});
			expect((await orderOf(scenario, "estimate", estimate.Id))?.id).toBe(order?.id);
			const expected =
				orderMode === "ship_on_invoice"
					? { status: "delivered", onHand: opening - 5, reserved: 0, delivered: 5 }
					: { status: "partially_delivered", onHand: opening - 2, reserved: 3, delivered: 2 };
			expect(handedOver?.status).toBe(expected.status);
			expect(handedOver?.lines).toMatchObject([
				{ sku, ordered: 5, delivered: expected.delivered, reserved: expected.reserved },
			]);
			const level = await settle(
				() => scenario.level(sku),
				(l) => l?.onHand === expected.onHand && l.reserved === expected.reserved,
			);
			expect(level).toMatchObject({ onHand: expected.onHand, reserved: expected.reserved });
			await expectConsistent(scenario);
		});
});
