/**
 * Many users at once, through the real HTTP handler: nothing lost, nothing applied twice.
 */
import { describe, expect, it } from "vitest";
import { makeCompany, type TestCompany } from "./helpers";

type Level = { productId: string; locationId: string; onHand: number };

async function onHandOf(co: TestCompany, productId: string, locationId: string): Promise<number | undefined> {
	const res = await co.api.get(`/api/v1/products/${productId}`);
	return res.json<{ levels: Level[] }>().levels.find((l) => l.locationId === locationId)?.onHand;
}

async function movementCount(co: TestCompany, productId: string): Promise<number> {
	let count = 0;
	let cursor: string | null = null;
	do {
		const page = await co.api.get(
			`/api/v1/movements?productId=${productId}&limit=1000${cursor ? `&cursor=${cursor}` : ""}`,
		);
		const body = page.json<{ items: unknown[]; nextCursor: string | null }>();
		count += body.items.length;
		cursor = body.nextCursor;
	} while (cursor);
	return count;
}

describe("concurrent stock commands", () => {
	it("500 concurrent adjustments on one product all count, once each", async () => {
		const co = await makeCompany({ locations: 1, products: 1 });
		const [productId = ""] = co.productIds;
		const [locationId = ""] = co.locationIds;
		const answers = await Promise.all(
			Array.from({ length: 500 }, (_, i) =>
				co.api.post("/api/v1/adjustments", { productId, locationId, quantity: 1.25, idempotencyKey: `hot-${i}` }),
			),
		);
		expect(answers.map((a) => a.status)).toEqual(Array(500).fill(201));
		expect(await onHandOf(co, productId, locationId)).toBe(625);
		expect(await movementCount(co, productId)).toBe(500);
		expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true, mismatches: [] });
	});

	it("adjustments and transfers spread over many products in parallel land exactly", async () => {
		const co = await makeCompany({ locations: 2, products: 20 });
		const [a = "", b = ""] = co.locationIds;
		const requests = co.productIds.flatMap((productId, p) =>
			Array.from({ length: 15 }, (_, i) =>
				i % 3 === 2
					? co.api.post("/api/v1/transfers", {
							productId,
							fromLocationId: a,
							toLocationId: b,
							quantity: 0.5,
							// A transfer may land before the adjustments that fill A: it may take A below zero meanwhile.
							allowNegative: true,
							idempotencyKey: `t-${p}-${i}`,
						})
					: co.api.post("/api/v1/adjustments", {
							productId,
							locationId: a,
							quantity: 2,
							idempotencyKey: `a-${p}-${i}`,
						}),
			),
		);
		const answers = await Promise.all(requests);
		expect(answers.every((r) => r.status === 201)).toBe(true);
		for (const productId of co.productIds) {
			// 10 adjustments of +2 at A, 5 transfers of 0.5 from A to B.
			expect(await onHandOf(co, productId, a)).toBe(17.5);
			expect(await onHandOf(co, productId, b)).toBe(2.5);
		}
		expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true, checked: 20 });
	});

	it("the same idempotency key sent 50 times at once applies once", async () => {
		const co = await makeCompany({ locations: 1, products: 1 });
		const [productId = ""] = co.productIds;
		const [locationId = ""] = co.locationIds;
		const body = { productId, locationId, quantity: 7, idempotencyKey: "only-once" };
		const answers = await Promise.all(Array.from({ length: 50 }, () => co.api.post("/api/v1/adjustments", body)));
		const statuses = answers.map((a) => a.status).sort();
		expect(statuses.filter((s) => s === 201)).toHaveLength(1);
		expect(statuses.filter((s) => s === 200)).toHaveLength(49);
		const ids = new Set(answers.map((a) => a.json<{ movementId: string }>().movementId));
		expect(ids.size).toBe(1);
		expect(await onHandOf(co, productId, locationId)).toBe(7);
		expect(await movementCount(co, productId)).toBe(1);
	});
});
