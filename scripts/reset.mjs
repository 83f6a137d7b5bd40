/**
 * `npm run reset`: forgets the development sandbox — the app's local D1 and Durable Objects, its
 * development secrets and the QBO simulator's state (scripts/sandbox.mjs) — all together, so that
 * the next `npm start` is a first run. Refuses while the sandbox runs: wiping the files under a
 * running app and simulator would leave them writing to state nobody reads again.
 */
import { existsSync, rmSync } from "node:fs";
import { relative } from "node:path";
import { localData, portTaken } from "./sandbox.mjs";

const ports = { PORT: Number(process.env.PORT ?? 8787), SIM_PORT: Number(process.env.SIM_PORT ?? 8788) };
for (const [name, port] of Object.entries(ports))
	if (await portTaken(port)) {
		console.error(
			`[reset] Something listens on port ${port} (${name}): stop \`npm start\` first (or set ${name} to the port it uses).`,
		);
		process.exit(1);
	}

const removed = [];
for (const path of Object.values(localData))
	if (existsSync(path)) {
		rmSync(path, { recursive: true, force: true });
		removed.push(relative(process.cwd(), path));
	}
console.log(
	removed.length > 0
		? `[reset] Removed ${removed.join(", ")}: the app's local data and the QBO simulator's companies are gone. The next \`npm start\` begins afresh.`
		: "[reset] Nothing to remove: the next `npm start` begins afresh.",
);
