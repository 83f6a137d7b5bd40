/**
 * What every benchmark script does around its figures: knobs read from the environment, a run
 * bounded by Ctrl-C and a watchdog (both go through the script's own shutdown, which stops its
 * children), HTTP to its server, the machine's load said before and after, and the figures saved in
 * bench/results.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt } from "./format.mjs";
import { startServer, stopChildren } from "./server.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** A positive whole number from the environment variable `name`, or `fallback` when unset. */
export function knob(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === "") return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
	return value;
}

/** Ends the run through `shutdown(code)`: 130 on SIGINT/SIGTERM, 1 once `watchdogMs` have passed. */
export function boundRun(tag, watchdogMs, shutdown) {
	for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void shutdown(130));
	setTimeout(() => {
		console.error(`[${tag}] still running after ${watchdogMs / 60_000} min: giving up`);
		void shutdown(1);
	}, watchdogMs).unref();
}

/**
 * The shutdown of a script with one `wrangler dev` (`server()`, undefined until it is up): stops it,
 * or every child started so far when it never came up, then exits with `code`.
 */
export function serverShutdown(say, server) {
	return async (code) => {
		say("stopping wrangler dev");
		const running = server();
		if (running) await running.stop();
		else await stopChildren();
		process.exit(code);
	};
}

/** A request's default deadline. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * A request to `origin`; the body is read, as a client would (it keeps the connection reusable and
 * counts in the latency). `body`: JSON, or a string sent as it is.
 */
export async function request(
	origin,
	method,
	path,
	{ token, body, headers = {}, timeoutMs = REQUEST_TIMEOUT_MS } = {},
) {
	const all = { ...headers };
	if (token) all.authorization = `Bearer ${token}`;
	if (body !== undefined && typeof body !== "string") all["content-type"] = "application/json";
	const response = await fetch(`${origin}${path}`, {
		method,
		headers: all,
		body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	return { status: response.status, text: await response.text() };
}

/** `request`, answering the parsed JSON of a 2xx and throwing with the start of any other answer. */
export async function json(origin, method, path, options) {
	const { status, text } = await request(origin, method, path, options);
	if (status < 200 || status > 299) throw new Error(`${method} ${path} answered ${status}: ${text.slice(0, 500)}`);
	return JSON.parse(text);
}

/** The 1-minute load average before the run, said, with a warning when the machine is already busy. */
export function loadBeforeRun(say) {
	const before = loadavg()[0];
	say(`${availableParallelism()} cores, load average ${fmt(before, 2)} before the run`);
	if (before > availableParallelism() / 2)
		say("WARNING: the machine is busy; the figures will be lower and noisier than on an idle machine");
	return before;
}

/** The line under the report: the load before and after, and what shared the cores (`sharers`). */
export function printLoad(before, after, sharers) {
	console.log(
		`Load average (1 min) before ${fmt(before, 2)}, after ${fmt(after, 2)} on ${availableParallelism()} cores; ` +
			`${sharers} share them.\n`,
	);
}

/** Writes the figures to bench/results/`file` (tab-indented JSON) and returns that path. */
export async function saveResults(file, summary) {
	await mkdir(join(root, "bench", "results"), { recursive: true });
	await writeFile(join(root, "bench", "results", file), `${JSON.stringify(summary, null, "\t")}\n`);
	return `bench/results/${file}`;
}

/**
 * One benchmark against its own `wrangler dev` (state under bench/.state-<name>): starts the
 * server (handed to `onServer` for the run's HTTP helpers), runs `bench()`, prints `report(result)`
 * and the load, then saves the figures — with the ratios of `result[measured]` to `result.baseline`
 * — to bench/results/<name>.json and prints them as one JSON line. The server is stopped at the
 * end, on error too; the exit code is 1 when the run fails or its `check` is not ok.
 * `vars`: the Worker's variables beside ENVIRONMENT (e.g. QBO_API_BASE for a simulator the run starts).
 */
export async function runWithServer({ name, root, config, say, onServer, shutdown, bench, report, measured, vars }) {
	const started = performance.now();
	let server;
	let exitCode = 0;
	try {
		const loadBefore = loadBeforeRun(say);
		server = await startServer({
			root,
			stateDir: join(root, "bench", `.state-${name}`),
			port: config.port,
			logLevel: config.logLevel,
			log: say,
			...(vars ? { vars } : {}),
		});
		onServer(server);
		say(`wrangler dev is up at ${server.origin}; log: bench/.state-${name}/wrangler.log`);
		const result = await bench();
		const loadAfter = loadavg()[0];
		report(result);
		printLoad(loadBefore, loadAfter, "client, wrangler and workerd");
		const run = result[measured];
		const summary = {
			bench: `stockroom-${name}`,
			at: new Date().toISOString(),
			node: process.version,
			cores: availableParallelism(),
			loadAverage: { before: loadBefore, after: loadAfter },
			config,
			...result,
			ratios: {
				p50: run.p50 / result.baseline.p50,
				p99: run.p99 / result.baseline.p99,
				throughput: run.perSecond / result.baseline.perSecond,
			},
			totalSeconds: (performance.now() - started) / 1000,
		};
		if (!result.check.ok) exitCode = 1;
		say(`total ${fmt(summary.totalSeconds)} s; figures also in ${await saveResults(`${name}.json`, summary)}`);
		console.log(JSON.stringify(summary));
	} catch (error) {
		console.error(`[bench:${name}] failed: ${error?.stack ?? error}`);
		if (server) console.error(`[bench:${name}] last lines of the wrangler log:\n${await server.logTail(30)}`);
		exitCode = 1;
	} finally {
		await shutdown(exitCode);
	}
}
