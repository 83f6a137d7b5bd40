/**
 * Stock sync to QBO: adjustments and counts made in Stockroom reach QBO's quantity (against the
 * simulator), once each, and are recognized when they come back through the catch-up.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { updateSettings } from "../../worker/settings/company-settings";
import { catchUpCompany } from "../../worker/sync/company-sync-client";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { expectProblem } from "./api-checks";
import { companyPendingPushes, drainCompanySync } from "./company-sync-drain";
import { db, makeCompany } from "./helpers";
import { connectSimCompany } from "./qbo-sim-client";

async function syncedCompany(stockSyncToQbo: boolean) {
	const co = await makeCompany({ locations: 2, products: 0 });
	const sim = await connectSimCompany(co.companyId, { items: 2, customers: 1 });
	await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
	await updateSettings(db, co.companyId, { stockSyncToQbo });
	const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
	const products = (await co.api.get("/api/v1/products")).json<{ items: { id: string; qboId: string }[] }>().items;
	const product = products.find((p) => p.qboId === String(item?.Id));
	if (!item || !product) throw new Error("no imported inventory item");
	const qtyAtQbo = async () => Number((await sim.query(`SELECT * FROM Item WHERE Id = '${item.Id}'`))[0]?.QtyOnHand);
	const onHand = async () =>
		(await co.api.get(`/api/v1/products/${product.id}`)).json<{ totals: { onHand: number } }>().totals.onHand;
	return { co, sim, productId: product.id, opening: Number(item.QtyOnHand), qtyAtQbo, onHand };
}

describe("stock sync to QBO", () => {
	it("an adjustment and a count reach QBO's quantity once, and their echo is not counted again", async () => {
		const { co, sim, productId, opening, qtyAtQbo, onHand } = await syncedCompany(true);
		const [warehouse, shop] = co.locationIds;
		const adjust = { productId, locationId: warehouse, quantity: 5, idempotencyKey: "push-1" };
		expect((await co.api.post("/api/v1/adjustments", adjust)).status).toBe(201);
		expect((await co.api.post("/api/v1/adjustments", adjust)).status).toBe(200);
		expect((await co.api.get("/api/v1/sync/status")).json()).toMatchObject({ pendingPushes: 1 });
		await drainCompanySync(sim.realmId);
		expect(await qtyAtQbo()).toBe(opening + 5);
		expect((await co.api.get("/api/v1/sync/status")).json()).toMatchObject({ pendingPushes: 0, pendingEvents: 0 });

		await co.api.post("/api/v1/counts", { productId, locationId: shop, onHand: 2, idempotencyKey: "count-1" });
		await co.api.post("/api/v1/transfers", {
			productId,
			fromLocationId: warehouse,
			toLocationId: shop,
			quantity: 1,
			idempotencyKey: "move-1",
		});
		await drainCompanySync(sim.realmId);
		expect(await qtyAtQbo()).toBe(opening + 7);

		// The catch-up brings our own adjustments back from QBO: recognized, not applied again.
		expect(await catchUpCompany(env, sim.realmId)).toMatchObject({ status: "done" });
		await drainCompanySync(sim.realmId);
		expect(await onHand()).toBe(opening + 7);
		expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true });
		const log = (await co.api.get("/api/v1/sync/log?entity=InventoryAdjustment")).json<{
			items: { source: string; status: string }[];
		}>();
		expect(log.items.filter((l) => l.source === "push").map((l) => l.status)).toEqual(["applied", "applied"]);
		// …and the two adjustments did come back, and were recognized as ours.
		expect(log.items.filter((l) => l.source !== "push").map((l) => l.status)).toEqual(["ignored", "ignored"]);
	});

	it("with stock sync off, QBO's quantity is left alone", async () => {
		const { co, sim, productId, opening, qtyAtQbo } = await syncedCompany(false);
		await co.api.post("/api/v1/adjustments", {
			productId,
			locationId: co.locationIds[0],
			quantity: 3,
			idempotencyKey: "no-push",
		});
		expect(await companyPendingPushes(sim.realmId)).toEqual([]);
		expect(await qtyAtQbo()).toBe(opening);
	});

	it("is off, and says why, for a QuickBooks company that does not track inventory", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		await connectSimCompany(co.companyId, { items: 0, trackInventory: false });
		await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
		const settings = (await co.api.get("/api/v1/settings")).json<{
			stockSyncAvailable: boolean;
			stockSyncNote: string;
		}>();
		expect(settings.stockSyncAvailable).toBe(false);
		expect(settings.stockSyncNote).toMatch(/does not track inventory/);
		const refused = await co.api.patch("/api/v1/settings", { stockSyncToQbo: true });
		expectProblem(refused, 409, "conflict", "stockSyncToQbo");
		expect((await co.api.get("/api/v1/settings")).json()).toMatchObject({ stockSyncToQbo: false });
	});
});
