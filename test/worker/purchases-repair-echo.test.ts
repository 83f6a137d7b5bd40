/**
 * The sync log tells the truth about Stockroom's own bills: when a receipt's bill comes back from
 * QBO (its webhook, then its delete), the log shows it `ignored`, saying whose bill it is, and the
 * stock counts the receipt once.
 */
import { describe, expect, it } from "vitest";
import { allPages, type LevelRow } from "./api-checks";
import { drainCompanySync } from "./company-sync-drain";
import type { TestCompany } from "./helpers";
import { qboPurchasingCompany } from "./purchases-qbo-fixtures";
import { postQboWebhook } from "./qbo-webhook-client";

type LogItem = {
	source: string;
	entity: string;
	entityId: string;
	operation: string;
	status: string;
	error: string | null;
};

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
		const { co, sim, productId, vendorId } = await qboPurchasingCompany();
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
		await drainCompanySync(sim.realmId);
		const [bill] = await sim.query("SELECT * FROM Bill");
		const billId = String(bill?.Id);

		await billWebhook(sim.realmId, billId, "created");
		await drainCompanySync(sim.realmId);
		await sim.save("Bill", { Id: billId, SyncToken: bill?.SyncToken }, "delete");
		await billWebhook(sim.realmId, billId, "deleted");
		await drainCompanySync(sim.realmId);

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
