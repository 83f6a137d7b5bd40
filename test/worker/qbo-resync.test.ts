/** Resync on demand, against the QBO simulator: from QBO (what was missed) and to QBO (its quantities). */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { updateSettings } from "../../worker/settings/company-settings";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { expectProblem } from "./api-checks";
import { db, makeCompany } from "./helpers";
import { connectSimCompany } from "./qbo-sim-client";

async function drain(realmId: string) {
	const stub = env.COMPANY_SYNC.get(env.COMPANY_SYNC.idFromName(realmId));
	for (let i = 0; i < 50; i++) {
		const progress = await stub.progress();
		if (progress.pendingEvents === 0 && progress.pendingPushes === 0) return;
		await runDurableObjectAlarm(stub);
	}
	throw new Error("the company object did not drain");
}

async function connected() {
	const co = await makeCompany({ locations: 1, products: 0 });
	const sim = await connectSimCompany(co.companyId, { items: 2, customers: 1 });
	await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
	const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
	const [customer] = await sim.query("SELECT * FROM Customer");
	const products = (await co.api.get("/api/v1/products")).json<{ items: { id: string; qboId: string }[] }>().items;
	const productId = products.find((p) => p.qboId === String(item?.Id))?.id ?? "";
	const onHand = async () =>
		(await co.api.get(`/api/v1/products/${productId}`)).json<{ totals: { onHand: number } }>().totals.onHand;
	const qtyAtQbo = async () => Number((await sim.query(`SELECT * FROM Item WHERE Id = '${item?.Id}'`))[0]?.QtyOnHand);
	return { co, sim, itemId: String(item?.Id), customerId: String(customer?.Id), productId, onHand, qtyAtQbo };
}

describe("resync on demand", () => {
	it("from QBO applies the documents no webhook told us about, and nothing twice", async () => {
		const { co, sim, itemId, customerId, onHand } = await connected();
		const before = await onHand();
		await sim.save("Invoice", {
			CustomerRef: { value: customerId },
			Line: [
				{ DetailType: "SalesItemLineDetail", Amount: 4, SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 4 } },
			],
		});
		for (let run = 0; run < 2; run++) {
			const res = await co.api.post("/api/v1/sync/resync", { direction: "from_qbo" });
			expect(res.status).toBe(202);
			expect(res.json()).toMatchObject({ direction: "from_qbo", events: 1 });
			await drain(sim.realmId);
			expect(await onHand()).toBe(before - 4);
		}
	});

	it("to QBO sets QBO's quantity to ours", async () => {
		const { co, sim, productId, onHand, qtyAtQbo } = await connected();
		await co.api.post("/api/v1/adjustments", {
			productId,
			locationId: co.locationIds[0],
			quantity: 7.5,
			idempotencyKey: "found-more",
		});
		expect(await qtyAtQbo()).not.toBe(await onHand());
		const res = await co.api.post("/api/v1/sync/resync", { direction: "to_qbo" });
		expect(res.json()).toMatchObject({ pushes: 1 });
		await drain(sim.realmId);
		expect(await qtyAtQbo()).toBe(await onHand());
		expect((await co.api.post("/api/v1/sync/resync", { direction: "to_qbo" })).json()).toMatchObject({ pushes: 0 });
	});

	it("to QBO is refused in reserve-until-delivery mode, and without a connection", async () => {
		const { co } = await connected();
		await updateSettings(db, co.companyId, { orderMode: "reserve_until_delivery" });
		expectProblem(await co.api.post("/api/v1/sync/resync", { direction: "to_qbo" }), 409, "conflict");
		const alone = await makeCompany();
		expectProblem(await alone.api.post("/api/v1/sync/resync", { direction: "from_qbo" }), 404, "not_found");
		expectProblem(
			await co.api.post("/api/v1/sync/resync", { direction: "sideways" }),
			400,
			"validation_failed",
			"direction",
		);
	});
});
