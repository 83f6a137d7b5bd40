/**
 * The grid's stock value (issue 15, "Money"): "Show value" adds a value column — on hand × the
 * product's cost as imported from QuickBooks, in the company's currency and the user's language —
 * in the app and in an embed, with the cost's source said on the column header.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, apiAs, browserStack, demoToken, type LevelRow } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { grid, openStock, textOf, waitForRows, waitForText } from "./grid-page.ts";
import { type HostSite, startHostSite } from "./host-page.ts";

const chromium = useChromium();

let owner: Api;
let host: HostSite;
/** A product of the demo company with a cost and stock, its rows, and its stock's value in total. */
let sku: string;
let rows: LevelRow[];
let value: number;

beforeAll(async () => {
	owner = apiAs(await demoToken());
	host = await startHostSite();
	const all = await owner.levels("SKU-000");
	const found = all.find((r) => r.type === "inventory" && (r.purchaseCost ?? 0) > 0 && r.onHand > 0);
	if (!found) throw new Error("the demo company has no product with a cost and stock");
	sku = found.sku;
	rows = all.filter((r) => r.sku === sku);
	const onHand = rows.reduce((sum, r) => sum + r.onHand, 0);
	value = Math.round(onHand * (found.purchaseCost ?? 0) * 100) / 100;
});

afterAll(async () => {
	await host?.close();
});

/** Spaces as any: French groups digits with a narrow no-break space, and puts a no-break one before the currency. */
const spaces = (text: string) => text.replace(/[\s\u00a0\u202f]/g, " ");

async function showValue(page: Page) {
	const g = grid(page);
	await g.filter.fill(sku);
	await g.host.locator('[data-action="show-value"]').check();
	const productId = rows[0]?.productId;
	return g.host.locator(`[data-product-id="${productId}"][data-field="value"][data-location-id="total"]`);
}

describe("the grid's stock value", () => {
	it("shows on hand × cost in the company's currency, and says where the cost comes from", async () => {
		const me = await owner.get<{ company: { currency: string | null } }>("/me");
		expect(me.company.currency).toBe("USD");
		const page = await chromium.newPage();
		await openStock(page);
		const cell = await showValue(page);
		const shown = await waitForText(cell, /\$/);
		expect(shown).toMatch(/^\$\d{1,3}(,\d{3})*\.\d\d$/);
		expect(shown).toBe(new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(value));
		const header = grid(page).host.locator('[role="columnheader"][data-field="value"][data-location-id="total"]');
		expect(await textOf(header)).toBe("Value");
		expect(await header.getAttribute("title")).toContain("purchase cost from QuickBooks");
	});

	it("in French: « 1 234,50 $US »", async () => {
		const page = await chromium.newPage({ locale: "fr-FR" });
		await openStock(page);
		const cell = await showValue(page);
		const shown = spaces(await waitForText(cell, /\$US/));
		expect(shown).toMatch(/^\d{1,3}( \d{3})*,\d\d \$US$/);
		expect(shown).toBe(spaces(new Intl.NumberFormat("fr-FR", { style: "currency", currency: "USD" }).format(value)));
	});

	it("in an embed too, which reads the currency itself", async () => {
		const { token } = await owner.post<{ token: string }>("/embed-tokens", {
			scopes: ["read"],
			origins: [host.origin],
			ttlSeconds: 600,
		});
		const page = await chromium.newPage();
		await page.goto(host.embedPage("/value.html", { app: browserStack().app, token }));
		await waitForRows(page);
		const cell = await showValue(page);
		expect(await waitForText(cell, /\$/)).toBe(
			new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(value),
		);
	});
});
