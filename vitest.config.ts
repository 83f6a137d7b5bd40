/**
 * Two test projects:
 * - `worker`: inside workerd — the real Worker with real D1 and Durable Objects (miniflare),
 *   migrations applied from `migrations/` by test/worker/apply-migrations.ts;
 * - `sim`: the QBO simulator, on Node.
 */
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));

/** Fixed test secrets: the webhook verifier is Intuit's published test token (QBO.md §1.4). */
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
const SIM = "http://127.0.0.1:17788";
const TEST_QBO_ENDPOINTS = {
	QBO_API_BASE: SIM,
	QBO_AUTHORIZE_URL: `${SIM}/connect/oauth2`,
	QBO_TOKEN_URL: `${SIM}/oauth2/v1/tokens/bearer`,
	QBO_REVOKE_URL: `${SIM}/oauth2/v1/tokens/revoke`,
	SIM_ADMIN_URL: `${SIM}/admin`,
};

export default defineConfig({
	test: {
		testTimeout: 60_000,
		hookTimeout: 60_000,
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
					setupFiles: ["./test/worker/apply-migrations.ts"],
					globalSetup: ["./test/sim/serve-for-worker-tests.ts"],
				},
			},
			{
				test: { name: "sim", include: ["test/sim/**/*.test.ts"], environment: "node" },
			},
		],
	},
});
