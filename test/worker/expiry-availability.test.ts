/**
 * Expired stock and availability (docs/architecture.md#expired-stock), through the API and the real
 * product objects: with the company setting on (the default), a level's available leaves out the
 * stock of its expired lots — in the grid's rows, the product page, a stock command's answer and a
 * kit's availability — never more than is on hand; with it off, expired stock is available again.
 * The grid's filters for expired and expiring stock, and the settings' bounds.
 */
import { describe, expect, it } from "vitest";
import { availableOf } from "../../worker/core/quantity";
import { makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { allPages, expectProblem, type LevelRow, type Schemas } from "./api-checks";
import type { TestCompany } from "./helpers";
import { salesCompany, sync } from "./orders-fixtures";

const key = () => `exp-${crypto.randomUUID()}`;
const DAY_MS = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

async function trackByLot(co: TestCompany, productId: string) {
	const res = await co.api.patch(`/api/v1/products/${productId}`, { tracking: "lot" });
	expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function adjust(co: TestCompany, productId: string, locationId: string, quantity: number, lots?: unknown[]) {
	const res = await co.api.post("/api/v1/adjustments", {
		productId,
		locationId,
		quantity,
		...(lots ? { lots } : {}),
		idempotencyKey: key(),
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.json<Schemas["StockCommandResult"]>();
}

async function rows(co: TestCompany, query = "") {
	return allPages<LevelRow>(co.api, `/api/v1/levels?limit=1000${query}`);
}

async function rowOf(co: TestCompany, productId: string) {
	const [row, ...more] = await rows(co, `&productId=${productId}`);
	expect(more).toEqual([]);
	if (!row) throw new Error(`no level row for ${productId}`);
	return row;
}

async function setSettings(co: TestCompany, patch: Record<string, unknown>) {
	const res = await co.api.patch("/api/v1/settings", patch);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Schemas["Settings"]>();
}

/**
 * Pumps (25 on hand, unassigned once tracked by lot) with 5 more in the expired lot OLD and 4 in
 * SOON, expiring in 10 days; an invoice reserves 8 (reserve until delivery).
 */
async function pumpsWithExpiredLot() {
	const shop = await salesCompany({ orderMode: "reserve_until_delivery" });
	const { co, location, ids } = shop;
	await trackByLot(co, ids.PUMP);
	await adjust(co, ids.PUMP, location, 5, [{ lot: "OLD", expiry: "2020-01-01", quantity: 5 }]);
	const answer = await adjust(co, ids.PUMP, location, 4, [{ lot: "SOON", expiry: inDays(10), quantity: 4 }]);
	await sync(co, "Invoice", makeInvoice({ id: "150", lines: [salesLine("11", 8)] }));
	return { ...shop, answer };
}

describe("expired stock is not available", () => {
	it("is on by default: available leaves out expired lots in rows, the product page, a command's answer and kits", async () => {
		const { co, ids, answer } = await pumpsWithExpiredLot();
		const settings = (await co.api.get("/api/v1/settings")).json<Schemas["Settings"]>();
		expect(settings).toMatchObject({ expiredNotAvailable: true, expiringWithinDays: 30 });

		// The adjustment's answer (before the invoice): 34 on hand, 5 of them expired. Its lots' part
		// (expired, expiring) is D1's as of the command: SOON is not in it yet.
		expect(answer.levels[0]).toMatchObject({ onHand: 34, reserved: 0, available: 29, expired: 5 });

		const pump = await rowOf(co, ids.PUMP);
		expect(pump).toMatchObject({ tracking: "lot", onHand: 34, reserved: 8, available: 21, expired: 5, expiring: 4 });
		const product = (await co.api.get(`/api/v1/products/${ids.PUMP}`)).json<Schemas["Product"]>();
		expect(product.levels[0]).toMatchObject({ onHand: 34, reserved: 8, available: 21 });
		expect(product.totals).toMatchObject({ onHand: 34, reserved: 8, available: 21 });
		// The kit is 1 pump + 2 hoses (100 hoses): 21 kits, not 26.
		expect(await rowOf(co, ids.KIT)).toMatchObject({ available: 21, tracking: "none", expired: 0 });
		expect(await rowOf(co, ids.HOSE)).toMatchObject({ tracking: "none", available: 100, expired: 0, expiring: 0 });
	});

	it("turned off, expired stock is available again; the rows still say how much is expired", async () => {
		const { co, ids } = await pumpsWithExpiredLot();
		const settings = await setSettings(co, { expiredNotAvailable: false });
		expect(settings.expiredNotAvailable).toBe(false);
		expect(await rowOf(co, ids.PUMP)).toMatchObject({ onHand: 34, reserved: 8, available: 26, expired: 5 });
		expect((await co.api.get(`/api/v1/products/${ids.PUMP}`)).json<Schemas["Product"]>().totals.available).toBe(26);
		expect(await rowOf(co, ids.KIT)).toMatchObject({ available: 26 });
		await setSettings(co, { expiredNotAvailable: true });
		expect(await rowOf(co, ids.PUMP)).toMatchObject({ available: 21 });
	});

	it("leaves out no more than is on hand, so expiry never takes available below −reserved", async () => {
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		await trackByLot(co, ids.PUMP);
		await adjust(co, ids.PUMP, location, -25);
		await adjust(co, ids.PUMP, location, 5, [{ lot: "OLD", expiry: "2020-01-01", quantity: 5 }]);
		await sync(co, "Invoice", makeInvoice({ id: "151", lines: [salesLine("11", 8)] }));
		// Everything on hand is expired: as if nothing were on hand.
		expect(await rowOf(co, ids.PUMP)).toMatchObject({ onHand: 5, reserved: 8, expired: 5, available: -8 });
		// The formula itself, where lots could hold more than is on hand (a negative unassigned rest).
		expect(availableOf({ onHand: 20_000, reserved: 0, expiredOut: 50_000 })).toBe(0);
		expect(availableOf({ onHand: -10_000, reserved: 10_000, expiredOut: 50_000 })).toBe(-20_000);
		expect(availableOf({ onHand: 100_000, reserved: 30_000, expiredOut: 50_000 })).toBe(20_000);
		expect(availableOf({ onHand: 100_000, reserved: 30_000 })).toBe(70_000);
	});

	it("below=reorder compares the reorder point with available as shown", async () => {
		const { co, location, ids } = await pumpsWithExpiredLot();
		const row = await rowOf(co, ids.PUMP);
		const patched = await co.api.patch("/api/v1/levels", {
			items: [{ productId: ids.PUMP, locationId: location, version: row.version, reorderPoint: 24 }],
		});
		expect(patched.status).toBe(200);
		const below = async () => (await rows(co, "&below=reorder")).map((r) => r.sku);
		// 21 available (26 without the expired 5) is at or under 24.
		expect(await below()).toContain("PUMP");
		await setSettings(co, { expiredNotAvailable: false });
		expect(await below()).not.toContain("PUMP");
	});
});

describe("filters for expired and expiring stock", () => {
	it("keeps the rows holding expired, or expiring, stock; N is the company's setting", async () => {
		const { co, ids } = await pumpsWithExpiredLot();
		const skus = async (query: string) => (await rows(co, query)).map((r) => r.sku);
		expect(await skus("&expired=true")).toEqual(["PUMP"]);
		expect(await skus("&expiring=true")).toEqual(["PUMP"]);
		const lots = async () =>
			(await co.api.get(`/api/v1/products/${ids.PUMP}/lots`))
				.json<Schemas["ProductLots"]>()
				.items[0]?.lots.map((l) => [l.lot, l.expired, l.expiring]);
		expect(await lots()).toEqual([
			["OLD", true, false],
			["SOON", false, true],
		]);
		// SOON expires in 10 days: not within 5.
		await setSettings(co, { expiringWithinDays: 5 });
		expect(await skus("&expiring=true")).toEqual([]);
		expect(await rowOf(co, ids.PUMP)).toMatchObject({ expiring: 0, expired: 5 });
		expect(await lots()).toEqual([
			["OLD", true, false],
			["SOON", false, false],
		]);
		// The filters combine with the others.
		expect(await skus("&expired=true&q=hose")).toEqual([]);
	});

	it("refuses bad settings and filters by naming the field, changing nothing", async () => {
		const { co } = await pumpsWithExpiredLot();
		const before = (await co.api.get("/api/v1/settings")).json<Schemas["Settings"]>();
		expectProblem(
			await co.api.patch("/api/v1/settings", { expiringWithinDays: 3651 }),
			400,
			"validation_failed",
			"expiringWithinDays",
		);
		expectProblem(
			await co.api.patch("/api/v1/settings", { expiringWithinDays: 1.5 }),
			400,
			"validation_failed",
			"expiringWithinDays",
		);
		expectProblem(
			await co.api.patch("/api/v1/settings", { expiredNotAvailable: "no" }),
			400,
			"validation_failed",
			"expiredNotAvailable",
		);
		expect((await co.api.get("/api/v1/settings")).json()).toEqual(before);
		expectProblem(await co.api.get("/api/v1/levels?expired=yes"), 400, "validation_failed", "expired");
		expect((await setSettings(co, { expiringWithinDays: 0 })).expiringWithinDays).toBe(0);
		expect((await setSettings(co, { expiringWithinDays: 3650 })).expiringWithinDays).toBe(3650);
	});
});
