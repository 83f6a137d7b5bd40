/**
 * vitest global setup of the `worker` project: the QBO simulator on the loopback port chosen by
 * vitest.config.ts (SIM_TEST_PORT), so that the Worker under test talks to a real HTTP QBO (its QBO
 * endpoints point here) and never to Intuit.
 */
import { createAdaptorServer } from "@hono/node-server";
import { createSimulator } from "../../sim/simulator.ts";

export default async function serveSimulator(): Promise<() => Promise<void>> {
	// Retry schedules compressed a thousandfold: a test never waits minutes for a webhook retry.
	const sim = createSimulator({ seed: "worker-tests", timeScale: 0.001 });
	const server = createAdaptorServer({ fetch: sim.app.fetch });
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(Number(process.env.SIM_TEST_PORT), "127.0.0.1", () => resolve());
	});
	return async () => {
		sim.close();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
}
