/**
 * What the grid needs for its stock value (issue 15, "Money"): each level row carries the product's
 * cost as imported from QuickBooks (`purchaseCost`, null when unknown), and an embedded grid may read
 * the company's currency from GET /api/v1/me.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { LevelRow, Me } from "../../ui/src/api/types";
import { products } from "../../worker/db/schema";
import { recordQboFeatures } from "../../worker/settings/company-settings";
import { allPages } from "./api-checks";
import { embedClient, mintToken, PORTAL } from "./embed-fixtures";
import { db, makeCompany } from "./helpers";

describe("the grid's stock value data", () => {
	it("level rows carry the product's purchase cost as a decimal, null when unknown", async () => {
		const co = await makeCompany({ locations: 2, products: 2 });
		const [costed = "", unknown = ""] = co.productIds;
		// As the import stores it: scaled by 10 000 (worker/core/quantity.ts).
		await db.update(products).set({ purchaseCost: 12_345 }).where(eq(products.id, costed));
		const rows = await allPages<LevelRow>(co.api, "/api/v1/levels?limit=1000");
		expect(rows).toHaveLength(4);
		for (const row of rows) expect(row.purchaseCost).toBe(row.productId === costed ? 1.2345 : null);
		expect(rows.some((r) => r.productId === unknown)).toBe(true);
	});

	it("an embed token reads the company's currency from /me", async () => {
		const co = await makeCompany({ locations: 1, products: 1 });
		await recordQboFeatures(db, co.companyId, { tracksInventory: true, homeCurrency: "USD" });
		const { token } = await mintToken(co);
		const res = await embedClient(token, PORTAL).get("/api/v1/me");
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.json<Me>()).toMatchObject({ via: "embed", user: null, company: { currency: "USD" } });
	});
});
