/**
 * Tests inside workerd: the real Worker with real D1 and Durable Objects (miniflare), migrations
 * applied from `migrations/` by test/worker/apply-migrations.ts.
 */
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations(fileURLToPath(new URL("./migrations", import.meta.url)));

export default defineConfig({
	plugins: [
		cloudflareTest({
			wrangler: { configPath: "./wrangler.toml" },
			miniflare: {
				bindings: { ENVIRONMENT: "test", TEST_MIGRATIONS: migrations },
			},
		}),
	],
	test: {
		include: ["test/worker/**/*.test.ts"],
		setupFiles: ["./test/worker/apply-migrations.ts"],
		testTimeout: 60_000,
		hookTimeout: 60_000,
	},
});
