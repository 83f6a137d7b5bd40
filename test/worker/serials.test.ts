/**
 * Serial numbers (docs/architecture.md#lots), through the API and the real product objects: a serial
 * is a lot of one unit, in stock once in the whole company; one that left may come back; it may
 * carry a lot of its own; a product switches to serial numbers only while no lot holds more than a
 * unit. Also the count per lot, and a decrease that finds only expired lots.
 */

import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { stockLotMovements, stockMovements } from "../../worker/db/schema";
import { adjust, expectProblem, type Schemas } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

type ProductLots = Schemas["ProductLots"];
type LotLevel = Schemas["LotLevel"];

const key = () => `serial-${crypto.randomUUID()}`;

async function tracked(tracking: "lot" | "serial", locations = 2) {
	const co = await makeCompany({ locations, products: 1 });
	const [productId = "", a = "", b = ""] = [co.productIds[0], ...co.locationIds];
	const res = await co.api.patch(`/api/v1/products/${productId}`, { tracking });
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	expect(res.json<Schemas["Product"]>().tracking).toBe(tracking);
	return { co, productId, a, b };
}

function receive(co: TestCompany, productId: string, locationId: string, lots: Record<string, unknown>[]) {
	const quantity = lots.reduce((sum, l) => sum + Number(l.quantity), 0);
	return co.api.post("/api/v1/adjustments", { productId, locationId, quantity, lots, idempotencyKey: key() });
}

async function lotsOf(co: TestCompany, productId: string) {
	const res = await co.api.get(`/api/v1/products/${productId}/lots`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<ProductLots>().items;
}

/** Where each serial (or lot) holds stock: `lot@location` → on hand. */
async function holdings(co: TestCompany, productId: string) {
	const res = await co.api.get(`/api/v1/lots?productId=${productId}&limit=200`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return Object.fromEntries(res.json<{ items: LotLevel[] }>().items.map((l) => [`${l.lot}@${l.locationId}`, l.onHand]));
}

async function reconciled(co: TestCompany) {
	const res = await co.api.get("/api/v1/reconciliation");
	expect(res.status).toBe(200);
	expect(res.json()).toMatchObject({ ok: true, mismatches: [], lotMismatches: [] });
}

describe("serial numbers", () => {
	it("refuses a serial already in stock, naming where it is, and changes nothing", async () => {
		const { co, productId, a, b } = await tracked("serial");
		expect((await receive(co, productId, a, [{ lot: "SN-1", quantity: 1 }])).status).toBe(201);
		const before = await lotsOf(co, productId);

		const again = await receive(co, productId, b, [
			{ lot: "SN-2", quantity: 1 },
			{ lot: "SN-1", quantity: 1 },
		]);
		const problem = expectProblem(again, 409, "lot_refused", "lots.1.lot");
		expect(problem.errors?.[0]?.message).toBe("serial SN-1 is already in stock at Location 1");
		expect(await lotsOf(co, productId)).toEqual(before);
		// The same at the same location.
		expectProblem(await receive(co, productId, a, [{ lot: "SN-1", quantity: 1 }]), 409, "lot_refused", "lots.0.lot");
		expect(await holdings(co, productId)).toEqual({ [`SN-1@${a}`]: 1 });
		await reconciled(co);
	});

	it("receives 200 serials in one request (D1 binds at most 100 parameters a statement), and knows them all", async () => {
		const { co, productId, a, b } = await tracked("serial");
		const serials = Array.from({ length: 200 }, (_, i) => ({ lot: `SN-${String(i).padStart(4, "0")}`, quantity: 1 }));
		const received = await receive(co, productId, a, serials);
		expect(received.status, JSON.stringify(received.body)).toBe(201);
		expect(Object.keys(await holdings(co, productId))).toHaveLength(200);
		const again = await receive(co, productId, b, serials.slice(150));
		expect(expectProblem(again, 409, "lot_refused", "lots.49.lot").errors).toHaveLength(50);
		await reconciled(co);
	});

	it("takes a serial as one unit: other quantities are refused with the field", async () => {
		const { co, productId, a } = await tracked("serial");
		expectProblem(
			await receive(co, productId, a, [{ lot: "SN-1", quantity: 2 }]),
			400,
			"validation_failed",
			"lots.0.quantity",
		);
		expectProblem(
			await receive(co, productId, a, [{ lot: "SN-1", quantity: 0.5 }]),
			400,
			"validation_failed",
			"lots.0.quantity",
		);
		expect(await holdings(co, productId)).toEqual({});
	});

	it("moves a serial between locations, and lets one that left come back with its history", async () => {
		const { co, productId, a, b } = await tracked("serial");
		await receive(co, productId, a, [
			{ lot: "SN-1", quantity: 1 },
			{ lot: "SN-2", quantity: 1 },
		]);
		const moved = await co.api.post("/api/v1/transfers", {
			productId,
			fromLocationId: a,
			toLocationId: b,
			quantity: 1,
			lots: [{ lot: "SN-2", quantity: 1 }],
			idempotencyKey: key(),
		});
		expect(moved.status, JSON.stringify(moved.body)).toBe(201);
		expect(await holdings(co, productId)).toEqual({ [`SN-1@${a}`]: 1, [`SN-2@${b}`]: 1 });

		// Shipped to a customer, then returned at the other location.
		const shipped = await co.api.post("/api/v1/adjustments", {
			productId,
			locationId: b,
			quantity: -1,
			lots: [{ lot: "SN-2", quantity: 1 }],
			idempotencyKey: key(),
		});
		expect(shipped.status, JSON.stringify(shipped.body)).toBe(201);
		expect((await receive(co, productId, a, [{ lot: "SN-2", quantity: 1 }])).status).toBe(201);
		expect(await holdings(co, productId)).toEqual({ [`SN-1@${a}`]: 1, [`SN-2@${a}`]: 1 });

		// Its history, kept in the ledger: in at A, to B, out, back in at A.
		const history = await db
			.select({ locationId: stockLotMovements.locationId, delta: stockLotMovements.delta })
			.from(stockLotMovements)
			.innerJoin(stockMovements, eq(stockMovements.id, stockLotMovements.movementId))
			.where(and(eq(stockLotMovements.productId, productId), eq(stockLotMovements.lot, "SN-2")))
			// The product object's order (a transfer's two legs share their millisecond).
			.orderBy(asc(stockMovements.seq));
		expect(history.map((h) => [h.locationId, h.delta / 10_000])).toEqual([
			[a, 1],
			[a, -1],
			[b, 1],
			[b, -1],
			[a, 1],
		]);
		await reconciled(co);
	});

	it("picks whole serials when a decrease names none, first in first out", async () => {
		const { co, productId, a } = await tracked("serial", 1);
		await receive(co, productId, a, [{ lot: "SN-1", quantity: 1 }]);
		await receive(co, productId, a, [{ lot: "SN-2", quantity: 1 }]);
		await adjust(co, productId, a, -1);
		expect(await holdings(co, productId)).toEqual({ [`SN-2@${a}`]: 1 });
		// Half a unit cannot come out of a serial: it is taken from the unassigned rest.
		await adjust(co, productId, a, 1);
		await adjust(co, productId, a, -0.5);
		expect(await holdings(co, productId)).toEqual({ [`SN-2@${a}`]: 1 });
		expect((await lotsOf(co, productId))[0]).toMatchObject({ onHand: 1.5, unassigned: 0.5 });
		await reconciled(co);
	});

	it("lets two receipts race for one serial: exactly one has it", async () => {
		const { co, productId, a, b } = await tracked("serial");
		const results = await Promise.all([
			receive(co, productId, a, [{ lot: "SN-RACE", quantity: 1 }]),
			receive(co, productId, b, [{ lot: "SN-RACE", quantity: 1 }]),
		]);
		expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
		const held = await holdings(co, productId);
		expect(Object.values(held)).toEqual([1]);
		await reconciled(co);
	});

	it("keeps a serial's own lot, and lists a lot's serials", async () => {
		const { co, productId, a } = await tracked("serial");
		await receive(co, productId, a, [
			{ lot: "SN-1", batch: "B-7", expiry: "2099-01-31", quantity: 1 },
			{ lot: "SN-2", batch: "B-7", quantity: 1 },
			{ lot: "SN-3", batch: "B-8", quantity: 1 },
		]);
		const res = await co.api.get(`/api/v1/lots?productId=${productId}&batch=B-7`);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.json<{ items: LotLevel[] }>().items.map((l) => [l.lot, l.batch, l.tracking])).toEqual([
			["SN-1", "B-7", "serial"],
			["SN-2", "B-7", "serial"],
		]);
		// A serial has one lot.
		const shipped = await co.api.post("/api/v1/adjustments", {
			productId,
			locationId: a,
			quantity: -1,
			lots: [{ lot: "SN-3", quantity: 1 }],
			idempotencyKey: key(),
		});
		expect(shipped.status).toBe(201);
		expectProblem(
			await receive(co, productId, a, [{ lot: "SN-3", batch: "B-9", quantity: 1 }]),
			409,
			"lot_refused",
			"lots.0.quantity",
		);
		// A product tracked by lot has no serial lots.
		const lots = await tracked("lot", 1);
		expectProblem(
			await receive(lots.co, lots.productId, lots.a, [{ lot: "L1", batch: "B-1", quantity: 1 }]),
			400,
			"validation_failed",
			"lots.0.batch",
		);
	});

	it("switches to serial numbers only while no lot holds more than one unit, and back to none only when empty", async () => {
		const { co, productId, a } = await tracked("lot", 1);
		await receive(co, productId, a, [{ lot: "L-BIG", quantity: 3 }]);
		const refused = await co.api.patch(`/api/v1/products/${productId}`, { tracking: "serial" });
		expect(expectProblem(refused, 409, "lot_refused").detail).toContain("L-BIG");
		expect((await co.api.get(`/api/v1/products/${productId}`)).json<Schemas["Product"]>().tracking).toBe("lot");

		await adjust(co, productId, a, -2);
		expect((await co.api.patch(`/api/v1/products/${productId}`, { tracking: "serial" })).status).toBe(200);
		// The lot of one unit is now a serial: received again, it is refused.
		expectProblem(await receive(co, productId, a, [{ lot: "L-BIG", quantity: 1 }]), 409, "lot_refused");
		expectProblem(await co.api.patch(`/api/v1/products/${productId}`, { tracking: "none" }), 409, "conflict");
	});
});

describe("counts per lot", () => {
	it("sets every lot at the location to its count, creates new lots, and keeps the rest unassigned", async () => {
		const { co, productId, a } = await tracked("lot");
		await receive(co, productId, a, [
			{ lot: "L1", quantity: 5 },
			{ lot: "L2", quantity: 4 },
		]);
		await adjust(co, productId, a, 2); // unassigned
		const counted = await co.api.post("/api/v1/counts", {
			productId,
			locationId: a,
			onHand: 7,
			lots: [
				{ lot: "L1", onHand: 3 },
				{ lot: "NEW", expiry: "2099-05-01", onHand: 3 },
			],
			idempotencyKey: key(),
		});
		expect(counted.status, JSON.stringify(counted.body)).toBe(201);
		const [here] = await lotsOf(co, productId);
		expect(here).toMatchObject({ onHand: 7, unassigned: 1 });
		expect(here?.lots.map((l) => [l.lot, l.onHand, l.expiry])).toEqual([
			["NEW", 3, "2099-05-01"],
			["L1", 3, null],
		]);
		await reconciled(co);
	});

	it("refuses lots adding up to more than the count, and a serial counted while in stock elsewhere", async () => {
		const { co, productId, a } = await tracked("lot");
		expectProblem(
			await co.api.post("/api/v1/counts", {
				productId,
				locationId: a,
				onHand: 2,
				lots: [{ lot: "L1", onHand: 3 }],
				idempotencyKey: key(),
			}),
			400,
			"validation_failed",
			"lots",
		);
		const serials = await tracked("serial");
		await receive(serials.co, serials.productId, serials.a, [{ lot: "SN-1", quantity: 1 }]);
		const elsewhere = await serials.co.api.post("/api/v1/counts", {
			productId: serials.productId,
			locationId: serials.b,
			onHand: 1,
			lots: [{ lot: "SN-1", onHand: 1 }],
			idempotencyKey: key(),
		});
		expect(expectProblem(elsewhere, 409, "lot_refused", "lots.0.lot").errors?.[0]?.message).toBe(
			"serial SN-1 is already in stock at Location 1",
		);
		expect(await holdings(serials.co, serials.productId)).toEqual({ [`SN-1@${serials.a}`]: 1 });
	});
});

describe("expired lots and decreases", () => {
	it("takes a decrease naming no lot from expired lots before driving the unassigned rest below zero", async () => {
		const { co, productId, a } = await tracked("lot", 1);
		await receive(co, productId, a, [
			{ lot: "OLD", expiry: "2020-01-31", quantity: 3 },
			{ lot: "FRESH", expiry: "2099-01-31", quantity: 1 },
		]);
		await adjust(co, productId, a, -2);
		const [here] = await lotsOf(co, productId);
		expect(here).toMatchObject({ onHand: 2, unassigned: 0 });
		expect(here?.lots.map((l) => [l.lot, l.onHand])).toEqual([["OLD", 2]]);
		await reconciled(co);
	});
});
