/**
 * `node bench/build.mjs`: the latency of a build of an assembly with 50 components, against its own
 * `wrangler dev` on this machine.
 *
 * A build is a saga over 51 product objects: the build row in D1, then one effect per product (in
 * parallel, each waiting for its ledger flush), then the build completed. Its p50/p99 are printed
 * beside a baseline measured in the same run: a single adjustment (`POST /api/v1/adjustments`, one
 * product object, one flush). Then the levels are checked: every build counted once, exactly, and
 * the reconciliation is ok.
 *
 * Only localhost traffic; every loop is bounded; the server is stopped at the end, on error and on
 * Ctrl-C. Knobs (environment): BENCH_BUILDS (200), BENCH_BUILD_WARMUP (20), BENCH_BUILD_COMPONENTS
 * (50), BENCH_BUILD_CONCURRENCY (1), BENCH_PORT. The last line printed is the figures as one JSON object.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { ratioLine, runsTable } from "./format.mjs";
import { boundRun, json as httpJson, request as httpRequest, knob, runWithServer, serverShutdown } from "./harness.mjs";
import { warmedLoad } from "./load.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const config = {
	builds: knob("BENCH_BUILDS", 200),
	warmup: knob("BENCH_BUILD_WARMUP", 20),
	components: knob("BENCH_BUILD_COMPONENTS", 50),
	concurrency: knob("BENCH_BUILD_CONCURRENCY", 1),
	port: knob("BENCH_PORT", 8797),
	logLevel: process.env.BENCH_LOG_LEVEL || "warn",
};
/** The whole run is cut off after this, whatever happens. */
const WATCHDOG_MS = 10 * 60_000;
/** Stock of every component: enough for every build of the run. */
const COMPONENT_STOCK = 1_000_000;

const say = (line) => console.log(`[bench:build] ${line}`);
const runId = Date.now().toString(36);

let server;
const shutdown = serverShutdown(say, () => server);
boundRun("bench:build", WATCHDOG_MS, shutdown);

/** HTTP to this run's server (see harness.mjs). */
const request = (method, path, options) => httpRequest(server.origin, method, path, options);
const json = (method, path, options) => httpJson(server.origin, method, path, options);

/** A warm-up, then the measured run, of `send` (tagged so that every request has its own key). */
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
	const company = await json("POST", `/dev/bench-company?products=${config.components + 2}`, { timeoutMs: 120_000 });
	const { token } = company;
	const [locationId] = company.locationIds;
	const [assembly, baselineProduct, ...components] = company.productIds;

	say(`a bill of materials of ${components.length} components, ${COMPONENT_STOCK} of each in stock`);
	await json("PUT", `/api/v1/assemblies/${assembly}`, {
		token,
		body: { components: components.map((productId) => ({ productId, quantity: 1 })), version: 0 },
	});
	for (const productId of components)
		await json("POST", "/api/v1/adjustments", {
			token,
			body: { productId, locationId, quantity: COMPONENT_STOCK, idempotencyKey: `${runId}-stock-${productId}` },
		});

	// The baseline right before the builds, so both see the same machine state.
	const baseline = await scenario(
		"baseline: adjustments of one product",
		config.builds,
		(tag) =>
			request("POST", "/api/v1/adjustments", {
				token,
				body: { productId: baselineProduct, locationId, quantity: 1, idempotencyKey: `${runId}-adj-${tag}` },
			}),
		201,
	);
	const builds = await scenario(
		`builds of a ${components.length}-component assembly`,
		config.builds,
		(tag) =>
			request("POST", "/api/v1/builds", {
				token,
				body: { productId: assembly, locationId, quantity: 1, idempotencyKey: `${runId}-build-${tag}` },
			}),
		201,
	);

	// Every build counted once, on every product, and the objects agree with D1.
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
	const onHand = new Map(rows.map((r) => [r.productId, r.onHand]));
	const built = builds.sent - builds.failures - builds.warmupFailures;
	const wrongComponents = components.filter((id) => onHand.get(id) !== COMPONENT_STOCK - built).length;
	const recon = await json("GET", `/api/v1/reconciliation?limit=${config.components + 2}`, {
		token,
		timeoutMs: 120_000,
	});
	const check = {
		built,
		assemblyOnHand: onHand.get(assembly),
		wrongComponents,
		reconciliationOk: recon.ok,
		ok: onHand.get(assembly) === built && wrongComponents === 0 && recon.ok,
	};
	return { baseline, builds, check };
}

function report({ baseline, builds, check }) {
	console.log(
		`\nPOST /api/v1/builds — ${config.components} components, ${config.builds} requests after ${config.warmup} warm-up, ${config.concurrency} in flight\n`,
	);
	console.log(
		runsTable([
			["baseline: one adjustment (1 product object)", baseline],
			[`build (${config.components + 1} product objects)`, builds],
		]),
	);
	console.log(`\n${ratioLine("Build", builds, baseline)}`);
	console.log(
		`Every build once: assembly on hand ${check.assemblyOnHand}/${check.built}, components off ${check.wrongComponents}, ` +
			`reconciliation ${check.reconciliationOk ? "ok" : "NOT ok"} → ${check.ok ? "OK" : "FAILED"}\n`,
	);
}

await runWithServer({
	name: "build",
	root,
	config,
	say,
	onServer: (started) => {
		server = started;
	},
	shutdown,
	bench,
	report,
	measured: "builds",
});
