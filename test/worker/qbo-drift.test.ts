/**
 * Issue 14, part 1: the drift report against the QBO simulator. QuickBooks is made to diverge the
 * ways it does in real life — an inventory adjustment made there (it has no webhook) that CDC
 * leaves out, an invoice deleted there without a word, a push of ours QuickBooks keeps refusing —
 * and the report must name each item with its cause, the repair must bring every difference to 0,
 * and repeating the repair must change nothing.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { updateSettings } from "../../worker/settings/company-settings";
import { scheduleDailyDriftChecks } from "../../worker/sync/qbo-drift-requests";
import { adjust, expectProblem } from "./api-checks";
import { companySyncOf, drainCompanySync } from "./company-sync-drain";
import { db, makeCompany } from "./helpers";
import { type DriftReport, driftCheck, importedCompany, saveAndSync } from "./qbo-imported-company";
import { salesLine } from "./qbo-sim-client";

async function simAdmin(method: string, path: string, body?: unknown) {
	const res = await fetch(`${env.SIM_ADMIN_URL}${path}`, {
		method,
		headers: { "content-type": "application/json" },
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	expect(res.status, `${method} ${path}`).toBeLessThan(300);
}

describe("drift report", () => {
	it("names each diverged item with its cause, and the repair brings every difference to 0", async () => {
		const { co, sim, items, productOf, customerId, qtyAt } = await importedCompany({ stockSyncToQbo: true });
		const [adjusted, invoiced, pushed, untouched] = items;
		if (!adjusted || !invoiced || !pushed || !untouched) throw new Error("the simulated company has too few items");
		const clean = await driftCheck(co, sim.realmId);
		expect(clean).toMatchObject({ status: "done", differing: 0, items: [], total: 4 });

		// 1. An inventory adjustment made in QuickBooks: no webhook, and CDC leaves it out.
		await simAdmin("PUT", `/companies/${sim.realmId}/cdc`, { leaveOut: ["InventoryAdjustment"] });
		const [account] = await sim.query("SELECT * FROM Account WHERE AccountType = 'Cost of Goods Sold'");
		const adjustment = await sim.save("InventoryAdjustment", {
			AdjustAccountRef: { value: String(account?.Id) },
			Line: [
				{
					DetailType: "ItemAdjustmentLineDetail",
					ItemAdjustmentLineDetail: { ItemRef: { value: adjusted }, QtyDiff: 5 },
				},
			],
		});

		// 2. An invoice Stockroom applied, then deleted in QuickBooks without a word.
		const invoice = await saveAndSync(sim, "Invoice", {
			CustomerRef: { value: customerId },
			Line: [salesLine(invoiced, 3)],
		});
		await sim.save("Invoice", { Id: invoice.Id, SyncToken: invoice.SyncToken }, "delete");

		// 3. A Stockroom adjustment whose push QuickBooks refuses until the queue gives up.
		await sim.fault({ kind: "refuse", match: "/inventoryadjustment", realmId: sim.realmId });
		await adjust(co, productOf(pushed), co.locationIds[0] ?? "", 2);
		await drainCompanySync(sim.realmId, ["pushes"]);
		await simAdmin("DELETE", "/faults");

		const report = await driftCheck(co, sim.realmId);
		expect(report.status).toBe("done");
		expect(report.differing).toBe(3);
		const byItem = new Map(report.items.map((i) => [i.qboItemId, i]));
		expect(byItem.get(adjusted)).toMatchObject({
			difference: 5,
			reasons: [
				{
					code: "adjustment_unseen",
					documents: [{ entity: "InventoryAdjustment", qboId: String(adjustment.Id) }],
				},
			],
		});
		expect(byItem.get(invoiced)).toMatchObject({
			difference: 3,
			reasons: [{ code: "document_deleted_unseen", documents: [{ entity: "Invoice", qboId: String(invoice.Id) }] }],
		});
		expect(byItem.get(pushed)).toMatchObject({ difference: -2, reasons: [{ code: "push_failed", quantity: 2 }] });
		expect(byItem.has(untouched)).toBe(false);
		for (const item of report.items) expect(item.qbo).toBe(await qtyAt(item.qboItemId));

		// Repairs: the documents read again, our quantity pushed; each once however often it is asked.
		const reread = { action: "reread", qboItemIds: [adjusted, invoiced] };
		expect((await co.api.post(`/api/v1/qbo-drift/${report.id}/repairs`, reread)).json()).toEqual({
			pushes: 0,
			events: 2,
		});
		const push = { action: "push", qboItemIds: [pushed] };
		expect((await co.api.post(`/api/v1/qbo-drift/${report.id}/repairs`, push)).json()).toEqual({
			pushes: 1,
			events: 0,
		});
		expect((await co.api.post(`/api/v1/qbo-drift/${report.id}/repairs`, reread)).json()).toEqual({
			pushes: 0,
			events: 0,
		});
		await drainCompanySync(sim.realmId);
		expect((await co.api.post(`/api/v1/qbo-drift/${report.id}/repairs`, push)).json()).toEqual({
			pushes: 0,
			events: 0,
		});
		expect((await co.api.get(`/api/v1/qbo-drift/${report.id}`)).json<DriftReport>().repairs).toHaveLength(4);

		const after = await driftCheck(co, sim.realmId);
		expect(after).toMatchObject({ status: "done", differing: 0, items: [] });
		expect(await qtyAt(pushed)).toBe(
			(await co.api.get(`/api/v1/products/${productOf(pushed)}`)).json<{ totals: { onHand: number } }>().totals.onHand,
		);
	});

	it("counts what is invoiced and not delivered, and says when stock sync is off", async () => {
		const { co, sim, items, productOf, customerId } = await importedCompany({ stockSyncToQbo: false });
		await updateSettings(db, co.companyId, { orderMode: "reserve_until_delivery" });
		const [reserved, adjusted] = items;
		if (!reserved || !adjusted) throw new Error("the simulated company has too few items");
		await saveAndSync(sim, "Invoice", { CustomerRef: { value: customerId }, Line: [salesLine(reserved, 4)] });
		await adjust(co, productOf(adjusted), co.locationIds[0] ?? "", -1);

		const report = await driftCheck(co, sim.realmId);
		// QuickBooks took the invoice out; Stockroom reserves it until delivery: they agree.
		expect(report.items.map((i) => i.qboItemId)).toEqual([adjusted]);
		expect(report.items[0]).toMatchObject({ difference: 1, reasons: [{ code: "stock_sync_off" }] });
		expect(report.notes).toMatchObject({ stockSyncToQbo: false, qboTracksInventory: true });
	});

	it("repairs more items at once than D1 binds parameters in one statement", async () => {
		const { co, sim, items } = await importedCompany({ stockSyncToQbo: false }, 120);
		expect(items).toHaveLength(120);
		const [account] = await sim.query("SELECT * FROM Account WHERE AccountType = 'Cost of Goods Sold'");
		await sim.save("InventoryAdjustment", {
			AdjustAccountRef: { value: String(account?.Id) },
			Line: items.map((id) => ({
				DetailType: "ItemAdjustmentLineDetail",
				ItemAdjustmentLineDetail: { ItemRef: { value: id }, QtyDiff: 1 },
			})),
		});
		const report = await driftCheck(co, sim.realmId);
		expect(report.differing).toBe(120);
		const repaired = await co.api.post(`/api/v1/qbo-drift/${report.id}/repairs`, { action: "push", qboItemIds: items });
		expect(repaired.status, JSON.stringify(repaired.body)).toBe(202);
		expect(repaired.json()).toEqual({ pushes: 120, events: 0 });
		await drainCompanySync(sim.realmId, ["pushes"]);
		expect(await driftCheck(co, sim.realmId)).toMatchObject({ status: "done", differing: 0 });
	});

	it("is checked once a day by the cron, for every connected company", async () => {
		const { co, sim } = await importedCompany({ stockSyncToQbo: true });
		await scheduleDailyDriftChecks(env);
		const first = (await co.api.get("/api/v1/qbo-drift/latest")).json<DriftReport>();
		expect(first).toMatchObject({ trigger: "schedule", status: "queued" });
		// The cron ticks every few minutes: a company checked less than a day ago is not checked again.
		await runDurableObjectAlarm(companySyncOf(sim.realmId));
		await scheduleDailyDriftChecks(env);
		expect((await co.api.get("/api/v1/qbo-drift/latest")).json<DriftReport>()).toMatchObject({
			id: first.id,
			status: "done",
			differing: 0,
		});
	});

	it("refuses to repair an item the report does not list, and a report of another company", async () => {
		const { co, sim, items } = await importedCompany({ stockSyncToQbo: true });
		const report = await driftCheck(co, sim.realmId);
		expectProblem(
			await co.api.post(`/api/v1/qbo-drift/${report.id}/repairs`, { action: "push", qboItemIds: [items[0]] }),
			400,
			"validation_failed",
			"qboItemIds",
		);
		const other = await makeCompany({ locations: 1, products: 0 });
		expectProblem(await other.api.get(`/api/v1/qbo-drift/${report.id}`), 404, "not_found");
		expectProblem(await other.api.post("/api/v1/qbo-drift"), 409, "conflict");
	});
});
