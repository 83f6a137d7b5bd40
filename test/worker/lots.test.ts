/**
 * Lots in the stock model, through the API and the real product objects: stock received into lots,
 * taken first-expiry-first-out when no lot is named, the unassigned rest for what arrives without
 * a lot, transfers per lot, refusals that change nothing, and the reconciliation over lots.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { stockLotLevels } from "../../worker/db/schema";
import { adjust, expectProblem, type Schemas } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

type ProductLots = Schemas["ProductLots"];
type LotLevel = Schemas["LotLevel"];

const key = () => `lot-${crypto.randomUUID()}`;

async function lotTracked(options: { expiryRequired?: boolean } = {}) {
	const co = await makeCompany({ locations: 2, products: 1 });
	const [productId = "", a = "", b = ""] = [co.productIds[0], ...co.locationIds];
	const res = await co.api.patch(`/api/v1/products/${productId}`, { tracking: "lot", ...options });
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	expect(res.json<Schemas["Product"]>().tracking).toBe("lot");
	return { co, productId, a, b };
}

async function lotsOf(co: TestCompany, productId: string) {
	const res = await co.api.get(`/api/v1/products/${productId}/lots`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<ProductLots>().items;
}

function receive(co: TestCompany, productId: string, locationId: string, lots: Record<string, unknown>[]) {
	const quantity = lots.reduce((sum, l) => sum + Number(l.quantity), 0);
	return co.api.post("/api/v1/adjustments", { productId, locationId, quantity, lots, idempotencyKey: key() });
}

async function reconciled(co: TestCompany) {
	const res = await co.api.get("/api/v1/reconciliation");
	expect(res.status).toBe(200);
	expect(res.json()).toMatchObject({ ok: true, mismatches: [], lotMismatches: [] });
}

describe("lots", () => {
	it("switching a product with stock to lots changes no quantity: its stock is unassigned", async () => {
		const co = await makeCompany({ locations: 1, products: 1 });
		const [productId = "", a = ""] = [co.productIds[0], co.locationIds[0]];
		await adjust(co, productId, a, 12);
		const movements = async () =>
			(await co.api.get(`/api/v1/movements?productId=${productId}`)).json<{ items: unknown[] }>().items;
		const before = await movements();
		expect((await co.api.patch(`/api/v1/products/${productId}`, { tracking: "lot" })).status).toBe(200);
		expect(await lotsOf(co, productId)).toEqual([{ locationId: a, onHand: 12, unassigned: 12, lots: [] }]);
		const level = (await co.api.get(`/api/v1/products/${productId}`)).json<Schemas["Product"]>();
		expect(level.totals.onHand).toBe(12);
		// No movement: nothing for QuickBooks to hear of (pushes follow movements), nothing in the history.
		expect((await co.api.patch(`/api/v1/products/${productId}`, { tracking: "serial" })).status).toBe(200);
		expect(await movements()).toEqual(before);
	});

	it("receives into lots, and takes a decrease without lots first-expiry-first-out, skipping expired lots", async () => {
		const { co, productId, a } = await lotTracked();
		const received = await receive(co, productId, a, [
			{ lot: "OLD", expiry: "2020-01-31", quantity: 2 },
			{ lot: "LATE", expiry: "2099-12-31", quantity: 5 },
			{ lot: "SOON", expiry: "2098-06-30", quantity: 4 },
			{ lot: "NOEXP", quantity: 3 },
		]);
		expect(received.status, JSON.stringify(received.body)).toBe(201);
		await adjust(co, productId, a, -6);
		const [here] = await lotsOf(co, productId);
		// SOON (4) goes first, then 2 of LATE; the expired OLD and the lot without expiry stay.
		expect(here?.lots).toEqual([
			{ lot: "OLD", expiry: "2020-01-31", batch: null, onHand: 2, expired: true, expiring: false },
			{ lot: "LATE", expiry: "2099-12-31", batch: null, onHand: 3, expired: false, expiring: false },
			{ lot: "NOEXP", expiry: null, batch: null, onHand: 3, expired: false, expiring: false },
		]);
		expect(here).toMatchObject({ onHand: 8, unassigned: 0 });
		await reconciled(co);
	});

	it("keeps what arrives without a lot unassigned, beside the lots, so the lots always add up to the level", async () => {
		const { co, productId, a } = await lotTracked();
		await receive(co, productId, a, [{ lot: "L1", quantity: 4 }]);
		await adjust(co, productId, a, 5);
		const [here] = await lotsOf(co, productId);
		expect(here).toMatchObject({ onHand: 9, unassigned: 5, lots: [{ lot: "L1", onHand: 4 }] });
		// A decrease beyond the lots leaves the unassigned rest to cover it.
		await adjust(co, productId, a, -6);
		const [after] = await lotsOf(co, productId);
		expect(after).toMatchObject({ onHand: 3, unassigned: 3, lots: [] });
		await reconciled(co);
	});

	it("transfers named lots between locations, lot for lot", async () => {
		const { co, productId, a, b } = await lotTracked();
		await receive(co, productId, a, [
			{ lot: "L1", expiry: "2099-01-01", quantity: 4 },
			{ lot: "L2", quantity: 4 },
		]);
		const moved = await co.api.post("/api/v1/transfers", {
			productId,
			fromLocationId: a,
			toLocationId: b,
			quantity: 3,
			lots: [{ lot: "L2", quantity: 3 }],
			idempotencyKey: key(),
		});
		expect(moved.status, JSON.stringify(moved.body)).toBe(201);
		const byLocation = new Map((await lotsOf(co, productId)).map((l) => [l.locationId, l]));
		expect(byLocation.get(a)?.lots.map((l) => [l.lot, l.onHand])).toEqual([
			["L1", 4],
			["L2", 1],
		]);
		expect(byLocation.get(b)?.lots.map((l) => [l.lot, l.onHand])).toEqual([["L2", 3]]);
		const lots = (await co.api.get(`/api/v1/lots?lot=L2`)).json<{ items: LotLevel[] }>().items;
		expect(lots.map((l) => [l.locationId, l.onHand]).sort()).toEqual(
			[
				[a, 1],
				[b, 3],
			].sort(),
		);
		await reconciled(co);
	});

	it("refuses a pick beyond what a lot holds, naming the lot's field; nothing changes and the key stays free", async () => {
		const { co, productId, a } = await lotTracked();
		await receive(co, productId, a, [{ lot: "L1", quantity: 2 }]);
		const idempotencyKey = key();
		const refused = await co.api.post("/api/v1/adjustments", {
			productId,
			locationId: a,
			quantity: -3,
			lots: [{ lot: "L1", quantity: 3 }],
			idempotencyKey,
		});
		expectProblem(refused, 409, "lot_refused", "lots.0.quantity");
		expect((await lotsOf(co, productId))[0]).toMatchObject({ onHand: 2, lots: [{ lot: "L1", onHand: 2 }] });
		const fits = await co.api.post("/api/v1/adjustments", {
			productId,
			locationId: a,
			quantity: -2,
			lots: [{ lot: "L1", quantity: 2 }],
			idempotencyKey,
		});
		expect(fits.status, JSON.stringify(fits.body)).toBe(201);
		await reconciled(co);
	});

	it("refuses lots on a product not tracked by lot, another expiry for a known lot, and a new lot without the required expiry", async () => {
		const plain = await makeCompany({ locations: 1, products: 1 });
		expectProblem(
			await receive(plain, plain.productIds[0] ?? "", plain.locationIds[0] ?? "", [{ lot: "L1", quantity: 1 }]),
			400,
			"validation_failed",
			"lots",
		);
		const { co, productId, a } = await lotTracked({ expiryRequired: true });
		expectProblem(
			await receive(co, productId, a, [{ lot: "L1", quantity: 1 }]),
			400,
			"validation_failed",
			"lots.0.expiry",
		);
		expect((await receive(co, productId, a, [{ lot: "L1", expiry: "2099-01-01", quantity: 1 }])).status).toBe(201);
		// Known now: more of it needs no expiry, but a different one is refused.
		expect((await receive(co, productId, a, [{ lot: "L1", quantity: 1 }])).status).toBe(201);
		expectProblem(
			await receive(co, productId, a, [{ lot: "L1", expiry: "2099-02-02", quantity: 1 }]),
			409,
			"lot_refused",
			"lots.0.quantity",
		);
		expect((await lotsOf(co, productId))[0]).toMatchObject({ onHand: 2, lots: [{ lot: "L1", onHand: 2 }] });
	});

	it("lists expired and expiring lots, and will not stop tracking while lots hold stock", async () => {
		const { co, productId, a } = await lotTracked();
		const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
		await receive(co, productId, a, [
			{ lot: "GONE", expiry: "2021-03-01", quantity: 1 },
			{ lot: "SOON", expiry: soon, quantity: 1 },
			{ lot: "FAR", expiry: "2099-01-01", quantity: 1 },
		]);
		const lots = async (query: string) =>
			(await co.api.get(`/api/v1/lots?productId=${productId}&${query}`))
				.json<{ items: LotLevel[] }>()
				.items.map((l) => l.lot);
		expect(await lots("expired=true")).toEqual(["GONE"]);
		expect(await lots("expiringWithinDays=30")).toEqual(["SOON"]);
		expect((await lots("expired=false")).sort()).toEqual(["FAR", "SOON"]);
		expectProblem(await co.api.patch(`/api/v1/products/${productId}`, { tracking: "none" }), 409, "conflict");
	});

	it("puts unassigned stock into lots as a movement of its own: on hand unchanged, refused beyond the rest, once per key", async () => {
		const { co, productId, a } = await lotTracked();
		await adjust(co, productId, a, 8);
		const idempotencyKey = key();
		const assign = (lots: Record<string, unknown>[], k = idempotencyKey) =>
			co.api.post("/api/v1/lots/assignments", { productId, locationId: a, lots, idempotencyKey: k });
		// The lots together ask more than the rest holds: the field at fault is the list.
		expectProblem(await assign([{ lot: "L1", quantity: 9 }]), 409, "lot_refused", "lots");
		const done = await assign([
			{ lot: "L1", expiry: "2099-01-01", quantity: 5 },
			{ lot: "L2", quantity: 1 },
		]);
		expect(done.status, JSON.stringify(done.body)).toBe(201);
		// The same key again: the first answer, nothing more assigned.
		const again = await assign([
			{ lot: "L1", expiry: "2099-01-01", quantity: 5 },
			{ lot: "L2", quantity: 1 },
		]);
		expect(again.status).toBe(200);
		const [here] = await lotsOf(co, productId);
		expect(here).toMatchObject({ onHand: 8, unassigned: 2 });
		expect(here?.lots.map((l) => [l.lot, l.onHand])).toEqual([
			["L1", 5],
			["L2", 1],
		]);
		const movements = (await co.api.get(`/api/v1/movements?productId=${productId}`)).json<{
			items: Schemas["Movement"][];
		}>().items;
		const assignment = movements.filter((m) => m.kind === "lot_assignment");
		expect(assignment).toHaveLength(1);
		expect(assignment[0]).toMatchObject({ onHandDelta: 0, onHandAfter: 8, by: { kind: "api_token" } });
		await reconciled(co);
	});

	it("reconciles lots whose number holds a slash, and reports a lot whose expiry in D1 is not the object's", async () => {
		const { co, productId, a } = await lotTracked();
		await receive(co, productId, a, [{ lot: "LOT/2026-A", expiry: "2099-01-31", quantity: 3 }]);
		await reconciled(co);
		await db
			.update(stockLotLevels)
			.set({ expiry: "2030-01-01" })
			.where(and(eq(stockLotLevels.productId, productId), eq(stockLotLevels.lot, "LOT/2026-A")));
		const res = await co.api.get("/api/v1/reconciliation");
		expect(res.json()).toMatchObject({
			ok: false,
			lotMismatches: [],
			lotExpiryMismatches: [
				{ productId, locationId: a, lot: "LOT/2026-A", expected: "2099-01-31", actual: "2030-01-01" },
			],
		});
	});
});
