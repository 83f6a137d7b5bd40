/**
 * Stock a person takes below zero (docs/architecture.md#negative-stock): adjustments, transfers and
 * delivery notes that would take available below zero at a location are refused with the location
 * and the shortfall, and go through when the request confirms it and the company allows it;
 * counts and QuickBooks documents are never refused.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { toScaled } from "../../worker/core/quantity";
import { executeStockCommand } from "../../worker/stock/product-stock-client";
import { makeInvoice, makeSalesReceipt } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { expectProblem } from "./api-checks";
import { makeCompany, type TestCompany } from "./helpers";
import { deliver, levelsBySku, orderOf, salesCompany, sync } from "./orders-fixtures";

type Level = { locationId: string; onHand: number; reserved: number; available: number };

/** A company with one product holding 13 at its first location and none at its second. */
async function holding13(): Promise<TestCompany & { productId: string; from: string; to: string }> {
	const co = await makeCompany();
	const [productId = ""] = co.productIds;
	const [from = "", to = ""] = co.locationIds;
	const res = await co.api.post("/api/v1/adjustments", {
		productId,
		locationId: from,
		quantity: 13,
		idempotencyKey: "in",
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return { ...co, productId, from, to };
}

async function levelsOf(co: TestCompany, productId: string) {
	const res = await co.api.get(`/api/v1/products/${productId}`);
	expect(res.status).toBe(200);
	const levels = res.json<{ levels: Level[] }>().levels;
	return Object.fromEntries(levels.map((l) => [l.locationId, { onHand: l.onHand, available: l.available }]));
}

describe("a person's stock moves below zero", () => {
	it("a transfer of 50 from 13 is refused with the location and the shortfall; confirmed, it leaves −37", async () => {
		const co = await holding13();
		const transfer = { productId: co.productId, fromLocationId: co.from, toLocationId: co.to, quantity: 50 };
		const refused = await co.api.post("/api/v1/transfers", { ...transfer, idempotencyKey: "t-1" });
		expect(expectProblem(refused, 422, "would_go_negative", "quantity")).toMatchObject({
			location: { id: co.from, name: "Location 1" },
			shortfall: 37,
			negativeStockAllowed: true,
		});
		expect(await levelsOf(co, co.productId)).toEqual({
			[co.from]: { onHand: 13, available: 13 },
			[co.to]: { onHand: 0, available: 0 },
		});

		// The refusal did not use up the key: the same key, confirmed, is applied.
		const confirmed = await co.api.post("/api/v1/transfers", {
			...transfer,
			allowNegative: true,
			idempotencyKey: "t-1",
		});
		expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
		expect(await levelsOf(co, co.productId)).toEqual({
			[co.from]: { onHand: -37, available: -37 },
			[co.to]: { onHand: 50, available: 50 },
		});
	});

	it("an adjustment of −20 on 13 is refused, 7 short; a count to any quantity never is", async () => {
		const co = await holding13();
		const refused = await co.api.post("/api/v1/adjustments", {
			productId: co.productId,
			locationId: co.from,
			quantity: -20,
			idempotencyKey: "a-1",
		});
		expect(expectProblem(refused, 422, "would_go_negative", "quantity")).toMatchObject({ shortfall: 7 });
		const count = await co.api.post("/api/v1/counts", {
			productId: co.productId,
			locationId: co.from,
			onHand: 0,
			idempotencyKey: "c-1",
		});
		expect(count.status, JSON.stringify(count.body)).toBe(201);
		expect((await levelsOf(co, co.productId))[co.from]).toEqual({ onHand: 0, available: 0 });
	});

	it("what orders reserve is not available: with 5 reserved, taking 10 of 13 is 2 short", async () => {
		const co = await holding13();
		await executeStockCommand(
			env,
			{ companyId: co.companyId, productId: co.productId },
			{
				type: "set",
				source: "qbo:SalesReceipt:1",
				kind: "sales_receipt",
				locationId: co.from,
				effect: { onHand: 0, reserved: toScaled(5), incoming: 0 },
				version: 1,
			},
		);
		const take = (quantity: number, key: string) =>
			co.api.post("/api/v1/adjustments", {
				productId: co.productId,
				locationId: co.from,
				quantity,
				idempotencyKey: key,
			});
		expect(expectProblem(await take(-10, "a-10"), 422, "would_go_negative", "quantity")).toMatchObject({
			shortfall: 2,
		});
		expect((await take(-8, "a-8")).status).toBe(201);
		expect((await levelsOf(co, co.productId))[co.from]).toEqual({ onHand: 5, available: 0 });
	});

	it("two transfers racing for the same 13 units: the product object lets one through and refuses the other", async () => {
		const co = await holding13();
		const transfer = (key: string) =>
			co.api.post("/api/v1/transfers", {
				productId: co.productId,
				fromLocationId: co.from,
				toLocationId: co.to,
				quantity: 10,
				idempotencyKey: key,
			});
		const answers = await Promise.all([transfer("race-1"), transfer("race-2")]);
		expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
		const refused = answers.find((a) => a.status === 422);
		if (!refused) throw new Error("no refusal");
		expect(expectProblem(refused, 422, "would_go_negative", "quantity")).toMatchObject({
			location: { id: co.from },
			shortfall: 7,
		});
		expect(await levelsOf(co, co.productId)).toEqual({
			[co.from]: { onHand: 3, available: 3 },
			[co.to]: { onHand: 10, available: 10 },
		});
	});

	it("the product object itself refuses a guarded move, whatever D1 showed the caller", async () => {
		const co = await holding13();
		const ref = { companyId: co.companyId, productId: co.productId };
		const move = { type: "adjust", locationId: co.from, quantity: toScaled(-20) } as const;
		await expect(
			executeStockCommand(env, ref, { ...move, source: "adjustment:guarded", refuseNegative: true }),
		).rejects.toMatchObject({ code: "would_go_negative", locationId: co.from, shortfall: toScaled(7) });
		expect((await levelsOf(co, co.productId))[co.from]).toEqual({ onHand: 13, available: 13 });
		await executeStockCommand(env, ref, { ...move, source: "adjustment:confirmed" });
		expect((await levelsOf(co, co.productId))[co.from]).toEqual({ onHand: -7, available: -7 });
	});

	it("the product object lets a delivery note take its own order's reservation, and no more", async () => {
		const co = await holding13();
		const ref = { companyId: co.companyId, productId: co.productId };
		const order = "qbo:SalesReceipt:7";
		const effect = (onHand: number, reserved = 0) => ({
			onHand: toScaled(onHand),
			reserved: toScaled(reserved),
			incoming: 0,
		});
		const set = (source: string, kind: "sales_receipt" | "delivery", e: ReturnType<typeof effect>) =>
			({ type: "set", source, kind, locationId: co.from, effect: e, version: 1 }) as const;
		await executeStockCommand(env, ref, set(order, "sales_receipt", effect(0, 5)));
		const guard = { refuseNegative: { exceptReservedBy: order } };
		await expect(
			executeStockCommand(env, ref, { ...set("delivery:short", "delivery", effect(-15)), ...guard }),
		).rejects.toMatchObject({ code: "would_go_negative", shortfall: toScaled(2) });
		await executeStockCommand(env, ref, { ...set("delivery:fits", "delivery", effect(-13)), ...guard });
		expect((await levelsOf(co, co.productId))[co.from]).toEqual({ onHand: 0, available: -5 });
	});

	it("when the company does not allow stock below zero, a confirmation does not help", async () => {
		const co = await holding13();
		const settings = await co.api.patch("/api/v1/settings", { negativeStockAllowed: false });
		expect(settings.status, JSON.stringify(settings.body)).toBe(200);
		const refused = await co.api.post("/api/v1/transfers", {
			productId: co.productId,
			fromLocationId: co.from,
			toLocationId: co.to,
			quantity: 50,
			allowNegative: true,
			idempotencyKey: "t-off",
		});
		const problem = expectProblem(refused, 422, "would_go_negative", "quantity");
		expect(problem).toMatchObject({ shortfall: 37, negativeStockAllowed: false });
		expect(problem.detail).toContain("does not allow");
		expect((await levelsOf(co, co.productId))[co.from]).toEqual({ onHand: 13, available: 13 });
	});
});

describe("delivery notes below zero", () => {
	it("a note from a location without the goods is refused naming its line; confirmed, it goes through", async () => {
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" }, 2);
		const elsewhere = co.locationIds[1] ?? "";
		await sync(co, "SalesReceipt", makeSalesReceipt({ id: "910", lines: [salesLine("11", 4)] }));
		const order = await orderOf(co, "910");
		const line = [{ productId: ids.PUMP, quantity: 4 }];
		const refused = await deliver(co, order.id, line, { locationId: elsewhere, idempotencyKey: "dn-910" });
		expect(expectProblem(refused, 422, "would_go_negative", "lines.0.quantity")).toMatchObject({
			location: { id: elsewhere, name: "Location 2" },
			shortfall: 4,
		});
		expect((await orderOf(co, "910")).deliveries).toEqual([]);

		const confirmed = await co.api.post(`/api/v1/orders/${order.id}/deliveries`, {
			lines: line,
			locationId: elsewhere,
			allowNegative: true,
			idempotencyKey: "dn-910",
		});
		expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(201);
		expect((await levelsBySku(co, elsewhere)).PUMP).toEqual({ onHand: -4, reserved: 0 });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 0 });
	});

	it("a note may deliver what its own order reserved, but not goods that are not there", async () => {
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		await sync(co, "SalesReceipt", makeSalesReceipt({ id: "920", lines: [salesLine("11", 30)] }));
		const order = await orderOf(co, "920");
		// 25 on hand, all 30 reserved by this order: 25 can leave, the 5 more cannot.
		const all = await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 30 }]);
		expect(expectProblem(all, 422, "would_go_negative", "lines.0.quantity")).toMatchObject({ shortfall: 5 });
		const some = await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 25 }]);
		expect(some.status, JSON.stringify(some.body)).toBe(201);
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 0, reserved: 5 });
	});
});

describe("QuickBooks documents", () => {
	it("an invoice taking more than is on hand is applied all the same, and the level shows below zero", async () => {
		const { co, location, ids } = await salesCompany();
		await sync(co, "Invoice", makeInvoice({ id: "930", lines: [salesLine("11", 30)] }));
		expect((await orderOf(co, "930")).status).toBe("delivered");
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: -5, reserved: 0 });
		// What the product page flags as oversold: available below zero.
		expect((await levelsOf(co, ids.PUMP))[location]).toEqual({ onHand: -5, available: -5 });
	});
});
