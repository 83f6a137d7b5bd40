/**
 * vitest global setup of the `browser` project: a stack of its own (test/browser/.state/<pid>) as the e2e
 * tests have — the app under `wrangler dev` serving the built UI (ui/dist; `npm test` builds it
 * first with `npm run build:ui`, nothing is built here) and the QBO simulator with its demo company,
 * whose signed webhooks go to the app — then the demo company seeded and connected as `npm start`
 * does: locations and settings from `/dev/seed?products=false`, catalogue and stock imported from
 * the simulator by `/dev/connect-sim`.
 *
 * Provides `browserStack` (origins, the demo realm and company) and `e2eStack` (so that the e2e
 * driver, test/e2e/stack.ts, works unchanged against this stack).
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { startStack } from "../e2e/start-stack.ts";
import { alive } from "./launch-chromium.ts";

export type BrowserStack = {
	/** The app under `wrangler dev`, e.g. http://127.0.0.1:41234 */
	app: string;
	/** The QBO simulator. */
	sim: string;
	/** The simulator's demo company, connected to the app's demo company. */
	realmId: string;
	/** The app's demo company (worker/dev/demo-seed.ts). */
	companyId: string;
};

declare module "vitest" {
	export interface ProvidedContext {
		browserStack: BrowserStack;
	}
}

const root = fileURLToPath(new URL("../..", import.meta.url));
const DEMO_COMPANY_ID = "demo";

async function post(url: string): Promise<Record<string, unknown>> {
	const response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(120_000) });
	const text = await response.text();
	if (!response.ok) throw new Error(`POST ${url} → ${response.status} ${text.slice(0, 1000)}`);
	return JSON.parse(text) as Record<string, unknown>;
}

/**
 * test/browser/.state/<this process id>: two runs at once on one machine (two people, or `npm test`
 * beside a single project's run) must not wipe each other's database under a running server. The
 * directories of runs that have ended are removed; the last run's stays for its logs.
 */
async function ownStateDir(): Promise<string> {
	const base = join(root, "test", "browser", ".state");
	await mkdir(base, { recursive: true });
	for (const entry of await readdir(base)) {
		const pid = Number(entry);
		if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || pid === process.pid)
			await rm(join(base, entry), { recursive: true, force: true });
	}
	return join(base, String(process.pid));
}

export default async function startBrowserStack(project: TestProject): Promise<() => Promise<void>> {
	for (const file of ["app.js", "embed.js", "index.html"])
		if (!existsSync(join(root, "ui", "dist", file)))
			throw new Error(`ui/dist/${file} is missing: build the UI first (npm run build:ui; npm test does).`);

	const { stop, ...stack } = await startStack({
		stateDir: await ownStateDir(),
		// Intuit's webhook retry schedule compressed a hundredfold, as in the e2e tests.
		simEnv: { SIM_SEED: "browser", SIM_TIME_SCALE: "0.01" },
		demoWebhooks: true,
		// Other work may rebuild ui/dist meanwhile: the tests see the UI as it was built for them.
		snapshotAssets: true,
	});
	try {
		const answer = (await (await fetch(`${stack.sim}/admin/companies`)).json()) as {
			companies?: { realmId: string }[];
		};
		const realmId = answer.companies?.[0]?.realmId;
		if (!realmId) throw new Error("the QBO simulator has no demo company");
		await post(`${stack.app}/dev/seed?products=false`);
		await post(`${stack.app}/dev/connect-sim?realmId=${realmId}`);
		project.provide("browserStack", { app: stack.app, sim: stack.sim, realmId, companyId: DEMO_COMPANY_ID });
		project.provide("e2eStack", stack);
	} catch (error) {
		await stop();
		throw error;
	}
	return stop;
}
