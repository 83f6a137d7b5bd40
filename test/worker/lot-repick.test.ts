/**
 * Re-picking lots (docs/architecture.md#lots): stock that left first-expiry-first-out — an invoice
 * shipped on its own, an adjustment — is said afterwards to have left from other lots. Lots move,
 * levels do not; the lots move under the source re-picked, so its recall names the new lot and a
 * later edit of the document gives back into the lots it now holds. Refusals change nothing.
 */
import { describe, expect, it } from "vitest";
import { makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { adjust, expectProblem, type Schemas } from "./api-checks";
import { makeCompany, type TestCompany } from "./helpers";
import { salesCompany, sync } from "./orders-fixtures";

const key = () => `repick-${crypto.randomUUID()}`;

async function lotsAt(co: TestCompany, productId: string, locationId = co.locationIds[0]) {
	const res = await co.api.get(`/api/v1/products/${productId}/lots`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	const here = res.json<Schemas["ProductLots"]>().items.find((l) => l.locationId === locationId);
	return { onHand: here?.onHand, unassigned: here?.unassigned, lots: here?.lots.map((l) => [l.lot, l.onHand]) };
}

async function movementsOf(co: TestCompany, productId: string) {
	const res = await co.api.get(`/api/v1/movements?productId=${productId}&limit=100`);
	return res.json<{ items: Schemas["Movement"][] }>().items;
}

function repick(co: TestCompany, body: Record<string, unknown>) {
	return co.api.post("/api/v1/lots/repicks", { idempotencyKey: key(), ...body });
}

describe("re-picking lots", () => {
	it("moves an invoice's lots to the ones that really left, not its total; its recall and later edits follow", async () => {
		const { co, ids } = await salesCompany({ orderMode: "ship_on_invoice" });
		const [a = ""] = co.locationIds;
		expect((await co.api.patch(`/api/v1/products/${ids.PUMP}`, { tracking: "lot" })).status).toBe(200);
		const received = await co.api.post("/api/v1/adjustments", {
			productId: ids.PUMP,
			locationId: a,
			quantity: 10,
			lots: [
				{ lot: "SOON", expiry: "2098-01-31", quantity: 5 },
				{ lot: "LATER", expiry: "2099-01-31", quantity: 5 },
			],
			idempotencyKey: key(),
		});
		expect(received.status, JSON.stringify(received.body)).toBe(201);
		await sync(co, "Invoice", makeInvoice({ id: "160", docNumber: "1060", lines: [salesLine("11", 3)] }));
		// Shipped on the invoice, first expiry first out.
		expect(await lotsAt(co, ids.PUMP)).toMatchObject({
			lots: [
				["SOON", 2],
				["LATER", 5],
			],
		});
		const invoiceMovement = (await movementsOf(co, ids.PUMP)).find((m) => m.kind === "invoice");
		expect(invoiceMovement).toBeDefined();

		// The goods that left were 2 of LATER and 1 of SOON.
		const body = {
			movementId: invoiceMovement?.id,
			locationId: a,
			lots: [
				{ lot: "LATER", quantity: 2 },
				{ lot: "SOON", quantity: 1 },
			],
			reason: "picked from the front shelf",
			idempotencyKey: key(),
		};
		const done = await co.api.post("/api/v1/lots/repicks", body);
		expect(done.status, JSON.stringify(done.body)).toBe(201);
		expect(await lotsAt(co, ids.PUMP)).toEqual({
			onHand: 32,
			unassigned: 25,
			lots: [
				["SOON", 4],
				["LATER", 3],
			],
		});
		const again = await co.api.post("/api/v1/lots/repicks", body);
		expect(again.status).toBe(200);
		expect(again.json()).toEqual(done.json());
		expect(await lotsAt(co, ids.PUMP)).toMatchObject({
			lots: [
				["SOON", 4],
				["LATER", 3],
			],
		});
		const repicks = (await movementsOf(co, ids.PUMP)).filter((m) => m.kind === "lot_repick");
		expect(repicks.map((m) => [m.source, m.onHandDelta])).toEqual([["qbo:Invoice:160", 0]]);

		// The recall of LATER now names the invoice's customer for 2.
		const recall = await co.api.get(`/api/v1/recall?productId=${ids.PUMP}&lot=LATER`);
		expect(recall.status, JSON.stringify(recall.body)).toBe(200);
		expect(recall.json<Schemas["Recall"]>().items.map((i) => [i.qboDocNumber, i.lot, i.quantity])).toEqual([
			["1060", "LATER", 2],
		]);

		// The invoice reduced to 1 in QuickBooks: what comes back goes into the lots it holds now.
		await sync(co, "Invoice", makeInvoice({ id: "160", docNumber: "1060", syncToken: 1, lines: [salesLine("11", 1)] }));
		const after = await lotsAt(co, ids.PUMP);
		expect(after.onHand).toBe(34);
		expect(after.unassigned).toBe(25);
		expect(Object.fromEntries(after.lots ?? [])).toEqual({ SOON: 4, LATER: 5 });
	});

	it("refuses, changing nothing: beyond what the source took, a lot holding too little, a transfer, another location", async () => {
		const co = await makeCompany({ locations: 2, products: 1 });
		const [productId = "", a = "", b = ""] = [co.productIds[0], ...co.locationIds];
		await co.api.patch(`/api/v1/products/${productId}`, { tracking: "lot" });
		await co.api.post("/api/v1/adjustments", {
			productId,
			locationId: a,
			quantity: 6,
			lots: [
				{ lot: "L1", quantity: 4 },
				{ lot: "L2", quantity: 2 },
			],
			idempotencyKey: key(),
		});
		// No expiries, received together: first in first out takes L1 (by name).
		const out = await adjust(co, productId, a, -3);
		const movementId = out.movementId;
		expect(await lotsAt(co, productId)).toEqual({
			onHand: 3,
			unassigned: 0,
			lots: [
				["L1", 1],
				["L2", 2],
			],
		});

		expectProblem(
			await repick(co, { movementId, locationId: a, lots: [{ lot: "L2", quantity: 4 }] }),
			409,
			"lot_refused",
		);
		expectProblem(
			await repick(co, { movementId, locationId: a, lots: [{ lot: "L2", quantity: 3 }] }),
			409,
			"lot_refused",
			"lots.0.quantity",
		);
		expectProblem(
			await repick(co, { movementId, locationId: b, lots: [{ lot: "L2", quantity: 1 }] }),
			400,
			"validation_failed",
			"locationId",
		);
		expectProblem(
			await repick(co, { movementId: "no-such-movement", locationId: a, lots: [{ lot: "L2", quantity: 1 }] }),
			404,
			"not_found",
		);
		const moved = await co.api.post("/api/v1/transfers", {
			productId,
			fromLocationId: a,
			toLocationId: b,
			quantity: 1,
			idempotencyKey: key(),
		});
		expect(moved.status).toBe(201);
		const transferLeg = (await movementsOf(co, productId)).find((m) => m.kind === "transfer" && m.locationId === a);
		expectProblem(
			await repick(co, { movementId: transferLeg?.id, locationId: a, lots: [{ lot: "L2", quantity: 1 }] }),
			409,
			"conflict",
		);
		// Only the transfer changed anything: the last of L1 went to B.
		expect(await lotsAt(co, productId)).toEqual({ onHand: 2, unassigned: 0, lots: [["L2", 2]] });
		// Giving L1 back needs an unassigned rest to take from when the new lots take less: refused, there is none.
		expectProblem(
			await repick(co, { movementId, locationId: a, lots: [{ lot: "L2", quantity: 2 }] }),
			409,
			"lot_refused",
		);
		// The 3 that left were 2 of L2 and 1 of L1: L1 gets 2 back.
		const fixed = await repick(co, {
			movementId,
			locationId: a,
			lots: [
				{ lot: "L2", quantity: 2 },
				{ lot: "L1", quantity: 1 },
			],
		});
		expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
		expect(await lotsAt(co, productId)).toEqual({ onHand: 2, unassigned: 0, lots: [["L1", 2]] });
	});
});
