/**
 * Staff and viewers limited to location A of a company with A and B: every list and total shows A
 * alone, every record at B and every request naming B is refused (403, naming the field) and
 * changes nothing, while their work at A goes through; their live feed hears A alone.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { memberSession, roleToken, type TwoLocationShop, twoLocationShop } from "./access-fixtures";
import { adjust, allPages, expectProblem, type LevelRow, type Movement, stateOf } from "./api-checks";
import { type ApiClient, apiClient } from "./helpers";
import { ORIGIN } from "./intuit-flow";
import { openLiveSocket } from "./live-socket";

type Level = { locationId: string; onHand: number; reserved: number; available: number; incoming: number };
type Product = { id: string; sku: string; levels: Level[]; totals: Omit<Level, "locationId"> };
type Listed = { id: string; locationId: string };

let shop: TwoLocationShop;
let staff: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
	shop = await twoLocationShop();
	staff = (await roleToken(shop.co, "staff", [shop.a])).api;
	viewer = (await roleToken(shop.co, "viewer", [shop.a])).api;
});

const readers = () =>
	[
		["staff", staff],
		["viewer", viewer],
	] as const;

describe("what a caller limited to A reads", () => {
	it("level rows: A's only, and B by name is refused", async () => {
		const everything = await allPages<LevelRow>(shop.co.api, "/api/v1/levels?limit=1000");
		expect(new Set(everything.map((r) => r.locationId))).toEqual(new Set([shop.a, shop.b]));
		for (const [, api] of readers()) {
			const rows = await allPages<LevelRow>(api, "/api/v1/levels?limit=1000");
			expect(rows.length).toBeGreaterThan(0);
			expect(rows).toEqual(everything.filter((r) => r.locationId === shop.a));
			expectProblem(await api.get(`/api/v1/levels?location=${shop.b}`), 403, "forbidden", "location");
		}
	});

	it("products: levels at A only, and totals over A alone (B's stock left out)", async () => {
		const owners = await allPages<Product>(shop.co.api, "/api/v1/products?limit=1000");
		const pump = owners.find((p) => p.id === shop.ids.PUMP);
		const atA = pump?.levels.find((l) => l.locationId === shop.a);
		expect(pump?.levels.find((l) => l.locationId === shop.b)?.onHand).toBeGreaterThan(0);
		for (const [, api] of readers()) {
			const products = await allPages<Product>(api, "/api/v1/products?limit=1000");
			expect(products.map((p) => p.id).sort()).toEqual(owners.map((p) => p.id).sort());
			for (const product of products) {
				expect(product.levels.map((l) => l.locationId)).toEqual([shop.a]);
				const { locationId: _, ...onlyA } = product.levels[0] as Level;
				expect(product.totals).toEqual(onlyA);
			}
			const one = (await api.get(`/api/v1/products/${shop.ids.PUMP}`)).json<Product>();
			expect(one.levels).toEqual([atA]);
			expect(one.totals.onHand).toBe(atA?.onHand);
			expect(one.totals.onHand).toBeLessThan(pump?.totals.onHand ?? 0);
		}
	});

	it("locations: A alone; B by id is refused", async () => {
		for (const [, api] of readers()) {
			const listed = (await api.get("/api/v1/locations?includeArchived=true")).json<{ items: { id: string }[] }>();
			expect(listed.items.map((l) => l.id)).toEqual([shop.a]);
			expect((await api.get(`/api/v1/locations/${shop.a}`)).status).toBe(200);
			expectProblem(await api.get(`/api/v1/locations/${shop.b}`), 403, "forbidden");
		}
	});

	it("movements: none at B, and asking for B is refused", async () => {
		const all = await allPages<Movement>(shop.co.api, "/api/v1/movements?limit=1000");
		expect(all.some((m) => m.locationId === shop.b)).toBe(true);
		for (const [, api] of readers()) {
			const mine = await allPages<Movement>(api, "/api/v1/movements?limit=1000");
			expect(mine.map((m) => m.id)).toEqual(all.filter((m) => m.locationId === shop.a).map((m) => m.id));
			expectProblem(await api.get(`/api/v1/movements?locationId=${shop.b}`), 403, "forbidden", "locationId");
			expect(
				(await allPages<Movement>(api, `/api/v1/movements?productId=${shop.ids.PUMP}`)).every(
					(m) => m.locationId === shop.a,
				),
			).toBe(true);
		}
	});

	it("orders and delivery notes: A's listed; B's refused by id", async () => {
		const all = await allPages<Listed>(shop.co.api, "/api/v1/orders?limit=1000");
		expect(all.map((o) => o.id).sort()).toEqual([shop.at.a.order, shop.at.b.order].sort());
		for (const [, api] of readers()) {
			expect((await allPages<Listed>(api, "/api/v1/orders?limit=1000")).map((o) => o.id)).toEqual([shop.at.a.order]);
			expect((await api.get(`/api/v1/orders/${shop.at.a.order}`)).status).toBe(200);
			expectProblem(await api.get(`/api/v1/orders/${shop.at.b.order}`), 403, "forbidden");
			expect((await api.get(`/api/v1/deliveries/${shop.at.a.delivery}`)).status).toBe(200);
			expectProblem(await api.get(`/api/v1/deliveries/${shop.at.b.delivery}`), 403, "forbidden");
		}
	});

	it("purchases: one made at B by the owner is not listed, and refused by id", async () => {
		const all = await allPages<Listed>(shop.co.api, "/api/v1/purchases?limit=1000");
		expect(all.map((p) => p.id).sort()).toEqual([shop.at.a.purchase, shop.at.b.purchase].sort());
		for (const [, api] of readers()) {
			expect((await allPages<Listed>(api, "/api/v1/purchases?limit=1000")).map((p) => p.id)).toEqual([
				shop.at.a.purchase,
			]);
			expectProblem(await api.get(`/api/v1/purchases/${shop.at.b.purchase}`), 403, "forbidden");
		}
	});

	it("builds: A's listed; B's refused by id", async () => {
		const all = await allPages<Listed>(shop.co.api, "/api/v1/builds?limit=1000");
		expect(all.map((b) => b.id).sort()).toEqual([shop.at.a.build, shop.at.b.build].sort());
		for (const [, api] of readers()) {
			expect((await allPages<Listed>(api, "/api/v1/builds?limit=1000")).map((b) => b.id)).toEqual([shop.at.a.build]);
			expectProblem(await api.get(`/api/v1/builds/${shop.at.b.build}`), 403, "forbidden");
		}
	});

	it("a signed-in member limited to A sees what a token limited to A sees", async () => {
		const member = await memberSession(shop.co, "viewer", [shop.a]);
		const rows = (await member.api.get("/api/v1/levels?limit=1000")).json<{ items: LevelRow[] }>().items;
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.every((r) => r.locationId === shop.a)).toBe(true);
		expectProblem(await member.api.get(`/api/v1/orders/${shop.at.b.order}`), 403, "forbidden");
	});
});

describe("what staff limited to A may change", () => {
	it("refuses an adjustment or a count at B, naming locationId, and changes nothing", async () => {
		const before = await stateOf(shop.co.api);
		const adjustment = { productId: shop.ids.PUMP, locationId: shop.b, quantity: 1, idempotencyKey: "la-adj-b" };
		expectProblem(await staff.post("/api/v1/adjustments", adjustment), 403, "forbidden", "locationId");
		const count = { productId: shop.ids.PUMP, locationId: shop.b, onHand: 0, idempotencyKey: "la-count-b" };
		expectProblem(await staff.post("/api/v1/counts", count), 403, "forbidden", "locationId");
		expect(await stateOf(shop.co.api)).toEqual(before);
		// The key was not spent: the owner may use it.
		expect((await shop.co.api.post("/api/v1/adjustments", { ...adjustment, quantity: 0.5 })).status).toBe(201);
		await adjust(shop.co, shop.ids.PUMP, shop.b, -0.5);
	});

	it("refuses a transfer from A to B, naming toLocationId, and changes nothing", async () => {
		const before = await stateOf(shop.co.api);
		const res = await staff.post("/api/v1/transfers", {
			productId: shop.ids.PUMP,
			fromLocationId: shop.a,
			toLocationId: shop.b,
			quantity: 1,
			idempotencyKey: "la-transfer",
		});
		const problem = expectProblem(res, 403, "forbidden", "toLocationId");
		expect(problem.errors?.map((e) => e.field)).toEqual(["toLocationId"]);
		expect(await stateOf(shop.co.api)).toEqual(before);
	});

	it("refuses a bulk edit with a row at B, naming it, and saves none of the rows", async () => {
		const rows = await allPages<LevelRow>(shop.co.api, `/api/v1/levels?limit=1000`);
		const at = (location: string) => rows.find((r) => r.productId === shop.ids.HOSE && r.locationId === location);
		const [rowA, rowB] = [at(shop.a), at(shop.b)];
		const res = await staff.patch("/api/v1/levels", {
			items: [
				{ productId: shop.ids.HOSE, locationId: shop.a, version: rowA?.version, reorderPoint: 7 },
				{ productId: shop.ids.HOSE, locationId: shop.b, version: rowB?.version, reorderPoint: 7 },
			],
		});
		const problem = expectProblem(res, 403, "forbidden", "items.1.locationId");
		expect(problem.errors?.map((e) => e.field)).toEqual(["items.1.locationId"]);
		const after = await allPages<LevelRow>(shop.co.api, `/api/v1/levels?limit=1000`);
		expect(after).toEqual(rows);
	});

	it("refuses a receipt of a purchase at B and a delivery from B, and changes nothing", async () => {
		const purchase = (await shop.co.api.get(`/api/v1/purchases/${shop.at.b.purchase}`)).json<{ version: number }>();
		const ordered = await shop.co.api.patch(`/api/v1/purchases/${shop.at.b.purchase}`, {
			version: purchase.version,
			status: "ordered",
		});
		expect(ordered.status, JSON.stringify(ordered.body)).toBe(200);
		const before = await stateOf(shop.co.api);
		expectProblem(
			await staff.post(`/api/v1/purchases/${shop.at.b.purchase}/receipts`, {
				lines: [{ productId: shop.ids.HOSE, quantity: 1 }],
				idempotencyKey: "la-receipt-b",
			}),
			403,
			"forbidden",
		);
		// An order of A delivered from B: the order is theirs, the location is not.
		expectProblem(
			await staff.post(`/api/v1/orders/${shop.at.a.order}/deliveries`, {
				lines: [{ productId: shop.ids.PUMP, quantity: 1 }],
				locationId: shop.b,
				idempotencyKey: "la-delivery-from-b",
			}),
			403,
			"forbidden",
			"locationId",
		);
		expectProblem(
			await staff.post(`/api/v1/deliveries/${shop.at.b.delivery}/cancel`, { idempotencyKey: "la-cancel-b" }),
			403,
			"forbidden",
		);
		expect(await stateOf(shop.co.api)).toEqual(before);
		const detail = (await shop.co.api.get(`/api/v1/orders/${shop.at.b.order}`)).json<{ deliveries: unknown[] }>();
		expect(detail.deliveries).toMatchObject([{ id: shop.at.b.delivery, status: "active" }]);
	});

	it("adjusts and counts at A, and receives a purchase at A", async () => {
		const before = (await staff.get(`/api/v1/products/${shop.ids.PUMP}`)).json<Product>().totals.onHand;
		const res = await staff.post("/api/v1/adjustments", {
			productId: shop.ids.PUMP,
			locationId: shop.a,
			quantity: 2,
			idempotencyKey: "la-adj-a",
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect((await staff.get(`/api/v1/products/${shop.ids.PUMP}`)).json<Product>().totals.onHand).toBe(before + 2);
		const count = await staff.post("/api/v1/counts", {
			productId: shop.ids.PUMP,
			locationId: shop.a,
			onHand: before,
			idempotencyKey: "la-count-a",
		});
		expect(count.status, JSON.stringify(count.body)).toBe(201);

		const purchase = (await shop.co.api.get(`/api/v1/purchases/${shop.at.a.purchase}`)).json<{ version: number }>();
		await shop.co.api.patch(`/api/v1/purchases/${shop.at.a.purchase}`, {
			version: purchase.version,
			status: "ordered",
		});
		const receipt = await staff.post(`/api/v1/purchases/${shop.at.a.purchase}/receipts`, {
			lines: [{ productId: shop.ids.HOSE, quantity: 2 }],
			idempotencyKey: "la-receipt-a",
		});
		expect(receipt.status, JSON.stringify(receipt.body)).toBe(201);
	});
});

describe("the live feed of a caller limited to A", () => {
	it("an API token's and a signed-in member's sockets hear A's changes and nothing of B's", async () => {
		const member = await memberSession(shop.co, "staff", [shop.a]);
		const everything = await openLiveSocket(shop.co.api);
		const sockets = [
			await openLiveSocket(viewer),
			await openLiveSocket(apiClient(null), { cookie: member.cookie, origin: ORIGIN }),
		];
		await adjust(shop.co, shop.ids.HOSE, shop.b, 3);
		await adjust(shop.co, shop.ids.HOSE, shop.a, 4);
		// B's change was published first: once A's has arrived, B's would have too.
		await everything.change(shop.ids.HOSE, shop.b);
		for (const live of sockets) {
			await live.change(shop.ids.HOSE, shop.a);
			expect(live.changes().map((c) => c.locationId)).toEqual([shop.a]);
			live.close();
		}
		everything.close();
	});
});
