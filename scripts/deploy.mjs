/**
 * `npm run deploy`: Stockroom to Cloudflare in one command (docs/deploy.md#deploy-in-one-command).
 * Each step runs only if the one before succeeded, so that nothing remote changes while something
 * local is wrong, and the database is migrated before the code that needs it:
 *
 *   1. wrangler.toml names a real D1 database (not the repository's placeholder);
 *   2. every secret the Worker declares (worker/secrets.d.ts) is set (`wrangler secret list`);
 *   3. the UI is built (ui/dist, the Worker's static assets);
 *   4. the Worker bundles within the size limit (scripts/check-bundle.mjs);
 *   5. the remote D1 migrations are applied (`wrangler d1 migrations apply DB --remote`);
 *   6. `wrangler deploy`.
 *
 * wrangler needs a login (`npx wrangler login`) or CLOUDFLARE_API_TOKEN.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
	declaredSecrets,
	missingSecrets,
	missingSecretsMessage,
	parseSecretList,
	usesPlaceholderDatabase,
} from "./deploy-checks.mjs";
import { root, wrangler } from "./wrangler.mjs";

/** Stops the deployment at this step: the message says what failed and what to do. */
function fail(message) {
	console.error(`\n[deploy] stopped: ${message}`);
	process.exit(1);
}

function step(title) {
	console.log(`\n[deploy] ${title}`);
}

/** Runs a Node script of this folder with this process's Node; fails the step on a non-zero exit. */
function runScript(script, failure) {
	const result = spawnSync(process.execPath, [join(root, "scripts", script)], { cwd: root, stdio: "inherit" });
	if (result.status !== 0) fail(failure);
}

step("1/6 the D1 database in wrangler.toml");
if (usesPlaceholderDatabase(readFileSync(join(root, "wrangler.toml"), "utf8")))
	fail(
		"wrangler.toml's database_id is still the placeholder. Create the database with `npx wrangler d1 create stockroom` and put the database_id it prints into wrangler.toml.",
	);

step("2/6 the Worker's secrets");
const declared = declaredSecrets(readFileSync(join(root, "worker", "secrets.d.ts"), "utf8"));
const list = wrangler(["secret", "list", "--format", "json"], { capture: true });
let set;
if (list.status === 0) {
	try {
		set = parseSecretList(list.stdout);
	} catch (error) {
		fail(error instanceof Error ? error.message : String(error));
	}
} else if (/Worker "[^"]+"(?: \(env: [^)]*\))? not found/.test(list.stderr + list.stdout)) {
	// Not deployed yet: no secret can be set on it. `wrangler secret put` creates it.
	console.log("The Worker does not exist yet: none of its secrets is set.");
	set = [];
} else {
	console.error(`${list.stdout}${list.stderr}`);
	fail(
		"`wrangler secret list` failed (above). Log in with `npx wrangler login`, or set CLOUDFLARE_API_TOKEN, then run npm run deploy again.",
	);
}
const missing = missingSecrets(declared, set ?? []);
if (missing.length > 0) fail(missingSecretsMessage(missing, declared.length));
console.log(`All ${declared.length} set: ${declared.join(", ")}.`);

step("3/6 the UI (ui/dist)");
runScript("build-ui.mjs", "the UI did not build (above); nothing was deployed.");

step("4/6 the Worker's size");
runScript("check-bundle.mjs", "the Worker does not bundle within the size limit (above); nothing was deployed.");

step("5/6 the remote D1 migrations");
// CI=true: wrangler applies without asking. Declining its question would end it with success and
// let the deployment go on against a database without the new migrations.
if (wrangler(["d1", "migrations", "apply", "DB", "--remote"], { env: { CI: "true" } }).status !== 0)
	fail(
		"the D1 migrations did not apply (above); the Worker was not deployed. Those already applied stay applied: fix the cause and run npm run deploy again.",
	);

step("6/6 wrangler deploy");
if (wrangler(["deploy"]).status !== 0)
	fail(
		"`wrangler deploy` failed (above). The migrations are applied; the previous version of the Worker still serves. Fix the cause and run npm run deploy again.",
	);
console.log("\n[deploy] done. Watch it with `npx wrangler tail` (docs/deploy.md#watching-it).");
