import { beforeAll, describe, expect, it } from "vitest";
import { apiAs, demoToken } from "./api.ts";
import { useChromium } from "./chromium.ts";
import { cell, filterTo, grid, openStock, reloadStock, textOf, waitForRows, waitForText } from "./grid-page.ts";

const chromium = useChromium();
const SKU = "SKU-00012";
let warehouse: string;

beforeAll(async () => {
	const api = apiAs(await demoToken());
	warehouse = (await api.location("Warehouse")).id;
	// A quantity with decimals, so that the decimal separator shows.
	await api.setLevel(SKU, warehouse, { reorderPoint: 2.5 });
});

describe("the app in French", () => {
	it("switches language from the header: the grid's headers in French, numbers with a decimal comma", async () => {
		const page = await chromium.newPage({ locale: "en-US" });
		await openStock(page);
		const g = grid(page);
		await filterTo(page, SKU);
		const point = () => cell(page, { sku: SKU, field: "reorderPoint", locationId: warehouse });
		expect(await waitForText(await point(), "2.5")).toBe("2.5");
		expect(await textOf(g.header("available").first())).toMatch(/Available/);

		await page.locator('select[data-action="locale"]').selectOption("fr");
		await waitForRows(page);
		expect(await waitForText(g.header("available").first(), /Disponible/)).toMatch(/Disponible/);
		expect(await textOf(g.header("onHand").first())).toMatch(/En stock/);
		expect(await textOf(page.locator('a[data-nav="locations"]'))).toMatch(/Emplacements/);
		await filterTo(page, SKU);
		expect(await waitForText(await point(), "2,5")).toBe("2,5");

		// The choice is remembered: a reload stays in French.
		await reloadStock(page);
		expect(await waitForText(g.header("available").first(), /Disponible/)).toMatch(/Disponible/);
	});

	it("starts in French for a browser that asks for French", async () => {
		const page = await chromium.newPage({ locale: "fr-FR" });
		await openStock(page);
		expect(await waitForText(grid(page).header("reorderPoint").first(), /Seuil de réappro/)).toMatch(
			/Seuil de réappro/,
		);
		expect(await textOf(page.locator('a[data-nav="settings"]'))).toBe("Paramètres");
	});
});
