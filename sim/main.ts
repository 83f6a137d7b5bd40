/**
 * `node sim/main.ts`: the QBO simulator on SIM_PORT (default 8788), loopback only, with the demo
 * company. Environment:
 * - SIM_PORT, SIM_SEED, SIM_DEMO_ITEMS, SIM_DEMO_REALM_ID, SIM_TIME_SCALE;
 * - SIM_WEBHOOK_URL and SIM_WEBHOOK_VERIFIER (and SIM_WEBHOOK_FORMAT=legacy|cloudevents): deliver the
 *   demo company's notifications there from the start;
 * - SIM_STATE_FILE: keep the simulator's state in that file (sim/state-file.ts), loaded at start and
 *   saved after changes and on stop; the demo company is made only when the file has none. Without
 *   it everything stays in memory and is gone at exit.
 * Stops on SIGINT/SIGTERM.
 */
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { createDemoCompany, DEMO_REALM_ID } from "./demo.ts";
import { createSimulator } from "./simulator.ts";
import { persistSimulator, type StateFile } from "./state-file.ts";
import { DEFAULT_WEBHOOK_CONFIG } from "./webhooks/dispatcher.ts";

const env = process.env;
const port = Number(env.SIM_PORT ?? 8788);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`[sim] SIM_PORT must be a port number, not "${env.SIM_PORT}".`);
	process.exit(1);
}

const sim = createSimulator({ seed: env.SIM_SEED ?? "stockroom", timeScale: Number(env.SIM_TIME_SCALE ?? 1) });
const stateFile = env.SIM_STATE_FILE;
let state: StateFile | undefined;
try {
	state = stateFile ? persistSimulator(sim, stateFile) : undefined;
} catch (error) {
	console.error(`[sim] ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
const demoRealmId = env.SIM_DEMO_REALM_ID ?? DEMO_REALM_ID;
const demo = sim.company(demoRealmId) ?? createDemoCompany(sim, demoRealmId, Number(env.SIM_DEMO_ITEMS ?? 36));
// Set at every start, over a saved one: the app may listen on another port than last time.
if (env.SIM_WEBHOOK_URL && env.SIM_WEBHOOK_VERIFIER) {
	sim.webhooks.configure(demo.realmId, {
		...DEFAULT_WEBHOOK_CONFIG,
		url: env.SIM_WEBHOOK_URL,
		verifier: env.SIM_WEBHOOK_VERIFIER,
		format: env.SIM_WEBHOOK_FORMAT === "legacy" ? "legacy" : "cloudevents",
	});
}

/** Listens on 127.0.0.1, then on ::1 at the same port so "localhost" works whichever it resolves to. */
function listen(hostname: string, at: number): Promise<ReturnType<typeof createAdaptorServer>> {
	const server = createAdaptorServer({
		// Every request may change what is kept (a document, a token, the lazily made signing key).
		fetch: async (request: Request) => {
			const response = await sim.app.fetch(request);
			state?.changed();
			return response;
		},
	});
	return new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(at, hostname, () => resolve(server));
	});
}

const primary = await listen("127.0.0.1", port);
const servers = [primary];
const bound = (primary.address() as AddressInfo).port;
try {
	servers.push(await listen("::1", bound));
} catch {
	// no IPv6 loopback here: 127.0.0.1 is enough
}

const origin = `http://localhost:${bound}`;
console.log(`[sim] QBO simulator at ${origin}  (admin: ${origin}/admin/companies)`);
console.log(`[sim] demo company realmId ${demo.realmId}`);
if (state) {
	state.flush();
	const companies = sim.companies.size === 1 ? "1 company" : `${sim.companies.size} companies`;
	console.log(`[sim] state ${state.loaded ? "loaded from" : "kept in"} ${stateFile} (${companies})`);
}

function stop(): void {
	state?.flush();
	sim.close();
	for (const server of servers) {
		server.close();
		if ("closeAllConnections" in server) server.closeAllConnections();
	}
	process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
