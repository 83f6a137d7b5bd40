/**
 * Purchases in QBO (setting `purchasesToQbo`), against the simulator: ordering creates one
 * PurchaseOrder, each receipt one Bill linked to it; the bills move QBO's quantity themselves, and
 * their webhooks — the simulator's own notifications, posted signed to the Worker's webhook route —
 * come back recognized, so that nothing is counted twice. A create whose answer is lost is retried
 * under the same requestid into the same bill. Without a bill, the receipt is pushed as before.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { updateSettings } from "../../worker/settings/company-settings";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { allPages, expectProblem, type LevelRow } from "./api-checks";
import { companySyncOf, drainCompanySync } from "./company-sync-drain";
import { db, makeCompany, type TestCompany } from "./helpers";
import { connectSimCompany, type SimCompany } from "./qbo-sim-client";
import { postQboWebhook } from "./qbo-webhook-client";

type Json = Record<string, unknown>;
type QboState = { qboStatus: "pending" | "created" | "failed" | null; qboError: string | null };
type Receipt = QboState & { id: string; number: string; qboBillId: string | null; purchase?: { status: string } };
type Purchase = QboState & {
	id: string;
	number: string;
	status: string;
	version: number;
	qboPurchaseOrderId: string | null;
	receipts: Receipt[];
};

const simAdmin = (path: string, method = "GET", body?: Json) =>
	fetch(`${env.SIM_ADMIN_URL}${path}`, {
		method,
		headers: { "content-type": "application/json" },
		...(body ? { body: JSON.stringify(body) } : {}),
	});

/**
 * The simulator notifies the realm's changes to a webhook that never sends within a test (a
 * 10-minute batching window): the tests read its events and post them to the Worker themselves.
 */
const watched: string[] = [];
async function watchWebhooks(realmId: string) {
	const res = await simAdmin(`/companies/${realmId}/webhook`, "PUT", {
		url: "http://127.0.0.1:9/not-used",
		verifier: String(env.QBO_WEBHOOK_VERIFIER),
		batchWindowMs: 600_000,
	});
	expect(res.status).toBe(200);
	watched.push(realmId);
}
afterEach(async () => {
	for (const realmId of watched.splice(0)) await simAdmin(`/companies/${realmId}/webhook`, "DELETE");
});

const VERBS: Record<string, string> = { Create: "created", Update: "updated", Delete: "deleted", Void: "voided" };

/** Posts every notification the simulator made of `entities`, signed, as CloudEvents (repeats are deduped). */
async function echoWebhooks(realmId: string, entities: string[]) {
	const { events } = (await (await simAdmin(`/companies/${realmId}/webhook/deliveries`)).json()) as {
		events: { id: string; type: string; entityId: string }[];
	};
	const body = events.flatMap((e) => {
		const [entity = "", operation = ""] = e.type.split(".");
		if (!entities.includes(entity)) return [];
		return [
			{
				specversion: "1.0",
				id: e.id,
				source: "intuit.simulator",
				type: `qbo.${entity.toLowerCase()}.${VERBS[operation]}.v1`,
				datacontenttype: "application/json",
				time: new Date().toISOString(),
				intuitentityid: e.entityId,
				intuitaccountid: realmId,
				data: {},
			},
		];
	});
	expect(body.length).toBeGreaterThan(0);
	expect((await postQboWebhook(JSON.stringify(body))).status).toBe(200);
	return body.length;
}

async function qboCompany(settings: { purchasesToQbo: boolean; stockSyncToQbo: boolean }) {
	const co = await makeCompany({ locations: 1, products: 0 });
	// The company's location is the QBO department of the same name (linked at import).
	const sim = await connectSimCompany(co.companyId, {
		items: 2,
		customers: 1,
		vendors: 1,
		departments: ["Location 1"],
	});
	await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
	await updateSettings(db, co.companyId, settings);
	await watchWebhooks(sim.realmId);
	const products = (await co.api.get("/api/v1/products")).json<{ items: { id: string; qboId: string | null }[] }>();
	const vendors = (await co.api.get("/api/v1/vendors")).json<{ items: { id: string; qboId: string | null }[] }>();
	const items = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
	const stocked = items.map((item) => {
		const product = products.items.find((p) => p.qboId === String(item.Id));
		if (!product) throw new Error(`item ${item.Id} was not imported`);
		return { productId: product.id, qboId: String(item.Id), opening: Number(item.QtyOnHand) };
	});
	const [a, b] = stocked;
	const vendor = vendors.items[0];
	const [department] = await sim.query("SELECT * FROM Department");
	if (!a || !b || !vendor?.qboId || !department)
		throw new Error("the simulated company lacks items, a vendor or a department");
	return { co, sim, a, b, vendor: { id: vendor.id, qboId: vendor.qboId }, departmentId: String(department.Id) };
}

async function orderedPurchase(
	co: TestCompany,
	vendorId: string | undefined,
	lines: { productId: string; quantity: number; unitCost?: number }[],
) {
	const created = await co.api.post("/api/v1/purchases", {
		...(vendorId ? { vendorId } : {}),
		locationId: co.locationIds[0],
		lines,
	});
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	const draft = created.json<Purchase>();
	const ordered = await co.api.patch(`/api/v1/purchases/${draft.id}`, { version: draft.version, status: "ordered" });
	expect(ordered.status, JSON.stringify(ordered.body)).toBe(200);
	return ordered.json<Purchase>();
}

async function receive(
	co: TestCompany,
	purchaseId: string,
	lines: { productId: string; quantity: number }[],
	extra = {},
) {
	const res = await co.api.post(`/api/v1/purchases/${purchaseId}/receipts`, {
		lines,
		idempotencyKey: `rc-${crypto.randomUUID()}`,
		...extra,
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.json<Receipt>();
}

const purchaseOf = async (co: TestCompany, id: string) =>
	(await co.api.get(`/api/v1/purchases/${id}`)).json<Purchase>();

/** Stockroom's on hand of a product over all locations, after the objects flushed (reconciliation). */
async function onHand(co: TestCompany, productId: string) {
	expect((await co.api.get("/api/v1/reconciliation?limit=1000")).json()).toMatchObject({ ok: true });
	const rows = await allPages<LevelRow>(co.api, "/api/v1/levels?limit=1000");
	return rows.filter((r) => r.productId === productId).reduce((sum, r) => sum + r.onHand, 0);
}

const qtyAtQbo = async (sim: SimCompany, itemId: string) =>
	Number((await sim.query(`SELECT * FROM Item WHERE Id = '${itemId}'`))[0]?.QtyOnHand);
const count = async (sim: SimCompany, entity: string) => (await sim.query(`SELECT * FROM ${entity}`)).length;

function itemLines(doc: Json | undefined) {
	return ((doc?.Line as Json[] | undefined) ?? []).map((l) => {
		const d = l.ItemBasedExpenseLineDetail as { ItemRef: { value: string }; Qty: number; UnitPrice: number };
		return { item: d.ItemRef.value, qty: d.Qty, unitPrice: d.UnitPrice, amount: l.Amount };
	});
}

describe("purchases created in QBO", () => {
	it("ordering makes one PurchaseOrder, each receipt one Bill linked to it, and their echo counts nothing twice", async () => {
		const { co, sim, a, b, vendor, departmentId } = await qboCompany({ purchasesToQbo: true, stockSyncToQbo: true });
		const purchase = await orderedPurchase(co, vendor.id, [
			{ productId: a.productId, quantity: 10, unitCost: 2.5 },
			{ productId: b.productId, quantity: 3, unitCost: 1.2345 },
		]);
		expect(purchase).toMatchObject({ qboStatus: "pending", qboPurchaseOrderId: null });
		await drainCompanySync(sim.realmId);

		const orders = await sim.query("SELECT * FROM PurchaseOrder");
		expect(orders).toHaveLength(1);
		const [po] = orders;
		expect(po).toMatchObject({
			DocNumber: purchase.number,
			VendorRef: { value: vendor.qboId },
			DepartmentRef: { value: departmentId },
			POStatus: "Open",
		});
		expect(itemLines(po)).toEqual([
			{ item: a.qboId, qty: 10, unitPrice: 2.5, amount: 25 },
			{ item: b.qboId, qty: 3, unitPrice: 1.2345, amount: 3.7 },
		]);
		expect(await purchaseOf(co, purchase.id)).toMatchObject({ qboStatus: "created", qboPurchaseOrderId: po?.Id });

		const first = await receive(co, purchase.id, [{ productId: a.productId, quantity: 6 }]);
		expect(first).toMatchObject({ qboStatus: "pending", qboBillId: null });
		await drainCompanySync(sim.realmId);
		const [bill] = await sim.query("SELECT * FROM Bill");
		expect(await count(sim, "Bill")).toBe(1);
		expect(bill).toMatchObject({
			VendorRef: { value: vendor.qboId },
			DepartmentRef: { value: departmentId },
			LinkedTxn: [{ TxnId: po?.Id, TxnType: "PurchaseOrder" }],
		});
		expect(String(bill?.PrivateNote)).toContain(first.id);
		expect(itemLines(bill)).toEqual([{ item: a.qboId, qty: 6, unitPrice: 2.5, amount: 15 }]);
		// QBO's quantity moved with its bill; nothing was pushed besides.
		expect(await qtyAtQbo(sim, a.qboId)).toBe(a.opening + 6);
		expect(await count(sim, "InventoryAdjustment")).toBe(0);

		// The bill's (and the PO's) notifications come back: recognized, nothing counted again.
		await echoWebhooks(sim.realmId, ["Bill", "PurchaseOrder"]);
		await drainCompanySync(sim.realmId);
		expect(await onHand(co, a.productId)).toBe(a.opening + 6);
		const receipt = (await purchaseOf(co, purchase.id)).receipts[0];
		expect(receipt).toMatchObject({ id: first.id, qboStatus: "created", qboBillId: bill?.Id });

		const rest = await receive(co, purchase.id, [
			{ productId: a.productId, quantity: 4 },
			{ productId: b.productId, quantity: 3 },
		]);
		await drainCompanySync(sim.realmId);
		await echoWebhooks(sim.realmId, ["Bill", "PurchaseOrder"]);
		await drainCompanySync(sim.realmId);
		expect(await count(sim, "Bill")).toBe(2);
		expect((await sim.query(`SELECT * FROM PurchaseOrder WHERE Id = '${po?.Id}'`))[0]).toMatchObject({
			POStatus: "Closed",
		});
		expect((await purchaseOf(co, purchase.id)).receipts.map((r) => r.qboStatus)).toEqual(["created", "created"]);
		expect(rest.purchase).toMatchObject({ status: "received" });
		// Stockroom's on hand and QBO's quantity agree: each receipt counted once on both sides.
		for (const [item, received] of [
			[a, 10],
			[b, 3],
		] as const) {
			expect(await onHand(co, item.productId)).toBe(item.opening + received);
			expect(await qtyAtQbo(sim, item.qboId)).toBe(item.opening + received);
		}
		const log = (await co.api.get("/api/v1/sync/log?entity=Bill")).json<{
			items: { source: string; status: string }[];
		}>();
		expect(log.items.filter((l) => l.source === "push").map((l) => l.status)).toEqual(["applied", "applied"]);
		expect(log.items.filter((l) => l.source === "webhook").length).toBeGreaterThanOrEqual(2);
	});

	it("a bill whose answer was lost is recognized by its echo, then retried into the same bill", async () => {
		const { co, sim, a, vendor } = await qboCompany({ purchasesToQbo: true, stockSyncToQbo: true });
		const purchase = await orderedPurchase(co, vendor.id, [{ productId: a.productId, quantity: 5, unitCost: 3 }]);
		await drainCompanySync(sim.realmId);
		// QBO makes the bill twice over but its answer never arrives.
		await sim.fault({ kind: "lost_response", match: "/bill", count: 2 });
		const receipt = await receive(co, purchase.id, [{ productId: a.productId, quantity: 5 }]);
		await runDurableObjectAlarm(companySyncOf(sim.realmId));
		expect(await count(sim, "Bill")).toBe(1);
		expect((await purchaseOf(co, purchase.id)).receipts[0]).toMatchObject({ qboStatus: "failed", qboBillId: null });

		// Its webhook arrives before any answer: recognized by the mark naming the receipt…
		await echoWebhooks(sim.realmId, ["Bill"]);
		await runDurableObjectAlarm(companySyncOf(sim.realmId));
		const [bill] = await sim.query("SELECT * FROM Bill");
		const pending = (await purchaseOf(co, purchase.id)).receipts[0];
		expect(pending).toMatchObject({ id: receipt.id, qboStatus: "failed", qboBillId: bill?.Id });
		expect(pending?.qboError).toMatch(/504/);
		expect(await onHand(co, a.productId)).toBe(a.opening + 5);

		// …and the retry, same requestid, is answered with that bill: still one.
		await drainCompanySync(sim.realmId);
		expect(await count(sim, "Bill")).toBe(1);
		expect((await purchaseOf(co, purchase.id)).receipts[0]).toMatchObject({
			qboStatus: "created",
			qboBillId: bill?.Id,
		});
		expect(await onHand(co, a.productId)).toBe(a.opening + 5);
		expect(await qtyAtQbo(sim, a.qboId)).toBe(a.opening + 5);
		const log = (await co.api.get("/api/v1/sync/log?entity=Bill")).json<{
			items: { source: string; status: string }[];
		}>();
		expect(log.items.filter((l) => l.source === "push").map((l) => l.status)).toEqual(["applied", "failed", "failed"]);
	});

	it("a copy of our bill made in QBO counts as any bill; deleting ours in QBO takes nothing from the receipt", async () => {
		const { co, sim, a, vendor } = await qboCompany({ purchasesToQbo: true, stockSyncToQbo: false });
		const purchase = await orderedPurchase(co, vendor.id, [{ productId: a.productId, quantity: 5, unitCost: 2 }]);
		await receive(co, purchase.id, [{ productId: a.productId, quantity: 5 }]);
		await drainCompanySync(sim.realmId);
		const [ours] = await sim.query("SELECT * FROM Bill");
		// Someone copies it in QBO, memo and all, for 2 more that really arrived.
		await sim.save("Bill", {
			VendorRef: { value: vendor.qboId },
			PrivateNote: ours?.PrivateNote,
			Line: [
				{
					DetailType: "ItemBasedExpenseLineDetail",
					Amount: 4,
					ItemBasedExpenseLineDetail: { ItemRef: { value: a.qboId }, Qty: 2, UnitPrice: 2 },
				},
			],
		});
		await echoWebhooks(sim.realmId, ["Bill"]);
		await drainCompanySync(sim.realmId);
		expect(await onHand(co, a.productId)).toBe(a.opening + 7);
		expect(await qtyAtQbo(sim, a.qboId)).toBe(a.opening + 7);

		await sim.save("Bill", { Id: ours?.Id, SyncToken: ours?.SyncToken }, "delete");
		await echoWebhooks(sim.realmId, ["Bill"]);
		await drainCompanySync(sim.realmId);
		expect(await onHand(co, a.productId)).toBe(a.opening + 7);
		expect((await purchaseOf(co, purchase.id)).receipts[0]).toMatchObject({ qboBillId: ours?.Id });
	});

	it("a PurchaseOrder QBO keeps failing ends in the sync log, and its retry there creates it once", async () => {
		const { co, sim, a, vendor } = await qboCompany({ purchasesToQbo: true, stockSyncToQbo: false });
		await sim.fault({ kind: "fail", match: "/purchaseorder", count: 5 });
		const purchase = await orderedPurchase(co, vendor.id, [{ productId: a.productId, quantity: 2, unitCost: 1 }]);
		await drainCompanySync(sim.realmId);
		const failed = await purchaseOf(co, purchase.id);
		expect(failed).toMatchObject({ qboStatus: "failed", qboPurchaseOrderId: null });
		expect(failed.qboError).toMatch(/500/);
		const log = (await co.api.get("/api/v1/sync/log?entity=PurchaseOrder")).json<{
			items: { id: string; source: string; status: string }[];
		}>();
		const dead = log.items.find((l) => l.source === "push" && l.status === "dead");
		expect(log.items.filter((l) => l.source === "push").map((l) => l.status)).toEqual([
			"dead",
			"failed",
			"failed",
			"failed",
			"failed",
		]);
		expect((await co.api.post(`/api/v1/sync/log/${dead?.id}/retry`, {})).status).toBe(202);
		expect((await purchaseOf(co, purchase.id)).qboStatus).toBe("pending");
		await drainCompanySync(sim.realmId);
		expect(await count(sim, "PurchaseOrder")).toBe(1);
		expect(await purchaseOf(co, purchase.id)).toMatchObject({ qboStatus: "created", qboError: null });
	});

	it("a PurchaseOrder QBO refuses is sent again, once the cause is fixed, under a new request id", async () => {
		const { co, sim, a, vendor } = await qboCompany({ purchasesToQbo: true, stockSyncToQbo: false });
		const [qboVendor] = await sim.query(`SELECT * FROM Vendor WHERE Id = '${vendor.qboId}'`);
		const inactive = await sim.save("Vendor", {
			Id: vendor.qboId,
			SyncToken: qboVendor?.SyncToken,
			sparse: true,
			Active: false,
		});
		const purchase = await orderedPurchase(co, vendor.id, [{ productId: a.productId, quantity: 2, unitCost: 1 }]);
		await drainCompanySync(sim.realmId);
		// Refused at once (QBO answers that request id with the same refusal forever): no retries.
		const refused = await purchaseOf(co, purchase.id);
		expect(refused).toMatchObject({ qboStatus: "failed", qboPurchaseOrderId: null });
		expect(refused.qboError).toMatch(/HTTP 400/);
		await sim.save("Vendor", { Id: vendor.qboId, SyncToken: inactive.SyncToken, sparse: true, Active: true });
		const retried = await co.api.post(`/api/v1/purchases/${purchase.id}/qbo/retry`, {});
		expect(retried.status).toBe(200);
		expect(retried.json<Purchase>()).toMatchObject({ qboStatus: "pending", qboError: null });
		await drainCompanySync(sim.realmId);
		expect(await count(sim, "PurchaseOrder")).toBe(1);
		expect(await purchaseOf(co, purchase.id)).toMatchObject({ qboStatus: "created" });
	});

	it("cancelling closes the purchase's PurchaseOrder in QBO, or never sends one not sent yet", async () => {
		const { co, sim, a, vendor } = await qboCompany({ purchasesToQbo: true, stockSyncToQbo: false });
		const sent = await orderedPurchase(co, vendor.id, [{ productId: a.productId, quantity: 6, unitCost: 1 }]);
		await drainCompanySync(sim.realmId);
		await receive(co, sent.id, [{ productId: a.productId, quantity: 2 }]);
		await drainCompanySync(sim.realmId);
		const before = await purchaseOf(co, sent.id);
		expect(
			(await co.api.patch(`/api/v1/purchases/${sent.id}`, { version: before.version, status: "cancelled" })).status,
		).toBe(200);
		await drainCompanySync(sim.realmId);
		const [po] = await sim.query(`SELECT * FROM PurchaseOrder WHERE Id = '${before.qboPurchaseOrderId}'`);
		expect(po).toMatchObject({ POStatus: "Closed" });
		expect(await purchaseOf(co, sent.id)).toMatchObject({ status: "cancelled", qboStatus: "created", qboError: null });

		// Ordered and cancelled before the sync object ran: QBO never hears of it.
		const quick = await orderedPurchase(co, vendor.id, [{ productId: a.productId, quantity: 1, unitCost: 1 }]);
		await co.api.patch(`/api/v1/purchases/${quick.id}`, { version: quick.version, status: "cancelled" });
		await drainCompanySync(sim.realmId);
		expect(await count(sim, "PurchaseOrder")).toBe(1);
		expect(await purchaseOf(co, quick.id)).toMatchObject({ qboStatus: null, qboPurchaseOrderId: null });
	});

	it("with the setting off nothing is created in QBO, and a receipt's quantity is pushed when stock sync is on", async () => {
		const { co, sim, a, vendor } = await qboCompany({ purchasesToQbo: false, stockSyncToQbo: true });
		const purchase = await orderedPurchase(co, vendor.id, [{ productId: a.productId, quantity: 5, unitCost: 2 }]);
		expect(purchase).toMatchObject({ qboStatus: null, qboPurchaseOrderId: null });
		const receipt = await receive(co, purchase.id, [{ productId: a.productId, quantity: 5 }]);
		expect(receipt).toMatchObject({ qboStatus: null, qboBillId: null });
		await drainCompanySync(sim.realmId);
		expect(await count(sim, "PurchaseOrder")).toBe(0);
		expect(await count(sim, "Bill")).toBe(0);
		expect(await count(sim, "InventoryAdjustment")).toBe(1);
		expect(await qtyAtQbo(sim, a.qboId)).toBe(a.opening + 5);
		expect(await onHand(co, a.productId)).toBe(a.opening + 5);
	});

	it("createBill overrides the setting for one receipt, either way", async () => {
		const { co, sim, a, vendor } = await qboCompany({ purchasesToQbo: false, stockSyncToQbo: true });
		const purchase = await orderedPurchase(co, vendor.id, [{ productId: a.productId, quantity: 10, unitCost: 2 }]);
		const billed = await receive(co, purchase.id, [{ productId: a.productId, quantity: 4 }], { createBill: true });
		expect(billed.qboStatus).toBe("pending");
		await receive(co, purchase.id, [{ productId: a.productId, quantity: 1 }]);
		await updateSettings(db, co.companyId, { purchasesToQbo: true });
		await receive(co, purchase.id, [{ productId: a.productId, quantity: 2 }], { createBill: false });
		await drainCompanySync(sim.realmId);
		// One bill (4, not linked: the purchase was ordered with the setting off), two pushes (1 and 2).
		const bills = await sim.query("SELECT * FROM Bill");
		expect(bills.map((b) => itemLines(b))).toEqual([[{ item: a.qboId, qty: 4, unitPrice: 2, amount: 8 }]]);
		expect(bills[0]?.LinkedTxn ?? []).toEqual([]);
		expect(await count(sim, "PurchaseOrder")).toBe(0);
		expect(await count(sim, "InventoryAdjustment")).toBe(2);
		expect(await qtyAtQbo(sim, a.qboId)).toBe(a.opening + 7);
		await echoWebhooks(sim.realmId, ["Bill"]);
		await drainCompanySync(sim.realmId);
		expect(await onHand(co, a.productId)).toBe(a.opening + 7);
		expect((await purchaseOf(co, purchase.id)).receipts.map((r) => r.qboStatus)).toEqual(["created", null, null]);
	});

	it("createBill: true is refused, receiving nothing, when the company is not connected", async () => {
		const co = await makeCompany({ locations: 1, products: 1 });
		const [productId = ""] = co.productIds;
		const purchase = await orderedPurchase(co, undefined, [{ productId, quantity: 2 }]);
		const res = await co.api.post(`/api/v1/purchases/${purchase.id}/receipts`, {
			lines: [{ productId, quantity: 2 }],
			idempotencyKey: "bill-please",
			createBill: true,
		});
		expectProblem(res, 409, "conflict", "createBill");
		expect((await purchaseOf(co, purchase.id)).receipts).toEqual([]);
	});
});
