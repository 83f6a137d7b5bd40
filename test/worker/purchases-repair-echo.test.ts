/**
 * The sync log tells the truth about Stockroom's own bills: when a receipt's bill comes back from
 * QBO (its webhook, then its delete), the log shows it `ignored`, saying whose bill it is, and the
 * stock counts the receipt once.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { updateSettings } from "../../worker/settings/company-settings";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { allPages, type LevelRow } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";
import { connectSimCompany } from "./qbo-sim-client";
import { postQboWebhook } from "./qbo-webhook-client";

type LogItem = {
	source: string;
	entity: string;
	entityId: string;
	operation: string;
	status: string;
	error: string | null;
};

function stubOf(realmId: string) {
	return env.COMPANY_SYNC.get(env.COMPANY_SYNC.idFromName(realmId));
}

/** Runs the company object until its inbox and its purchase documents are done. */
async function drain(realmId: string) {
	for (let i = 0; i < 50; i++) {
		const stub = stubOf(realmId);
		if ((await stub.inbox()).pending.length === 0 && (await stub.pendingPurchaseDocuments()).length === 0) return;
		await runDurableObjectAlarm(stub);
	}
	throw new Error("the company object did not drain");
}

/** Intuit's notification of one bill, signed, as a CloudEvent. */
async function billWebhook(realmId: string, billId: string, verb: "created" | "deleted") {
	const body = [
		{
			specversion: "1.0",
			id: `evt-${crypto.randomUUID()}`,
			source: "intuit.simulator",
			type: `qbo.bill.${verb}.v1`,
			datacontenttype: "application/json",
			time: new Date().toISOString(),
			intuitentityid: billId,
			intuitaccountid: realmId,
			data: {},
		},
	];
	expect((await postQboWebhook(JSON.stringify(body))).status).toBe(200);
}

async function onHand(co: TestCompany, productId: string) {
	const rows = await allPages<LevelRow>(co.api, "/api/v1/levels?limit=1000");
	return rows.filter((r) => r.productId === productId).reduce((sum, r) => sum + r.onHand, 0);
}

describe("the echo of Stockroom's own bill in the sync log", () => {
	it("is logged as ignored, naming the receipt, for its creation and its delete; the receipt counts once", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const sim = await connectSimCompany(co.companyId, { items: 1, customers: 1, vendors: 1 });
		await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
		await updateSettings(db, co.companyId, { purchasesToQbo: true, stockSyncToQbo: false });
		const products = (await co.api.get("/api/v1/products")).json<{ items: { id: string; qboId: string | null }[] }>();
		const vendors = (await co.api.get("/api/v1/vendors")).json<{ items: { id: string; qboId: string | null }[] }>();
		const productId = products.items.find((p) => p.qboId)?.id ?? "";
		const vendorId = vendors.items.find((v) => v.qboId)?.id ?? "";
		const opening = await onHand(co, productId);

		const created = await co.api.post("/api/v1/purchases", {
			vendorId,
			locationId: co.locationIds[0],
			lines: [{ productId, quantity: 5, unitCost: 2 }],
		});
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		const draft = created.json<{ id: string; version: number }>();
		await co.api.patch(`/api/v1/purchases/${draft.id}`, { version: draft.version, status: "ordered" });
		const received = await co.api.post(`/api/v1/purchases/${draft.id}/receipts`, {
			lines: [{ productId, quantity: 2 }],
			idempotencyKey: "rc-echo",
		});
		expect(received.status, JSON.stringify(received.body)).toBe(201);
		expect(received.json()).toMatchObject({ number: "RC-0001", qboStatus: "pending" });
		await drain(sim.realmId);
		const [bill] = await sim.query("SELECT * FROM Bill");
		const billId = String(bill?.Id);

		await billWebhook(sim.realmId, billId, "created");
		await drain(sim.realmId);
		await sim.save("Bill", { Id: billId, SyncToken: bill?.SyncToken }, "delete");
		await billWebhook(sim.realmId, billId, "deleted");
		await drain(sim.realmId);

		const log = (await co.api.get("/api/v1/sync/log?entity=Bill")).json<{ items: LogItem[] }>();
		const echoes = log.items.filter((l) => l.source === "webhook");
		expect(
			echoes.map((l) => ({ entityId: l.entityId, operation: l.operation, status: l.status, error: l.error })),
		).toEqual([
			{ entityId: billId, operation: "delete", status: "ignored", error: "our own bill for RC-0001" },
			{ entityId: billId, operation: "create", status: "ignored", error: "our own bill for RC-0001" },
		]);
		// Neither the bill nor its delete moved stock: the receipt's 2 are on hand, once.
		expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true });
		expect(await onHand(co, productId)).toBe(opening + 2);
	});
});
