/**
 * The drift report end to end (issue 14, part 1): the app under `wrangler dev` with its real alarms,
 * the simulator's signed webhooks, and QuickBooks made to diverge through the simulator's admin API
 * — an inventory adjustment (which has no webhook) that CDC leaves out, an invoice deleted with its
 * webhook dropped and CDC leaving it out, a push of ours QuickBooks refuses. The report must name each item with its
 * cause; the repairs (documents read again, pushes sent now) must bring every difference to 0.
 */
import { describe, expect, it } from "vitest";
import { json, newScenario, type Scenario, settle, simAdmin, stackUrls } from "./stack.ts";

type Reason = { code: string; documents: { entity: string; qboId: string }[]; quantity: number | null };
type Report = {
	id: string;
	status: string;
	differing: number;
	total: number;
	items: { qboItemId: string; qbo: number; expected: number; difference: number; reasons: Reason[] }[];
};

function appApi(scenario: Scenario) {
	const { app } = stackUrls();
	const auth = { authorization: `Bearer ${scenario.token}` };
	return (method: string, path: string, body?: unknown) => json(method, `${app}/api/v1${path}`, body, auth);
}

/** Asks for a check and waits for the app's sync object to finish it. */
async function check(api: ReturnType<typeof appApi>): Promise<Report> {
	const { id } = (await api("POST", "/qbo-drift")) as Report;
	return settle(
		async () => (await api("GET", `/qbo-drift/${id}`)) as Report,
		(r) => r.status === "done" || r.status === "failed",
		{ timeoutMs: 20_000 },
	);
}

describe("drift report, end to end", () => {
	it("names an unseen adjustment, an invoice deleted behind our back and a failing push; repairs bring them to 0", async () => {
		const scenario = await newScenario({ items: 3, bundles: 0 });
		const api = appApi(scenario);
		const { sim } = stackUrls();
		const inventory = [...scenario.opening.values()].filter((i) => i.type === "Inventory").map((i) => i.id);
		const [adjusted, invoiced, pushed] = inventory;
		if (!adjusted || !invoiced || !pushed) throw new Error("the simulated company has too few items");
		await api("PATCH", "/settings", { stockSyncToQbo: true });
		expect(await check(api)).toMatchObject({ status: "done", differing: 0, total: 3 });

		// CDC will leave these out; each one's webhook is dropped by the simulator.
		await json("PUT", `${sim}/admin/companies/${scenario.realmId}/cdc`, {
			leaveOut: ["InventoryAdjustment", "Invoice"],
		});

		// An invoice Stockroom applied (its webhook delivered), then deleted in QuickBooks unannounced.
		const invoice = await scenario.docs.create({ type: "Invoice", lines: [{ item: invoiced, qty: 3 }] });
		await scenario.flushWebhooks();
		await settle(
			() => scenario.syncLog(),
			(log) => log.some((e) => e.entity === "Invoice" && e.entityId === invoice.Id && e.status === "applied"),
		);
		// The next notification is dropped: this delete's.
		await simAdmin().addFault({ kind: "drop", realmId: scenario.realmId, count: 1 });
		await scenario.docs.delete("Invoice", invoice);

		// An inventory adjustment made in QuickBooks: it has no webhook (docs/qbo.md#entities-with-webhooks).
		const [account] = await scenario.query("SELECT * FROM Account WHERE AccountType = 'Cost of Goods Sold'");
		const created = await json(
			"POST",
			`${sim}/v3/company/${scenario.realmId}/inventoryadjustment`,
			{
				AdjustAccountRef: { value: String(account?.Id) },
				Line: [
					{
						DetailType: "ItemAdjustmentLineDetail",
						ItemAdjustmentLineDetail: { ItemRef: { value: adjusted }, QtyDiff: 5 },
					},
				],
			},
			{ authorization: `Bearer ${await qboToken(scenario)}` },
		);
		const adjustmentId = String((created.InventoryAdjustment as { Id: string }).Id);
		await scenario.flushWebhooks();
		const fates = await scenario.webhookEvents();
		expect(fates.map((e) => [e.type, e.fate])).toEqual([
			["Invoice.Create", "queued"],
			["Invoice.Delete", "dropped"],
		]);

		// A Stockroom adjustment whose push QuickBooks refuses: it waits in the queue.
		await simAdmin().addFault({ kind: "refuse", realmId: scenario.realmId, match: "/inventoryadjustment" });
		const products = (await api("GET", "/products?limit=100")).items as { id: string; qboId: string }[];
		await api("POST", "/adjustments", {
			productId: products.find((p) => p.qboId === pushed)?.id,
			locationId: scenario.locationId,
			quantity: 2,
			idempotencyKey: `drift-e2e-${scenario.realmId}`,
		});
		await settle(
			() => scenario.syncLog(),
			(log) => log.some((e) => e.entity === "InventoryAdjustment" && e.status === "failed"),
		);

		const report = await check(api);
		expect(report.status).toBe("done");
		const byItem = new Map(report.items.map((i) => [i.qboItemId, i]));
		expect(byItem.get(adjusted)).toMatchObject({
			difference: 5,
			reasons: [{ code: "adjustment_unseen", documents: [{ entity: "InventoryAdjustment", qboId: adjustmentId }] }],
		});
		expect(byItem.get(invoiced)).toMatchObject({
			difference: 3,
			reasons: [{ code: "document_deleted_unseen", documents: [{ entity: "Invoice", qboId: invoice.Id }] }],
		});
		expect(byItem.get(pushed)).toMatchObject({ difference: -2, reasons: [{ code: "push_waiting", quantity: 2 }] });
		expect(report.differing).toBe(3);

		// QuickBooks accepts pushes again; the repairs read the documents again and send the push now.
		await simAdmin().clearFaults();
		const repairs = `/qbo-drift/${report.id}/repairs`;
		expect(await api("POST", repairs, { action: "reread", qboItemIds: [adjusted, invoiced] })).toEqual({
			pushes: 0,
			events: 2,
		});
		expect(await api("POST", repairs, { action: "push", qboItemIds: [pushed] })).toEqual({ pushes: 0, events: 0 });
		expect(await api("POST", repairs, { action: "reread", qboItemIds: [adjusted, invoiced] })).toEqual({
			pushes: 0,
			events: 0,
		});
		const after = await settle(
			() => check(api),
			(r) => r.differing === 0,
			{ timeoutMs: 30_000, intervalMs: 500 },
		);
		expect(after).toMatchObject({ status: "done", differing: 0, items: [] });
		expect(await scenario.reconciliation()).toMatchObject({ ok: true });
	});
});

/** A QBO token of the test's own (the scenario keeps its own private). */
async function qboToken(scenario: Scenario): Promise<string> {
	const { sim } = stackUrls();
	return String((await json("POST", `${sim}/admin/companies/${scenario.realmId}/tokens`, {})).access_token);
}
