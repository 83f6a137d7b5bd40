/**
 * Issue 15 (guarded stock moves): a service, a non-inventory item and a kit hold no stock of their
 * own, so every stock command on them — adjustment, count, transfer — is refused with 422
 * `not_stock_tracked` naming `productId`, and nothing moves; an inventory product is unaffected.
 */
import { describe, expect, it } from "vitest";
import { createProducts } from "../../worker/catalogue/products";
import { adjust, expectProblem, stateOf } from "./api-checks";
import { db, makeCompany } from "./helpers";

describe("stock commands on products that hold no stock", () => {
	it("are refused for services, non-inventory items and kits, and change nothing", async () => {
		const co = await makeCompany({ locations: 2, products: 1 });
		const [warehouse, shop] = co.locationIds;
		const [inventory] = co.productIds;
		if (!warehouse || !shop || !inventory) throw new Error("the test company is incomplete");
		const others = await createProducts(db, co.companyId, [
			{ sku: "INSTALL", name: "Installation", type: "service" },
			{ sku: "FREIGHT", name: "Freight", type: "non_inventory" },
			{ sku: "KIT", name: "Starter kit", type: "kit" },
		]);
		const before = await stateOf(co.api);
		for (const product of others) {
			const key = () => `k-${crypto.randomUUID()}`;
			const refused = [
				await co.api.post("/api/v1/adjustments", {
					productId: product.id,
					locationId: warehouse,
					quantity: 5,
					idempotencyKey: key(),
				}),
				await co.api.post("/api/v1/counts", {
					productId: product.id,
					locationId: warehouse,
					onHand: 3,
					idempotencyKey: key(),
				}),
				await co.api.post("/api/v1/transfers", {
					productId: product.id,
					fromLocationId: warehouse,
					toLocationId: shop,
					quantity: 1,
					idempotencyKey: key(),
				}),
			];
			for (const res of refused) expectProblem(res, 422, "not_stock_tracked", "productId");
		}
		expect(await stateOf(co.api)).toEqual(before);
		// An inventory product still moves.
		expect((await adjust(co, inventory, warehouse, 2)).levels).toEqual([
			expect.objectContaining({ locationId: warehouse, onHand: 2 }),
		]);
	});
});
