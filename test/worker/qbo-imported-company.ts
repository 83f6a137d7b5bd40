/**
 * A Stockroom company connected to a fresh simulated QBO company and imported as on connect (the
 * sync object's own import, run by hand), and the drift check run to its end: for the tests of
 * sync that compare QuickBooks' quantities with ours.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { qboConnections } from "../../worker/db/schema";
import { updateSettings } from "../../worker/settings/company-settings";
import { deliverToCompany } from "../../worker/sync/company-sync-client";
import type { Schemas } from "./api-checks";
import { companySyncOf, drainCompanySync } from "./company-sync-drain";
import { db, makeCompany, type TestCompany } from "./helpers";
import { connectSimCompany, qboEvent, type SimCompany } from "./qbo-sim-client";

export type DriftReport = Schemas["DriftReport"];

export async function importedCompany(settings: Parameters<typeof updateSettings>[2], items = 4) {
	const co = await makeCompany({ locations: 1, products: 0 });
	await updateSettings(db, co.companyId, settings);
	const sim = await connectSimCompany(co.companyId, { items, customers: 1, vendors: 1 });
	await db.update(qboConnections).set({ connectedAt: Date.now() }).where(eq(qboConnections.companyId, co.companyId));
	const stub = companySyncOf(sim.realmId);
	await stub.startImport(sim.realmId);
	for (let i = 0; i < 20 && (await stub.progress()).importing; i++) await runDurableObjectAlarm(stub);
	expect((await stub.progress()).importing).toBe(false);
	const inventory = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory' MAXRESULTS 1000");
	const products = (await co.api.get("/api/v1/products?limit=1000")).json<{ items: { id: string; qboId: string }[] }>()
		.items;
	const productOf = (qboId: string) => products.find((p) => p.qboId === qboId)?.id ?? "";
	const [customer] = await sim.query("SELECT * FROM Customer");
	const qtyAt = async (itemId: string) =>
		Number((await sim.query(`SELECT * FROM Item WHERE Id = '${itemId}'`))[0]?.QtyOnHand);
	return { co, sim, items: inventory.map((i) => String(i.Id)), productOf, customerId: String(customer?.Id), qtyAt };
}

/** Asks for a drift check and runs the sync object until its report is finished. */
export async function driftCheck(co: TestCompany, realmId: string): Promise<DriftReport> {
	const started = await co.api.post("/api/v1/qbo-drift");
	expect(started.status, JSON.stringify(started.body)).toBe(202);
	const { id } = started.json<DriftReport>();
	for (let i = 0; i < 10; i++) {
		const report = (await co.api.get(`/api/v1/qbo-drift/${id}`)).json<DriftReport>();
		if (report.status === "done" || report.status === "failed") return report;
		await runDurableObjectAlarm(companySyncOf(realmId));
	}
	throw new Error("the drift check did not finish");
}

/**
 * Saves a document in the simulated QuickBooks, announces it as Intuit would, and lets the company
 * object apply it (and send what it then owes QuickBooks); answers the document as saved.
 */
export async function saveAndSync(sim: SimCompany, entity: string, body: Record<string, unknown>) {
	const saved = await sim.save(entity, body);
	await deliverToCompany(env, sim.realmId, [qboEvent(sim.realmId, entity, String(saved.Id))]);
	await drainCompanySync(sim.realmId);
	return saved;
}
