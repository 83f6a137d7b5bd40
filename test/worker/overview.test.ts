/**
 * `GET /api/v1/overview`, the start page's figures, on a company where each has something to say:
 * a product below its reorder point, one whose available is below zero because an order reserves
 * more than is on hand (that order is backordered), purchases expected in 3 and in 10 days, costs
 * for the stock value, and the sync log's failures; a caller limited to one location sees only it.
 */

import { eq } from "drizzle-orm";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { createApiToken } from "../../worker/auth/api-tokens";
import { createProducts } from "../../worker/catalogue/products";
import { toScaled } from "../../worker/core/quantity";
import { products, syncLog } from "../../worker/db/schema";
import { makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { adjust, expectProblem, type Schemas } from "./api-checks";
import { apiClient, db } from "./helpers";
import { levelsBySku, salesCompany, sync } from "./orders-fixtures";

type Overview = Schemas["Overview"];
const DAY = 24 * 3600_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function setCost(productId: string, cost: number) {
	await db
		.update(products)
		.set({ purchaseCost: toScaled(cost) })
		.where(eq(products.id, productId));
}

describe("GET /overview", () => {
	it("counts what is below its reorder point, negative, backordered, arriving this week; values the stock; says the sync's health", async () => {
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" }, 2);
		const van = co.locationIds[1] ?? "";
		// Pump 25 on hand, Hose 100: Pump $12.50, Hose $0.75; a product with stock and no cost.
		await setCost(ids.PUMP, 12.5);
		await setCost(ids.HOSE, 0.75);
		const [bolt] = await createProducts(db, co.companyId, [{ sku: "BOLT", name: "Bolt" }]);
		await adjust(co, bolt?.id ?? "", location, 4);
		await adjust(co, ids.HOSE, van, 10);

		// Hose's reorder point 120 at the warehouse: 100 available, 20 short.
		const rows = (await co.api.get(`/api/v1/levels?location=${location}&limit=100`)).json<{
			items: { productId: string; version: number }[];
		}>().items;
		const hose = rows.find((r) => r.productId === ids.HOSE);
		const patched = await co.api.patch("/api/v1/levels", {
			items: [{ productId: ids.HOSE, locationId: location, version: hose?.version, reorderPoint: 120 }],
		});
		expect(patched.json()).toMatchObject({ items: [{ status: "updated" }] });

		// An invoice reserves 30 pumps of 25: the order is backordered, the pump's available −5.
		await sync(co, "Invoice", { ...makeInvoice({ id: "700", lines: [salesLine("11", 30)] }), TxnDate: "2026-01-05" });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 30 });

		// Purchases: ordered, expected in 3 days (this week), in 10 (not) and yesterday (late); a draft in 2 (not ordered).
		const now = Date.now();
		const purchase = async (days: number, ordered: boolean) => {
			const created = await co.api.post("/api/v1/purchases", {
				locationId: location,
				expectedDate: isoDay(now + days * DAY),
				lines: [{ productId: ids.HOSE, quantity: 5 }],
			});
			expect(created.status, JSON.stringify(created.body)).toBe(201);
			const p = created.json<{ id: string; number: string; version: number }>();
			if (ordered) {
				const res = await co.api.patch(`/api/v1/purchases/${p.id}`, { version: p.version, status: "ordered" });
				expect(res.status, JSON.stringify(res.body)).toBe(200);
			}
			return p;
		};
		const soon = await purchase(3, true);
		await purchase(10, true);
		const late = await purchase(-1, true);
		await purchase(2, false);

		// The sync log: an event received an hour ago, then a push failed (to be retried) and one given up
		// now — pushes are not events received — and one given up 10 days ago.
		const logged = (minutesAgo: number, source: "webhook" | "push", status: "applied" | "failed" | "dead") => ({
			id: ulid(),
			companyId: co.companyId,
			source,
			entity: "Invoice",
			entityId: "700",
			operation: "Update",
			status,
			attempts: 1,
			at: now - minutesAgo * 60_000,
		});
		await db
			.insert(syncLog)
			.values([
				logged(60, "webhook", "applied"),
				logged(1, "push", "failed"),
				logged(2, "push", "dead"),
				logged(10 * 24 * 60, "push", "dead"),
			]);

		const res = await co.api.get("/api/v1/overview");
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		const overview = res.json<Overview>();
		expect(overview.belowReorder).toEqual({
			products: 1,
			levels: [
				{
					productId: ids.HOSE,
					sku: "HOSE",
					name: "Hose",
					locationId: location,
					available: 100,
					reorderPoint: 120,
					shortfall: 20,
				},
			],
		});
		expect(overview.negative).toEqual({
			products: 1,
			levels: [{ productId: ids.PUMP, sku: "PUMP", name: "Pump", locationId: location, onHand: 25, available: -5 }],
		});
		expect(overview.backordered).toMatchObject({
			count: 1,
			orders: [{ number: "1037", txnDate: "2026-01-05", locationId: location }],
		});
		expect(overview.arriving).toEqual({
			until: isoDay(now + 7 * DAY),
			count: 2,
			late: 1,
			purchases: [
				{ id: late.id, number: late.number, vendorName: null, expectedDate: isoDay(now - DAY), locationId: location },
				{
					id: soon.id,
					number: soon.number,
					vendorName: null,
					expectedDate: isoDay(now + 3 * DAY),
					locationId: location,
				},
			],
		});
		// 25 × 12.50 + 100 × 0.75 = 387.50 at the warehouse; 10 × 0.75 = 7.50 in the van; the bolts have no cost.
		expect(overview.stockValue).toEqual({
			total: 395,
			locations: [
				{ locationId: location, name: "Location 1", value: 387.5, productsWithoutCost: 1 },
				{ locationId: van, name: "Location 2", value: 7.5, productsWithoutCost: 0 },
			],
			productsWithoutCost: 1,
		});
		expect(overview.quickbooks).toEqual({
			connection: "not_connected",
			lastEventAt: new Date(now - 60 * 60_000).toISOString(),
			failed: 1,
			dead: 1,
		});

		// Each figure's list holds what it counts.
		const listed = async (path: string) =>
			(await co.api.get(path))
				.json<{ items: { id: string }[] }>()
				.items.map((i) => i.id)
				.sort();
		expect(await listed("/api/v1/orders?backordered=true")).toEqual(overview.backordered.orders.map((o) => o.id));
		expect(await listed(`/api/v1/purchases?expectedBy=${overview.arriving.until}`)).toEqual([late.id, soon.id].sort());

		// A viewer limited to the van sees the van's stock only; the link's health is the company's.
		const { token } = await createApiToken(db, co.companyId, {
			name: "van viewer",
			role: "viewer",
			locationIds: [van],
		});
		const limited = (await apiClient(token).get("/api/v1/overview")).json<Overview>();
		expect(limited.belowReorder).toEqual({ products: 0, levels: [] });
		expect(limited.negative).toEqual({ products: 0, levels: [] });
		expect(limited.backordered).toEqual({ count: 0, orders: [] });
		expect((await apiClient(token).get("/api/v1/orders?backordered=true")).json()).toMatchObject({ items: [] });
		expect(limited.arriving).toMatchObject({ count: 0, late: 0, purchases: [] });
		expect(limited.stockValue).toEqual({
			total: 7.5,
			locations: [{ locationId: van, name: "Location 2", value: 7.5, productsWithoutCost: 0 }],
			productsWithoutCost: 0,
		});
		expect(limited.quickbooks).toEqual(overview.quickbooks);
	});

	it("a company with nothing to say answers zeros, and a query parameter is refused naming it", async () => {
		const { co } = await salesCompany();
		const overview = (await co.api.get("/api/v1/overview")).json<Overview>();
		expect(overview).toMatchObject({
			belowReorder: { products: 0, levels: [] },
			negative: { products: 0, levels: [] },
			backordered: { count: 0, orders: [] },
			arriving: { count: 0, late: 0, purchases: [] },
			stockValue: { total: 0, productsWithoutCost: 0 },
			quickbooks: { connection: "not_connected", lastEventAt: null, failed: 0, dead: 0 },
		});
		expectProblem(await co.api.get("/api/v1/overview?days=30"), 400, "validation_failed", "days");
	});
});
