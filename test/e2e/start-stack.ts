/**
 * The whole stack on loopback, as `npm start` runs it but on free ports and with its own state — the
 * QBO simulator (`sim/main.ts` on the project's Node 22) and the app under `wrangler dev` (local D1
 * and Durable Objects persisted to a state directory, wiped at every start but a restart,
 * migrations applied there, the UI's assets from ui/dist). The Worker is bundled once and served
 * unwatched, so an edit of `worker/` during a run cannot reload it under the tests. Each server
 * runs in its own process group; stopping takes down both groups (wrangler's CLI and workerd alike).
 *
 * `startStack` is shared by the projects that need a stack (e2e, browser); the default export is the
 * vitest global setup of the `e2e` project (state in `test/e2e/.state`), whose tests read the
 * origins and the webhook verifier with `inject("e2eStack")`.
 */
import type { ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { cp, mkdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { exited, killGroup, spawnInGroup, stopGroups } from "../../scripts/process-groups.mjs";

export type E2eStack = {
	/** The app under `wrangler dev`, e.g. http://127.0.0.1:41234 */
	app: string;
	/** The QBO simulator: Intuit's paths and its own /admin. */
	sim: string;
	/** The app's QBO_WEBHOOK_VERIFIER: the simulator signs with it. */
	verifier: string;
	/** Where the logs of both servers are written. */
	stateDir: string;
};

declare module "vitest" {
	export interface ProvidedContext {
		e2eStack: E2eStack;
	}
}

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = join(root, "node_modules", ".bin");
const e2eStateDir = join(root, "test", "e2e", ".state");

/** Fixed test secrets (the verifier is Intuit's published test token, as in the worker tests). */
const SECRETS = {
	QBO_CLIENT_ID: "e2e-client-id",
	QBO_CLIENT_SECRET: "e2e-client-secret",
	QBO_WEBHOOK_VERIFIER: "00faeec4-08d0-4996-bb37-698ae19f0149",
	TOKEN_ENCRYPTION_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
};

/** The project's Node 22 first on PATH (wrangler's shebang is `env node`); CI=true: no prompts. */
const childEnv: NodeJS.ProcessEnv = {
	...process.env,
	PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
	CI: "true",
	WRANGLER_SEND_METRICS: "false",
	// Without its banner wrangler does not ask the npm registry for a newer version: loopback only.
	WRANGLER_HIDE_BANNER: "true",
};

/** Every child started here, each the leader of its own process group. */
const children = new Set<ChildProcess>();

// A vitest killed half-way (Ctrl-C, a crash) must not leave servers behind either.
process.once("exit", () => {
	for (const child of children) killGroup(child, "SIGKILL");
});

/**
 * `count` ports the kernel hands out on 127.0.0.1, free at the time of asking and distinct: every
 * probe stays open until all are taken (closed one by one, the kernel may hand the same port out
 * twice — it once gave the simulator's port to wrangler's inspector too).
 */
async function freePorts(count: number): Promise<number[]> {
	const probes = await Promise.all(
		Array.from(
			{ length: count },
			() =>
				new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
					const probe = createServer();
					probe.once("error", reject);
					probe.listen(0, "127.0.0.1", () => resolve(probe));
				}),
		),
	);
	const ports = probes.map((probe) => {
		const address = probe.address();
		return typeof address === "object" && address ? address.port : 0;
	});
	await Promise.all(probes.map((probe) => new Promise<void>((resolve) => probe.close(() => resolve()))));
	return ports;
}

/** Starts a tool from node_modules/.bin in its own process group, its output appended to `log`. */
function start(tool: string, args: string[], log: WriteStream, extraEnv: NodeJS.ProcessEnv = {}): ChildProcess {
	log.write(`\n$ ${tool} ${args.join(" ")}\n`);
	return spawnInGroup(children, join(bin, tool), args, { cwd: root, env: { ...childEnv, ...extraEnv }, log });
}

async function tail(path: string, lines = 40): Promise<string> {
	const text = await readFile(path, "utf8").catch(() => "");
	return text.split("\n").slice(-lines).join("\n");
}

async function waitForHealth(child: ChildProcess, origin: string, timeoutMs: number, logPath: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(`${origin} exited before answering /health:\n${await tail(logPath)}`);
		const ok = await fetch(`${origin}/health`, { signal: AbortSignal.timeout(2000) }).then(
			(r) => r.ok,
			() => false,
		);
		if (ok) return;
		if (Date.now() > deadline)
			throw new Error(`${origin}/health did not answer in ${timeoutMs} ms:\n${await tail(logPath)}`);
		await sleep(200);
	}
}

async function run(tool: string, args: string[], log: WriteStream, logPath: string, what: string): Promise<void> {
	const child = start(tool, args, log);
	if ((await exited(child)) !== 0) throw new Error(`${what} failed:\n${await tail(logPath)}`);
}

export type StackOptions = {
	/** Wiped, then holds the local D1 and Durable Objects and the logs of both servers. */
	stateDir: string;
	/**
	 * Start on what an earlier stack left in `stateDir` instead of wiping it — a restart, as of
	 * `npm start` run again (the simulator keeps its own state only when `simEnv` names a SIM_STATE_FILE).
	 */
	keepState?: boolean;
	/** The simulator's environment beyond its port (SIM_SEED, SIM_TIME_SCALE, SIM_DEMO_ITEMS…). */
	simEnv?: NodeJS.ProcessEnv;
	/** Deliver the simulator's demo company's signed webhooks to the app, as `npm start` does. */
	demoWebhooks?: boolean;
	/**
	 * Serve a copy of ui/dist taken at start (in the state directory) instead of ui/dist itself, so
	 * that a rebuild of the UI during the run cannot change — or briefly remove — the pages under test.
	 */
	snapshotAssets?: boolean;
};

export type RunningStack = E2eStack & {
	/** Stops both servers (and whatever they left in their process groups) and closes the logs. */
	stop: () => Promise<void>;
};

/** Starts the simulator and the app on free loopback ports; resolves once both answer /health. */
export async function startStack({
	stateDir,
	keepState = false,
	simEnv = {},
	demoWebhooks = false,
	snapshotAssets = false,
}: StackOptions): Promise<RunningStack> {
	if (!keepState) await rm(stateDir, { recursive: true, force: true });
	await mkdir(stateDir, { recursive: true });
	const assetsDir = join(stateDir, "assets");
	if (snapshotAssets) await cp(join(root, "ui", "dist"), assetsDir, { recursive: true });
	const simLogPath = join(stateDir, "sim.log");
	const appLogPath = join(stateDir, "wrangler.log");
	const simLog = createWriteStream(simLogPath, { flags: keepState ? "a" : "w" });
	const appLog = createWriteStream(appLogPath, { flags: keepState ? "a" : "w" });
	const closeLogs = () =>
		Promise.all([simLog, appLog].map((log) => new Promise<void>((resolve) => log.end(() => resolve()))));
	const stop = async () => {
		await stopGroups(children);
		await closeLogs();
	};

	try {
		const [simPort, appPort, inspectorPort] = await freePorts(3);
		const sim = `http://127.0.0.1:${simPort}`;
		const app = `http://127.0.0.1:${appPort}`;

		// The simulator first (cheap), then the app's database, bundle and server.
		const simChild = start("node", ["sim/main.ts"], simLog, {
			...simEnv,
			SIM_PORT: String(simPort),
			...(demoWebhooks
				? { SIM_WEBHOOK_URL: `${app}/webhooks/qbo`, SIM_WEBHOOK_VERIFIER: SECRETS.QBO_WEBHOOK_VERIFIER }
				: {}),
		});
		await run(
			"wrangler",
			["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir],
			appLog,
			appLogPath,
			"Applying the D1 migrations",
		);
		const bundleDir = join(stateDir, "worker");
		await run("wrangler", ["deploy", "--dry-run", "--outdir", bundleDir], appLog, appLogPath, "Bundling the Worker");
		const vars = {
			ENVIRONMENT: "development",
			QBO_API_BASE: sim,
			QBO_AUTHORIZE_URL: `${sim}/connect/oauth2`,
			QBO_TOKEN_URL: `${sim}/oauth2/v1/tokens/bearer`,
			QBO_REVOKE_URL: `${sim}/oauth2/v1/tokens/revoke`,
			QBO_OPENID_ISSUER: `${sim}/op/v1`,
			QBO_JWKS_URL: `${sim}/op/v1/jwks`,
			QBO_USERINFO_URL: `${sim}/v1/openid_connect/userinfo`,
			...SECRETS,
		};
		const appChild = start(
			"wrangler",
			[
				"dev",
				join(bundleDir, "index.js"),
				"--no-bundle",
				// Given a script, wrangler would look for its configuration beside the script.
				"--config",
				join(root, "wrangler.toml"),
				"--ip",
				"127.0.0.1",
				"--port",
				String(appPort),
				"--inspector-port",
				String(inspectorPort),
				"--persist-to",
				stateDir,
				...(snapshotAssets ? ["--assets", assetsDir] : []),
				...Object.entries(vars).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
				"--show-interactive-dev-session=false",
				"--log-level",
				"warn",
			],
			appLog,
		);
		await waitForHealth(simChild, sim, 30_000, simLogPath);
		await waitForHealth(appChild, app, 120_000, appLogPath);
		return { app, sim, verifier: SECRETS.QBO_WEBHOOK_VERIFIER, stateDir, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** The `e2e` project's global setup: its own stack, the demo company reduced to one item. */
export default async function startE2eStack(project: TestProject): Promise<() => Promise<void>> {
	const { stop, ...stack } = await startStack({
		stateDir: e2eStateDir,
		simEnv: {
			SIM_SEED: "e2e",
			// Intuit's webhook retry schedule (10 s, 20 s…) compressed a hundredfold.
			SIM_TIME_SCALE: "0.01",
			SIM_DEMO_ITEMS: "1",
		},
	});
	project.provide("e2eStack", stack);
	return stop;
}
