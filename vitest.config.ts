/**
 * The test projects:
 * - `worker`: inside workerd — the real Worker with real D1 and Durable Objects (miniflare),
 *   migrations applied from `migrations/` by test/worker/apply-migrations.ts;
 * - `sim`: the QBO simulator, on Node;
 * - `ui`: the UI's pure modules, on Node;
 * - `scripts`: the pure parts of the repository's scripts (scripts/deploy-checks.mjs), on Node;
 * - `e2e`: the app under `wrangler dev` beside the simulator, driven through signed webhooks;
 * - `browser`: the UI in Chromium (playwright-core; test/browser/launch-chromium.ts says which) against such a stack.
 */
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * A free loopback port for the simulator the worker tests talk to, handed to the global setup
 * through the environment (two test runs on one machine must not collide).
 */
async function freeSimulatorPort(): Promise<number> {
	if (process.env.SIM_TEST_PORT) return Number(process.env.SIM_TEST_PORT);
	const port = await new Promise<number>((resolve, reject) => {
		const probe = createServer();
		probe.once("error", reject);
		probe.listen(0, "127.0.0.1", () => {
			const address = probe.address();
			probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
		});
	});
	process.env.SIM_TEST_PORT = String(port);
	return port;
}

const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));

/** Fixed test secrets: the webhook verifier is Intuit's published test token (docs/qbo.md#signature). */
export const TEST_SECRETS = {
	QBO_CLIENT_ID: "test-client-id",
	QBO_CLIENT_SECRET: "test-client-secret",
	QBO_WEBHOOK_VERIFIER: "00faeec4-08d0-4996-bb37-698ae19f0149",
	TOKEN_ENCRYPTION_KEY: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
};

/**
 * No test may reach Intuit: the Worker's QBO endpoints are the simulator, served on loopback by the
 * worker project's global setup (test/sim/serve-for-worker-tests.ts).
 */
const SIM = `http://127.0.0.1:${await freeSimulatorPort()}`;
const TEST_QBO_ENDPOINTS = {
	QBO_API_BASE: SIM,
	QBO_AUTHORIZE_URL: `${SIM}/connect/oauth2`,
	QBO_TOKEN_URL: `${SIM}/oauth2/v1/tokens/bearer`,
	QBO_REVOKE_URL: `${SIM}/oauth2/v1/tokens/revoke`,
	QBO_OPENID_ISSUER: `${SIM}/op/v1`,
	QBO_JWKS_URL: `${SIM}/op/v1/jwks`,
	QBO_USERINFO_URL: `${SIM}/v1/openid_connect/userinfo`,
	SIM_ADMIN_URL: `${SIM}/admin`,
};

export default defineConfig({
	test: {
		testTimeout: 60_000,
		hookTimeout: 60_000,
		// Vitest's default is the cores less one: one file at a time on this 2-core machine, the worker
		// project's 97 files then taking ~290 s instead of ~145 s. The e2e and browser projects stay one
		// file at a time (fileParallelism: false); `npm test` runs them beside each other after the
		// others (scripts/test-vitest.mjs).
		maxWorkers: 2,
		projects: [
			{
				plugins: [
					cloudflareTest({
						wrangler: { configPath: "./wrangler.toml" },
						miniflare: {
							bindings: { ENVIRONMENT: "test", TEST_MIGRATIONS: migrations, ...TEST_SECRETS, ...TEST_QBO_ENDPOINTS },
						},
					}),
				],
				test: {
					name: "worker",
					include: ["test/worker/**/*.test.ts"],
					// One workerd per worker thread for every file, not one per file: half the project's time
					// went to starting runtimes. Files stay independent: each makes its own companies (ids
					// from ulid) and nothing reads another's rows; checked with the file order shuffled.
					isolate: false,
					setupFiles: ["./test/worker/apply-migrations.ts"],
					globalSetup: ["./test/sim/serve-for-worker-tests.ts"],
				},
			},
			{
				test: { name: "sim", include: ["test/sim/**/*.test.ts"], environment: "node" },
			},
			{
				// The UI's pure modules (keyboard model, TSV, numbers…), on Node: no browser needed.
				test: { name: "ui", include: ["test/ui/**/*.test.ts"], environment: "node" },
			},
			{
				// The deploy scripts' checks, on Node: no Cloudflare login, no wrangler run.
				test: { name: "scripts", include: ["test/scripts/**/*.test.ts"], environment: "node" },
			},
			{
				test: {
					name: "e2e",
					include: ["test/e2e/**/*.test.ts"],
					environment: "node",
					globalSetup: ["./test/e2e/start-stack.ts"],
					testTimeout: 120_000,
					hookTimeout: 180_000,
					fileParallelism: false,
				},
			},
			{
				// The UI in Chromium (test/browser/launch-chromium.ts) against the e2e-like stack with the demo company.
				test: {
					name: "browser",
					include: ["test/browser/**/*.test.ts"],
					environment: "node",
					globalSetup: ["./test/browser/global-setup.ts"],
					testTimeout: 120_000,
					hookTimeout: 180_000,
					fileParallelism: false,
				},
			},
		],
	},
});
