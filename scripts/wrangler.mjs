/**
 * The project's wrangler, run from the deploy scripts (scripts/deploy.mjs, scripts/check-bundle.mjs)
 * at the repository's root, with the project's Node 22 first on PATH: wrangler's
 * `#!/usr/bin/env node` then finds it even when the script was started by an older system Node
 * (wrangler refuses Node < 22).
 */
import { spawnSync } from "node:child_process";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = join(root, "node_modules", ".bin");

/**
 * Runs `wrangler …args` to its end. `capture`: its output is answered instead of shown (stdin stays
 * the terminal's, for a login prompt). `env`: added to this process's environment.
 */
export function wrangler(args, { capture = false, env = {} } = {}) {
	const result = spawnSync(join(bin, "wrangler"), args, {
		cwd: root,
		env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`, ...env },
		stdio: capture ? ["inherit", "pipe", "pipe"] : "inherit",
		encoding: "utf8",
	});
	if (result.error) throw result.error;
	return { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}
