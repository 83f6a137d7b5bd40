/**
 * The development sandbox `npm start` runs (scripts/start.mjs) and `npm run reset` wipes
 * (scripts/reset.mjs): where it keeps its data, and how to tell that something listens on a port.
 */
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Everything the sandbox keeps between runs, all under .wrangler/ (ignored by git): the app's local
 * D1 and Durable Objects (wrangler dev's default place), its development secrets, and the QBO
 * simulator's state (sim/state-file.ts). Kept and wiped together: an app that remembers documents
 * the simulator forgot would take the simulator's new ones for old versions.
 */
export const localData = {
	appState: join(root, ".wrangler", "state"),
	devSecrets: join(root, ".wrangler", "dev-secrets.json"),
	simState: join(root, ".wrangler", "sim-state.json"),
};

/** True when something already listens on the port. */
export function portTaken(port) {
	return new Promise((resolve) => {
		const socket = connect({ port, host: "localhost" });
		socket.once("connect", () => {
			socket.destroy();
			resolve(true);
		});
		socket.once("error", () => resolve(false));
	});
}
