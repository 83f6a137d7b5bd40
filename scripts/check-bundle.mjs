/**
 * `npm run check:bundle` (part of npm test, and of npm run deploy): bundles the Worker as
 * `wrangler deploy` would, with `--dry-run` (no Cloudflare login, nothing uploaded), prints its raw
 * and gzipped size, and fails when the gzipped size is over the Workers Free plan's limit
 * (docs/deploy.md#worker-size). The built UI (ui/dist, npm run build:ui) is static assets, which
 * do not count, but wrangler wants the folder to exist.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measureModules, WORKER_GZIP_LIMIT } from "./deploy-checks.mjs";
import { root, wrangler } from "./wrangler.mjs";

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

if (!existsSync(join(root, "ui", "dist"))) {
	console.error("[check:bundle] ui/dist is missing (wrangler.toml's assets): run `npm run build:ui` first.");
	process.exit(1);
}

/** Bundles into a temporary folder, measures, and answers the exit code; the folder goes either way. */
async function checkBundle() {
	const outdir = await mkdtemp(join(tmpdir(), "stockroom-bundle-"));
	try {
		// CI=true: never a prompt. No metrics: nothing here is a real deployment.
		const dryRun = wrangler(["deploy", "--dry-run", "--outdir", outdir], {
			capture: true,
			env: { CI: "true", WRANGLER_SEND_METRICS: "false" },
		});
		if (dryRun.status !== 0) {
			console.error(`${dryRun.stdout}${dryRun.stderr}`);
			console.error("[check:bundle] `wrangler deploy --dry-run` failed: the Worker does not bundle (above).");
			return 1;
		}
		const names = await readdir(outdir);
		const files = await Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(outdir, name)) })));
		const size = measureModules(files);
		const used = ((size.gzip / WORKER_GZIP_LIMIT) * 100).toFixed(0);
		const summary = `Worker bundle (${size.modules.join(", ")}): ${kib(size.raw)} raw, ${kib(size.gzip)} gzipped — ${used} % of the ${WORKER_GZIP_LIMIT.toLocaleString("en")} bytes gzipped a Worker may have on the Workers Free plan`;
		if (size.gzip > WORKER_GZIP_LIMIT) {
			console.error(`[check:bundle] ${summary}: too big to deploy there (docs/deploy.md#worker-size).`);
			return 1;
		}
		console.log(`[check:bundle] ${summary}.`);
		return 0;
	} finally {
		await rm(outdir, { recursive: true, force: true });
	}
}

process.exitCode = await checkBundle();
