/**
 * `npm start`: the app under `wrangler dev` with local D1 and Durable Objects, migrations applied and
 * the demo company seeded, so a newcomer sees stock in one command; beside it the QBO simulator
 * (sim/, at SIM_PORT, default 8788) with its demo company. Both keep their data under .wrangler/
 * across restarts (scripts/sandbox.mjs; `npm run reset` forgets it). Stops both cleanly on Ctrl-C /
 * SIGTERM.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { exited, spawnInGroup, stopGroups } from "./process-groups.mjs";
import { localData, portTaken } from "./sandbox.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = join(root, "node_modules", ".bin");
const port = Number(process.env.PORT ?? 8787);
const origin = `http://localhost:${port}`;
const simPort = Number(process.env.SIM_PORT ?? 8788);
const simOrigin = `http://localhost:${simPort}`;

// The project's Node 22 first on PATH: wrangler's `#!/usr/bin/env node` then finds it even when this
// script was started by an older system Node (wrangler refuses Node < 22). CI=true keeps wrangler
// from prompting (the migrations' "continue?").
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`, CI: "true" };

/** Children started here, each the leader of its own process group (see `run`). */
const children = new Set();
/** Set once stopping has begun; never resolves (the process exits), so callers go no further. */
let stopping;

/** Starts a tool from node_modules/.bin in its own process group, its output on our terminal. */
function run(tool, args, extraEnv = {}) {
	return spawnInGroup(children, join(bin, tool), args, { cwd: root, env: { ...env, ...extraEnv } });
}

/** Stops every child's group (SIGTERM, then SIGKILL after a grace period), then exits. */
function stop(code) {
	stopping ??= (async () => {
		await stopGroups(children);
		process.exit(code);
	})();
	return stopping;
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(0));

// npm runs this script under `sh -c`, and when npm passes SIGTERM on, that shell dies without
// passing it to us. Losing our parent therefore means stop too, or wrangler and workerd outlive npm.
const parent = process.ppid;
setInterval(() => {
	if (process.ppid !== parent) stop(0);
}, 500).unref();

function fail(message) {
	console.error(`[start] ${message}`);
	return stop(1);
}

async function waitForHealth(child, base, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) return false;
		try {
			if ((await fetch(`${base}/health`)).ok) return true;
		} catch {
			// not listening yet
		}
		await sleep(250);
	}
	return false;
}

if (!Number.isInteger(port) || port < 1 || port > 65535)
	await fail(`PORT must be a port number, not "${process.env.PORT}".`);
// wrangler would otherwise pick another port.
if (await portTaken(port)) await fail(`Port ${port} is already in use; stop what runs there or set PORT.`);
if (!Number.isInteger(simPort) || simPort < 1 || simPort > 65535 || simPort === port)
	await fail(`SIM_PORT must be a port number other than PORT, not "${process.env.SIM_PORT}".`);
if (await portTaken(simPort))
	await fail(`Port ${simPort} (the QBO simulator) is already in use; stop what runs there or set SIM_PORT.`);

// Local data from before the simulator kept its state: the simulator starts its Ids at 1 again,
// which that data already holds.
if (existsSync(localData.appState) && !existsSync(localData.simState))
	console.warn(
		"[start] The app's local data (.wrangler/state) is older than the simulator's saved state: QuickBooks documents saved now may be taken for old ones. `npm run reset` starts both afresh.",
	);

// The UI's static assets (ui/dist) must exist before wrangler serves them.
const build = run("node", ["scripts/build-ui.mjs"]);
if ((await exited(build)) !== 0) await fail("Building the UI failed (see above).");

const migrate = run("wrangler", ["d1", "migrations", "apply", "DB", "--local"]);
if ((await exited(migrate)) !== 0) await fail("Applying the D1 migrations failed (see above).");

/**
 * Development secrets, made once and kept beside the local data: tokens sealed with the key must
 * still open after a restart, and the simulator must keep signing with the app's verifier.
 */
function devSecrets() {
	const file = localData.devSecrets;
	if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
	const secrets = { verifier: randomUUID(), encryptionKey: randomBytes(32).toString("base64") };
	mkdirSync(dirname(file), { recursive: true });
	writeFileSync(file, JSON.stringify(secrets, null, 2));
	return secrets;
}
const secrets = devSecrets();

// The app talks to the simulator exactly as it would to Intuit: only the endpoints differ.
const appVars = {
	ENVIRONMENT: "development",
	QBO_API_BASE: simOrigin,
	QBO_AUTHORIZE_URL: `${simOrigin}/connect/oauth2`,
	QBO_TOKEN_URL: `${simOrigin}/oauth2/v1/tokens/bearer`,
	QBO_REVOKE_URL: `${simOrigin}/oauth2/v1/tokens/revoke`,
	QBO_OPENID_ISSUER: `${simOrigin}/op/v1`,
	QBO_JWKS_URL: `${simOrigin}/op/v1/jwks`,
	QBO_USERINFO_URL: `${simOrigin}/v1/openid_connect/userinfo`,
	QBO_CLIENT_ID: "stockroom-dev",
	QBO_CLIENT_SECRET: "stockroom-dev-secret",
	QBO_WEBHOOK_VERIFIER: secrets.verifier,
	TOKEN_ENCRYPTION_KEY: secrets.encryptionKey,
};

const app = run("wrangler", [
	"dev",
	"--port",
	String(port),
	...Object.entries(appVars).flatMap(([key, value]) => ["--var", `${key}:${value}`]),
	"--show-interactive-dev-session=false",
]);
// If wrangler dies on its own, there is nothing left to serve.
app.on("exit", (code) => {
	if (!stopping) fail(`wrangler dev exited (code ${code}).`);
});

// The QBO simulator, with the project's Node 22 (node_modules/.bin/node), which runs sim/main.ts by
// stripping its types. Its demo company sends its signed webhooks to the app, as Intuit would. Its
// state is kept beside the app's local data, so that both remember the same documents.
const sim = run("node", ["sim/main.ts"], {
	SIM_PORT: String(simPort),
	SIM_STATE_FILE: localData.simState,
	SIM_WEBHOOK_URL: `${origin}/webhooks/qbo`,
	SIM_WEBHOOK_VERIFIER: secrets.verifier,
});
sim.on("exit", (code) => {
	if (!stopping) fail(`The QBO simulator exited (code ${code}).`);
});

if (!(await waitForHealth(app, origin, 120_000))) await fail(`The app did not answer ${origin}/health.`);
if (!(await waitForHealth(sim, simOrigin, 30_000))) await fail(`The QBO simulator did not answer ${simOrigin}/health.`);

/** POSTs to a development route of the app; stops everything if it fails. */
async function devCall(path, what) {
	const answer = await fetch(`${origin}${path}`, { method: "POST" }).catch((error) => error);
	if (answer instanceof Response && answer.ok) return answer.json();
	const detail = answer instanceof Response ? `${answer.status} ${await answer.text()}` : String(answer);
	return fail(`${what} failed: ${detail}`);
}

const simCompanies = await fetch(`${simOrigin}/admin/companies`)
	.then((response) => response.json())
	.catch(() => ({ companies: [] }));
const simRealm = simCompanies.companies?.[0]?.realmId;
if (!simRealm) await fail("The QBO simulator has no demo company.");

// Locations and settings from the seed; the catalogue and its stock from QuickBooks (the simulator).
await devCall("/dev/seed?products=false", "Seeding the demo company");
const imported = await devCall(`/dev/connect-sim?realmId=${simRealm}`, "Connecting the demo company to the simulator");

// Started again on the same state, the import finds everything known already: nothing new comes in.
const catalogue =
	imported.products > 0 || imported.vendors > 0
		? `${imported.products} products, ${imported.vendors} vendors imported`
		: "its catalogue was imported before and is up to date";
console.log(`
[start] Stockroom is running at ${origin}  (demo company connected to QuickBooks realm ${simRealm}: ${catalogue})
[start] QBO simulator at ${simOrigin}  (admin API at ${simOrigin}/admin); what is saved there shows up here within a second
[start] An owner token for curl:  npm run --silent dev:token
[start] Ctrl-C stops it.
`);
