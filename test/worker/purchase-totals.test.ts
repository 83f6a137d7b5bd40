/**
 * The totals the purchase list shows beside each purchase (GET /purchases): lines, ordered,
 * received and amount, exact to the 4th decimal and following receipts.
 */
import { describe, expect, it } from "vitest";
import { allPages } from "./api-checks";
import { makeCompany } from "./helpers";

type Totals = { lines: number; ordered: number; received: number; amount: number };
type Listed = { id: string; number: string; version: number; totals: Totals };

describe("purchase list totals", () => {
	it("sums each purchase's lines; the amount leaves out lines without a cost and follows receipts", async () => {
		const co = await makeCompany({ products: 2 });
		const [a, b] = co.productIds as [string, string];
		const created = await co.api.post("/api/v1/purchases", {
			locationId: co.locationIds[0],
			lines: [
				{ productId: a, quantity: 3.5, unitCost: 0.0003 },
				{ productId: b, quantity: 2 },
			],
		});
		expect(created.status).toBe(201);
		const first = created.json<Listed>();
		await co.api.post("/api/v1/purchases", {
			locationId: co.locationIds[0],
			lines: [{ productId: a, quantity: 1_000_000, unitCost: 123_456.7891 }],
		});

		const listed = await allPages<Listed>(co.api, "/api/v1/purchases");
		expect(listed.map((p) => [p.number, p.totals])).toEqual([
			// 1 000 000 × 123 456.7891, beyond what a double multiplies exactly in scaled units.
			["PO-0002", { lines: 1, ordered: 1_000_000, received: 0, amount: 123_456_789_100 }],
			// 3.5 × 0.0003 = 0.00105, rounded to 4 decimals.
			["PO-0001", { lines: 2, ordered: 5.5, received: 0, amount: 0.0011 }],
		]);

		const ordered = await co.api.patch(`/api/v1/purchases/${first.id}`, { version: first.version, status: "ordered" });
		expect(ordered.status).toBe(200);
		const receipt = await co.api.post(`/api/v1/purchases/${first.id}/receipts`, {
			lines: [{ productId: b, quantity: 1.25 }],
			idempotencyKey: "totals-rc-1",
		});
		expect(receipt.status).toBe(201);
		const after = await allPages<Listed>(co.api, "/api/v1/purchases?status=partially_received");
		expect(after.map((p) => p.totals)).toEqual([{ lines: 2, ordered: 5.5, received: 1.25, amount: 0.0011 }]);
	});
});
