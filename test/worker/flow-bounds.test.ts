/**
 * The flows hold quantities to ±1e9 as stock commands and builds do: ordering or receiving a
 * purchase, delivering an order, and QuickBooks documents. A request that would pass the bounds is
 * refused (422 `quantity_out_of_bounds`, naming its field) with nothing recorded and its key still
 * free; a change that a product object refuses all the same (D1 lagging the objects, made here by
 * writing D1's level under the checks) is undone or marked, never retried for ever by the cron; and
 * a QuickBooks document that would pass the bounds ends dead in the sync log at its first attempt,
 * with a sentence.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import {
	orderRevisions,
	purchaseLines,
	purchaseReceiptLines,
	purchaseReceipts,
	purchases,
	stockLevels,
} from "../../worker/db/schema";
import { receiptRequestHash } from "../../worker/purchasing/purchase-receipts";
import { RECEIPT_REPAIR_AFTER_MS, repairUnansweredReceipts } from "../../worker/purchasing/receipt-repair";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { repairUnappliedOrders } from "../../worker/sales/order-repair";
import { ordersToRepair } from "../../worker/sales/order-store";
import { readProductStockState } from "../../worker/stock/product-stock-client";
import { catchUpCompany } from "../../worker/sync/company-sync-client";
import { syncDocument } from "../../worker/sync/document-sync";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { makeCreditMemo, makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { cloudEventsBody, makeCloudEvent } from "../fixtures/qbo/webhooks/cloudevents";
import { adjust, allPages, expectProblem, type LevelRow, stateOf } from "./api-checks";
import { companyInbox, companySyncOf, drainCompanySync } from "./company-sync-drain";
import { db, makeCompany, type TestCompany } from "./helpers";
import { deliver, levelsBySku, linesBySku, orderOf, salesCompany, sync } from "./orders-fixtures";
import { connectSimCompany } from "./qbo-sim-client";
import { postQboWebhook } from "./qbo-webhook-client";

const MAX = 1_000_000_000;

type Purchase = {
	id: string;
	number: string;
	status: string;
	version: number;
	lines: { productId: string; ordered: number; received: number }[];
	receipts: unknown[];
};
type LogItem = { entity: string; entityId: string; status: string; attempts: number; error: string | null };

async function reconciled(co: TestCompany) {
	const res = await co.api.get("/api/v1/reconciliation?limit=1000");
	expect(res.json()).toMatchObject({ ok: true, mismatches: [], outOfBounds: [] });
}

async function levelOf(co: TestCompany, productId: string, locationId: string) {
	await reconciled(co);
	const rows = await allPages<LevelRow>(co.api, `/api/v1/levels?location=${locationId}&limit=1000`);
	const row = rows.find((r) => r.productId === productId);
	if (!row) throw new Error(`no level row for ${productId} at ${locationId}`);
	return { onHand: row.onHand, reserved: row.reserved, incoming: row.incoming };
}

async function purchaseOf(co: TestCompany, id: string): Promise<Purchase> {
	const res = await co.api.get(`/api/v1/purchases/${id}`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Purchase>();
}

async function draft(co: TestCompany, lines: { productId: string; quantity: number }[]): Promise<Purchase> {
	const res = await co.api.post("/api/v1/purchases", { locationId: co.locationIds[0], lines });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.json<Purchase>();
}

function order(co: TestCompany, p: Pick<Purchase, "id" | "version">) {
	return co.api.patch(`/api/v1/purchases/${p.id}`, { version: p.version, status: "ordered" });
}

async function ordered(co: TestCompany, lines: { productId: string; quantity: number }[]): Promise<Purchase> {
	const res = await order(co, await draft(co, lines));
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Purchase>();
}

/**
 * Writes a D1 level under the checks, as if D1 lagged its product object (sync traffic flushes in
 * the background); answers how to put it back.
 */
async function lagD1(
	co: TestCompany,
	productId: string,
	locationId: string,
	level: Partial<Record<"onHand" | "reserved" | "incoming", number>>,
) {
	const where = and(
		eq(stockLevels.companyId, co.companyId),
		eq(stockLevels.productId, productId),
		eq(stockLevels.locationId, locationId),
	);
	const [before] = await db.select().from(stockLevels).where(where);
	if (!before) throw new Error(`no level row for ${productId} at ${locationId}`);
	const scaled = Object.fromEntries(Object.entries(level).map(([k, v]) => [k, v * 10_000]));
	await db.update(stockLevels).set(scaled).where(where);
	return async () => {
		const { onHand, reserved, incoming } = before;
		await db.update(stockLevels).set({ onHand, reserved, incoming }).where(where);
	};
}

describe("ordering a purchase", () => {
	it("is refused naming the line when incoming would pass the bound; the draft stays as it was and can be ordered once it fits", async () => {
		const co = await makeCompany({ products: 2 });
		const [a, b] = co.productIds as [string, string];
		const [warehouse] = co.locationIds as [string];
		await ordered(co, [{ productId: a, quantity: 600_000_000 }]);
		const p = await draft(co, [
			{ productId: b, quantity: 10 },
			{ productId: a, quantity: 500_000_000 },
		]);
		const before = await stateOf(co.api);

		const problem = expectProblem(await order(co, p), 422, "quantity_out_of_bounds", "lines.1.quantity");
		expect(problem.errors?.map((e) => e.field)).toEqual(["lines.1.quantity"]);
		expect(problem.errors?.[0]?.message).toMatch(/^SKU-0000: the level's incoming at location \S+ would be 1100000000/);
		expect(problem.detail).toContain(p.number);

		expect(await stateOf(co.api)).toEqual(before);
		expect(await purchaseOf(co, p.id)).toMatchObject({ status: "draft", version: p.version });

		// The same version still serves: the line cut to what fits, then ordered.
		const edited = await co.api.patch(`/api/v1/purchases/${p.id}`, {
			version: p.version,
			lines: [
				{ productId: b, quantity: 10 },
				{ productId: a, quantity: 400_000_000 },
			],
		});
		expect(edited.status, JSON.stringify(edited.body)).toBe(200);
		const res = await order(co, edited.json<Purchase>());
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(await levelOf(co, a, warehouse)).toEqual({ onHand: 0, reserved: 0, incoming: MAX });
		expect(await levelOf(co, b, warehouse)).toEqual({ onHand: 0, reserved: 0, incoming: 10 });
	});

	it("refused by a product object D1 lagged behind: the purchase goes back to draft and the line already taken moves back", async () => {
		const co = await makeCompany({ products: 2 });
		const [a, b] = co.productIds as [string, string];
		const [warehouse] = co.locationIds as [string];
		await ordered(co, [{ productId: a, quantity: 600_000_000 }]);
		const p = await draft(co, [
			{ productId: b, quantity: 10 },
			{ productId: a, quantity: 500_000_000 },
		]);
		const restore = await lagD1(co, a, warehouse, { incoming: 0 });

		expectProblem(await order(co, p), 422, "quantity_out_of_bounds");
		await restore();
		expect(await purchaseOf(co, p.id)).toMatchObject({ status: "draft", version: p.version + 2 });
		expect(await levelOf(co, a, warehouse)).toEqual({ onHand: 0, reserved: 0, incoming: 600_000_000 });
		expect(await levelOf(co, b, warehouse)).toEqual({ onHand: 0, reserved: 0, incoming: 0 });
		const state = await readProductStockState(env, { companyId: co.companyId, productId: b });
		expect(state.effectSums).toEqual([{ locationId: warehouse, onHand: 0, reserved: 0, incoming: 0 }]);
	});
});

describe("receiving a purchase", () => {
	it("is refused naming the line when on hand would pass the bound; nothing is recorded and the key still serves", async () => {
		const co = await makeCompany({ products: 2 });
		const [a, b] = co.productIds as [string, string];
		const [warehouse] = co.locationIds as [string];
		await adjust(co, a, warehouse, 900_000_000);
		const p = await ordered(co, [
			{ productId: b, quantity: 5 },
			{ productId: a, quantity: 200_000_000 },
		]);
		const before = { state: await stateOf(co.api), purchase: await purchaseOf(co, p.id) };
		const receive = (lines: { productId: string; quantity: number }[]) =>
			co.api.post(`/api/v1/purchases/${p.id}/receipts`, { lines, idempotencyKey: "rc-big" });

		const problem = expectProblem(
			await receive([
				{ productId: b, quantity: 5 },
				{ productId: a, quantity: 200_000_000 },
			]),
			422,
			"quantity_out_of_bounds",
			"lines.1.quantity",
		);
		expect(new Set(problem.errors?.map((e) => e.field))).toEqual(new Set(["lines.1.quantity"]));
		expect(await stateOf(co.api)).toEqual(before.state);
		expect(await purchaseOf(co, p.id)).toEqual(before.purchase);

		// The key was not used up: the same key receives what fits.
		const fits = await receive([{ productId: a, quantity: 100_000_000 }]);
		expect(fits.status, JSON.stringify(fits.body)).toBe(201);
		expect(await levelOf(co, a, warehouse)).toEqual({ onHand: MAX, reserved: 0, incoming: 100_000_000 });
	});

	it("a receipt left unanswered that a product object refuses is undone by the cron, not retried; its key serves again", async () => {
		const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
		const co = await makeCompany({ products: 1 });
		const [a] = co.productIds as [string];
		const [warehouse] = co.locationIds as [string];
		await adjust(co, a, warehouse, 900_000_000);
		const p = await ordered(co, [{ productId: a, quantity: 200_000_000 }]);
		const before = await purchaseOf(co, p.id);
		// What a receipt's D1 batch writes, a crash then keeping the product object from hearing of it.
		const line = { productId: a, quantity: 200_000_000 * 10_000 };
		await db.batch([
			db.insert(purchaseReceipts).values({
				id: `RC-LOST-${p.id}`,
				companyId: co.companyId,
				purchaseId: p.id,
				seq: 1,
				number: "RC-0001",
				idempotencyKey: "rc-lost",
				requestHash: await receiptRequestHash(p.id, [line]),
				createdAt: Date.now() - RECEIPT_REPAIR_AFTER_MS - 1_000,
			}),
			db.insert(purchaseReceiptLines).values({ companyId: co.companyId, receiptId: `RC-LOST-${p.id}`, ...line }),
			db
				.update(purchaseLines)
				.set({ received: sql`${purchaseLines.received} + ${line.quantity}` })
				.where(eq(purchaseLines.purchaseId, p.id)),
			db
				.update(purchases)
				.set({ status: "received", version: sql`${purchases.version} + 1` })
				.where(eq(purchases.id, p.id)),
		]);

		const first = await repairUnansweredReceipts(env);
		expect(first.failed).toBeGreaterThanOrEqual(1);
		expect(warn).toHaveBeenCalledWith(expect.stringContaining(`RC-LOST-${p.id}`));
		// Undone: the receipt is gone, the purchase open again, the stock as it was.
		expect(await db.select().from(purchaseReceipts).where(eq(purchaseReceipts.purchaseId, p.id))).toEqual([]);
		expect(await purchaseOf(co, p.id)).toMatchObject({
			status: "ordered",
			version: before.version + 2,
			lines: [{ productId: a, ordered: 200_000_000, received: 0 }],
			receipts: [],
		});
		expect(await levelOf(co, a, warehouse)).toEqual({ onHand: 900_000_000, reserved: 0, incoming: 200_000_000 });

		// Nothing is left for the next run to try.
		warn.mockClear();
		await repairUnansweredReceipts(env);
		expect(warn).not.toHaveBeenCalledWith(expect.stringContaining(`RC-LOST-${p.id}`));
		expect(await purchaseOf(co, p.id)).toMatchObject({ status: "ordered", version: before.version + 2 });

		const retry = await co.api.post(`/api/v1/purchases/${p.id}/receipts`, {
			lines: [{ productId: a, quantity: 100_000_000 }],
			idempotencyKey: "rc-lost",
		});
		expect(retry.status, JSON.stringify(retry.body)).toBe(201);
		expect(await levelOf(co, a, warehouse)).toEqual({ onHand: MAX, reserved: 0, incoming: 100_000_000 });
	});
});

describe("delivering an order", () => {
	async function orderNearTheBound() {
		const company = await salesCompany({ orderMode: "reserve_until_delivery" }, 2);
		await sync(company.co, "Invoice", makeInvoice({ id: "130", lines: [salesLine("11", 5), salesLine("12", 10)] }));
		const van = company.co.locationIds[1] ?? "";
		// The van is a billion and change short: delivering from it takes on hand past the bound.
		await adjust(company.co, company.ids.PUMP, van, -999_999_998);
		return { ...company, van, order: await orderOf(company.co, "130") };
	}

	it("is refused naming the line when on hand would pass the bound; nothing is recorded and the key still serves", async () => {
		const { co, location, ids, van, order } = await orderNearTheBound();
		const before = { state: await stateOf(co.api), order: await orderOf(co, "130") };

		const problem = expectProblem(
			await deliver(
				co,
				order.id,
				[
					{ productId: ids.HOSE, quantity: 1 },
					{ productId: ids.PUMP, quantity: 5 },
				],
				{ idempotencyKey: "dn-big", locationId: van },
			),
			422,
			"quantity_out_of_bounds",
			"lines.1.quantity",
		);
		expect(new Set(problem.errors?.map((e) => e.field))).toEqual(new Set(["lines.1.quantity"]));
		expect(problem.errors?.[0]?.message).toMatch(/^PUMP: the level's on hand at location \S+ would be -1000000003/);
		expect(await stateOf(co.api)).toEqual(before.state);
		expect(await orderOf(co, "130")).toEqual(before.order);

		const fits = await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 5 }], { idempotencyKey: "dn-big" });
		expect(fits.status, JSON.stringify(fits.body)).toBe(201);
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 20, reserved: 0 });
	});

	it("refused by a product object D1 lagged behind: the note is undone, the order reserves as before, the key still serves", async () => {
		const { co, location, ids, van, order } = await orderNearTheBound();
		const restore = await lagD1(co, ids.PUMP, van, { onHand: 0 });

		const problem = expectProblem(
			await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 5 }], {
				idempotencyKey: "dn-lag",
				locationId: van,
				allowNegative: true,
			}),
			422,
			"quantity_out_of_bounds",
		);
		expect(problem.detail).toMatch(/^Refused, DN-\d+ was not recorded and nothing was delivered/);
		await restore();
		const after = await orderOf(co, "130");
		expect(after.deliveries).toEqual([]);
		expect(linesBySku(after).PUMP).toEqual({ ordered: 5, delivered: 0, reserved: 5, remaining: 5 });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 25, reserved: 5 });
		expect((await levelsBySku(co, van)).PUMP).toEqual({ onHand: -999_999_998, reserved: 0 });
		// The order's new version was applied: nothing for the cron to repair.
		expect((await ordersToRepair(db, 100_000)).map((o) => o.id)).not.toContain(order.id);

		const fits = await deliver(co, order.id, [{ productId: ids.PUMP, quantity: 2 }], { idempotencyKey: "dn-lag" });
		expect(fits.status, JSON.stringify(fits.body)).toBe(201);
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 23, reserved: 3 });
	});
	it("cancelling a note whose goods would take on hand past the bound is refused; the note stays delivered", async () => {
		const { co, ids, van, order } = await orderNearTheBound();
		const res = await deliver(co, order.id, [{ productId: ids.HOSE, quantity: 4 }], {
			locationId: van,
			allowNegative: true,
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		const note = res.json<{ id: string }>();
		// The van's hoses topped up from −4 to a billion less two: four coming back would pass the bound.
		await adjust(co, ids.HOSE, van, 500_000_000);
		await adjust(co, ids.HOSE, van, 500_000_002);
		const before = { state: await stateOf(co.api), order: await orderOf(co, "130") };

		const problem = expectProblem(
			await co.api.post(`/api/v1/deliveries/${note.id}/cancel`, { idempotencyKey: "cancel-big" }),
			422,
			"quantity_out_of_bounds",
			"lines.0.quantity",
		);
		expect(problem.detail).toMatch(
			/^Refused, DN-\d+ is not cancelled: HOSE: the level's on hand at location \S+ would be 1000000002/,
		);
		expect(await stateOf(co.api)).toEqual(before.state);
		expect(await orderOf(co, "130")).toEqual(before.order);
		expect(before.order.deliveries).toMatchObject([{ id: note.id, status: "active" }]);
	});
});

describe("QuickBooks documents", () => {
	it("a credit memo that would pass the bound is refused whole, its record not kept; an edit moves only its difference", async () => {
		const { co, location } = await salesCompany();
		const memo = (id: string, syncToken: number, qty: number) =>
			makeCreditMemo({ id, syncToken, lines: [salesLine("12", 1), salesLine("11", qty)] });
		await sync(co, "CreditMemo", memo("501", 0, 600_000_000));
		const before = await stateOf(co.api);

		const refused = await syncDocument(env, co.companyId, "CreditMemo", memo("502", 0, 500_000_000));
		expect(refused).toEqual({
			status: "refused",
			error: expect.stringMatching(/^Stockroom did not apply credit memo /),
		});
		expect(refused.status === "refused" && refused.error).toContain("PUMP: the level's on hand");
		expect(await stateOf(co.api)).toEqual(before);
		// Not recorded: the same version maps again (and is refused again), it is not taken as applied.
		expect(await syncDocument(env, co.companyId, "CreditMemo", memo("502", 0, 500_000_000))).toMatchObject({
			status: "refused",
		});

		// 600 000 000 → 900 000 000 moves 300 000 000: within the bound.
		await sync(co, "CreditMemo", memo("501", 1, 900_000_000));
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: 900_000_025, reserved: 0 });
	});

	it("an invoice a product object refuses marks its order's version refused: the cron leaves it, the next version applies", async () => {
		vi.spyOn(console, "warn").mockImplementation(() => {});
		const { co, location, ids } = await salesCompany({ orderMode: "reserve_until_delivery" });
		await adjust(co, ids.PUMP, location, -999_999_990);
		const restore = await lagD1(co, ids.PUMP, location, { onHand: 0 });

		const outcome = await syncDocument(
			env,
			co.companyId,
			"Invoice",
			makeInvoice({ id: "140", lines: [salesLine("11", 100)] }),
		);
		expect(outcome).toEqual({ status: "refused", error: expect.stringMatching(/^Stockroom did not apply invoice /) });
		await restore();
		const [row] = await db.query.orders.findMany({
			where: (o, { and, eq }) => and(eq(o.companyId, co.companyId), eq(o.originQboId, "140")),
		});
		if (!row) throw new Error("the invoice made no order");
		const [revision] = await db
			.select()
			.from(orderRevisions)
			.where(and(eq(orderRevisions.orderId, row.id), eq(orderRevisions.version, row.version)));
		expect(revision?.cause).toContain("refused by stock");

		// The cron does not take it again, however often it runs; the stock stays as it was.
		for (let run = 0; run < 2; run++) {
			expect((await ordersToRepair(db, 100_000)).map((o) => o.id)).not.toContain(row.id);
			await repairUnappliedOrders(env, 100_000);
		}
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: -999_999_965, reserved: 0 });

		// Edited in QuickBooks to what fits: the next version is applied as usual.
		expect(
			await syncDocument(
				env,
				co.companyId,
				"Invoice",
				makeInvoice({ id: "140", syncToken: 1, lines: [salesLine("11", 10)] }),
			),
		).toMatchObject({ status: "applied" });
		expect((await levelsBySku(co, location)).PUMP).toEqual({ onHand: -999_999_965, reserved: 10 });
		const applied = await db.query.orders.findFirst({ where: (o, { eq }) => eq(o.id, row.id) });
		expect(applied?.appliedVersion).toBe(applied?.version);
	});

	it("an invoice beyond the bound, by two lines or by one on stock near it, is dead at its first attempt with a sentence; the cron does not retry it", async () => {
		vi.spyOn(console, "warn").mockImplementation(() => {});
		const co = await makeCompany({ locations: 1, products: 0 });
		const sim = await connectSimCompany(co.companyId, { items: 1, customers: 1 });
		await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
		const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
		const [customer] = await sim.query("SELECT * FROM Customer");
		if (!item || !customer) throw new Error("the simulated company has no item or customer");
		const productId = (await allPages<LevelRow>(co.api, "/api/v1/levels?limit=1000"))[0]?.productId ?? "";
		const location = co.locationIds[0] ?? "";
		const invoice = async (...quantities: number[]) => {
			const saved = await sim.save("Invoice", {
				CustomerRef: { value: String(customer.Id) },
				Line: quantities.map((qty) => ({
					DetailType: "SalesItemLineDetail",
					Amount: qty,
					SalesItemLineDetail: { ItemRef: { value: String(item.Id) }, Qty: qty, UnitPrice: 1 },
				})),
			});
			const id = String(saved.Id);
			const res = await postQboWebhook(
				cloudEventsBody([
					makeCloudEvent({ intuitaccountid: sim.realmId, intuitentityid: id, type: "qbo.invoice.created.v1" }),
				]),
			);
			expect(res.status).toBe(200);
			await runDurableObjectAlarm(companySyncOf(sim.realmId));
			return id;
		};
		const log = async (id: string) =>
			(await allPages<LogItem>(co.api, "/api/v1/sync/log?entity=Invoice&limit=100")).filter((l) => l.entityId === id);

		const twoLines = await invoice(600_000_000, 600_000_000);
		// On hand brought to −10: one line of 999 999 999 takes it to −1 000 000 009.
		const opening = (await levelOf(co, productId, location)).onHand;
		await adjust(co, productId, location, -opening - 10);
		const before = await stateOf(co.api);
		const oneLine = await invoice(999_999_999);

		for (const id of [twoLines, oneLine]) {
			const [entry, ...more] = await log(id);
			expect(more).toEqual([]);
			expect(entry).toMatchObject({ status: "dead", attempts: 1 });
			expect(entry?.error).toMatch(/^Stockroom did not apply invoice \S+: a quantity would pass ±1000000000 \(/);
			expect(entry?.error).toMatch(/Correct it in QuickBooks: its next change syncs again\.$/);
			const orders = await co.api.get(`/api/v1/orders?qboId=${id}`);
			expect(orders.json<{ items: unknown[] }>().items).toEqual([]);
		}
		expect((await companyInbox(sim.realmId)).pending).toEqual([]);
		await reconciled(co);
		expect(await stateOf(co.api)).toEqual(before);

		// The cron: the catch-up may find each version once more (a webhook may have been lost), dead
		// again at once; after that, no run tries them again.
		const cron = async () => {
			await catchUpCompany(env, sim.realmId);
			await drainCompanySync(sim.realmId, ["inbox"]);
			await repairUnappliedOrders(env, 100_000);
		};
		await cron();
		const seen = [...(await log(twoLines)), ...(await log(oneLine))];
		expect(seen.every((l) => l.status === "dead" && l.attempts === 1)).toBe(true);
		await cron();
		expect([...(await log(twoLines)), ...(await log(oneLine))]).toHaveLength(seen.length);
		await reconciled(co);
		expect((await stateOf(co.api)).levels).toEqual(before.levels);
	});
});
