/**
 * Children in process groups of their own, so that stopping one reaches its whole tree (wrangler →
 * its CLI → workerd) and nothing of it is left behind. Shared by `npm start` (scripts/start.mjs),
 * the e2e and browser stacks (test/e2e/start-stack.ts) and the benchmarks (bench/server.mjs).
 * Plain JavaScript with types beside it (process-groups.d.mts): `node scripts/start.mjs` may run
 * under a system Node that strips no types.
 */
import { spawn } from "node:child_process";

/** Resolves with the child's exit code once it has exited (1 when a signal ended it). */
export function exited(child) {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? 1);
		else child.once("exit", (code) => resolve(code ?? 1));
	});
}

/** Sends `signal` to the child's whole process group; a group already gone is no error. */
export function killGroup(child, signal) {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// the group is gone already
	}
}

/**
 * Starts `file` as the leader of a new process group and keeps it in `children` while it runs.
 * stdin is closed (a background group that read the terminal would be stopped by SIGTTIN); the
 * output goes to `log` when given, else to ours. When the child exits, whatever it left in its
 * group (workerd) is killed with it.
 */
export function spawnInGroup(children, file, args, { cwd, env, log }) {
	const child = spawn(file, args, {
		cwd,
		env,
		stdio: log ? ["ignore", "pipe", "pipe"] : ["ignore", "inherit", "inherit"],
		detached: true,
	});
	if (log) {
		child.stdout?.pipe(log, { end: false });
		child.stderr?.pipe(log, { end: false });
	}
	children.add(child);
	child.on("exit", () => {
		children.delete(child);
		killGroup(child, "SIGKILL");
	});
	return child;
}

/**
 * Stops the groups of `children`: SIGTERM, SIGKILL to what still runs after `graceMs`, and SIGKILL
 * again at the end, as workerd can outlive wrangler's CLI by a moment. The groups are detached, so
 * a terminal's Ctrl-C does not reach them: this is how they stop, also during a start.
 */
export async function stopGroups(children, graceMs = 5000) {
	const running = [...children];
	for (const child of running) killGroup(child, "SIGTERM");
	const forced = setTimeout(() => {
		for (const child of running) killGroup(child, "SIGKILL");
	}, graceMs);
	await Promise.all(running.map(exited));
	clearTimeout(forced);
	for (const child of running) killGroup(child, "SIGKILL");
}
