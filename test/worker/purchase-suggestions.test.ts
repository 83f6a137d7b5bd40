/**
 * Purchase suggestions: the pure rule (with a property), the company-wide query through the API,
 * applying edited suggestions as drafts, and the preferred vendor imported from QBO items.
 *
 * Levels are set straight in D1 for products whose product object has never run (the suggestion
 * query reads D1's stock_levels, and reserved has no API of its own); incoming comes from real
 * purchases ordered through the API.
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { products, stockLevels, vendors } from "../../worker/db/schema";
import {
	isNeeded,
	ONE_UNIT,
	positionOf,
	type SuggestionLevel,
	type SuggestionRow,
	suggestedQuantity,
	suggestPurchases,
} from "../../worker/purchasing/suggestions";
import { itemSchema } from "../../worker/qbo/catalogue-entities";
import { preferredVendorQboId } from "../../worker/qbo/catalogue-mapping";
import { syncItems } from "../../worker/sync/catalogue-sync";
import { makeInventoryItem } from "../fixtures/qbo/catalogue";
import { expectProblem, type Schemas } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

const u = (n: number) => n * ONE_UNIT;
const level = (o: Partial<SuggestionLevel>): SuggestionLevel => ({
	onHand: 0,
	reserved: 0,
	incoming: 0,
	reorderPoint: null,
	reorderQty: null,
	...o,
});

describe("suggestedQuantity", () => {
	it("suggests the reorder quantity below the point", () => {
		expect(suggestedQuantity(level({ onHand: u(3), reorderPoint: u(5), reorderQty: u(20) }))).toBe(u(20));
	});

	it("suggests the reorder quantity exactly at the point, nothing above it", () => {
		expect(suggestedQuantity(level({ onHand: u(5), reorderPoint: u(5), reorderQty: u(20) }))).toBe(u(20));
		expect(suggestedQuantity(level({ onHand: u(6), reorderPoint: u(5), reorderQty: u(20) }))).toBe(0);
	});

	it("orders enough to end one unit above the point when the reorder quantity is too small or unset", () => {
		expect(suggestedQuantity(level({ onHand: u(1), reorderPoint: u(10), reorderQty: u(2) }))).toBe(u(10));
		expect(suggestedQuantity(level({ onHand: u(4), reorderPoint: u(5) }))).toBe(u(2));
	});

	it("counts incoming and reserved: ordered stock is not ordered twice, reserved stock is gone", () => {
		expect(suggestedQuantity(level({ onHand: u(3), incoming: u(20), reorderPoint: u(5), reorderQty: u(20) }))).toBe(0);
		expect(suggestedQuantity(level({ onHand: u(10), reserved: u(6), reorderPoint: u(5), reorderQty: u(20) }))).toBe(
			u(20),
		);
	});

	it("covers a sales shortfall without a reorder point", () => {
		expect(suggestedQuantity(level({ onHand: u(2), reserved: u(7) }))).toBe(u(5));
		expect(suggestedQuantity(level({ onHand: u(2), reserved: u(7), incoming: u(5) }))).toBe(0);
	});

	it("is exact on fractional quantities", () => {
		expect(suggestedQuantity(level({ onHand: 1, reserved: 3 }))).toBe(2); // 0.0001 − 0.0003 → 0.0002
	});

	const quantityArb = fc.integer({ min: 0, max: u(1_000) });
	const levelArb = fc.record({
		onHand: fc.integer({ min: -u(1_000), max: u(1_000) }),
		reserved: quantityArb,
		incoming: quantityArb,
		reorderPoint: fc.option(quantityArb, { nil: null }),
		reorderQty: fc.option(quantityArb, { nil: null }),
	});

	it("suggests exactly when needed, and receiving the suggestion leaves the location above its point and not short", () => {
		fc.assert(
			fc.property(levelArb, (l) => {
				const suggested = suggestedQuantity(l);
				expect(suggested > 0).toBe(isNeeded(l));
				const after = { ...l, incoming: l.incoming + suggested };
				expect(positionOf(after)).toBeGreaterThanOrEqual(0);
				if (l.reorderPoint !== null) expect(positionOf(after)).toBeGreaterThan(l.reorderPoint);
				expect(isNeeded(after)).toBe(false);
			}),
			{ numRuns: 2000 },
		);
	});
});

describe("suggestPurchases", () => {
	const row = (o: Partial<SuggestionRow> & { productId: string; sku: string }): SuggestionRow => ({
		name: o.sku,
		locationId: "L1",
		vendorId: null,
		vendorName: null,
		purchaseCost: null,
		...level({ reorderPoint: u(5), reorderQty: u(10) }),
		...o,
	});

	it("groups by preferred vendor (by name, none last) with lines in SKU order, leaving out what is not needed", () => {
		const groups = suggestPurchases([
			row({ productId: "p1", sku: "B", vendorId: "v2", vendorName: "Zeta" }),
			row({ productId: "p2", sku: "A" }),
			row({ productId: "p3", sku: "C", vendorId: "v1", vendorName: "Acme" }),
			row({ productId: "p4", sku: "A", vendorId: "v2", vendorName: "Zeta" }),
			row({ productId: "p5", sku: "D", vendorId: "v1", vendorName: "Acme", onHand: u(50) }),
		]);
		expect(groups.map((g) => [g.vendor?.name ?? null, g.lines.map((l) => l.productId)])).toEqual([
			["Acme", ["p3"]],
			["Zeta", ["p4", "p1"]],
			[null, ["p2"]],
		]);
	});
});

type Suggestions = Schemas["PurchaseSuggestions"];
type Purchase = Schemas["PurchaseDetail"];

async function setLevel(
	co: TestCompany,
	productId: string,
	locationId: string,
	o: { onHand?: number; reserved?: number; incoming?: number; reorderPoint?: number; reorderQty?: number },
) {
	const values = {
		onHand: u(o.onHand ?? 0),
		reserved: u(o.reserved ?? 0),
		incoming: u(o.incoming ?? 0),
		reorderPoint: o.reorderPoint === undefined ? null : u(o.reorderPoint),
		reorderQty: o.reorderQty === undefined ? null : u(o.reorderQty),
	};
	await db
		.insert(stockLevels)
		.values({ companyId: co.companyId, productId, locationId, ...values })
		.onConflictDoUpdate({ target: [stockLevels.productId, stockLevels.locationId], set: values });
}

async function addVendor(co: TestCompany, name: string, qboId?: string) {
	const id = ulid();
	await db.insert(vendors).values({ id, companyId: co.companyId, name, qboId: qboId ?? null });
	return id;
}

async function prefer(productId: string, vendorId: string) {
	await db.update(products).set({ preferredVendorId: vendorId }).where(eq(products.id, productId));
}

async function suggest(co: TestCompany, body: Record<string, unknown> = {}) {
	const res = await co.api.post("/api/v1/purchases/suggestions", body);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Suggestions>();
}

const lineOf = (s: Suggestions, productId: string, locationId: string) =>
	s.groups.flatMap((g) => g.lines).find((l) => l.productId === productId && l.locationId === locationId);

describe("POST /purchases/suggestions", () => {
	it("suggests the reorder quantity for a location below its point, net of reserved", async () => {
		const co = await makeCompany({ products: 2, locations: 2 });
		const [a, b] = co.productIds as [string, string];
		const [l1, l2] = co.locationIds as [string, string];
		await setLevel(co, a, l1, { onHand: 3, reorderPoint: 5, reorderQty: 20 });
		await setLevel(co, a, l2, { onHand: 9, reorderPoint: 5, reorderQty: 20 });
		await setLevel(co, b, l1, { onHand: 9, reserved: 5, reorderPoint: 5, reorderQty: 12 });
		// The page estimates what a suggestion costs from the product's cost; b has none known.
		await db
			.update(products)
			.set({ purchaseCost: u(2.5) })
			.where(eq(products.id, a));
		const s = await suggest(co);
		expect(lineOf(s, a, l1)).toMatchObject({
			available: 3,
			incoming: 0,
			reorderPoint: 5,
			reorderQty: 20,
			suggested: 20,
			purchaseCost: 2.5,
		});
		expect(lineOf(s, a, l2)).toBeUndefined();
		expect(lineOf(s, b, l1)).toMatchObject({ available: 4, reserved: 5, suggested: 12, purchaseCost: null });
	});

	it("suggests a sales shortfall where nothing has a reorder point", async () => {
		const co = await makeCompany({ products: 1 });
		const [a] = co.productIds as [string];
		const [l1] = co.locationIds as [string];
		await setLevel(co, a, l1, { onHand: 1, reserved: 4.5 });
		expect(lineOf(await suggest(co), a, l1)).toMatchObject({ available: -3.5, reorderPoint: null, suggested: 3.5 });
	});

	it("groups by preferred vendor, the products without one last, and filters by vendor and location", async () => {
		const co = await makeCompany({ products: 3, locations: 2 });
		const [a, b, c] = co.productIds as [string, string, string];
		const [l1, l2] = co.locationIds as [string, string];
		const acme = await addVendor(co, "Acme");
		const zeta = await addVendor(co, "Zeta");
		await prefer(a, zeta);
		await prefer(b, acme);
		for (const p of [a, b, c]) await setLevel(co, p, l1, { reorderPoint: 1, reorderQty: 5 });
		await setLevel(co, a, l2, { reorderPoint: 1, reorderQty: 5 });
		const s = await suggest(co);
		expect(s.groups.map((g) => [g.vendor?.name ?? null, g.lines.map((l) => `${l.productId}@${l.locationId}`)])).toEqual(
			[
				["Acme", [`${b}@${l1}`]],
				["Zeta", [`${a}@${l1}`, `${a}@${l2}`]],
				[null, [`${c}@${l1}`]],
			],
		);
		const onlyZetaAtL2 = await suggest(co, { vendorId: zeta, locationIds: [l2] });
		expect(onlyZetaAtL2.groups).toEqual([
			{ vendor: { id: zeta, name: "Zeta" }, lines: [expect.objectContaining({ productId: a, locationId: l2 })] },
		]);
	});

	it("applying creates a draft per vendor and location; ordering them raises incoming and the suggestions go away", async () => {
		const co = await makeCompany({ products: 2, locations: 2 });
		const [a, b] = co.productIds as [string, string];
		const [l1, l2] = co.locationIds as [string, string];
		const acme = await addVendor(co, "Acme");
		await prefer(a, acme);
		await setLevel(co, a, l1, { reorderPoint: 2, reorderQty: 10 });
		await setLevel(co, a, l2, { reorderPoint: 2, reorderQty: 4 });
		await setLevel(co, b, l1, { reorderPoint: 1, reorderQty: 3 });
		const s = await suggest(co);
		const lines = s.groups.flatMap((g) =>
			g.lines.map((l) => ({
				productId: l.productId,
				locationId: l.locationId,
				quantity: l.suggested,
				...(g.vendor ? { vendorId: g.vendor.id } : {}),
			})),
		);
		expect(lines).toHaveLength(3);
		const res = await co.api.post("/api/v1/purchases/suggestions/apply", { lines });
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		const { purchases } = res.json<{ purchases: Purchase[] }>();
		expect(
			purchases.map((p) => [p.vendorId, p.locationId, p.status, p.lines.map((l) => [l.productId, l.ordered])]),
		).toEqual([
			[acme, l1, "draft", [[a, 10]]],
			[acme, l2, "draft", [[a, 4]]],
			[null, l1, "draft", [[b, 3]]],
		]);
		// Drafts move no stock: still suggested until ordered.
		expect(lineOf(await suggest(co), a, l1)).toBeDefined();
		for (const p of purchases) {
			const ordered = await co.api.patch(`/api/v1/purchases/${p.id}`, { version: p.version, status: "ordered" });
			expect(ordered.status, JSON.stringify(ordered.body)).toBe(200);
		}
		expect((await suggest(co)).groups).toEqual([]);
		const row = await db.query.stockLevels.findFirst({
			where: and(eq(stockLevels.productId, a), eq(stockLevels.locationId, l1)),
		});
		expect(row).toMatchObject({ incoming: u(10), reorderPoint: u(2) });
	});

	it("applying again with the same idempotency key answers the first drafts and creates no more", async () => {
		const co = await makeCompany({ products: 1 });
		const [a] = co.productIds as [string];
		const [l1] = co.locationIds as [string];
		const body = { lines: [{ productId: a, locationId: l1, quantity: 7 }], idempotencyKey: "apply-1" };
		const first = await co.api.post("/api/v1/purchases/suggestions/apply", body);
		expect(first.status, JSON.stringify(first.body)).toBe(201);
		const replay = await co.api.post("/api/v1/purchases/suggestions/apply", body);
		expect(replay.status, JSON.stringify(replay.body)).toBe(200);
		expect(replay.body).toEqual(first.body);
		expect((await co.api.get("/api/v1/purchases")).json<{ items: unknown[] }>().items).toHaveLength(1);
		const reused = await co.api.post("/api/v1/purchases/suggestions/apply", {
			...body,
			lines: [{ productId: a, locationId: l1, quantity: 8 }],
		});
		expectProblem(reused, 422, "idempotency_key_reused", "idempotencyKey");
	});

	it("never shows another company's levels or vendors", async () => {
		const mine = await makeCompany({ products: 1 });
		const theirs = await makeCompany({ products: 1 });
		const theirVendor = await addVendor(theirs, "Theirs");
		await prefer(theirs.productIds[0] as string, theirVendor);
		await setLevel(theirs, theirs.productIds[0] as string, theirs.locationIds[0] as string, {
			reorderPoint: 5,
			reorderQty: 5,
		});
		expect((await suggest(mine)).groups).toEqual([]);
		expect((await suggest(mine, { vendorId: theirVendor })).groups).toEqual([]);
		expect((await suggest(theirs)).groups).toHaveLength(1);
		// Nor can their product, location or vendor be put on one of my drafts.
		const res = await mine.api.post("/api/v1/purchases/suggestions/apply", {
			lines: [
				{
					productId: theirs.productIds[0],
					locationId: theirs.locationIds[0],
					quantity: 1,
					vendorId: theirVendor,
				},
			],
		});
		const fields = (expectProblem(res, 400, "validation_failed").errors ?? []).map((e) => e.field).sort();
		expect(fields).toEqual(["lines.0.locationId", "lines.0.productId", "lines.0.vendorId"]);
	});

	it("rejects bad input naming the field, and creates nothing", async () => {
		const co = await makeCompany({ products: 1 });
		const [a] = co.productIds as [string];
		const [l1] = co.locationIds as [string];
		const bad = async (path: string, body: unknown, field: string) => {
			expectProblem(await co.api.post(path, body), 400, "validation_failed", field);
		};
		await bad("/api/v1/purchases/suggestions", { locationIds: "all" }, "locationIds");
		await bad("/api/v1/purchases/suggestions", { colour: "red" }, "colour");
		await bad("/api/v1/purchases/suggestions/apply", { lines: [] }, "lines");
		await bad(
			"/api/v1/purchases/suggestions/apply",
			{ lines: [{ productId: a, locationId: l1, quantity: 0 }] },
			"lines.0.quantity",
		);
		await bad(
			"/api/v1/purchases/suggestions/apply",
			{
				lines: [
					{ productId: a, locationId: l1, quantity: 1 },
					{ productId: a, locationId: l1, quantity: 2 },
				],
			},
			"lines.1.productId",
		);
		expect((await co.api.get("/api/v1/purchases")).json<{ items: unknown[] }>().items).toEqual([]);
	});
});

describe("preferred vendor from QBO items", () => {
	it("reads PrefVendorRef from an item as Intuit sends it", () => {
		const item = itemSchema.parse({
			...makeInventoryItem({ id: "11", name: "Pump", syncToken: 3 }),
			PrefVendorRef: { value: "56", name: "Bob's Burger Joint" },
		});
		expect(preferredVendorQboId(item)).toBe("56");
		expect(preferredVendorQboId(itemSchema.parse(makeInventoryItem({ id: "12", name: "Rock", syncToken: 0 })))).toBe(
			null,
		);
	});

	it("points an imported product at our vendor with that QBO id; an unknown vendor leaves it empty", async () => {
		const co = await makeCompany({ products: 0 });
		const vendorId = await addVendor(co, "Bob's Burger Joint", "56");
		await syncItems(
			env,
			co.companyId,
			[
				{ ...makeInventoryItem({ id: "11", name: "Pump", syncToken: 0 }), PrefVendorRef: { value: "56" } },
				{ ...makeInventoryItem({ id: "12", name: "Rock", syncToken: 0 }), PrefVendorRef: { value: "999" } },
			],
			{ openingStock: false },
		);
		const rows = await db.query.products.findMany({ where: eq(products.companyId, co.companyId) });
		const byQbo = Object.fromEntries(rows.map((p) => [p.qboId, p.preferredVendorId]));
		expect(byQbo).toEqual({ "11": vendorId, "12": null });
		// A later version of the item without a preferred vendor clears it.
		await syncItems(env, co.companyId, [makeInventoryItem({ id: "11", name: "Pump", syncToken: 1 })], {
			openingStock: false,
		});
		const pump = await db.query.products.findFirst({
			where: and(eq(products.companyId, co.companyId), eq(products.qboId, "11")),
		});
		expect(pump?.preferredVendorId).toBeNull();
	});
});
