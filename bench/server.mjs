/**
 * The benchmark's own `wrangler dev`: a fresh persistence directory (bench/.state) with the
 * migrations applied, the Worker bundled once (`wrangler deploy --dry-run`) and served unwatched,
 * ENVIRONMENT=development, a free port on 127.0.0.1, and a stop() that takes down the whole
 * process group (wrangler's CLI and workerd) — also when the benchmark fails.
 */
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { delimiter, join, relative } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { exited, spawnInGroup, stopGroups } from "../scripts/process-groups.mjs";

/** True when nothing listens on `port` at 127.0.0.1. */
function portFree(port) {
	return new Promise((resolve) => {
		const server = createServer();
		server.once("error", () => resolve(false));
		server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
	});
}

/** `preferred` if free, else one the kernel hands out. */
export async function freePort(preferred) {
	if (await portFree(preferred)) return preferred;
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Every child started here, each the leader of its own process group (see `wrangler` below). */
const children = new Set();

/**
 * Starts `file` in its own process group (so that stopping it reaches its whole tree), output to
 * `logFile`, and tracks it: `stopChildren` stops it with the others.
 * @param {string} file
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, logFile: import("node:fs").WriteStream }} options
 */
export function spawnTracked(file, args, { cwd, env, logFile }) {
	return spawnInGroup(children, file, args, { cwd, env, log: logFile });
}

/**
 * Stops every child's group: SIGTERM, then SIGKILL after a grace period. Also for a start still
 * under way (Ctrl-C while waiting for /health): the groups are detached, the terminal's signal
 * does not reach them.
 */
export function stopChildren() {
	return stopGroups(children);
}

/**
 * Starts wrangler dev for the benchmark; resolves once GET /health answers. `vars` are passed as
 * `--var NAME:value` (beside ENVIRONMENT=development).
 * @param {{ root: string, stateDir: string, port?: number, logLevel?: string, vars?: Record<string, string>, log?: (line: string) => void }} options
 */
export async function startServer({
	root,
	stateDir,
	port: preferredPort = 8797,
	logLevel = "warn",
	vars = {},
	log = () => {},
}) {
	const bin = join(root, "node_modules", ".bin");
	// The project's Node 22 first on PATH (wrangler's shebang is `env node`); CI=true: no prompts.
	const env = {
		...process.env,
		PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
		CI: "true",
		WRANGLER_SEND_METRICS: "false",
	};

	await rm(stateDir, { recursive: true, force: true });
	await mkdir(stateDir, { recursive: true });
	const logPath = join(stateDir, "wrangler.log");
	const logFile = createWriteStream(logPath);

	/** A wrangler command in its own process group, output to the log file. */
	function wrangler(args) {
		logFile.write(`\n$ wrangler ${args.join(" ")}\n`);
		return spawnTracked(join(bin, "wrangler"), args, { cwd: root, env, logFile });
	}

	let stopped;
	function stop() {
		stopped ??= stopChildren().then(() => new Promise((resolve) => logFile.end(resolve)));
		return stopped;
	}

	async function logTail(lines = 40) {
		const text = await readFile(logPath, "utf8").catch(() => "");
		return text.split("\n").slice(-lines).join("\n");
	}

	try {
		log(`applying the D1 migrations to ${relative(root, stateDir)}`);
		const migrate = wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir]);
		if ((await exited(migrate)) !== 0) throw new Error(`applying the migrations failed:\n${await logTail()}`);

		// A bundle of its own: wrangler dev reloads the Worker whenever a source file changes, and a
		// reload answers every request in flight with 503. The bundle does not change during the run.
		log("bundling the Worker");
		const bundleDir = join(stateDir, "worker");
		const bundle = wrangler(["deploy", "--dry-run", "--outdir", bundleDir]);
		if ((await exited(bundle)) !== 0) throw new Error(`bundling the Worker failed:\n${await logTail()}`);

		const port = await freePort(preferredPort);
		const inspectorPort = await freePort(port + 1);
		const origin = `http://127.0.0.1:${port}`;
		log(`starting wrangler dev at ${origin}`);
		const dev = wrangler([
			"dev",
			join(bundleDir, "index.js"),
			"--no-bundle",
			// Given a script, wrangler would look for its configuration beside the script.
			"--config",
			join(root, "wrangler.toml"),
			"--ip",
			"127.0.0.1",
			"--port",
			String(port),
			"--inspector-port",
			String(inspectorPort),
			"--persist-to",
			stateDir,
			"--var",
			"ENVIRONMENT:development",
			...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
			"--show-interactive-dev-session=false",
			// Request lines at "info" would cost CPU on every call; errors still reach the log.
			"--log-level",
			logLevel,
		]);

		const deadline = Date.now() + 120_000;
		for (;;) {
			if (dev.exitCode !== null || dev.signalCode !== null)
				throw new Error(`wrangler dev exited (code ${dev.exitCode}):\n${await logTail()}`);
			if (Date.now() > deadline) throw new Error(`${origin}/health did not answer in 120 s:\n${await logTail()}`);
			const ok = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2000) }).then(
				(r) => r.ok,
				() => false,
			);
			if (ok) break;
			await sleep(250);
		}
		return { origin, stop, logTail, logPath, pid: dev.pid };
	} catch (error) {
		await stop();
		throw error;
	}
}
