/**
 * `node bench/lots.mjs`: picking from many lots, against its own `wrangler dev` on this machine.
 *
 * A product tracked by lot holds BENCH_LOTS lots (1 000) at one location, each with its own expiry.
 * Each measured request takes stock out without naming a lot, so the product object picks
 * first-expiry-first-out over all the lots (docs/architecture.md#lots) — the path of a delivery or
 * an invoice of a lot-tracked product. Its p50/p99 are printed beside a baseline measured in the
 * same run: one plain adjustment of a product without lots. Then the lots are checked: the earliest
 * lots emptied first, exactly, and the reconciliation (lots included) is ok.
 *
 * The recall trace through three build levels (the second figure) is bench/recall.mjs.
 *
 * Only localhost traffic; every loop is bounded; the server is stopped at the end, on error and on
 * Ctrl-C. Knobs (environment): BENCH_LOTS (1000), BENCH_PICKS (200), BENCH_PICK_WARMUP (20),
 * BENCH_PICK_CONCURRENCY (1), BENCH_PORT. The last line printed is the figures as one JSON object.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { ratioLine, runsTable } from "./format.mjs";
import { boundRun, json as httpJson, request as httpRequest, knob, runWithServer, serverShutdown } from "./harness.mjs";
import { warmedLoad } from "./load.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const config = {
	lots: knob("BENCH_LOTS", 1000),
	picks: knob("BENCH_PICKS", 200),
	warmup: knob("BENCH_PICK_WARMUP", 20),
	concurrency: knob("BENCH_PICK_CONCURRENCY", 1),
	port: knob("BENCH_PORT", 8797),
	logLevel: process.env.BENCH_LOG_LEVEL || "warn",
};
const WATCHDOG_MS = 10 * 60_000;
/** Units in each lot: enough that the measured picks empty only the first few lots. */
const PER_LOT = 10;
/** Lots per receiving request (the API takes at most 200 named lots). */
const LOTS_PER_REQUEST = 200;

const say = (line) => console.log(`[bench:lots] ${line}`);
const runId = Date.now().toString(36);

let server;
const shutdown = serverShutdown(say, () => server);
boundRun("bench:lots", WATCHDOG_MS, shutdown);

const request = (method, path, options) => httpRequest(server.origin, method, path, options);
const json = (method, path, options) => httpJson(server.origin, method, path, options);

/** The expiry of lot i: one day apart, all in the future, in an order unlike the lots' names. */
function expiryOf(i) {
	const day = ((i * 7919) % config.lots) + 1;
	return new Date(Date.UTC(2090, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

async function scenario(name, count, send, expect) {
	const { retry: _, ...result } = await warmedLoad({
		say,
		name,
		warmup: config.warmup,
		count,
		concurrency: config.concurrency,
		send,
		expect,
	});
	return result;
}

async function bench() {
	const company = await json("POST", "/dev/bench-company?products=2", { timeoutMs: 120_000 });
	const { token } = company;
	const [locationId] = company.locationIds;
	const [tracked, plain] = company.productIds;
	await json("PATCH", `/api/v1/products/${tracked}`, { token, body: { tracking: "lot" } });
	say(`receiving ${config.lots} lots of ${PER_LOT} at one location`);
	for (let start = 0; start < config.lots; start += LOTS_PER_REQUEST) {
		const lots = [];
		for (let i = start; i < Math.min(config.lots, start + LOTS_PER_REQUEST); i++)
			lots.push({ lot: `L${String(i).padStart(5, "0")}`, expiry: expiryOf(i), quantity: PER_LOT });
		await json("POST", "/api/v1/adjustments", {
			token,
			body: {
				productId: tracked,
				locationId,
				quantity: lots.length * PER_LOT,
				lots,
				idempotencyKey: `${runId}-receive-${start}`,
			},
			timeoutMs: 60_000,
		});
	}
	await json("POST", "/api/v1/adjustments", {
		token,
		body: { productId: plain, locationId, quantity: 1_000_000, idempotencyKey: `${runId}-plain-stock` },
	});

	const baseline = await scenario(
		"baseline: a plain adjustment",
		config.picks,
		(tag) =>
			request("POST", "/api/v1/adjustments", {
				token,
				body: { productId: plain, locationId, quantity: -1, idempotencyKey: `${runId}-adj-${tag}` },
			}),
		201,
	);
	const picks = await scenario(
		`a pick first-expiry-first-out over ${config.lots} lots`,
		config.picks,
		(tag) =>
			request("POST", "/api/v1/adjustments", {
				token,
				body: { productId: tracked, locationId, quantity: -1, idempotencyKey: `${runId}-pick-${tag}` },
			}),
		201,
	);

	// The earliest-expiring lots emptied first, exactly; the lots agree with the ledger.
	const picked = picks.sent - picks.failures - picks.warmupFailures;
	const byExpiry = Array.from({ length: config.lots }, (_, i) => ({
		lot: `L${String(i).padStart(5, "0")}`,
		expiry: expiryOf(i),
	})).sort((a, b) => (a.expiry < b.expiry ? -1 : a.expiry > b.expiry ? 1 : a.lot < b.lot ? -1 : 1));
	const expected = new Map(byExpiry.map((l) => [l.lot, PER_LOT]));
	let left = picked;
	for (const l of byExpiry) {
		const take = Math.min(PER_LOT, left);
		expected.set(l.lot, PER_LOT - take);
		left -= take;
	}
	const lots = await json("GET", `/api/v1/products/${tracked}/lots`, { token, timeoutMs: 60_000 });
	const actual = new Map((lots.items[0]?.lots ?? []).map((l) => [l.lot, l.onHand]));
	const wrongLots = [...expected].filter(([lot, q]) => (actual.get(lot) ?? 0) !== q).length;
	const recon = await json("GET", "/api/v1/reconciliation?limit=10", { token, timeoutMs: 120_000 });
	const check = { picked, wrongLots, reconciliationOk: recon.ok, ok: wrongLots === 0 && recon.ok };
	return { baseline, picks, check };
}

function report({ baseline, picks, check }) {
	console.log(
		`\nPicking from ${config.lots} lots at one location — ${config.picks} requests after ${config.warmup} warm-up\n`,
	);
	console.log(
		runsTable([
			["baseline: a plain adjustment", baseline],
			[`pick over ${config.lots} lots (FEFO)`, picks],
		]),
	);
	console.log(`\n${ratioLine("Pick", picks, baseline)}`);
	console.log(
		`First expiry first out: ${check.picked} units picked, lots off ${check.wrongLots}, reconciliation ${check.reconciliationOk ? "ok" : "NOT ok"} → ${check.ok ? "OK" : "FAILED"}\n`,
	);
}

await runWithServer({
	name: "lots",
	root,
	config,
	say,
	onServer: (started) => {
		server = started;
	},
	shutdown,
	bench,
	report,
	measured: "picks",
});
