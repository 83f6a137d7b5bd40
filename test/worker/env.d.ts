import type { D1Migration } from "cloudflare:test";

declare global {
	namespace Cloudflare {
		interface Env {
			TEST_MIGRATIONS: D1Migration[];
			/** The QBO simulator's admin API, served for the tests (test/sim/serve-for-worker-tests.ts). */
			SIM_ADMIN_URL: string;
		}
	}
}
