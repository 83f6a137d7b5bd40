/**
 * `npm run bench:sync` (and the second half of `npm run bench`): figures for QuickBooks sync against
 * the QBO simulator and the app's own `wrangler dev`, both started here on free loopback ports (the
 * app from a prebuilt bundle, persisted in bench/.state-sync, wiped first).
 *
 * 1. Webhook acknowledgement: signed CloudEvents deliveries to `POST /webhooks/qbo` (1 event, and 20
 *    events, per delivery; spread over several realms as Intuit's deliveries are, and all on one
 *    realm) at a fixed concurrency — deliveries/s and latency p50/p99 — each beside the bare route
 *    `POST /dev/bench/ok` of the same Worker fed the same bodies, with the ratios.
 * 2. Freshness: invoices saved in the simulator (its QBO API) at a steady rate, webhooks on to the
 *    app; per invoice, the time until its level change is readable in `GET /api/v1/levels` (polled).
 * 3. A burst of 1 000 invoice creates and edits across 50 documents: the app's QBO read calls per
 *    event (counted by the simulator's wrapper, bench/sim-counted.mjs) and the time to drain.
 * 4. Import on connect of a simulator company with 10 000 items (`POST /dev/connect-sim`): its
 *    time, or — when it does not answer within what is left of the run's time budget — how far it
 *    got and the time left at its pace (the import's own figure in `GET /api/v1/sync/status`);
 *    meanwhile `GET /health`, one at a time, for how long the rest of the app keeps others waiting;
 *    afterwards every level against QBO's QtyOnHand and a page of the reconciliation. Last.
 *
 * Only loopback traffic; every loop is bounded; the simulator and wrangler are stopped at the end,
 * on error and on Ctrl-C. Knobs (environment): SYNC_ACK_DELIVERIES, SYNC_ACK_CONCURRENCY,
 * SYNC_FRESH_RATE, SYNC_FRESH_SECONDS, SYNC_POLL_MS, SYNC_BURST_EVENTS, SYNC_BURST_DOCS,
 * SYNC_IMPORT_ITEMS, SYNC_BATCH_WINDOW_MS, SYNC_BUDGET_SECONDS (default 330), SYNC_PHASES (e.g.
 * "ack,fresh"), SYNC_PORT, SYNC_SIM_PORT. The last line on stdout is the figures as one JSON object
 * (also in bench/results/sync-latest.json); the exit code is 1 when a check failed.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { availableParallelism, loadavg } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { fmt, ms, table } from "./format.mjs";
import { boundRun, json, knob, loadBeforeRun, printLoad, request, saveResults } from "./harness.mjs";
import { percentile, runLoad } from "./load.mjs";
import { freePort, spawnTracked, startServer, stopChildren } from "./server.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const stateDir = join(root, "bench", ".state-sync");

const PHASES = ["ack", "fresh", "burst", "import"];
const config = {
	ackDeliveries: knob("SYNC_ACK_DELIVERIES", 1000),
	ackWarmup: 50,
	ackConcurrency: knob("SYNC_ACK_CONCURRENCY", 16),
	ackRealms: 16,
	eventsPerBigDelivery: 20,
	freshRate: knob("SYNC_FRESH_RATE", 2),
	freshSeconds: knob("SYNC_FRESH_SECONDS", 30),
	pollMs: knob("SYNC_POLL_MS", 25),
	burstEvents: knob("SYNC_BURST_EVENTS", 1000),
	burstDocs: knob("SYNC_BURST_DOCS", 50),
	burstConcurrency: 16,
	importItems: knob("SYNC_IMPORT_ITEMS", 10_000),
	/** The simulator's batching window of webhook events (its default, 100 ms). */
	batchWindowMs: knob("SYNC_BATCH_WINDOW_MS", 100),
	phases: (process.env.SYNC_PHASES || PHASES.join(",")).split(",").map((p) => p.trim()),
	/** The app's port (its inspector takes the next one) and the simulator's, when free. */
	port: knob("SYNC_PORT", 8795),
	simPort: knob("SYNC_SIM_PORT", 8794),
	logLevel: process.env.BENCH_LOG_LEVEL || "warn",
};
for (const phase of config.phases)
	if (!PHASES.includes(phase)) throw new Error(`SYNC_PHASES: unknown phase "${phase}" (known: ${PHASES.join(", ")})`);

/** The whole run is cut off after this, whatever happens. */
const WATCHDOG_MS = 9 * 60_000;
/** Longest wait for one invoice's level, for the burst to drain, for the import. */
const FRESH_TIMEOUT_MS = 30_000;
const DRAIN_TIMEOUT_MS = 120_000;
const IMPORT_TIMEOUT_MS = 600_000;
/** The whole run aims to end within this (the import gives up waiting first). */
const BUDGET_MS = knob("SYNC_BUDGET_SECONDS", 330) * 1000;

const say = (line) => console.log(`[bench:sync] ${line}`);
/** When this run started: realm ids made for it are its own. */
const runStarted = Date.now();
const verifier = randomUUID();

let server;
let sim;
async function shutdown(code) {
	// On stderr: the JSON line stays the last line of stdout.
	console.error("[bench:sync] stopping wrangler dev and the simulator");
	if (server) await server.stop();
	await stopChildren();
	process.exit(code);
}
boundRun("bench:sync", WATCHDOG_MS, shutdown);

// ——— HTTP ———

// `request`/`json` (harness.mjs) go to the app (`server`) or the simulator (`sim`) by origin.
const app = (method, path, options) => json(server.origin, method, path, options);
const simAdmin = (method, path, body) => json(sim.origin, method, `/admin${path}`, { body });

/**
 * A POST without a client-side deadline (node:http; fetch gives up on headers after 300 s): the
 * import answers only when it is done. Bounded by `timeoutMs` all the same.
 */
function longPost(origin, path, timeoutMs) {
	return new Promise((resolve, reject) => {
		const req = httpRequest(`${origin}${path}`, { method: "POST" }, (res) => {
			let text = "";
			res.setEncoding("utf8");
			res.on("data", (chunk) => {
				text += chunk;
			});
			res.on("end", () => resolve({ status: res.statusCode, text }));
			res.on("error", reject);
		});
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`POST ${path}: no answer in ${timeoutMs / 1000} s`)));
		req.on("error", reject);
		req.end();
	});
}

// ——— the simulator ———

/** The simulator behind its counting wrapper, with the project's Node 22; resolves once /health answers. */
async function startSimulator(port) {
	await mkdir(stateDir, { recursive: true });
	const logFile = createWriteStream(join(stateDir, "sim.log"));
	const bin = join(root, "node_modules", ".bin");
	const child = spawnTracked(join(bin, "node"), [join(root, "bench", "sim-counted.mjs")], {
		cwd: root,
		env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`, SIM_PORT: String(port) },
		logFile,
	});
	const origin = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(`the simulator exited (code ${child.exitCode}); see bench/.state-sync/sim.log`);
		if (Date.now() > deadline) throw new Error(`${origin}/health did not answer in 30 s`);
		const ok = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2000) }).then(
			(r) => r.ok,
			() => false,
		);
		if (ok) return { origin, child };
		await sleep(100);
	}
}

/** The app's QBO calls on `realmId` so far, by kind (query, read, cdc, batch, write, oauth). */
async function appCalls(realmId) {
	const { counts } = await json(sim.origin, "GET", "/bench/calls");
	return { ...(counts.app[realmId] ?? {}), oauth: counts.app["-"]?.oauth ?? 0 };
}

const READ_KINDS = ["query", "read", "cdc", "batch"];
function callDelta(before, after) {
	const delta = {};
	for (const kind of new Set([...Object.keys(before), ...Object.keys(after)]))
		delta[kind] = (after[kind] ?? 0) - (before[kind] ?? 0);
	delta.reads = READ_KINDS.reduce((sum, kind) => sum + (delta[kind] ?? 0), 0);
	return delta;
}

/** A QBO API call of the benchmark itself (marked, so the wrapper does not count it as the app's). */
function qbo(company, method, path, body) {
	return request(sim.origin, method, `/v3/company/${company.realmId}/${path}`, {
		token: company.qboToken,
		body,
		headers: { "x-bench-client": "1", accept: "application/json" },
	});
}

async function qboQuery(company, statement) {
	const { status, text } = await qbo(company, "GET", `query?query=${encodeURIComponent(statement)}&minorversion=75`);
	if (status !== 200) throw new Error(`QBO query "${statement}" answered ${status}: ${text.slice(0, 300)}`);
	return JSON.parse(text).QueryResponse;
}

/**
 * A simulator company with `items` inventory items, a Stockroom company with one location
 * (default), connected (the catalogue imported), webhooks on to the app, and a QBO token of our own.
 */
async function connectedCompany(items) {
	const created = await simAdmin("POST", "/companies", { items, customers: 1, vendors: 1 });
	const realmId = created.realmId;
	const company = await app("POST", "/dev/companies", { body: { locations: ["Warehouse"] } });
	const t0 = performance.now();
	const connect = await longPost(
		server.origin,
		`/dev/connect-sim?realmId=${realmId}&companyId=${encodeURIComponent(company.companyId)}`,
		IMPORT_TIMEOUT_MS,
	);
	const importMs = performance.now() - t0;
	if (connect.status !== 200)
		throw new Error(`/dev/connect-sim answered ${connect.status}: ${connect.text.slice(0, 500)}`);
	await simAdmin("PUT", `/companies/${realmId}/webhook`, {
		url: `${server.origin}/webhooks/qbo`,
		verifier,
		format: "cloudevents",
		batchWindowMs: config.batchWindowMs,
	});
	const { access_token: qboToken } = await simAdmin("POST", `/companies/${realmId}/tokens`, {
		clientId: "stockroom-bench-writer",
	});
	return {
		realmId,
		companyId: company.companyId,
		token: company.token,
		locationId: company.locationIds[0],
		qboToken,
		imported: JSON.parse(connect.text),
		importMs,
	};
}

/** Every level row of the company's location, by SKU. */
async function levelsBySku(company) {
	const rows = new Map();
	for (let cursor, pages = 0; pages < 1000; pages++) {
		const page = await app(
			"GET",
			`/api/v1/levels?location=${company.locationId}&limit=1000${cursor ? `&cursor=${cursor}` : ""}`,
			{ token: company.token },
		);
		for (const row of page.items) rows.set(row.sku, row);
		cursor = page.nextCursor;
		if (!cursor) break;
	}
	return rows;
}

/** The company's inventory items in QBO: Id, Sku, QtyOnHand. */
async function qboItems(company) {
	const items = [];
	for (let start = 1; start < 1_000_000; start += 1000) {
		const page = (await qboQuery(company, `SELECT * FROM Item STARTPOSITION ${start} MAXRESULTS 1000`)).Item ?? [];
		items.push(...page.filter((i) => i.Type === "Inventory"));
		if (page.length < 1000) break;
	}
	return items;
}

function invoiceBody(customerId, itemId, qty) {
	return {
		CustomerRef: { value: customerId },
		Line: [
			{
				DetailType: "SalesItemLineDetail",
				Amount: qty * 10,
				SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: qty, UnitPrice: 10 },
			},
		],
	};
}

// ——— 1. webhook acknowledgement ———

function signedDelivery(realmId, events) {
	const time = new Date().toISOString();
	const body = JSON.stringify(
		Array.from({ length: events }, (_, k) => ({
			specversion: "1.0",
			id: randomUUID(),
			source: "intuit.bench",
			type: "qbo.invoice.created.v1",
			datacontenttype: "application/json",
			time,
			intuitentityid: String(1000 + k),
			intuitaccountid: realmId,
			data: {},
		})),
	);
	return { body, signature: createHmac("sha256", verifier).update(body).digest("base64"), events };
}

/**
 * `count` signed deliveries of `events` events each, realm `i % realms`; made before the run so that
 * signing costs the client nothing during it. Every event id is new: each is accepted, none a
 * duplicate.
 */
function deliveries(count, events, realms, tag) {
	return Array.from({ length: count }, (_, i) => signedDelivery(ackRealmId(tag, i % realms), events));
}

const ackTags = new Map();
/**
 * A realm id of its own for each run, tag and realm index: digits, as QBO's are (the app refuses
 * any other id at intake), and never one a company is connected to.
 */
function ackRealmId(tag, index) {
	if (!ackTags.has(tag)) ackTags.set(tag, ackTags.size);
	return `9${runStarted}${ackTags.get(tag)}${String(index).padStart(2, "0")}`;
}

const headersOf = (d) => ({ "content-type": "application/json", "intuit-signature": d.signature });

/** A webhook delivery; an answer other than "all accepted" counts as a failure. */
async function sendWebhook(d) {
	const answer = await request(server.origin, "POST", "/webhooks/qbo", { body: d.body, headers: headersOf(d) });
	if (answer.status !== 200) return answer;
	const outcome = JSON.parse(answer.text);
	return outcome.accepted === d.events ? answer : { status: `200, accepted ${outcome.accepted}`, text: answer.text };
}

const sendBare = (d) => request(server.origin, "POST", "/dev/bench/ok", { body: d.body, headers: headersOf(d) });

async function ackRun(name, list, send) {
	say(
		`${name}: warm-up ${config.ackWarmup}, then ${config.ackDeliveries} deliveries, ${config.ackConcurrency} in flight`,
	);
	const warm = await runLoad({
		count: config.ackWarmup,
		concurrency: config.ackConcurrency,
		send: (i) => send(list[i]),
		expect: 200,
	});
	const { failed: _failed, ...result } = await runLoad({
		count: config.ackDeliveries,
		concurrency: config.ackConcurrency,
		send: (i) => send(list[config.ackWarmup + i]),
		expect: 200,
	});
	const failures = warm.failures + result.failures;
	if (failures > 0) say(`  ${failures} unexpected answers, e.g. ${result.firstFailure ?? warm.firstFailure}`);
	return { ...result, warmupFailures: warm.failures, eventsPerDelivery: list[0].events };
}

async function benchAck() {
	const n = config.ackWarmup + config.ackDeliveries;
	const big = config.eventsPerBigDelivery;
	// Deliveries of one realm come one at a time (Intuit waits for each answer): the concurrency is
	// across companies. "1 realm" shows what a single company's object costs when pressed anyway.
	const spread1 = deliveries(n, 1, config.ackRealms, "s1");
	const spreadBig = deliveries(n, big, config.ackRealms, "s20");
	const hot1 = deliveries(n, 1, 1, "h1");
	const runs = {
		bare1: await ackRun("bare POST /dev/bench/ok, 1-event bodies", spread1, sendBare),
		spread1: await ackRun(`webhooks, 1 event, ${config.ackRealms} realms`, spread1, sendWebhook),
		bareBig: await ackRun(`bare POST /dev/bench/ok, ${big}-event bodies`, spreadBig, sendBare),
		spreadBig: await ackRun(`webhooks, ${big} events, ${config.ackRealms} realms`, spreadBig, sendWebhook),
		bare1Again: await ackRun("bare POST /dev/bench/ok, 1-event bodies (again)", hot1, sendBare),
		hot1: await ackRun("webhooks, 1 event, 1 realm", hot1, sendWebhook),
	};
	const ratio = (run, base) => ({
		throughput: run.perSecond / base.perSecond,
		p50: run.p50 / base.p50,
		p99: run.p99 / base.p99,
	});
	return {
		runs,
		ratios: {
			spread1: ratio(runs.spread1, runs.bare1),
			spreadBig: ratio(runs.spreadBig, runs.bareBig),
			hot1: ratio(runs.hot1, runs.bare1Again),
		},
		eventsPerSecondBig: runs.spreadBig.perSecond * big,
	};
}

// ——— 2. freshness ———

async function benchFreshness(company, items, customerId, initial) {
	const count = config.freshRate * config.freshSeconds;
	const intervalMs = 1000 / config.freshRate;
	say(
		`freshness: ${count} invoices, ${config.freshRate}/s for ${config.freshSeconds} s, each level polled every ${config.pollMs} ms`,
	);
	const callsBefore = await appCalls(company.realmId);
	const results = [];
	const started = performance.now();

	async function one(i) {
		const item = items[i];
		const before = initial.get(item.Sku)?.onHand;
		if (before === undefined) throw new Error(`no level for ${item.Sku}`);
		const expected = before - 1;
		const t0 = performance.now();
		const saved = await qbo(company, "POST", "invoice?minorversion=75", invoiceBody(customerId, item.Id, 1));
		const savedMs = performance.now() - t0;
		if (saved.status !== 200) return { i, error: `save answered ${saved.status}: ${saved.text.slice(0, 200)}` };
		let polls = 0;
		while (performance.now() - t0 < FRESH_TIMEOUT_MS) {
			polls++;
			const page = await app(
				"GET",
				`/api/v1/levels?location=${company.locationId}&q=${encodeURIComponent(item.Sku)}&limit=10`,
				{ token: company.token },
			);
			const row = page.items.find((r) => r.sku === item.Sku);
			if (row && row.onHand === expected) return { i, ms: performance.now() - t0, savedMs, polls };
			if (row && row.onHand < expected) return { i, error: `on hand ${row.onHand}, expected ${expected}` };
			await sleep(config.pollMs);
		}
		return { i, error: `not visible after ${FRESH_TIMEOUT_MS / 1000} s`, polls };
	}

	// Open loop: invoice i is saved at started + i × interval, whether or not earlier ones are seen.
	const pending = [];
	for (let i = 0; i < count; i++) {
		const due = started + i * intervalMs;
		const wait = due - performance.now();
		if (wait > 0) await sleep(wait);
		pending.push(one(i).then((r) => results.push(r)));
	}
	await Promise.all(pending);
	const callsAfter = await appCalls(company.realmId);
	const times = results
		.filter((r) => r.ms !== undefined)
		.map((r) => r.ms)
		.sort((a, b) => a - b);
	const errors = results.filter((r) => r.error);
	if (errors.length > 0) say(`  ${errors.length} invoices not seen as expected, e.g. ${errors[0].error}`);
	const savedTimes = results
		.filter((r) => r.savedMs !== undefined)
		.map((r) => r.savedMs)
		.sort((a, b) => a - b);
	return {
		invoices: count,
		ratePerSecond: config.freshRate,
		pollMs: config.pollMs,
		batchWindowMs: config.batchWindowMs,
		seen: times.length,
		errors: errors.length,
		firstError: errors[0]?.error,
		p50: percentile(times, 50),
		p90: percentile(times, 90),
		p99: percentile(times, 99),
		min: times[0],
		max: times[times.length - 1],
		saveP50: percentile(savedTimes, 50),
		polls: results.reduce((sum, r) => sum + (r.polls ?? 0), 0),
		qboCalls: callDelta(callsBefore, callsAfter),
	};
}

// ——— 3. a burst of 1 000 events ———

/** Until `check()` answers true (polled every `everyMs`), at most `timeoutMs`; answers whether it did. */
async function until(check, timeoutMs, everyMs = 100) {
	const deadline = performance.now() + timeoutMs;
	while (performance.now() < deadline) {
		if (await check()) return true;
		await sleep(everyMs);
	}
	return false;
}

async function benchBurst(company, items, customerId, initial) {
	const docs = Math.min(config.burstDocs, items.length);
	const rounds = Math.ceil(config.burstEvents / docs);
	const events = docs * rounds;
	say(
		`burst: ${events} events — ${docs} invoices created, then edited ${rounds - 1} times each, ${config.burstConcurrency} writes in flight`,
	);
	const qtyOf = (d, round) => 1 + ((d + round) % 5);
	const invoices = Array.from({ length: docs }, () => ({ id: undefined, syncToken: undefined }));
	const callsBefore = await appCalls(company.realmId);
	const deliveriesBefore = new Set(
		(await simAdmin("GET", `/companies/${company.realmId}/webhook/deliveries`)).deliveries.map((d) => d.deliveryId),
	);
	const started = performance.now();
	let writeFailures = 0;
	let firstWriteFailure;
	// Round 0 creates each invoice; each later round edits every invoice's quantity once (sparse
	// update with its current SyncToken), so events of all 50 documents interleave.
	for (let round = 0; round < rounds; round++) {
		const result = await runLoad({
			count: docs,
			concurrency: config.burstConcurrency,
			expect: 200,
			send: async (d) => {
				const inv = invoices[d];
				const body = invoiceBody(customerId, items[d].Id, qtyOf(d, round));
				if (round > 0) Object.assign(body, { Id: inv.id, SyncToken: inv.syncToken, sparse: true });
				const answer = await qbo(company, "POST", "invoice?minorversion=75", body);
				if (answer.status === 200) {
					const saved = JSON.parse(answer.text).Invoice;
					inv.id = saved.Id;
					inv.syncToken = saved.SyncToken;
				}
				return answer;
			},
		});
		writeFailures += result.failures;
		firstWriteFailure ??= result.firstFailure;
	}
	const writtenMs = performance.now() - started;
	if (writeFailures > 0) say(`  ${writeFailures} writes failed, e.g. ${firstWriteFailure}`);
	say(`  ${events - writeFailures} writes in ${ms(writtenMs)}; waiting for the levels`);

	const expected = new Map(
		items.slice(0, docs).map((item, d) => [item.Sku, initial.get(item.Sku).onHand - qtyOf(d, rounds - 1)]),
	);
	let mismatched = [];
	const drained = await until(async () => {
		const levels = await levelsBySku(company);
		mismatched = [...expected].filter(([sku, onHand]) => levels.get(sku)?.onHand !== onHand);
		return mismatched.length === 0;
	}, DRAIN_TIMEOUT_MS);
	const drainMs = performance.now() - started;
	if (!drained) say(`  WARNING: ${mismatched.length} levels still differ after ${DRAIN_TIMEOUT_MS / 1000} s`);

	// The sync may still read (and log) after the levels are right: wait until the webhook queue is
	// empty and the app's calls stop, so that every read of the burst is counted.
	await until(async () => {
		const { status } = await simAdmin("GET", `/companies/${company.realmId}/webhook`);
		return status.pending === 0 && status.inFlight === null;
	}, 30_000);
	let last = -1;
	let callsAfter = await appCalls(company.realmId);
	await until(
		async () => {
			callsAfter = await appCalls(company.realmId);
			const total = Object.values(callsAfter).reduce((a, b) => a + b, 0);
			const stable = total === last;
			last = total;
			return stable;
		},
		30_000,
		1000,
	);
	const calls = callDelta(callsBefore, callsAfter);
	const deliveries = (await simAdmin("GET", `/companies/${company.realmId}/webhook/deliveries`)).deliveries.filter(
		(d) => !deliveriesBefore.has(d.deliveryId),
	);
	const firstAttempts = deliveries.filter((d) => d.attempt === 1);
	const deliveredEvents = firstAttempts.reduce((sum, d) => sum + d.eventIds.length, 0);

	// What the sync log says of the burst's events (one row per event and attempt).
	const log = { applied: 0, failed: 0, dead: 0, ignored: 0, other: 0 };
	const burstStartIso = new Date(Date.now() - (performance.now() - started)).toISOString();
	for (let cursor, pages = 0; pages < 20; pages++) {
		const page = await app("GET", `/api/v1/sync/log?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, {
			token: company.token,
		});
		const recent = page.items.filter((e) => e.at >= burstStartIso && e.entity === "Invoice");
		for (const e of recent) log[e.status in log ? e.status : "other"]++;
		cursor = page.nextCursor;
		if (!cursor || recent.length < page.items.length) break;
	}
	return {
		events,
		documents: docs,
		writeFailures,
		writtenMs,
		drained,
		drainMs,
		levelsMismatched: mismatched.length,
		deliveries: firstAttempts.length,
		deliveryAttempts: deliveries.length,
		deliveredEvents,
		qboCalls: calls,
		readsPerEvent: calls.reads / events,
		syncLog: log,
	};
}

// ——— 4. import of 10 000 items ———

/** Pause between two /health probes during the import (one in flight at a time), and probes before it. */
const HEALTH_GAP_MS = 50;
const IDLE_HEALTH_PROBES = 60;
/** Products the reconciliation checks after the import (waking their objects, which start from D1). */
const RECONCILE_SAMPLE = 200;

async function benchImport(deadline) {
	const items = config.importItems;
	say(`import: a simulator company with ${items} items, then POST /dev/connect-sim`);
	const t0 = performance.now();
	const created = await simAdmin("POST", "/companies", { items, customers: 1, vendors: 1 });
	const simCreateMs = performance.now() - t0;
	const company = await app("POST", "/dev/companies", { body: { locations: ["Warehouse"] } });
	const callsBefore = await appCalls(created.realmId);
	// The same probe with nothing else to do, as a yardstick: on a busy machine it is slow too.
	const idle = [];
	for (let i = 0; i < IDLE_HEALTH_PROBES; i++) {
		const p0 = performance.now();
		await request(server.origin, "GET", "/health");
		idle.push(performance.now() - p0);
		await sleep(HEALTH_GAP_MS);
	}
	idle.sort((a, b) => a - b);
	const budgetMs = Math.max(30_000, Math.min(IMPORT_TIMEOUT_MS, deadline - performance.now()));
	say(`  waiting at most ${fmt(budgetMs / 1000, 0)} s (the run's time budget)`);
	const t1 = performance.now();
	let answered = false;
	const importing = longPost(
		server.origin,
		`/dev/connect-sim?realmId=${created.realmId}&companyId=${encodeURIComponent(company.companyId)}`,
		budgetMs,
	).then(
		(answer) => answer,
		(error) => ({ status: 0, text: String(error?.message ?? error) }),
	);
	void importing.then(() => {
		answered = true;
	});

	// The import's own progress, twice a second (GET /api/v1/sync/status); and whether the app answers
	// anything else meanwhile (one GET /health at a time: its latency is how long another request waits).
	const progress = [];
	const health = [];
	const watch = (async () => {
		while (!answered && performance.now() - t1 < budgetMs) {
			const status = await app("GET", "/api/v1/sync/status", { token: company.token }).catch(() => null);
			if (status?.importProgress) progress.push({ ms: performance.now() - t1, ...status.importProgress });
			await Promise.race([sleep(500), importing]);
		}
	})();
	const probe = (async () => {
		while (!answered && performance.now() - t1 < budgetMs) {
			const p0 = performance.now();
			const status = await request(server.origin, "GET", "/health", {
				timeoutMs: Math.round(Math.max(1000, t1 + budgetMs - p0)),
			}).then(
				(r) => r.status,
				(error) => `error: ${error?.cause?.code ?? error?.name ?? error}`,
			);
			health.push({ atMs: p0 - t1, ms: performance.now() - p0, ok: status === 200, status });
			await Promise.race([sleep(HEALTH_GAP_MS), importing]);
		}
	})();
	const answer = await importing;
	const importMs = performance.now() - t1;
	await Promise.all([watch, probe]);
	const calls = callDelta(callsBefore, await appCalls(created.realmId));
	// When each phase was first seen, and the last figure the import gave.
	const phases = Object.fromEntries(
		Map.groupBy(progress, (p) => p.phase)
			.entries()
			.map(([phase, seen]) => [phase, { firstSeenMs: seen[0].ms, samples: seen.length }]),
	);
	const last = progress[progress.length - 1];
	const healthMs = health.map((h) => h.ms).sort((a, b) => a - b);
	const result = {
		items,
		simCreateMs,
		budgetMs,
		status: answer.status,
		completed: answer.status === 200,
		importMs,
		itemsPerSecond: answer.status === 200 ? items / (importMs / 1000) : NaN,
		phases,
		lastProgress: last,
		estimatedMs: last?.secondsLeft != null ? last.ms + last.secondsLeft * 1000 : NaN,
		healthIdle: { probes: idle.length, p50: percentile(idle, 50), p99: percentile(idle, 99) },
		healthDuringImport: {
			probes: health.length,
			unanswered: health.filter((h) => !h.ok).length,
			statuses: Object.fromEntries(
				Map.groupBy(health, (h) => String(h.status))
					.entries()
					.map(([k, v]) => [k, v.length]),
			),
			p50: percentile(healthMs, 50),
			p99: percentile(healthMs, 99),
			maxMs: health.length > 0 ? Math.max(...healthMs) : NaN,
			/** The longest waits, and when they began (ms after the connect was sent): which phase held them. */
			slowest: health
				.toSorted((a, b) => b.ms - a.ms)
				.slice(0, 3)
				.map((h) => ({ atMs: h.atMs, ms: h.ms })),
		},
		qboCalls: calls,
	};
	if (answer.status === 0) {
		// Still importing: the run stops it.
		result.error = `no answer within ${fmt(budgetMs / 1000, 0)} s (${answer.text})`;
		say(
			`  WARNING: the import did not finish within ${fmt(budgetMs / 1000, 0)} s; last seen: ${last ? `${last.phase}, ${last.done} of ${last.total}` : "no progress"}`,
		);
		return result;
	}
	if (answer.status !== 200) {
		const log = await readFile(server.logPath, "utf8").catch(() => "");
		const cause = /SQLITE_CANTOPEN|unable to open database file|Too many open files/.exec(log)?.[0];
		result.error = `HTTP ${answer.status}: ${answer.text.slice(0, 200)}${cause ? ` — wrangler log: ${cause}` : ""}`;
		say(`  WARNING: the import failed after ${ms(importMs)}: ${result.error}`);
	} else {
		const imported = JSON.parse(answer.text);
		result.products = imported.products;
		result.vendors = imported.vendors;
		say(`  imported ${imported.products} products in ${ms(importMs)}; checking the levels`);
	}

	// Every item's QtyOnHand must now be its opening stock, readable in the API.
	const { access_token: qboToken } = await simAdmin("POST", `/companies/${created.realmId}/tokens`, {
		clientId: "stockroom-bench-writer",
	});
	const check = {
		realmId: created.realmId,
		qboToken,
		companyId: company.companyId,
		token: company.token,
		locationId: company.locationIds[0],
	};
	const qboList = await qboItems(check);
	const levels = await levelsBySku(check);
	result.levelRows = levels.size;
	result.onHandQbo = qboList.reduce((sum, i) => sum + (i.QtyOnHand ?? 0), 0);
	result.onHandApi = [...levels.values()].reduce((sum, r) => sum + r.onHand, 0);
	result.itemsWithRightLevel = qboList.filter((i) => (levels.get(i.Sku)?.onHand ?? 0) === (i.QtyOnHand ?? 0)).length;
	// The objects of the first products, woken now, agree with D1's levels and ledger.
	const reconciliation = await app("GET", `/api/v1/reconciliation?limit=${RECONCILE_SAMPLE}`, { token: check.token });
	result.reconciliation = { checked: reconciliation.checked, ok: reconciliation.ok };
	result.ok =
		result.completed &&
		result.products === items &&
		result.itemsWithRightLevel === items &&
		result.onHandQbo === result.onHandApi &&
		reconciliation.ok === true;
	return result;
}

// ——— the run ———

function report(figures) {
	const { ack, fresh, burst, imported } = figures;
	if (ack) {
		const r = ack.runs;
		const row = (label, run) => [
			label,
			run.eventsPerDelivery,
			fmt(run.perSecond, 0),
			ms(run.p50),
			ms(run.p90),
			ms(run.p99),
			ms(run.max),
			run.failures + run.warmupFailures,
		];
		const big = config.eventsPerBigDelivery;
		console.log(
			`\nWebhook acknowledgement — ${config.ackDeliveries} deliveries after ${config.ackWarmup} warm-up, ${config.ackConcurrency} in flight\n`,
		);
		console.log(
			table(
				["run", "events", "req/s", "p50", "p90", "p99", "max", "errors"],
				[
					row("bare POST /dev/bench/ok", r.bare1),
					row(`POST /webhooks/qbo, ${config.ackRealms} realms`, r.spread1),
					row("bare POST /dev/bench/ok", r.bareBig),
					row(`POST /webhooks/qbo, ${config.ackRealms} realms`, r.spreadBig),
					row("bare POST /dev/bench/ok", r.bare1Again),
					row("POST /webhooks/qbo, 1 realm", r.hot1),
				],
			),
		);
		console.log("\nAgainst the bare route fed the same bodies (webhooks ÷ bare)\n");
		const ratioRow = (label, q) => [label, `${fmt(q.throughput, 2)}×`, `${fmt(q.p50, 2)}×`, `${fmt(q.p99, 2)}×`];
		console.log(
			table(
				["", "throughput", "p50", "p99"],
				[
					ratioRow(`1 event, ${config.ackRealms} realms`, ack.ratios.spread1),
					ratioRow(`${big} events, ${config.ackRealms} realms`, ack.ratios.spreadBig),
					ratioRow("1 event, 1 realm", ack.ratios.hot1),
				],
			),
		);
		console.log(`\n${big}-event deliveries: ${fmt(ack.eventsPerSecondBig, 0)} events/s acknowledged.`);
	}
	if (fresh) {
		console.log(
			`\nFreshness — invoice saved in the simulator → its level readable in GET /api/v1/levels; ${fresh.invoices} invoices at ${fresh.ratePerSecond}/s, polled every ${fresh.pollMs} ms, webhook batching window ${fresh.batchWindowMs} ms\n`,
		);
		console.log(
			table(
				["", "seen", "p50", "p90", "p99", "min", "max", "QBO reads"],
				[
					[
						"save → readable",
						`${fresh.seen}/${fresh.invoices}`,
						ms(fresh.p50),
						ms(fresh.p90),
						ms(fresh.p99),
						ms(fresh.min),
						ms(fresh.max),
						fresh.qboCalls.reads,
					],
				],
			),
		);
		console.log(`\n(the save itself, p50 ${ms(fresh.saveP50)}, is included; ${fresh.polls} polls in all)`);
	}
	if (burst) {
		console.log(
			`\nBurst — ${burst.events} invoice events (${burst.documents} creates, then edits) across ${burst.documents} documents\n`,
		);
		const c = burst.qboCalls;
		console.log(
			table(
				["", "value"],
				[
					["writes to the simulator", ms(burst.writtenMs)],
					["first write → all levels right (drain)", burst.drained ? ms(burst.drainMs) : `> ${ms(burst.drainMs)}`],
					["last write → all levels right", burst.drained ? ms(burst.drainMs - burst.writtenMs) : "—"],
					["webhook deliveries (events delivered)", `${burst.deliveries} (${burst.deliveredEvents})`],
					[
						"app's QBO read calls (query/read/batch/cdc)",
						`${c.reads} (${c.query ?? 0}/${c.read ?? 0}/${c.batch ?? 0}/${c.cdc ?? 0})`,
					],
					["QBO read calls per event", fmt(burst.readsPerEvent, 4)],
					[
						"sync log: applied/failed/dead/ignored",
						`${burst.syncLog.applied}/${burst.syncLog.failed}/${burst.syncLog.dead}/${burst.syncLog.ignored}`,
					],
				],
			),
		);
	}
	if (imported) {
		const i = imported;
		console.log(`\nImport on connect — ${i.items} items (POST /dev/connect-sim)\n`);
		const outcome = i.completed
			? `done in ${ms(i.importMs)}`
			: i.status === 0
				? `NOT DONE: no answer within ${ms(i.budgetMs)}`
				: `FAILED after ${ms(i.importMs)} (below)`;
		const rows = [
			["outcome", outcome],
			["items per second, overall", fmt(i.itemsPerSecond, 0)],
			[
				"phases seen in GET /sync/status (first seen after)",
				Object.entries(i.phases)
					.map(([phase, p]) => `${phase} ${ms(p.firstSeenMs)}`)
					.join(", ") || "—",
			],
		];
		if (!i.completed && i.lastProgress)
			rows.push(
				[
					"last progress figure",
					`${i.lastProgress.phase}: ${i.lastProgress.done} of ${i.lastProgress.total}, ${fmt(i.lastProgress.perSecond, 1)}/s`,
				],
				["estimated time at that pace", ms(i.estimatedMs)],
			);
		rows.push(
			[
				"GET /health during the import: probes, p50, p99, max",
				`${i.healthDuringImport.probes}${i.healthDuringImport.unanswered ? ` (${i.healthDuringImport.unanswered} unanswered)` : ""}, ${ms(i.healthDuringImport.p50)}, ${ms(i.healthDuringImport.p99)}, ${ms(i.healthDuringImport.maxMs)}`,
			],
			[
				"GET /health before it (idle): probes, p50, p99",
				`${i.healthIdle.probes}, ${ms(i.healthIdle.p50)}, ${ms(i.healthIdle.p99)}`,
			],
			["app's QBO calls (queries)", `${i.qboCalls.reads} (${i.qboCalls.query ?? 0})`],
		);
		if (i.itemsWithRightLevel !== undefined)
			rows.push([
				"levels equal to QBO's QtyOnHand afterwards",
				`${i.itemsWithRightLevel} of ${i.items} items; on hand ${i.onHandApi} of ${i.onHandQbo}`,
			]);
		if (i.reconciliation)
			rows.push([
				"reconciliation of the first products (objects woken)",
				`${i.reconciliation.ok ? "ok" : "NOT OK"}, ${i.reconciliation.checked} checked`,
			]);
		rows.push(["(simulator company creation)", ms(i.simCreateMs)]);
		console.log(table(["", "value"], rows));
		if (i.error) console.log(`\nThe import: ${i.error}`);
	}
	console.log("");
}

const started = performance.now();
let exitCode = 0;
try {
	const loadBefore = loadBeforeRun(say);
	const t0 = performance.now();
	// The simulator's port is chosen first (the app is told it), the simulator started once wrangler
	// has wiped and set up bench/.state-sync, where both keep their logs.
	const simPort = await freePort(config.simPort);
	const simOrigin = `http://127.0.0.1:${simPort}`;
	server = await startServer({
		root,
		stateDir,
		port: config.port,
		logLevel: config.logLevel,
		log: say,
		vars: {
			QBO_API_BASE: simOrigin,
			QBO_AUTHORIZE_URL: `${simOrigin}/connect/oauth2`,
			QBO_TOKEN_URL: `${simOrigin}/oauth2/v1/tokens/bearer`,
			QBO_REVOKE_URL: `${simOrigin}/oauth2/v1/tokens/revoke`,
			QBO_CLIENT_ID: "stockroom-bench",
			QBO_CLIENT_SECRET: "stockroom-bench-secret",
			QBO_WEBHOOK_VERIFIER: verifier,
			TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
		},
	});
	sim = await startSimulator(simPort);
	say(`QBO simulator (counting calls) at ${sim.origin}; log: bench/.state-sync/sim.log`);
	const startupMs = performance.now() - t0;
	say(`wrangler dev is up at ${server.origin} (${ms(startupMs)}); log: bench/.state-sync/wrangler.log`);

	const figures = {};
	if (config.phases.includes("ack")) figures.ack = await benchAck();
	if (config.phases.includes("fresh") || config.phases.includes("burst")) {
		const docs = config.phases.includes("burst") ? config.burstDocs : 0;
		const freshCount = config.phases.includes("fresh") ? config.freshRate * config.freshSeconds : 0;
		say(`a simulator company with ${freshCount + docs} items, connected, webhooks on`);
		const company = await connectedCompany(freshCount + docs);
		const items = await qboItems(company);
		const [customer] = (await qboQuery(company, "SELECT * FROM Customer MAXRESULTS 1")).Customer ?? [];
		if (!customer) throw new Error("the simulator company has no customer");
		const initial = await levelsBySku(company);
		if (config.phases.includes("fresh"))
			figures.fresh = await benchFreshness(company, items.slice(0, freshCount), customer.Id, initial);
		if (config.phases.includes("burst"))
			figures.burst = await benchBurst(company, items.slice(freshCount), customer.Id, initial);
	}
	// Seconds kept for the check after the import, the report and stopping.
	if (config.phases.includes("import")) figures.imported = await benchImport(started + BUDGET_MS - 20_000);
	const loadAfter = loadavg()[0];
	report(figures);
	printLoad(loadBefore, loadAfter, "client, simulator, wrangler and workerd");
	const summary = {
		bench: "stockroom-sync",
		at: new Date().toISOString(),
		node: process.version,
		cores: availableParallelism(),
		loadAverage: { before: loadBefore, after: loadAfter },
		config,
		startupMs,
		...figures,
		totalSeconds: (performance.now() - started) / 1000,
	};
	const ok =
		(!figures.ack || Object.values(figures.ack.runs).every((r) => r.failures + r.warmupFailures === 0)) &&
		(!figures.fresh || figures.fresh.errors === 0) &&
		(!figures.burst || (figures.burst.drained && figures.burst.writeFailures === 0)) &&
		(!figures.imported || figures.imported.ok);
	summary.ok = ok;
	if (!ok) exitCode = 1;
	const saved = await saveResults("sync-latest.json", summary);
	say(
		`total ${fmt(summary.totalSeconds)} s; ${ok ? "all checks passed" : "SOME CHECKS FAILED"}; figures also in ${saved}`,
	);
	console.log(JSON.stringify(summary));
} catch (error) {
	console.error(`[bench:sync] failed: ${error?.stack ?? error}`);
	if (server) console.error(`[bench:sync] last lines of the wrangler log:\n${await server.logTail(30)}`);
	exitCode = 1;
} finally {
	await shutdown(exitCode);
}
