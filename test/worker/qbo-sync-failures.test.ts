/**
 * What one bad event costs, through signed webhooks, the company's sync object and the QBO
 * simulator: an event whose id is not QuickBooks' is dead-lettered at intake while the rest of its
 * delivery is applied; a document QBO answers unreadable fails alone, backs off alone and ends
 * dead, while later invoices of the same company move stock on the next run; and the sync log
 * tells the user what went wrong in a sentence.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import type { CompanySync } from "../../worker/sync/company-sync";
import { createCompanySyncTables } from "../../worker/sync/company-sync-tables";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { cloudEventsBody, makeCloudEvent } from "../fixtures/qbo/webhooks/cloudevents";
import { legacyBody, makeLegacyEntity, makeLegacyNotification } from "../fixtures/qbo/webhooks/legacy";
import { allPages } from "./api-checks";
import { companySyncOf, drainCompanySync } from "./company-sync-drain";
import { makeCompany, type TestCompany } from "./helpers";
import { connectSimCompany, type SimCompany } from "./qbo-sim-client";
import { deadInvoiceEvent, deadLettersContaining, inboxOf, postQboWebhook } from "./qbo-webhook-client";

/** As in worker/core/retry-policy.ts: the attempts after which a failing event is dead. */
const MAX_ATTEMPTS = 5;
const FORGED_ID = "1' OR '1'='1";
const UNREADABLE = "QuickBooks sent an invoice Stockroom could not read: Line 2 has no item.";

type LogItem = { entity: string; entityId: string; status: string; attempts: number; error: string | null };

async function connectedCompany() {
	const co = await makeCompany({ locations: 1, products: 0 });
	const sim = await connectSimCompany(co.companyId, { items: 1, customers: 1 });
	await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
	const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
	const [customer] = await sim.query("SELECT * FROM Customer");
	if (!item || !customer) throw new Error("the simulated company has no item or customer");
	const sku = String(item.Sku ?? item.Name);
	const itemId = String(item.Id);
	const opening = await onHand(co, sku);
	/** Saves an invoice of `qty` of the item in QBO, as a user would. */
	const saveInvoice = (...quantities: number[]) =>
		sim.save("Invoice", {
			CustomerRef: { value: String(customer.Id) },
			Line: quantities.map((qty) => ({
				DetailType: "SalesItemLineDetail",
				Amount: qty * 10,
				SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: qty, UnitPrice: 10 },
			})),
		});
	return { co, sim, sku, opening, saveInvoice };
}

/** An invoice QBO answers with its second line missing its item: a document Stockroom cannot read. */
async function unreadableInvoice(
	sim: SimCompany,
	saveInvoice: (...quantities: number[]) => Promise<Record<string, unknown>>,
) {
	const invoice = await saveInvoice(1, 1);
	const [first, second] = invoice.Line as Record<string, unknown>[];
	if (!first || !second) throw new Error("the simulator answered the invoice without its lines");
	const { ItemRef: _, ...detail } = second.SalesItemLineDetail as Record<string, unknown>;
	await sim.storeAsIs("Invoice", { ...invoice, Line: [first, { ...second, SalesItemLineDetail: detail }] });
	return String(invoice.Id);
}

async function onHand(co: TestCompany, sku: string): Promise<number | undefined> {
	// Sync traffic flushes in the background: reconciliation flushes the objects first.
	expect((await co.api.get("/api/v1/reconciliation?limit=1000")).json()).toMatchObject({ ok: true });
	const rows = await allPages<{ sku: string; onHand: number }>(co.api, "/api/v1/levels?limit=1000");
	return rows.find((r) => r.sku === sku)?.onHand;
}

/** Posts Intuit's signed notification that invoice `id` was created. */
async function notifyInvoice(realmId: string, id: string) {
	const res = await postQboWebhook(
		cloudEventsBody([makeCloudEvent({ intuitaccountid: realmId, intuitentityid: id, type: "qbo.invoice.created.v1" })]),
	);
	expect(res.status).toBe(200);
}

/** The invoice's entries in the sync log, as the user reads them, oldest attempt first. */
async function invoiceLog(co: TestCompany, id: string): Promise<LogItem[]> {
	const items = await allPages<LogItem>(co.api, "/api/v1/sync/log?entity=Invoice&limit=100");
	return items.filter((l) => l.entityId === id).sort((a, b) => a.attempts - b.attempts);
}

async function isPending(realmId: string, id: string): Promise<boolean> {
	return (await inboxOf(realmId)).pending.some((e) => e.entityId === id);
}

/** As if the event's backoff had passed: it is due again. */
async function backoffPassed(realmId: string, id: string) {
	await runInDurableObject(companySyncOf(realmId), (_: CompanySync, state) => {
		state.storage.sql.exec("UPDATE inbox SET next_attempt_at = 0 WHERE entity_id = ?", id);
	});
}

describe("a failing QBO event does not hold back the others", () => {
	it("an invoice QBO answers unreadable fails alone; a later invoice moves stock on the next run; the first ends dead", async () => {
		vi.spyOn(console, "warn").mockImplementation(() => {});
		const { co, sim, sku, opening, saveInvoice } = await connectedCompany();
		const brokenId = await unreadableInvoice(sim, saveInvoice);
		await notifyInvoice(sim.realmId, brokenId);
		await runDurableObjectAlarm(companySyncOf(sim.realmId));
		expect(await invoiceLog(co, brokenId)).toMatchObject([{ status: "failed", attempts: 1 }]);

		// Saved in QBO while the unreadable one waits for its retry.
		const later = await saveInvoice(2);
		await notifyInvoice(sim.realmId, String(later.Id));
		const alarm = await runInDurableObject(companySyncOf(sim.realmId), (_: CompanySync, state) =>
			state.storage.getAlarm(),
		);
		// The object is due at once for the new invoice, not when the failed one's backoff ends.
		expect(alarm).not.toBeNull();
		expect(alarm).toBeLessThanOrEqual(Date.now());
		await runDurableObjectAlarm(companySyncOf(sim.realmId));
		expect(await isPending(sim.realmId, String(later.Id))).toBe(false);
		expect(await onHand(co, sku)).toBe((opening ?? 0) - 2);
		expect(await invoiceLog(co, String(later.Id))).toMatchObject([{ status: "applied" }]);
		// The unreadable one still waits its own backoff.
		expect(await isPending(sim.realmId, brokenId)).toBe(true);

		for (let run = 0; run < 2 * MAX_ATTEMPTS && (await isPending(sim.realmId, brokenId)); run++) {
			await backoffPassed(sim.realmId, brokenId);
			await runDurableObjectAlarm(companySyncOf(sim.realmId));
		}
		const log = await invoiceLog(co, brokenId);
		expect(log.map((l) => [l.attempts, l.status])).toEqual([
			[1, "failed"],
			[2, "failed"],
			[3, "failed"],
			[4, "failed"],
			[5, "dead"],
		]);
		expect(await isPending(sim.realmId, brokenId)).toBe(false);
		// It moved nothing; the later invoice's stock stands.
		expect(await onHand(co, sku)).toBe((opening ?? 0) - 2);
	});

	it("tells the user in a sentence what QBO sent that Stockroom could not read", async () => {
		vi.spyOn(console, "warn").mockImplementation(() => {});
		const { co, sim, saveInvoice } = await connectedCompany();
		const brokenId = await unreadableInvoice(sim, saveInvoice);
		await notifyInvoice(sim.realmId, brokenId);
		await runDurableObjectAlarm(companySyncOf(sim.realmId));

		const [entry] = await invoiceLog(co, brokenId);
		expect(entry).toMatchObject({ status: "failed", error: UNREADABLE });
		// No JSON, no zod issue array.
		expect(entry?.error).not.toMatch(/[[\]{}"]|invalid_type|expected/);
	});
});

describe("an event whose id is not QuickBooks'", () => {
	it.each([
		[
			"CloudEvents",
			(realmId: string, ids: string[]) =>
				cloudEventsBody(
					ids.map((id) =>
						makeCloudEvent({ intuitaccountid: realmId, intuitentityid: id, type: "qbo.invoice.created.v1" }),
					),
				),
		],
		[
			"legacy",
			(realmId: string, ids: string[]) =>
				legacyBody([
					makeLegacyNotification(
						realmId,
						ids.map((id) => makeLegacyEntity({ id, operation: "Create", lastUpdated: new Date().toISOString() })),
					),
				]),
		],
	])("is dead-lettered at intake (%s); the rest of the delivery is answered 200 and applied", async (_, bodyOf) => {
		vi.spyOn(console, "warn").mockImplementation(() => {});
		const { co, sim, sku, opening, saveInvoice } = await connectedCompany();
		const first = String((await saveInvoice(1)).Id);
		const second = String((await saveInvoice(3)).Id);
		const body = bodyOf(sim.realmId, [first, FORGED_ID, second]);

		const res = await postQboWebhook(body);
		expect(res.status).toBe(200);
		expect(res.json()).toMatchObject({ accepted: 2, rejected: 1, deadLettered: true });
		const [letter] = await deadLettersContaining(body);
		expect(letter?.reason).toContain("1 of 3 events not understood");
		expect((await inboxOf(sim.realmId)).pending.map((e) => e.entityId)).toEqual([first, second]);

		await drainCompanySync(sim.realmId);
		expect(await onHand(co, sku)).toBe((opening ?? 0) - 4);
		const log = await allPages<LogItem>(co.api, "/api/v1/sync/log?entity=Invoice&limit=100");
		expect(log.map((l) => [l.entityId, l.status]).sort()).toEqual([
			[first, "applied"],
			[second, "applied"],
		]);
	});

	it("queued before ids were checked, it is set aside as dead and the events behind it are applied", async () => {
		vi.spyOn(console, "warn").mockImplementation(() => {});
		const { co, sim, sku, opening, saveInvoice } = await connectedCompany();
		const invoice = String((await saveInvoice(2)).Id);
		await notifyInvoice(sim.realmId, invoice);
		// The object as an older version left it: its inbox without per-event retry times, and an event
		// of the probe's forged id queued ahead of the invoice's.
		await runInDurableObject(companySyncOf(sim.realmId), (_: CompanySync, state) => {
			const sql = state.storage.sql;
			const queued = sql.exec<{ key: string; occurred_at: string; received_at: number }>("SELECT * FROM inbox").one();
			sql.exec("DROP TABLE inbox");
			sql.exec(`CREATE TABLE inbox (
				seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,
				entity TEXT NOT NULL, entity_id TEXT NOT NULL, operation TEXT NOT NULL,
				occurred_at TEXT NOT NULL, deleted_id TEXT,
				status TEXT NOT NULL DEFAULT 'pending', received_at INTEGER NOT NULL,
				attempts INTEGER NOT NULL DEFAULT 0)`);
			const insert = `INSERT INTO inbox (key, entity, entity_id, operation, occurred_at, received_at, attempts)
				VALUES (?, 'Invoice', ?, 'create', ?, ?, ?)`;
			sql.exec(insert, "forged", FORGED_ID, queued.occurred_at, queued.received_at, 2);
			sql.exec(insert, queued.key, invoice, queued.occurred_at, queued.received_at, 0);
			// What the object does when it starts.
			createCompanySyncTables(sql);
		});

		await drainCompanySync(sim.realmId);
		expect(await onHand(co, sku)).toBe((opening ?? 0) - 2);
		expect(await invoiceLog(co, invoice)).toMatchObject([{ status: "applied" }]);
		const [setAside] = await invoiceLog(co, FORGED_ID);
		expect(setAside).toMatchObject({ status: "dead", attempts: 3 });
		expect(setAside?.error).toMatch(/not a QuickBooks id/);
	});

	it("logged before ids were checked, it cannot be retried from the sync log", async () => {
		const { co } = await connectedCompany();
		const id = await deadInvoiceEvent(co.companyId, FORGED_ID);
		const res = await co.api.post(`/api/v1/sync/log/${id}/retry`);
		expect(res.status).toBe(409);
	});
});
