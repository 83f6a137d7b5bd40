/**
 * Issue 14, gap 4: a QuickBooks user saves documents while the import runs. An invoice saved after
 * the items were read but before the documents, one saved after the documents were read, and one
 * deleted then: the opening stock counts exactly the document versions the import applied, so once
 * their webhooks arrive every item's on hand equals QuickBooks' quantity — nothing lost, nothing
 * counted twice. The moments are chosen by a QBO client that saves at them (a collaborator of the
 * import; QuickBooks itself is the simulator).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import type { InboundEvent } from "../../worker/qbo/inbound-event";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { deliverToCompany } from "../../worker/sync/company-sync-client";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { onHandBySku } from "./api-checks";
import { drainCompanySync } from "./company-sync-drain";
import { makeCompany } from "./helpers";
import { connectSimCompany } from "./qbo-sim-client";

/** A QBO client that runs a step of the test right after a given query answered, once. */
class ClientSavingMeanwhile extends QboApi {
	constructor(
		companyId: string,
		private readonly after: Map<string, () => Promise<void>>,
	) {
		super(env, new AccessTokens(env, companyId), new RateLimiter());
	}

	override async queryAll(entity: string, where = ""): Promise<Record<string, unknown>[]> {
		const rows = await super.queryAll(entity, where);
		const step = this.after.get(`${entity} ${where}`.trim());
		this.after.delete(`${entity} ${where}`.trim());
		if (step) await step();
		return rows;
	}
}

function event(realmId: string, entityId: string, operation: InboundEvent["operation"]): InboundEvent {
	return {
		key: `test-${crypto.randomUUID()}`,
		realmId,
		entity: "Invoice",
		entityId,
		operation,
		occurredAt: new Date().toISOString(),
	};
}

describe("documents saved while the import runs", () => {
	it("are neither lost nor counted twice", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const sim = await connectSimCompany(co.companyId, { items: 3, customers: 1 });
		const items = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
		const [customer] = await sim.query("SELECT * FROM Customer");
		const [a, b, c] = items.map((i) => String(i.Id));
		if (!a || !b || !c) throw new Error("too few simulated items");
		const invoice = (itemId: string, qty: number) => ({
			CustomerRef: { value: String(customer?.Id) },
			Line: [
				{
					DetailType: "SalesItemLineDetail",
					Amount: qty,
					SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: qty },
				},
			],
		});
		// Saved before the import: read by it, then deleted while it runs.
		const doomed = await sim.save("Invoice", invoice(c, 4));
		const later: InboundEvent[] = [];
		const client = new ClientSavingMeanwhile(
			co.companyId,
			new Map([
				// The items were just read, the documents not yet.
				[
					"Item",
					async () => {
						const saved = await sim.save("Invoice", invoice(a, 3));
						later.push(event(sim.realmId, String(saved.Id), "create"));
					},
				],
				// The documents were just read (InventoryAdjustment last).
				[
					"InventoryAdjustment",
					async () => {
						const saved = await sim.save("Invoice", invoice(b, 2));
						later.push(event(sim.realmId, String(saved.Id), "create"));
						await sim.save("Invoice", { Id: doomed.Id, SyncToken: doomed.SyncToken }, "delete");
						later.push(event(sim.realmId, String(doomed.Id), "delete"));
					},
				],
			]),
		);

		await importCatalogue(env, co.companyId, client);
		// Their webhooks arrive after the import.
		await deliverToCompany(env, sim.realmId, later);
		await drainCompanySync(sim.realmId, ["inbox"]);

		const atQbo = Object.fromEntries(
			(await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'")).map((i) => [
				String(i.Sku ?? i.Name),
				Number(i.QtyOnHand),
			]),
		);
		expect(await onHandBySku(co)).toEqual(atQbo);
	});
});
