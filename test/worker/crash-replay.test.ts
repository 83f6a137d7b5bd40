/**
 * A product object can be evicted at any point — after applying a command but before its flush,
 * or after D1 took a flush but before the outbox was cleared. Either way D1 must end exactly equal
 * to the object, with every movement once.
 */

import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createProducts } from "../../worker/catalogue/products";
import { products, stockLevels, stockMovements } from "../../worker/db/schema";
import type { ProductStock } from "../../worker/stock/product-stock";
import { executeStockCommand, readProductStockState } from "../../worker/stock/product-stock-client";
import type { ProductRef, StockCommand } from "../../worker/stock/stock-command";
import { db, makeCompany, type TestCompany } from "./helpers";

function stubOf(ref: ProductRef) {
	return env.PRODUCT_STOCK.get(env.PRODUCT_STOCK.idFromName(`${ref.companyId}/${ref.productId}`));
}

async function d1State(productId: string) {
	const movements = await db.select().from(stockMovements).where(eq(stockMovements.productId, productId));
	const levels = await db.select().from(stockLevels).where(eq(stockLevels.productId, productId));
	return {
		movementSeqs: movements.map((m) => m.seq).sort((a, b) => a - b),
		onHand: Object.fromEntries(levels.map((l) => [l.locationId, l.onHand])),
	};
}

describe("product object crash and replay", () => {
	let co: TestCompany;
	let ref: ProductRef;
	let warehouse: string;
	let shop: string;

	beforeAll(async () => {
		co = await makeCompany({ locations: 2, products: 0 });
		[warehouse = "", shop = ""] = co.locationIds;
	});

	async function freshProduct(): Promise<ProductRef> {
		const [p] = await createProducts(db, co.companyId, [{ sku: `CRASH-${crypto.randomUUID()}`, name: "Crash" }]);
		if (!p) throw new Error("no product");
		return { companyId: co.companyId, productId: p.id };
	}

	/** Applies a command the way `execute` does, stopping before the flush. */
	async function applyWithoutFlush(target: ProductRef, command: StockCommand) {
		await runInDurableObject(stubOf(target), async (instance: ProductStock) => {
			// biome-ignore lint/complexity/useLiteralKeys: the private first step of `execute` is this test's whole point
			await instance["applyAndArm"](target, command);
		});
	}

	it("movements applied but not flushed before an eviction reach D1 once, through the alarm", async () => {
		ref = await freshProduct();
		await applyWithoutFlush(ref, { type: "adjust", source: "a1", locationId: warehouse, quantity: 50_000 });
		await applyWithoutFlush(ref, {
			type: "transfer",
			source: "t1",
			fromLocationId: warehouse,
			toLocationId: shop,
			quantity: 20_000,
		});
		expect((await d1State(ref.productId)).movementSeqs).toEqual([]);

		await evictDurableObject(stubOf(ref));
		expect(await runDurableObjectAlarm(stubOf(ref))).toBe(true);

		expect(await d1State(ref.productId)).toEqual({
			movementSeqs: [1, 2, 3],
			onHand: { [warehouse]: 30_000, [shop]: 20_000 },
		});
		const state = await readProductStockState(env, ref);
		expect(state.pendingMovements).toBe(0);
		expect(state.levels.map((l) => l.onHand)).toEqual(
			[warehouse, shop].sort().map((id) => (id === warehouse ? 30_000 : 20_000)),
		);
	});

	it("a flush that reached D1 but was not acknowledged is replayed without duplicates", async () => {
		ref = await freshProduct();
		await applyWithoutFlush(ref, { type: "adjust", source: "a1", locationId: warehouse, quantity: 70_000 });
		await applyWithoutFlush(ref, { type: "count", source: "c1", locationId: warehouse, onHand: 60_000 });
		// D1 commits the batch, then the object is evicted before it deletes its outbox.
		await runInDurableObject(stubOf(ref), async (instance: ProductStock) => {
			// biome-ignore lint/complexity/useLiteralKeys: the private D1 write of a flush, without its acknowledgement
			await instance["writeOutboxBatch"]();
		});
		await evictDurableObject(stubOf(ref));
		expect((await readProductStockState(env, ref)).pendingMovements).toBe(0);
		expect(await d1State(ref.productId)).toEqual({ movementSeqs: [1, 2], onHand: { [warehouse]: 60_000, [shop]: 0 } });

		// The replay is complete: later commands continue the same sequence.
		const next = await co.api.post("/api/v1/adjustments", {
			productId: ref.productId,
			locationId: shop,
			quantity: 1,
			idempotencyKey: `after-crash-${ref.productId}`,
		});
		expect(next.status).toBe(201);
		expect(await d1State(ref.productId)).toEqual({
			movementSeqs: [1, 2, 3],
			onHand: { [warehouse]: 60_000, [shop]: 10_000 },
		});
		expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true });
	});

	it("an object evicted with nothing pending loses nothing and answers duplicates the same", async () => {
		const productId = co.productIds[0] ?? (await freshProduct()).productId;
		const body = { productId, locationId: warehouse, quantity: 3, idempotencyKey: `evict-${productId}` };
		const first = await co.api.post("/api/v1/adjustments", body);
		await evictDurableObject(stubOf({ companyId: co.companyId, productId }));
		const again = await co.api.post("/api/v1/adjustments", body);
		expect(first.status).toBe(201);
		expect(again.status).toBe(200);
		expect(again.json()).toEqual(first.json());
		expect((await d1State(productId)).movementSeqs).toEqual([1]);
	});

	it("movements wait in the object while D1 refuses them, and are flushed by the alarm once it accepts", async () => {
		// D1 refuses rows for a product it does not know (foreign keys): a stand-in for D1 being down.
		const ghost = { companyId: co.companyId, productId: `ghost-${crypto.randomUUID()}` };
		const result = await executeStockCommand(env, ghost, {
			type: "adjust",
			source: "a1",
			locationId: warehouse,
			quantity: 40_000,
		});
		expect(result.outcome).toBe("applied");
		expect((await readProductStockState(env, ghost)).pendingMovements).toBe(1);
		expect((await d1State(ghost.productId)).movementSeqs).toEqual([]);

		await db.insert(products).values({ id: ghost.productId, companyId: co.companyId, sku: "GHOST", name: "Ghost" });
		expect(await runDurableObjectAlarm(stubOf(ghost))).toBe(true);
		expect(await d1State(ghost.productId)).toEqual({ movementSeqs: [1], onHand: { [warehouse]: 40_000 } });
	});
});
