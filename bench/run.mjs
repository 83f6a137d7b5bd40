/**
 * `npm run bench`: figures for the stock core against its own `wrangler dev` on this machine.
 *
 * 1. Adjustments on one hot product, then spread over 100 products: commands/s, latency p50/p99,
 *    each beside a baseline measured in the same run — a no-op call to the same product objects
 *    through the same HTTP path (auth, body limit, JSON + zod), `POST /api/v1/_bench/noop`.
 * 2. `GET /api/v1/levels` on a company of 10 000 products × 3 locations: first page, deep pages,
 *    filters, and a full scan in pages of 1 000 (median of a few runs); then, on the same company
 *    with reorder points on every 10th product, `POST /api/v1/purchases/suggestions`.
 *
 * Only localhost traffic; every loop is bounded; the server is stopped at the end, on error and on
 * Ctrl-C. Knobs (environment): BENCH_REQUESTS, BENCH_CONCURRENCY, BENCH_WARMUP, BENCH_PRODUCTS,
 * BENCH_REPEATS, BENCH_PORT. The last line printed is the figures as one JSON object.
 */
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, ms, table } from "./format.mjs";
import {
	boundRun,
	json as httpJson,
	request as httpRequest,
	knob,
	loadBeforeRun,
	printLoad,
	saveResults,
	serverShutdown,
} from "./harness.mjs";
import { median, timeRepeated, warmedLoad } from "./load.mjs";
import { startServer } from "./server.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const config = {
	requests: knob("BENCH_REQUESTS", 2000),
	concurrency: knob("BENCH_CONCURRENCY", 32),
	warmup: knob("BENCH_WARMUP", 200),
	spreadProducts: 100,
	levelProducts: knob("BENCH_PRODUCTS", 10_000),
	repeats: knob("BENCH_REPEATS", 5),
	port: knob("BENCH_PORT", 8797),
	logLevel: process.env.BENCH_LOG_LEVEL || "warn",
};
/** The whole run is cut off after this, whatever happens. */
const WATCHDOG_MS = 10 * 60_000;

const say = (line) => console.log(`[bench] ${line}`);
const runId = Date.now().toString(36);

let server;
const shutdown = serverShutdown(say, () => server);
boundRun("bench", WATCHDOG_MS, shutdown);

// ——— HTTP ———

/** HTTP to this run's server (see harness.mjs). */
const request = (method, path, options) => httpRequest(server.origin, method, path, options);
const json = (method, path, options) => httpJson(server.origin, method, path, options);

// ——— the stock commands and their baseline ———

/**
 * A warm-up, then the measured run, of `send` at the configured concurrency. Failed requests are
 * kept (by tag) so that they can be retried with the same idempotency key afterwards.
 */
async function scenario(name, send, expect) {
	return warmedLoad({
		say,
		name,
		warmup: config.warmup,
		count: config.requests,
		concurrency: config.concurrency,
		send,
		expect,
	});
}

/**
 * Sends each failed command again with its idempotency key, as a client would (at most 3 tries,
 * one at a time): it must then be applied exactly once, whether or not the first try had been.
 */
async function retryFailed(run, send) {
	const outcome = { retried: run.retry.length, applied: 0, alreadyApplied: 0, stillFailing: 0 };
	for (const [tag, i] of run.retry) {
		let status;
		for (let attempt = 0; attempt < 3 && status !== 200 && status !== 201; attempt++)
			status = await send(tag, i).then(
				(r) => r.status,
				() => undefined,
			);
		if (status === 201) outcome.applied++;
		else if (status === 200) outcome.alreadyApplied++;
		else outcome.stillFailing++;
	}
	return outcome;
}

async function benchCommands() {
	const company = await json("POST", `/dev/bench-company?products=${config.spreadProducts + 1}`, {
		timeoutMs: 120_000,
	});
	const { token } = company;
	const [locationId] = company.locationIds;
	const [hot, ...spread] = company.productIds;

	const doc = await json("GET", "/api/v1/openapi.json", { token });
	if (JSON.stringify(doc).includes("_bench")) say("WARNING: /api/v1/_bench appears in the OpenAPI description");

	// The baseline sends the adjustment's very body: same size, same parsing and validation.
	const noop = (productOf) => (tag, i) =>
		request("POST", "/api/v1/_bench/noop", {
			token,
			body: { productId: productOf(i), locationId, quantity: 1, idempotencyKey: `noop-${runId}-${tag}` },
		});
	const adjust = (name, productOf) => (tag, i) =>
		request("POST", "/api/v1/adjustments", {
			token,
			body: { productId: productOf(i), locationId, quantity: 1, idempotencyKey: `${runId}-${name}-${tag}` },
		});
	const hotProduct = () => hot;
	const spreadProduct = (i) => spread[i % spread.length];
	const adjustHot = adjust("hot", hotProduct);
	const adjustSpread = adjust("spread", spreadProduct);

	// Fail fast, with the answer, when a route is missing or refuses the request.
	for (const [send, expect] of [
		[noop(hotProduct), 200],
		[adjust("preflight", hotProduct), 201],
	]) {
		const { status, text } = await send("0", 0);
		if (status !== expect) throw new Error(`preflight: expected ${expect}, got ${status}: ${text.slice(0, 500)}`);
	}

	// Each baseline right before its command run, so both see the same machine state.
	const results = {
		hotBaseline: await scenario("baseline, hot product", noop(hotProduct), 200),
		hot: await scenario("adjustments, hot product", adjustHot, 201),
		spreadBaseline: await scenario(`baseline, ${spread.length} products`, noop(spreadProduct), 200),
		spread: await scenario(`adjustments, ${spread.length} products`, adjustSpread, 201),
	};
	const retries = {
		hot: await retryFailed(results.hot, adjustHot),
		spread: await retryFailed(results.spread, adjustSpread),
	};
	for (const r of Object.values(results)) delete r.retry;

	// Nothing lost, nothing twice: after the retries every adjustment (+1 each) is in D1 once.
	const rows = [];
	for (let cursor; ; ) {
		const page = await json(
			"GET",
			`/api/v1/levels?location=${locationId}&limit=1000${cursor ? `&cursor=${cursor}` : ""}`,
			{ token },
		);
		rows.push(...page.items);
		cursor = page.nextCursor;
		if (!cursor) break;
	}
	const onHandOf = (ids) => rows.filter((r) => ids.has(r.productId)).reduce((sum, r) => sum + r.onHand, 0);
	const check = {
		retries,
		hotExpected: results.hot.sent + 1, // and the preflight's
		hotInD1: onHandOf(new Set([hot])),
		spreadExpected: results.spread.sent,
		spreadInD1: onHandOf(new Set(spread)),
	};
	const recon = await json("GET", `/api/v1/reconciliation?limit=${config.spreadProducts + 1}`, {
		token,
		timeoutMs: 120_000,
	});
	check.reconciliationOk = recon.ok;
	check.reconciliationMismatches = recon.mismatches.length;
	check.ok =
		check.hotExpected === check.hotInD1 &&
		check.spreadExpected === check.spreadInD1 &&
		recon.ok &&
		retries.hot.stillFailing + retries.spread.stillFailing === 0;
	return { ...results, check };
}

// ——— GET /api/v1/levels on a large company ———

async function benchLevels() {
	say(`creating a company with ${config.levelProducts} products × 3 locations`);
	const t0 = performance.now();
	const company = await json("POST", `/dev/bench-company?products=${config.levelProducts}`, { timeoutMs: 300_000 });
	const createMs = performance.now() - t0;
	const { token } = company;
	const expectedRows = config.levelProducts * company.locationIds.length;
	say(`  created in ${ms(createMs)}`);

	const get = (query) => json("GET", `/api/v1/levels?${query}`, { token });

	/** Every row in pages of `limit`; answers the row count, the pages and the cursor at each page. */
	async function fullScan(limit) {
		const cursors = [];
		let rows = 0;
		let pages = 0;
		const pageMs = [];
		for (let cursor; ; ) {
			const p0 = performance.now();
			const page = await get(`limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
			pageMs.push(performance.now() - p0);
			rows += page.items.length;
			pages++;
			cursor = page.nextCursor;
			if (!cursor) break;
			cursors.push({ after: rows, cursor });
			if (pages > expectedRows / limit + 5) throw new Error("the full scan does not end");
		}
		return { rows, pages, cursors, pageMs };
	}

	say(`  full scans (limit=1000) × ${config.repeats}`);
	const scan = await timeRepeated(config.repeats, () => fullScan(1000));
	if (scan.last.rows !== expectedRows) say(`  WARNING: the full scan saw ${scan.last.rows} rows, not ${expectedRows}`);
	const cursorAfter = (n) => scan.last.cursors.find((c) => c.after === n)?.cursor;
	const middle = cursorAfter(Math.floor(expectedRows / 2000) * 1000);
	const nearEnd = cursorAfter(Math.floor((expectedRows - 1) / 1000) * 1000);
	const firstPageMs = scan.last.pageMs[0];
	const lastPageMs = scan.last.pageMs[scan.last.pageMs.length - 1];

	const cases = [
		["first page (limit=100)", "limit=100"],
		[`page after row ${Math.floor(expectedRows / 2000) * 1000} (limit=100)`, middle && `limit=100&cursor=${middle}`],
		[
			`page after row ${Math.floor((expectedRows - 1) / 1000) * 1000} (limit=100)`,
			nearEnd && `limit=100&cursor=${nearEnd}`,
		],
		["q=B-00999 (10 products)", "limit=100&q=B-00999"],
		["q=product 4242 (1 product)", `limit=100&q=${encodeURIComponent("product 4242")}`],
		["q=nothing-matches (0 rows)", "limit=100&q=nothing-matches"],
		["location=<one> first page", `limit=100&location=${company.locationIds[1]}`],
		["below=reorder (0 rows)", "limit=100&below=reorder"],
	];
	const queries = [];
	for (const [name, query] of cases) {
		if (!query) continue;
		say(`  ${name} × ${config.repeats}`);
		const timed = await timeRepeated(config.repeats, () => get(query));
		queries.push({
			name,
			query,
			rows: timed.last.items.length,
			medianMs: timed.median,
			minMs: timed.min,
			maxMs: timed.max,
		});
	}
	const suggestions = await benchSuggestions(token, get);
	return {
		products: config.levelProducts,
		rows: expectedRows,
		createMs,
		suggestions,
		fullScan: {
			limit: 1000,
			pages: scan.last.pages,
			rows: scan.last.rows,
			medianMs: scan.median,
			minMs: scan.min,
			maxMs: scan.max,
			firstPageMs,
			lastPageMs,
			medianPageMs: median(scan.last.pageMs),
		},
		queries,
	};
}

/**
 * Purchase suggestions over the whole company: every 10th product gets a reorder point at each
 * location (nothing is on hand, so each of those rows is suggested), then the suggestions are
 * computed `repeats` times.
 */
async function benchSuggestions(token, get) {
	const chosen = [];
	for (let cursor, index = 0; ; ) {
		const page = await get(`limit=1000${cursor ? `&cursor=${cursor}` : ""}`);
		for (const row of page.items) {
			if (Math.floor(index / 3) % 10 === 0) chosen.push(row);
			index++;
		}
		cursor = page.nextCursor;
		if (!cursor) break;
	}
	say(`  setting reorder points on ${chosen.length} level rows`);
	for (let i = 0; i < chosen.length; i += 1000) {
		const items = chosen.slice(i, i + 1000).map((r) => ({
			productId: r.productId,
			locationId: r.locationId,
			version: r.version,
			reorderPoint: 5,
			reorderQty: 20,
		}));
		await json("PATCH", "/api/v1/levels", { token, body: { items }, timeoutMs: 120_000 });
	}
	say(`  POST /api/v1/purchases/suggestions × ${config.repeats}`);
	const timed = await timeRepeated(config.repeats, () =>
		json("POST", "/api/v1/purchases/suggestions", { token, body: {}, timeoutMs: 120_000 }),
	);
	const lines = timed.last.groups.reduce((sum, g) => sum + g.lines.length, 0);
	if (lines !== chosen.length) say(`  WARNING: ${lines} suggested lines, not ${chosen.length}`);
	return { reorderRows: chosen.length, lines, medianMs: timed.median, minMs: timed.min, maxMs: timed.max };
}

// ——— the run ———

function report(commands, levels, startupMs) {
	const ratioRows = [];
	const rows = [];
	for (const [label, run, base] of [
		["hot product", commands.hot, commands.hotBaseline],
		[`${config.spreadProducts} products`, commands.spread, commands.spreadBaseline],
	]) {
		for (const [what, r] of [
			[`baseline no-op, ${label}`, base],
			[`adjustments, ${label}`, run],
		])
			rows.push([what, fmt(r.perSecond, 0), ms(r.p50), ms(r.p90), ms(r.p99), ms(r.max), r.failures + r.warmupFailures]);
		ratioRows.push([
			label,
			`${fmt(run.perSecond / base.perSecond, 2)}×`,
			`${fmt(run.p50 / base.p50, 2)}×`,
			`${fmt(run.p99 / base.p99, 2)}×`,
		]);
	}
	console.log(
		`\nStock commands — ${config.requests} requests after ${config.warmup} warm-up, ${config.concurrency} in flight\n`,
	);
	console.log(table(["run", "req/s", "p50", "p90", "p99", "max", "errors"], rows));
	console.log("\nAgainst the baseline (adjustments ÷ no-op)\n");
	console.log(table(["", "throughput", "p50", "p99"], ratioRows));
	const c = commands.check;
	for (const [label, r] of Object.entries(c.retries))
		if (r.retried > 0)
			console.log(
				`\nRetried ${r.retried} failed ${label} adjustments with their keys: ${r.applied} applied now, ` +
					`${r.alreadyApplied} had been applied by the failed try, ${r.stillFailing} still failing.`,
			);
	console.log(
		`\nNothing lost, nothing twice: on hand in D1 hot ${c.hotInD1}/${c.hotExpected}, spread ${c.spreadInD1}/${c.spreadExpected}; ` +
			`reconciliation ${c.reconciliationOk ? "ok" : `${c.reconciliationMismatches} mismatches`} → ${c.ok ? "OK" : "FAILED"}`,
	);

	console.log(
		`\nGET /api/v1/levels — ${levels.products} products × 3 locations = ${levels.rows} rows; median of ${config.repeats}\n`,
	);
	const f = levels.fullScan;
	console.log(
		table(
			["query", "rows", "median", "min", "max"],
			[
				...levels.queries.map((q) => [q.name, q.rows, ms(q.medianMs), ms(q.minMs), ms(q.maxMs)]),
				[`full scan, ${f.pages} pages of ${f.limit}`, f.rows, ms(f.medianMs), ms(f.minMs), ms(f.maxMs)],
			],
		),
	);
	console.log(
		`\nIn the last full scan: first page ${ms(f.firstPageMs)}, median page ${ms(f.medianPageMs)}, last page ${ms(f.lastPageMs)}.`,
	);
	const sg = levels.suggestions;
	console.log(
		`POST /api/v1/purchases/suggestions (${sg.reorderRows} rows with a reorder point, ${sg.lines} suggested): median ${ms(sg.medianMs)}, min ${ms(sg.minMs)}, max ${ms(sg.maxMs)}.`,
	);
	console.log(`Creating the ${levels.products} products (POST /dev/bench-company): ${ms(levels.createMs)}.`);
	console.log(`wrangler dev start (migrations + /health): ${ms(startupMs)}.\n`);
}

const started = performance.now();
let exitCode = 0;
try {
	const loadBefore = loadBeforeRun(say);
	const t0 = performance.now();
	server = await startServer({
		root,
		stateDir: join(root, "bench", ".state"),
		port: config.port,
		logLevel: config.logLevel,
		log: say,
	});
	const startupMs = performance.now() - t0;
	say(`wrangler dev is up at ${server.origin} (${ms(startupMs)}); log: bench/.state/wrangler.log`);

	const commands = await benchCommands();
	const levels = await benchLevels();
	const loadAfter = loadavg()[0];
	report(commands, levels, startupMs);
	printLoad(loadBefore, loadAfter, "client, wrangler and workerd");

	const summary = {
		bench: "stockroom",
		at: new Date().toISOString(),
		node: process.version,
		cores: availableParallelism(),
		loadAverage: { before: loadBefore, after: loadAfter },
		config,
		startupMs,
		commands,
		ratios: {
			hot: {
				throughput: commands.hot.perSecond / commands.hotBaseline.perSecond,
				p50: commands.hot.p50 / commands.hotBaseline.p50,
				p99: commands.hot.p99 / commands.hotBaseline.p99,
			},
			spread: {
				throughput: commands.spread.perSecond / commands.spreadBaseline.perSecond,
				p50: commands.spread.p50 / commands.spreadBaseline.p50,
				p99: commands.spread.p99 / commands.spreadBaseline.p99,
			},
		},
		levels,
		totalSeconds: (performance.now() - started) / 1000,
	};
	if (!commands.check.ok) exitCode = 1;
	say(`total ${fmt(summary.totalSeconds)} s; figures also in ${await saveResults("latest.json", summary)}`);
	console.log(JSON.stringify(summary));
} catch (error) {
	console.error(`[bench] failed: ${error?.stack ?? error}`);
	if (server) console.error(`[bench] last lines of the wrangler log:\n${await server.logTail(30)}`);
	exitCode = 1;
} finally {
	await shutdown(exitCode);
}
