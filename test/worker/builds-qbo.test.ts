/**
 * Builds change on hand that QBO cannot see: with stock sync on, a build reaches QBO's quantity of
 * the assembly and of each component once (against the simulator), and its echo is not counted again.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ProductObjects } from "../../worker/assemblies/build-completion";
import { repairPendingBuilds } from "../../worker/assemblies/build-repair";
import { createBuild } from "../../worker/assemblies/builds";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { updateSettings } from "../../worker/settings/company-settings";
import { executeStockCommand } from "../../worker/stock/product-stock-client";
import { catchUpCompany } from "../../worker/sync/company-sync-client";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { drainCompanySync } from "./company-sync-drain";
import { db, makeCompany } from "./helpers";
import { connectSimCompany } from "./qbo-sim-client";

/** A company connected to the simulator with stock sync on; item 1 is assembled from items 2 (×1) and 3 (×4). */
async function assemblyInQbo() {
	const co = await makeCompany({ locations: 2, products: 0 });
	const sim = await connectSimCompany(co.companyId, { items: 3, customers: 1 });
	await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
	await updateSettings(db, co.companyId, { stockSyncToQbo: true });
	const items = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
	const products = (await co.api.get("/api/v1/products")).json<{ items: { id: string; qboId: string }[] }>().items;
	const [assembly, panel, screw] = items.map((item) => {
		const product = products.find((p) => p.qboId === String(item.Id));
		if (!product) throw new Error(`item ${item.Id} was not imported`);
		return { id: product.id, qboId: String(item.Id), opening: Number(item.QtyOnHand) };
	});
	if (!assembly || !panel || !screw) throw new Error("three inventory items expected");
	const qtyAtQbo = async (qboId: string) =>
		Number((await sim.query(`SELECT * FROM Item WHERE Id = '${qboId}'`))[0]?.QtyOnHand);

	const bom = await co.api.call("PUT", `/api/v1/assemblies/${assembly.id}`, {
		components: [
			{ productId: panel.id, quantity: 1 },
			{ productId: screw.id, quantity: 4 },
		],
		version: 0,
	});
	expect(bom.status).toBe(200);
	return { co, sim, assembly, panel, screw, qtyAtQbo };
}

describe("builds and QBO's quantity", () => {
	it("a build pushes the assembly's and each component's change to QBO once; the echo changes nothing", async () => {
		const { co, sim, assembly, panel, screw, qtyAtQbo } = await assemblyInQbo();
		const build = {
			productId: assembly.id,
			locationId: co.locationIds[0],
			quantity: 2,
			override: true,
			idempotencyKey: "qbo-build-1",
		};
		expect((await co.api.post("/api/v1/builds", build)).status).toBe(201);
		expect((await co.api.post("/api/v1/builds", build)).status).toBe(200);
		await drainCompanySync(sim.realmId);
		expect(await qtyAtQbo(assembly.qboId)).toBe(assembly.opening + 2);
		expect(await qtyAtQbo(panel.qboId)).toBe(panel.opening - 2);
		expect(await qtyAtQbo(screw.qboId)).toBe(screw.opening - 8);

		// The catch-up brings the pushed adjustments back: recognized as ours, stock unchanged.
		expect(await catchUpCompany(env, sim.realmId)).toMatchObject({ status: "done" });
		await drainCompanySync(sim.realmId);
		const totals = async (id: string) =>
			(await co.api.get(`/api/v1/products/${id}`)).json<{ totals: { onHand: number } }>().totals.onHand;
		expect(await totals(assembly.id)).toBe(assembly.opening + 2);
		expect(await totals(screw.id)).toBe(screw.opening - 8);
		expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true });
	});

	it("a build that a product object failed in the middle still reaches QBO exactly once per product after its repair", async () => {
		const { co, sim, assembly, panel, screw, qtyAtQbo } = await assemblyInQbo();
		const screwDown: ProductObjects = {
			execute: (e, ref, command) =>
				ref.productId === screw.id ? Promise.reject(new Error("unavailable")) : executeStockCommand(e, ref, command),
		};
		const input = {
			productId: assembly.id,
			locationId: co.locationIds[0] as string,
			quantity: 10_000,
			kind: "build" as const,
			override: true,
			idempotencyKey: "qbo-build-2",
		};
		await expect(createBuild(env, co.companyId, input, screwDown)).rejects.toMatchObject({ code: "unavailable" });
		expect(await repairPendingBuilds(env, { now: Date.now() + 60_000 })).toMatchObject({ completed: 1, failed: 0 });
		await drainCompanySync(sim.realmId);
		expect(await qtyAtQbo(assembly.qboId)).toBe(assembly.opening + 1);
		expect(await qtyAtQbo(panel.qboId)).toBe(panel.opening - 1);
		expect(await qtyAtQbo(screw.qboId)).toBe(screw.opening - 4);
	});
});
