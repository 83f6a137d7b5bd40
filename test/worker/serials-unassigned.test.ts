/**
 * Serial numbers in the "to assign" list (`GET /lots/unassigned`, docs/architecture.md#lots): stock
 * of a product tracked by serial number that arrived without serials is listed with its tracking,
 * and an assignment names its serials, one unit each — refused, naming the row, for a serial in
 * stock elsewhere.
 */
import { describe, expect, it } from "vitest";
import { adjust, expectProblem } from "./api-checks";
import { makeCompany } from "./helpers";

type Unassigned = { productId: string; tracking: string; locationId: string; unassigned: number };

const key = () => `serials-unassigned-${crypto.randomUUID()}`;

describe("unassigned stock of a serial product", () => {
	it("is listed with its tracking and assigned to serial numbers, one unit each", async () => {
		const co = await makeCompany({ locations: 2, products: 1 });
		const [productId = "", a = "", b = ""] = [co.productIds[0], ...co.locationIds];
		await adjust(co, productId, a, 3);
		await adjust(co, productId, b, 1);
		expect((await co.api.patch(`/api/v1/products/${productId}`, { tracking: "serial" })).status).toBe(200);

		const listed = await co.api.get(`/api/v1/lots/unassigned?locationId=${a}`);
		expect(listed.status, JSON.stringify(listed.body)).toBe(200);
		expect(
			listed.json<{ items: Unassigned[] }>().items.map((i) => [i.productId, i.tracking, i.locationId, i.unassigned]),
		).toEqual([[productId, "serial", a, 3]]);

		const assign = (locationId: string, lots: { lot: string; quantity: number; batch?: string }[]) =>
			co.api.post("/api/v1/lots/assignments", { productId, locationId, lots, idempotencyKey: key() });
		const done = await assign(a, [
			{ lot: "SN-1", quantity: 1, batch: "B-1" },
			{ lot: "SN-2", quantity: 1, batch: "B-1" },
		]);
		expect(done.status, JSON.stringify(done.body)).toBe(201);
		const left = (await co.api.get(`/api/v1/lots/unassigned?locationId=${a}`)).json<{ items: Unassigned[] }>();
		expect(left.items.map((i) => i.unassigned)).toEqual([1]);

		// SN-1 is in stock at the first location: the second cannot take it.
		const refused = expectProblem(await assign(b, [{ lot: "SN-1", quantity: 1 }]), 409, "lot_refused", "lots.0.lot");
		expect(refused.errors?.[0]?.message).toBe("serial SN-1 is already in stock at Location 1");
		expectProblem(await assign(b, [{ lot: "SN-9", quantity: 2 }]), 400, "validation_failed", "lots.0.quantity");
	});
});
