/**
 * Issue 14, gap 9: the push to QuickBooks a user's adjustment owes is written with the command (the
 * key's `push_pending`), so a crash after the product object applied it and before the push was
 * queued cannot lose it: the client's retry hands it over, and so does the cron when no retry
 * comes — once, whichever comes first. Against the simulator; the crash is the request's push
 * hand-off failing.
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { toScaled } from "../../worker/core/quantity";
import { commandKeys } from "../../worker/db/schema";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { updateSettings } from "../../worker/settings/company-settings";
import { runStockCommand } from "../../worker/stock/stock-commands";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { sweepPendingStockPushes } from "../../worker/sync/stock-push-sweep";
import { drainCompanySync } from "./company-sync-drain";
import { db, makeCompany } from "./helpers";
import { connectSimCompany } from "./qbo-sim-client";

async function syncedCompany() {
	const co = await makeCompany({ locations: 1, products: 0 });
	const sim = await connectSimCompany(co.companyId, { items: 1, customers: 1 });
	await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
	await updateSettings(db, co.companyId, { stockSyncToQbo: true });
	const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
	const products = (await co.api.get("/api/v1/products")).json<{ items: { id: string; qboId: string }[] }>().items;
	const productId = products.find((p) => p.qboId === String(item?.Id))?.id ?? "";
	const qtyAtQbo = async () => Number((await sim.query(`SELECT * FROM Item WHERE Id = '${item?.Id}'`))[0]?.QtyOnHand);
	const ourAdjustments = async () =>
		(await sim.query("SELECT * FROM InventoryAdjustment")).filter((a) =>
			String(a.PrivateNote ?? "").startsWith("Stockroom movement "),
		).length;
	return { co, sim, productId, opening: Number(item?.QtyOnHand), qtyAtQbo, ourAdjustments };
}

/** The adjustment applied by its product object, then the request crashing before its push was queued. */
async function adjustThenCrash(companyId: string, productId: string, locationId: string, key: string) {
	const request = { productId, locationId, quantity: 4, idempotencyKey: key };
	const command = { type: "adjust", locationId, quantity: toScaled(4) } as const;
	await expect(
		runStockCommand(env, companyId, request, command, async () => {
			throw new Error("the Worker was stopped here");
		}),
	).rejects.toThrow("the Worker was stopped here");
	return request;
}

describe("a push owed by a user's command", () => {
	it("is handed over by the client's retry after a crash, once", async () => {
		const { co, sim, productId, opening, qtyAtQbo, ourAdjustments } = await syncedCompany();
		const locationId = co.locationIds[0] ?? "";
		const request = await adjustThenCrash(co.companyId, productId, locationId, "crash-retry-1");
		await drainCompanySync(sim.realmId);
		expect(await qtyAtQbo()).toBe(opening);

		// The retry finds the adjustment applied (nothing moves twice) and hands its push over.
		expect((await co.api.post("/api/v1/adjustments", request)).status).toBe(200);
		await drainCompanySync(sim.realmId);
		expect(await qtyAtQbo()).toBe(opening + 4);

		// Nothing is owed any more: the cron, even late, sends nothing again.
		expect(await sweepPendingStockPushes(env, Date.now() + 10 * 60_000)).toBe(0);
		await drainCompanySync(sim.realmId);
		expect(await qtyAtQbo()).toBe(opening + 4);
		expect(await ourAdjustments()).toBe(1);
	});

	it("is handed over by the cron when no retry comes, once, and not before the request had time to finish", async () => {
		const { co, sim, productId, opening, qtyAtQbo, ourAdjustments } = await syncedCompany();
		const locationId = co.locationIds[0] ?? "";
		const request = await adjustThenCrash(co.companyId, productId, locationId, "crash-no-retry-1");
		expect(await sweepPendingStockPushes(env)).toBe(0);

		expect(await sweepPendingStockPushes(env, Date.now() + 3 * 60_000)).toBe(1);
		await drainCompanySync(sim.realmId);
		expect(await qtyAtQbo()).toBe(opening + 4);
		const [claim] = await db
			.select({ pushPending: commandKeys.pushPending })
			.from(commandKeys)
			.where(and(eq(commandKeys.companyId, co.companyId), eq(commandKeys.key, request.idempotencyKey)));
		expect(claim?.pushPending).toBe(false);

		// A retry arriving after the cron pushes nothing more: the push is keyed by the movement.
		expect((await co.api.post("/api/v1/adjustments", request)).status).toBe(200);
		await drainCompanySync(sim.realmId);
		expect(await qtyAtQbo()).toBe(opening + 4);
		expect(await ourAdjustments()).toBe(1);
		expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true });
	});

	it("is not owed by a command the product object never applied", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		// A claim whose command never reached its object: no movement; given up on after an hour.
		await db.insert(commandKeys).values({
			companyId: co.companyId,
			key: "never-applied",
			kind: "adjustment",
			requestHash: "x",
			pushPending: true,
			createdAt: Date.now() - 5 * 60_000,
		});
		const owed = () =>
			db
				.select({ key: commandKeys.key })
				.from(commandKeys)
				.where(and(eq(commandKeys.companyId, co.companyId), eq(commandKeys.pushPending, true)));
		expect(await sweepPendingStockPushes(env)).toBe(0);
		expect(await owed()).toEqual([{ key: "never-applied" }]);
		expect(await sweepPendingStockPushes(env, Date.now() + 2 * 60 * 60_000)).toBe(0);
		expect(await owed()).toEqual([]);
	});
});
