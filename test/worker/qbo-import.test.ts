/**
 * The import on connect: its progress in GET /sync/status, the opening stock of the products it
 * creates written straight to D1 (worker/stock/opening-seed.ts) with their objects starting from it
 * when first used, a product object used first claiming its product, and an import cut short and
 * run again changing nothing. The sync object's alarm is run by hand, as in company-sync-drain.ts.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDefaultLocation } from "../../worker/catalogue/locations";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { readProductStockState } from "../../worker/stock/product-stock-client";
import { settleOpenings } from "../../worker/sync/catalogue-sync";
import { startImport } from "../../worker/sync/company-sync-client";
import { type ImportStep, importCatalogue, type OpeningStock } from "../../worker/sync/import-catalogue";
import { adjust, allPages, type Movement, onHandBySku, type Schemas, stateOf } from "./api-checks";
import { companySyncOf } from "./company-sync-drain";
import { db, makeCompany, type TestCompany } from "./helpers";
import { connectSimCompany, type SimCompany } from "./qbo-sim-client";

type SyncStatus = Schemas["SyncStatus"];

async function syncStatus(co: TestCompany): Promise<SyncStatus> {
	return (await co.api.get("/api/v1/sync/status")).json<SyncStatus>();
}

/** QBO's quantity of each inventory item, by SKU (the simulator answers at most 1000 a page). */
async function qboQuantities(sim: SimCompany): Promise<Record<string, number>> {
	const quantities: Record<string, number> = {};
	for (let start = 1; start < 100_000; start += 1000) {
		const page = await sim.query(`SELECT * FROM Item STARTPOSITION ${start} MAXRESULTS 1000`);
		for (const item of page) if (item.Type === "Inventory") quantities[String(item.Sku)] = Number(item.QtyOnHand);
		if (page.length < 1000) break;
	}
	return quantities;
}

/** Runs the realm's sync object until its import, opening stock included, is done. */
async function runImport(co: TestCompany, realmId: string): Promise<void> {
	for (let i = 0; i < 20; i++) {
		if (!(await syncStatus(co)).importing) return;
		await runDurableObjectAlarm(companySyncOf(realmId));
	}
	throw new Error("the import did not finish");
}

describe("the import on connect", () => {
	it("shows its phase, items done of total, pace and time left while it runs, and settles every item at QBO's quantity", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const sim = await connectSimCompany(co.companyId, { items: 600, customers: 1, vendors: 1 });
		await startImport(env, sim.realmId);
		expect(await syncStatus(co)).toMatchObject({ importing: true, importProgress: null });

		// The first run writes the catalogue and settles the first 500 items; the rest waits for the next run.
		await runDurableObjectAlarm(companySyncOf(sim.realmId));
		const midway = await syncStatus(co);
		expect(midway).toMatchObject({
			importing: true,
			importProgress: { phase: "opening_stock", done: 500, total: 600 },
		});
		expect(midway.importProgress?.perSecond).toBeGreaterThan(0);
		expect(midway.importProgress?.secondsLeft).toBeGreaterThanOrEqual(0);

		await runImport(co, sim.realmId);
		expect(await syncStatus(co)).toMatchObject({
			importing: false,
			importProgress: null,
			lastImport: { products: 600 },
		});
		// Every level as QBO's quantity (the reconciliation of seeded objects: the tests below).
		const levels = await allPages<{ sku: string; onHand: number }>(co.api, "/api/v1/levels?limit=1000");
		expect(Object.fromEntries(levels.map((l) => [l.sku, l.onHand]))).toEqual(await qboQuantities(sim));
	});

	it("tells each step of the catalogue and of the documents as it goes", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const sim = await connectSimCompany(co.companyId, { items: 3, customers: 1, vendors: 1 });
		const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
		const [customer] = await sim.query("SELECT * FROM Customer");
		await sim.save("Invoice", {
			CustomerRef: { value: customer?.Id },
			Line: [
				{
					DetailType: "SalesItemLineDetail",
					Amount: 20,
					SalesItemLineDetail: { ItemRef: { value: item?.Id }, Qty: 2, UnitPrice: 10 },
				},
			],
		});
		const steps: ImportStep[] = [];
		const api = new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter());
		await importCatalogue(env, co.companyId, api, { settleOpeningStock: true, onProgress: (s) => steps.push(s) });
		expect(steps).toEqual([
			{ phase: "catalogue", done: 0, total: 0 },
			{ phase: "catalogue", done: 0, total: 3 },
			{ phase: "catalogue", done: 3, total: 3 },
			{ phase: "documents", done: 0, total: 1 },
			{ phase: "documents", done: 1, total: 1 },
		]);
		// The invoice's item was woken by its document, so its opening went through its object: the same total.
		expect(await onHandBySku(co)).toEqual(await qboQuantities(sim));
	});

	it("cut short and run again — its opening stock settled a second time, the whole import again — it changes nothing", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const sim = await connectSimCompany(co.companyId, { items: 3, customers: 1, vendors: 1 });
		await startImport(env, sim.realmId);
		await runImport(co, sim.realmId);
		const quantities = await qboQuantities(sim);
		expect(await onHandBySku(co)).toEqual(quantities);
		const before = await stateOf(co.api);
		expect(before.movements.every((m) => m.source.startsWith("qbo:opening:") && m.kind === "adjustment")).toBe(true);

		// The run stopped after writing its openings, before it took them off its queue: they are settled again.
		const levels = before.levels.map((l) => ({ productId: l.productId, sku: l.sku }));
		const opening: OpeningStock[] = levels.map((l) => ({
			productId: l.productId,
			qboItemId: before.movements.find((m) => m.productId === l.productId)?.source.slice("qbo:opening:".length) ?? "",
			qtyOnHand: quantities[l.sku] ?? 0,
			fresh: true,
		}));
		await settleOpenings(env, co.companyId, opening, async (_item, refusal) => {
			throw refusal;
		});
		expect(await stateOf(co.api)).toEqual(before);

		// And the whole import again (a reconnect): every item was settled before.
		await startImport(env, sim.realmId);
		await runImport(co, sim.realmId);
		expect(await stateOf(co.api)).toEqual(before);
		expect(await onHandBySku(co)).toEqual(quantities);
	});

	it("an object used before the import writes its opening claims its product; one used after starts from the opening", async () => {
		const co = await makeCompany({ locations: 1, products: 3 });
		const [read, adjusted, later] = co.productIds as [string, string, string];
		const [locationId] = co.locationIds as [string];
		// Woken by a read only (a reconciliation): it has moved nothing, and yet the import must leave it alone.
		await readProductStockState(env, { companyId: co.companyId, productId: read });
		await adjust(co, adjusted, locationId, 5);
		const opening: OpeningStock[] = [read, adjusted, later].map((productId, i) => ({
			productId,
			qboItemId: String(i + 1),
			qtyOnHand: 10 * 10_000,
			fresh: true,
		}));
		expect((await getDefaultLocation(db, co.companyId))?.id).toBe(locationId);
		await settleOpenings(env, co.companyId, opening, async (_item, refusal) => {
			throw refusal;
		});
		// Each product's total is QBO's quantity: the adjustment made before is netted out, as on any import.
		expect(Object.values(await onHandBySku(co))).toEqual([10, 10, 10]);

		await adjust(co, later, locationId, 2);
		const ledger = await allPages<Movement>(co.api, `/api/v1/movements?productId=${later}&limit=100`);
		expect(ledger.map((m) => [m.kind, m.source.startsWith("qbo:opening:"), m.onHandDelta, m.onHandAfter])).toEqual([
			["adjustment", false, 2, 12],
			["adjustment", true, 10, 10],
		]);
		const state = await readProductStockState(env, { companyId: co.companyId, productId: later });
		expect(state).toMatchObject({ lastSeq: 2, pendingMovements: 0 });
		expect(state.effects.map((e) => e.source).sort()).toEqual([expect.stringMatching(/^adjustment:/), "qbo:opening:3"]);
		expect(await onHandBySku(co)).toMatchObject({ "SKU-0002": 12 });
	});
});
