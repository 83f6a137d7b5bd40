/**
 * The company's home currency comes from its QuickBooks Preferences at import, and reaches the app
 * through `GET /me` and the settings: every amount in the UI is formatted in it (ui/src/i18n/money.ts).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Me, Settings } from "../../ui/src/api/types";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { makeCompany } from "./helpers";
import { connectSimCompany } from "./qbo-sim-client";

describe("home currency", () => {
	it("is unknown before QuickBooks is connected, then the one QuickBooks keeps (a Canadian company: CAD)", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		expect((await co.api.get("/api/v1/me")).json<Me>().company.currency).toBeNull();
		await connectSimCompany(co.companyId, { items: 1, homeCurrency: "CAD" });
		await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
		expect((await co.api.get("/api/v1/me")).json<Me>().company.currency).toBe("CAD");
		expect((await co.api.get("/api/v1/settings")).json<Settings>().homeCurrency).toBe("CAD");
	});
});
