/**
 * The demo company that `npm start` shows a newcomer: three locations and a few dozen products
 * with stock, until the QuickBooks simulator feeds it. Every step is idempotent, so seeding twice
 * (or after a crash half-way) ends in the same state.
 */
import { and, eq, inArray } from "drizzle-orm";
import { ensureCompany } from "../catalogue/companies";
import { createLocation, listLocations } from "../catalogue/locations";
import { createProducts } from "../catalogue/products";
import { toScaled } from "../core/quantity";
import { database } from "../db/client";
import { products, stockLevels } from "../db/schema";
import { executeStockCommand } from "../stock/product-stock-client";

export const DEMO_COMPANY_ID = "demo";
/** The demo's opening adjustments say this (worded for people by worker/api/movement-reasons.ts). */
export const DEMO_OPENING_REASON = "opening stock";

const LOCATIONS = ["Warehouse", "Shop", "Van"];

const ITEMS = [
	["Oak dining chair", 40],
	["Walnut side table", 12],
	["Linen cushion cover", 120],
	["Wool throw blanket", 35],
	["Ceramic table lamp", 18],
	["Brass floor lamp", 6],
	["Cotton bath towel", 200],
	["Bamboo bath mat", 45],
	["Glass water carafe", 60],
	["Stoneware mug", 240],
	["Stoneware dinner plate", 180],
	["Cast iron skillet", 22],
	["Copper saucepan", 9],
	["Chef's knife 20 cm", 30],
	["Maple cutting board", 50],
	["Linen napkin set", 75],
	["Beeswax candle", 300],
	["Rattan storage basket", 28],
	["Wall mirror round", 7],
	["Jute area rug 160×230", 5],
	["Velvet armchair", 4],
	["Pine bookshelf", 8],
	["Desk organiser", 64],
	["Picture frame A4", 90],
	["Potted olive tree", 11],
	["Terracotta planter", 70],
	["Watering can", 33],
	["Garden gloves", 150],
	["Outdoor string lights", 42],
	["Hammock", 3],
	["Coat hook rail", 26],
	["Shoe rack", 14],
	["Laundry hamper", 19],
	["Tea towel set", 110],
	["Salt and pepper mills", 38],
	["Espresso cups (4)", 55],
] as const;

/** Creates what is missing of the demo company and its stock. */
export async function seedDemoCompany(
	env: Env,
	options: { products: boolean } = { products: true },
): Promise<{ companyId: string }> {
	const db = database(env.DB);
	const companyId = DEMO_COMPANY_ID;
	await ensureCompany(db, { id: companyId, name: "Maison Demo" });

	const existing = new Set((await listLocations(db, companyId, true)).map((l) => l.name));
	for (const name of LOCATIONS) if (!existing.has(name)) await createLocation(db, companyId, { name });
	// In the order of LOCATIONS (the list answers by name): the warehouse first, then shop and van.
	const byName = new Map((await listLocations(db, companyId, true)).map((l) => [l.name, l]));
	const locations = LOCATIONS.flatMap((name) => byName.get(name) ?? []);

	if (!options.products) return { companyId };

	const skus = ITEMS.map((_, i) => `SKU-${String(1001 + i)}`);
	const present = new Set(
		(
			await db
				.select({ sku: products.sku })
				.from(products)
				.where(and(eq(products.companyId, companyId), inArray(products.sku, skus)))
		).map((p) => p.sku),
	);
	await createProducts(
		db,
		companyId,
		ITEMS.map(([name], i) => ({ sku: skus[i] ?? "", name })).filter((p) => !present.has(p.sku)),
	);
	const catalogue = await db.select().from(products).where(eq(products.companyId, companyId));

	for (const product of catalogue) {
		const index = skus.indexOf(product.sku);
		const base = ITEMS[index]?.[1] ?? 0;
		for (const [i, location] of locations.entries()) {
			// The warehouse holds most; the shop some; the van a few of the small things.
			const quantity = Math.floor(base / (i === 0 ? 1 : i === 1 ? 3 : 10));
			if (quantity === 0) continue;
			await executeStockCommand(
				env,
				{ companyId, productId: product.id },
				{
					type: "adjust",
					source: `seed:${product.sku}:${location.name}`,
					locationId: location.id,
					quantity: toScaled(quantity),
					reason: DEMO_OPENING_REASON,
				},
			);
		}
		const warehouse = locations[0];
		if (warehouse && index % 3 === 0)
			await db
				.update(stockLevels)
				.set({ reorderPoint: toScaled(Math.ceil(base / 2)), reorderQty: toScaled(base), bin: `A-${index + 1}` })
				.where(
					and(
						eq(stockLevels.productId, product.id),
						eq(stockLevels.locationId, warehouse.id),
						eq(stockLevels.version, 1),
					),
				);
	}
	return { companyId };
}
