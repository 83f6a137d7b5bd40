/**
 * The development sandbox across a restart: the stack started as `npm start` starts it — the
 * simulator keeping its state in a file beside the app's local data, the demo company seeded and
 * connected — stopped, and started again on the same state. Documents saved after the restart
 * must move stock like those saved before: the simulator hands out no Id twice, so the app never
 * takes a new document for an old version of another.
 *
 * It runs its own stack (not the e2e project's shared one), twice, in test/e2e/.state-restart.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { json, settle } from "./stack.ts";
import { type RunningStack, startStack } from "./start-stack.ts";

const stateDir = fileURLToPath(new URL("./.state-restart", import.meta.url));

type Json = Record<string, unknown>;

let running: RunningStack | undefined;
afterAll(async () => {
	await running?.stop();
});

/** Starts the stack and does what `npm start` does once both servers answer (scripts/start.mjs). */
async function sandbox(keepState: boolean) {
	running = await startStack({
		stateDir,
		keepState,
		demoWebhooks: true,
		simEnv: { SIM_STATE_FILE: join(stateDir, "sim-state.json"), SIM_DEMO_ITEMS: "2", SIM_TIME_SCALE: "0.01" },
	});
	const { app, sim } = running;
	const [company] = (await json("GET", `${sim}/admin/companies`)).companies as { realmId: string }[];
	const realmId = String(company?.realmId);
	await json("POST", `${app}/dev/seed?products=false`);
	await json("POST", `${app}/dev/connect-sim?realmId=${realmId}`);
	const appAuth = { authorization: `Bearer ${await (await fetch(`${app}/dev/token`, { method: "POST" })).text()}` };
	const qboToken = String((await json("POST", `${sim}/admin/companies/${realmId}/tokens`, {})).access_token);
	const qbo = (method: string, path: string, body?: unknown) =>
		json(method, `${sim}/v3/company/${realmId}/${path}`, body, { authorization: `Bearer ${qboToken}` });

	return {
		/** Saves an invoice of `qty` of item 1 (or a new version of `invoice`) and waits for its webhook. */
		async saveInvoice(qty: number, invoice?: Json): Promise<Json> {
			const saved = (
				await qbo("POST", "invoice", {
					...(invoice ? { Id: invoice.Id, SyncToken: invoice.SyncToken } : {}),
					CustomerRef: { value: "1" },
					Line: [{ DetailType: "SalesItemLineDetail", SalesItemLineDetail: { ItemRef: { value: "1" }, Qty: qty } }],
				})
			).Invoice as Json;
			const flushed = await json("POST", `${sim}/admin/companies/${realmId}/webhook/flush?waitMs=15000`);
			expect(flushed.idle, "the simulator's webhooks were delivered").toBe(true);
			return saved;
		},
		/** QBO's quantity of item 1, and its SKU. */
		async qboItem(): Promise<{ qty: number; sku: string }> {
			const item = (await qbo("GET", "item/1")).Item as Json;
			expect(item.Type).toBe("Inventory");
			return { qty: Number(item.QtyOnHand), sku: String(item.Sku) };
		},
		/** Stockroom's on hand of a SKU, summed over its locations, once `done` holds (bounded). */
		stockroomTotal(sku: string, done: (total: number) => boolean): Promise<number> {
			const read = async () => {
				const page = await json(
					"GET",
					`${app}/api/v1/levels?limit=1000&q=${encodeURIComponent(sku)}`,
					undefined,
					appAuth,
				);
				const rows = page.items as { sku: string; onHand: number }[];
				return rows.filter((r) => r.sku === sku).reduce((sum, r) => sum + r.onHand, 0);
			};
			return settle(read, done, { timeoutMs: 15_000 });
		},
		/** The sync log's invoice events: [QBO id, status, why]. */
		async invoiceLog(): Promise<[string, string, string | null][]> {
			const page = await json("GET", `${app}/api/v1/sync/log?limit=1000`, undefined, appAuth);
			const entries = page.items as { entity: string; entityId: string; status: string; error: string | null }[];
			return entries.filter((e) => e.entity === "Invoice").map((e) => [e.entityId, e.status, e.error]);
		},
	};
}

describe("the development sandbox across a restart", () => {
	it("keeps both sides' data: invoices saved or edited after a restart move stock", async () => {
		const before = await sandbox(false);
		const { qty: opening, sku } = await before.qboItem();
		expect(await before.stockroomTotal(sku, (total) => total === opening)).toBe(opening);
		const first = await before.saveInvoice(2);
		expect(await before.stockroomTotal(sku, (total) => total === opening - 2)).toBe(opening - 2);
		await running?.stop();

		const after = await sandbox(true);
		expect((await after.qboItem()).qty, "the simulator kept its books").toBe(opening - 2);
		const second = await after.saveInvoice(3);
		expect(second.Id, "a new Id, not the first invoice's again").not.toBe(first.Id);
		const edited = await after.saveInvoice(5, first);
		expect(edited.SyncToken).toBe("1");
		const expected = opening - 3 - 5;
		expect(await after.stockroomTotal(sku, (total) => total === expected)).toBe(expected);
		expect((await after.qboItem()).qty, "QBO's quantity equals Stockroom's total").toBe(expected);
		const notApplied = (await after.invoiceLog()).filter(([, status]) => status !== "applied");
		expect(notApplied, "invoice events not applied, with why").toEqual([]);
	});
});
