/**
 * The QBO simulator for `bench/sync.mjs`: the same simulator as `node sim/main.ts` (no demo company;
 * the benchmark creates its own through the admin API), served on 127.0.0.1:SIM_PORT with a counter
 * in front of it. The simulator keeps no count of API calls, so this wrapper counts each request to
 * Intuit's paths by realm and kind before handing it on, untouched; `GET /bench/calls` answers the
 * counts. Requests carrying `x-bench-client` are the benchmark's own (its writes) and are counted
 * apart from the app's. Nothing in sim/ is changed.
 *
 * Run with the project's Node 22 (it strips the types of the imported .ts files):
 *   SIM_PORT=8800 node_modules/.bin/node bench/sim-counted.mjs
 */
import { createAdaptorServer } from "@hono/node-server";
import { createSimulator } from "../sim/simulator.ts";

const port = Number(process.env.SIM_PORT ?? 8800);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
	console.error(`[sim] SIM_PORT must be a port number, not "${process.env.SIM_PORT}"`);
	process.exit(1);
}
const sim = createSimulator({ seed: process.env.SIM_SEED ?? "stockroom-bench" });

/** counts[client][realmId][kind] */
const counts = { app: {}, bench: {} };
const startedAt = Date.now();

/** What a request to `/v3/company/{realmId}/…` is: query, cdc, batch, read (GET by id) or write. */
function kindOf(method, rest) {
	const [first] = rest;
	if (first === "query") return "query";
	if (first === "cdc") return "cdc";
	if (first === "batch") return "batch";
	if (method === "GET") return "read";
	return "write";
}

function count(request) {
	const url = new URL(request.url);
	const parts = url.pathname.split("/").filter(Boolean);
	let realm = "-";
	let kind;
	if (parts[0] === "v3" && parts[1] === "company" && parts[2]) {
		realm = parts[2];
		kind = kindOf(request.method, parts.slice(3));
	} else if (parts[0] === "oauth2") kind = "oauth";
	else return;
	const client = request.headers.has("x-bench-client") ? "bench" : "app";
	counts[client][realm] ??= {};
	const byRealm = counts[client][realm];
	byRealm[kind] = (byRealm[kind] ?? 0) + 1;
}

function fetchCounted(request, ...rest) {
	const path = new URL(request.url).pathname;
	if (path === "/bench/calls")
		return new Response(JSON.stringify({ since: new Date(startedAt).toISOString(), counts }), {
			headers: { "content-type": "application/json" },
		});
	count(request);
	return sim.app.fetch(request, ...rest);
}

const server = createAdaptorServer({ fetch: fetchCounted });
server.listen(port, "127.0.0.1", () => console.log(`[sim] QBO simulator (counted) at http://127.0.0.1:${port}`));

function stop() {
	sim.close();
	server.close();
	if ("closeAllConnections" in server) server.closeAllConnections();
	process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
