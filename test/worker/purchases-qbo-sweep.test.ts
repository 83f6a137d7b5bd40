/**
 * The cron's sweep of purchase documents left `pending` in D1 that never reached the company's
 * sync object (a crash between the D1 write and the hand-off, played here by emptying the object's
 * queue): queued again once they are a few minutes old, under the same request id, so that QBO ends
 * up with exactly one PurchaseOrder or Bill however often the sweep runs.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { purchaseReceipts, purchases } from "../../worker/db/schema";
import { SWEEP_AFTER_MS, sweepCompanyPurchaseDocuments } from "../../worker/purchasing/qbo-purchase-sweep";
import { catchUpAllCompanies } from "../../worker/sync/scheduled-catch-up";
import { companySyncOf, drainCompanySync } from "./company-sync-drain";
import { db, type TestCompany } from "./helpers";
import { qboPurchasingCompany } from "./purchases-qbo-fixtures";

type QboState = { qboStatus: "pending" | "created" | "failed" | null; qboError: string | null };
type Receipt = QboState & { id: string; qboBillId: string | null };
type Purchase = QboState & { id: string; version: number; qboPurchaseOrderId: string | null; receipts: Receipt[] };

const LATER = SWEEP_AFTER_MS + 60_000;

/** The crash: D1 says pending, but the hand-off to the sync object never happened. */
async function loseHandOff(realmId: string) {
	await runInDurableObject(companySyncOf(realmId), async (_, state) => {
		state.storage.sql.exec("DELETE FROM qbo_purchase_documents");
		await state.storage.deleteAlarm();
	});
	expect(await companySyncOf(realmId).pendingPurchaseDocuments()).toEqual([]);
}

async function orderPurchase(co: TestCompany, vendorId: string, productId: string) {
	const created = await co.api.post("/api/v1/purchases", {
		vendorId,
		locationId: co.locationIds[0],
		lines: [{ productId, quantity: 5, unitCost: 2 }],
	});
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	const draft = created.json<Purchase>();
	const ordered = await co.api.patch(`/api/v1/purchases/${draft.id}`, { version: draft.version, status: "ordered" });
	expect(ordered.status, JSON.stringify(ordered.body)).toBe(200);
	return ordered.json<Purchase>();
}

async function receive(co: TestCompany, purchaseId: string, productId: string) {
	const res = await co.api.post(`/api/v1/purchases/${purchaseId}/receipts`, {
		lines: [{ productId, quantity: 2 }],
		idempotencyKey: `rc-${crypto.randomUUID()}`,
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.json<Receipt>();
}

/** One company's sweep (the cron sweeps every connected one), at `now` — by default minutes from now. */
const sweep = (companyId: string, realmId: string, now = Date.now() + LATER) =>
	sweepCompanyPurchaseDocuments(env, { companyId, realmId }, now);

const purchaseOf = async (co: TestCompany, id: string) =>
	(await co.api.get(`/api/v1/purchases/${id}`)).json<Purchase>();

describe("the cron's sweep of pending purchase documents", () => {
	it("queues again a receipt's bill that never reached the sync object: one bill, however often it runs", async () => {
		const { co, sim, productId, vendorId } = await qboPurchasingCompany();
		const purchase = await orderPurchase(co, vendorId, productId);
		await drainCompanySync(sim.realmId, ["purchaseDocuments"]);
		const [po] = await sim.query("SELECT * FROM PurchaseOrder");
		const receipt = await receive(co, purchase.id, productId);
		expect(receipt.qboStatus).toBe("pending");
		await loseHandOff(sim.realmId);

		// Just received: its hand-off may still be on its way, so the sweep leaves it.
		expect(await sweep(co.companyId, sim.realmId, Date.now())).toMatchObject({ queued: 0 });
		// Minutes later it is queued again — once, however often the sweep runs before it is sent.
		expect(await sweep(co.companyId, sim.realmId)).toEqual({ pending: 1, queued: 1 });
		expect(await sweep(co.companyId, sim.realmId)).toEqual({ pending: 1, queued: 0 });
		await drainCompanySync(sim.realmId, ["purchaseDocuments"]);
		const bills = await sim.query("SELECT * FROM Bill");
		expect(bills).toHaveLength(1);
		expect(bills[0]).toMatchObject({ LinkedTxn: [{ TxnId: po?.Id, TxnType: "PurchaseOrder" }] });
		expect((await purchaseOf(co, purchase.id)).receipts[0]).toMatchObject({
			id: receipt.id,
			qboStatus: "created",
			qboBillId: bills[0]?.Id,
		});

		// Nothing is pending any more: later sweeps send nothing.
		expect(await sweep(co.companyId, sim.realmId)).toEqual({ pending: 0, queued: 0 });
		await drainCompanySync(sim.realmId, ["purchaseDocuments"]);
		expect(await sim.query("SELECT * FROM Bill")).toHaveLength(1);
	});

	it("a retried bill QBO already made, whose hand-off was lost, is sent under the same request id: still one bill", async () => {
		const { co, sim, productId, vendorId } = await qboPurchasingCompany();
		const purchase = await orderPurchase(co, vendorId, productId);
		await drainCompanySync(sim.realmId, ["purchaseDocuments"]);
		// QBO makes the bill, but none of its five answers arrives: the job dies, the receipt failed.
		await sim.fault({ kind: "lost_response", match: "/bill", count: 5 });
		const receipt = await receive(co, purchase.id, productId);
		await drainCompanySync(sim.realmId, ["purchaseDocuments"]);
		expect(await sim.query("SELECT * FROM Bill")).toHaveLength(1);
		expect((await purchaseOf(co, purchase.id)).receipts[0]).toMatchObject({ qboStatus: "failed" });
		// A retry marked it pending again, then crashed before handing it over.
		await db
			.update(purchaseReceipts)
			.set({ qboStatus: "pending", qboError: null })
			.where(and(eq(purchaseReceipts.companyId, co.companyId), eq(purchaseReceipts.id, receipt.id)));

		expect(await sweep(co.companyId, sim.realmId)).toMatchObject({ queued: 1 });
		await drainCompanySync(sim.realmId, ["purchaseDocuments"]);
		const bills = await sim.query("SELECT * FROM Bill");
		expect(bills).toHaveLength(1);
		expect((await purchaseOf(co, purchase.id)).receipts[0]).toMatchObject({
			qboStatus: "created",
			qboBillId: bills[0]?.Id,
			qboError: null,
		});
	});

	it("the scheduled cron sends a purchase order whose hand-off was lost, once", async () => {
		const { co, sim, productId, vendorId } = await qboPurchasingCompany();
		const purchase = await orderPurchase(co, vendorId, productId);
		expect(purchase.qboStatus).toBe("pending");
		await loseHandOff(sim.realmId);
		// Left alone, nothing would ever send it.
		await runDurableObjectAlarm(companySyncOf(sim.realmId));
		expect(await sim.query("SELECT * FROM PurchaseOrder")).toEqual([]);
		// Ordered minutes ago (the cron reads the clock itself).
		await db
			.update(purchases)
			.set({ updatedAt: Date.now() - LATER })
			.where(and(eq(purchases.companyId, co.companyId), eq(purchases.id, purchase.id)));

		await catchUpAllCompanies(env);
		await catchUpAllCompanies(env);
		await drainCompanySync(sim.realmId, ["purchaseDocuments"]);
		const orders = await sim.query("SELECT * FROM PurchaseOrder");
		expect(orders).toHaveLength(1);
		expect(await purchaseOf(co, purchase.id)).toMatchObject({
			qboStatus: "created",
			qboPurchaseOrderId: orders[0]?.Id,
		});
	});
});
