/**
 * `npm run test:vitest`: the six vitest projects (vitest.config.ts) in two steps that keep a 2-core
 * machine busy without crowding it:
 * 1. worker, sim, ui and scripts — CPU-bound, on vitest's two workers;
 * 2. browser and e2e at once, in two vitest processes: each drives a stack of its own (`wrangler
 *    dev` and the simulator) one file at a time and mostly waits on it, so together they take
 *    about as long as the browser tests alone (measured: ~400 s for the whole run instead of ~580 s
 *    with every step after the other).
 * Every step runs even when one before it failed; the exit code is 1 when any did. e2e's output is
 * held and printed whole when it ends, so that the two processes' lines do not interleave.
 * Arguments are passed to every vitest run (`npm run test:vitest -- --reporter=dot`).
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { exited } from "./process-groups.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const vitest = join(root, "node_modules", ".bin", "vitest");
const extra = process.argv.slice(2);

/** Runs vitest on `projects`; `held`: its output kept and printed when it exits. */
async function run(projects, { held = false } = {}) {
	const args = ["run", ...projects.flatMap((p) => ["--project", p]), ...extra];
	const child = spawn(vitest, args, {
		cwd: root,
		stdio: ["ignore", held ? "pipe" : "inherit", held ? "pipe" : "inherit"],
	});
	const output = [];
	if (held) {
		child.stdout.on("data", (chunk) => output.push(chunk));
		child.stderr.on("data", (chunk) => output.push(chunk));
	}
	const code = await exited(child);
	if (held) process.stdout.write(Buffer.concat(output));
	return code;
}

const cpuBound = await run(["worker", "sim", "ui", "scripts"]);
const [browser, e2e] = await Promise.all([run(["browser"]), run(["e2e"], { held: true })]);
const failed = Object.entries({ "worker, sim, ui, scripts": cpuBound, browser, e2e }).filter(([, code]) => code !== 0);
if (failed.length > 0) console.error(`vitest failed: ${failed.map(([name]) => name).join("; ")}`);
process.exit(failed.length > 0 ? 1 : 0);
