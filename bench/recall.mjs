/**
 * `node bench/recall.mjs`: the trace and the recall of a lot that went through three build levels
 * into 500 deliveries, against its own `wrangler dev` and QBO simulator on this machine.
 *
 * Four products of a simulated QuickBooks company, imported on connect and tracked by lot: 600
 * cells in lot CELL-1, built into 600 level-1 assemblies (lot A1-1), those into 600 level-2 (A2-1),
 * those into 600 level-3 (A3-1). 50 invoices to 10 customers, saved in the simulator and read by
 * the catch-up, make orders (reserve until delivery), delivered by 500 delivery notes of one each,
 * all from A3-1. Measured, beside a baseline in the same run (one plain adjustment of a product
 * without lots): `GET /products/{cells}/lots/CELL-1/trace` — the graph both ways, forward through
 * the three builds to the 500 notes, their orders and customers — and `GET /recall` of CELL-1 (its
 * 500 rows). Then checked: the trace reaches the 500 notes uncut, the recall has 500 rows of the 10
 * customers, and the reconciliation (lots included) is ok.
 *
 * Only localhost traffic; every loop is bounded; the servers are stopped at the end, on error and
 * on Ctrl-C. Knobs (environment): BENCH_RECALL_DELIVERIES (500), BENCH_RECALL_CALLS (50),
 * BENCH_RECALL_WARMUP (5), BENCH_PORT, BENCH_SIM_PORT. The last line printed is the figures as one
 * JSON object.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { ratioLine, runsTable } from "./format.mjs";
import { boundRun, json as httpJson, request as httpRequest, knob, runWithServer, serverShutdown } from "./harness.mjs";
import { warmedLoad } from "./load.mjs";
import { freePort, spawnTracked } from "./server.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const config = {
	deliveries: knob("BENCH_RECALL_DELIVERIES", 500),
	calls: knob("BENCH_RECALL_CALLS", 50),
	warmup: knob("BENCH_RECALL_WARMUP", 5),
	concurrency: 1,
	port: knob("BENCH_PORT", 8797),
	simPort: knob("BENCH_SIM_PORT", 8810),
	logLevel: process.env.BENCH_LOG_LEVEL || "warn",
};
const WATCHDOG_MS = 10 * 60_000;
/** Built at each level: more than is delivered, so the last lot keeps some stock. */
const STOCK = config.deliveries + 100;
/** Requests sent at once while seeding. */
const SEED_CONCURRENCY = 4;
/**
 * Delivery notes per order: an order re-sends every note's effect with each new note, so 500 notes
 * are spread over 50 orders (to 10 customers) rather than piled on one.
 */
const NOTES_PER_ORDER = 10;
const CUSTOMERS = 10;

const say = (line) => console.log(`[bench:recall] ${line}`);
const runId = Date.now().toString(36);

let server;
const shutdown = serverShutdown(say, () => server);
boundRun("bench:recall", WATCHDOG_MS, shutdown);

const request = (method, path, options) => httpRequest(server.origin, method, path, options);
const json = (method, path, options) => httpJson(server.origin, method, path, options);

const simPort = await freePort(config.simPort);
const simOrigin = `http://127.0.0.1:${simPort}`;

/** The QBO simulator (no demo company), with the project's Node 22; resolves once /health answers. */
async function startSimulator() {
	const stateDir = join(root, "bench", ".state-recall");
	await mkdir(stateDir, { recursive: true });
	const bin = join(root, "node_modules", ".bin");
	const child = spawnTracked(join(bin, "node"), [join(root, "bench", "sim-counted.mjs")], {
		cwd: root,
		env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`, SIM_PORT: String(simPort) },
		logFile: createWriteStream(join(stateDir, "sim.log")),
	});
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the simulator exited (code ${child.exitCode}); see its sim.log`);
		if (Date.now() > deadline) throw new Error(`${simOrigin}/health did not answer in 30 s`);
		if (
			await fetch(`${simOrigin}/health`, { signal: AbortSignal.timeout(2000) }).then(
				(r) => r.ok,
				() => false,
			)
		)
			return;
		await sleep(100);
	}
}

async function scenario(name, send, expect) {
	const { retry: _, ...result } = await warmedLoad({
		say,
		name,
		warmup: config.warmup,
		count: config.calls,
		concurrency: config.concurrency,
		send,
		expect,
	});
	return result;
}

/** Runs `send(i)` for i in [0, count) with `concurrency` in flight. */
async function inParallel(count, concurrency, send) {
	let next = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < count) await send(next++);
		}),
	);
}

async function bench() {
	await startSimulator();
	const realm = await httpJson(simOrigin, "POST", "/admin/companies", {
		body: { items: 5, bundles: 0, services: 0, nonInventory: 0, customers: CUSTOMERS, vendors: 1 },
	});
	const company = await json("POST", "/dev/companies", { body: { locations: ["Warehouse"] } });
	const { token } = company;
	const [locationId] = company.locationIds;
	say("connecting to the simulated QuickBooks company (its items imported)");
	await json("POST", `/dev/connect-sim?realmId=${realm.realmId}&companyId=${encodeURIComponent(company.companyId)}`, {
		timeoutMs: 120_000,
	});
	const products = (await json("GET", "/api/v1/products?limit=100", { token })).items;
	const byQbo = (id) => {
		const p = products.find((x) => x.qboId === id);
		if (!p) throw new Error(`no product of QBO item ${id}`);
		return p.id;
	};
	const [cells, a1, a2, a3, plain] = ["1", "2", "3", "4", "5"].map(byQbo);
	await json("PATCH", "/api/v1/settings", { token, body: { orderMode: "reserve_until_delivery" } });

	say(`seeding: ${STOCK} cells in CELL-1, built through three levels`);
	for (const id of [cells, a1, a2, a3])
		await json("PATCH", `/api/v1/products/${id}`, { token, body: { tracking: "lot" } });
	for (const [assembly, component] of [
		[a1, cells],
		[a2, a1],
		[a3, a2],
	])
		await json("PUT", `/api/v1/assemblies/${assembly}`, {
			token,
			body: { components: [{ productId: component, quantity: 1 }], version: 0 },
		});
	await json("POST", "/api/v1/adjustments", {
		token,
		body: {
			productId: cells,
			locationId,
			quantity: STOCK,
			lots: [{ lot: "CELL-1", expiry: "2099-12-31", quantity: STOCK }],
			idempotencyKey: `${runId}-cells`,
		},
	});
	for (const [assembly, component, from, into] of [
		[a1, cells, "CELL-1", "A1-1"],
		[a2, a1, "A1-1", "A2-1"],
		[a3, a2, "A2-1", "A3-1"],
	])
		await json("POST", "/api/v1/builds", {
			token,
			body: {
				productId: assembly,
				locationId,
				quantity: STOCK,
				componentLots: [{ productId: component, lots: [{ lot: from, quantity: STOCK }] }],
				lot: { lot: into },
				idempotencyKey: `${runId}-build-${into}`,
			},
			timeoutMs: 60_000,
		});
	await json("POST", "/api/v1/adjustments", {
		token,
		body: { productId: plain, locationId, quantity: 1_000_000, idempotencyKey: `${runId}-plain-stock` },
	});

	const orders = Math.ceil(config.deliveries / NOTES_PER_ORDER);
	say(`${orders} invoices in QuickBooks to ${CUSTOMERS} customers, then ${config.deliveries} delivery notes from A3-1`);
	const { access_token: qboToken } = await httpJson(simOrigin, "POST", `/admin/companies/${realm.realmId}/tokens`, {
		body: { clientId: "stockroom-bench-writer" },
	});
	const qbo = (method, path, body) =>
		httpJson(simOrigin, method, `/v3/company/${realm.realmId}/${path}`, {
			token: qboToken,
			body,
			headers: { "x-bench-client": "1", accept: "application/json" },
		});
	const customers = (await qbo("GET", `query?query=${encodeURIComponent("select * from Customer")}&minorversion=75`))
		.QueryResponse.Customer;
	if (!customers?.length) throw new Error("the simulated company has no customer");
	const invoices = [];
	await inParallel(orders, SEED_CONCURRENCY, async (i) => {
		const notes = Math.min(NOTES_PER_ORDER, config.deliveries - i * NOTES_PER_ORDER);
		const { Invoice } = await qbo("POST", "invoice?minorversion=75", {
			CustomerRef: { value: customers[i % customers.length].Id },
			Line: [
				{
					DetailType: "SalesItemLineDetail",
					Amount: notes,
					SalesItemLineDetail: { ItemRef: { value: "4" }, Qty: notes, UnitPrice: 1 },
				},
			],
		});
		invoices.push({ id: Invoice.Id, notes });
	});
	// The catch-up reads what changed in QuickBooks since the import (as the cron would): each invoice an order.
	let made = [];
	for (let attempt = 0; attempt < 50 && made.length < orders; attempt++) {
		await json("POST", `/dev/sync/catch-up?companyId=${encodeURIComponent(company.companyId)}`, { timeoutMs: 120_000 });
		made = (await json("GET", "/api/v1/orders?limit=1000", { token })).items;
		if (made.length < orders) await sleep(500);
	}
	if (made.length < orders) throw new Error(`${orders} invoices made ${made.length} orders`);
	const deliveries = invoices.flatMap((invoice) => {
		const order = made.find((o) => o.source.qboId === invoice.id);
		if (!order) throw new Error(`invoice ${invoice.id} made no order`);
		return Array.from({ length: invoice.notes }, (_, n) => ({ orderId: order.id, key: `${invoice.id}-${n}` }));
	});
	await inParallel(deliveries.length, SEED_CONCURRENCY, (i) =>
		json("POST", `/api/v1/orders/${deliveries[i].orderId}/deliveries`, {
			token,
			body: {
				lines: [{ productId: a3, quantity: 1, lots: [{ lot: "A3-1", quantity: 1 }] }],
				idempotencyKey: `${runId}-dn-${deliveries[i].key}`,
			},
			timeoutMs: 60_000,
		}),
	);

	const baseline = await scenario(
		"baseline: a plain adjustment",
		(tag) =>
			request("POST", "/api/v1/adjustments", {
				token,
				body: { productId: plain, locationId, quantity: -1, idempotencyKey: `${runId}-adj-${tag}` },
			}),
		201,
	);
	const trace = await scenario(
		`the trace of CELL-1 (3 build levels, ${config.deliveries} deliveries)`,
		() => request("GET", `/api/v1/products/${cells}/lots/CELL-1/trace`, { token }),
		200,
	);
	const recall = await scenario(
		`the recall of CELL-1 (${config.deliveries} rows)`,
		() => request("GET", `/api/v1/recall?productId=${cells}&lot=CELL-1`, { token }),
		200,
	);

	const traced = await json("GET", `/api/v1/products/${cells}/lots/CELL-1/trace`, { token, timeoutMs: 60_000 });
	const recalled = await json("GET", `/api/v1/recall?productId=${cells}&lot=CELL-1`, { token, timeoutMs: 60_000 });
	const notes = traced.sources.filter((s) => s.type === "delivery").length;
	const builds = traced.sources.filter((s) => s.type === "build").length;
	const customersRecalled = new Set(recalled.items.map((r) => r.customerName));
	const recon = await json("GET", "/api/v1/reconciliation?limit=10", { token, timeoutMs: 120_000 });
	const check = {
		notes,
		builds,
		recallRows: recalled.items.length,
		customers: customersRecalled.size,
		truncated: traced.truncated || recalled.truncated,
		reconciliationOk: recon.ok,
	};
	check.ok =
		notes === config.deliveries &&
		builds === 3 &&
		check.recallRows === config.deliveries &&
		check.customers === Math.min(CUSTOMERS, Math.ceil(config.deliveries / NOTES_PER_ORDER)) &&
		!check.truncated &&
		recon.ok;
	return { baseline, trace, recall, check };
}

function report({ baseline, trace, recall, check }) {
	console.log(
		`\nTrace and recall of a lot through 3 build levels into ${config.deliveries} deliveries — ${config.calls} requests after ${config.warmup} warm-up\n`,
	);
	console.log(
		runsTable([
			["baseline: a plain adjustment", baseline],
			["trace (both ways)", trace],
			["recall (JSON)", recall],
		]),
	);
	for (const [what, r] of [
		["Trace", trace],
		["Recall", recall],
	])
		console.log(ratioLine(what, r, baseline));
	console.log(
		`Check: ${check.notes} notes and ${check.builds} builds in the trace, ${check.recallRows} recall rows, ` +
			`${check.customers} customers, ${check.truncated ? "cut off" : "not cut off"}, reconciliation ${check.reconciliationOk ? "ok" : "NOT ok"} → ${check.ok ? "OK" : "FAILED"}\n`,
	);
}

await runWithServer({
	name: "recall",
	root,
	config,
	say,
	onServer: (started) => {
		server = started;
	},
	shutdown,
	bench,
	report,
	measured: "recall",
	vars: {
		QBO_API_BASE: simOrigin,
		QBO_AUTHORIZE_URL: `${simOrigin}/connect/oauth2`,
		QBO_TOKEN_URL: `${simOrigin}/oauth2/v1/tokens/bearer`,
		QBO_REVOKE_URL: `${simOrigin}/oauth2/v1/tokens/revoke`,
		QBO_CLIENT_ID: "stockroom-bench",
		QBO_CLIENT_SECRET: "stockroom-bench-secret",
		TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
	},
});
