/**
 * Keeps the catalogue in step with QBO: items become products (bundles become kits with their
 * components), their opening quantity becomes stock at the default location the first time an
 * item is seen; a later item update changes names, SKU and cost, never stock (QBO's quantity moves
 * by the documents we follow ourselves).
 */
import { and, eq, inArray } from "drizzle-orm";
import { getDefaultLocation } from "../catalogue/locations";
import { createProducts } from "../catalogue/products";
import { type Database, database, runBatch } from "../db/client";
import { kitComponents, products } from "../db/schema";
import { itemSchema } from "../qbo/catalogue-entities";
import { type ProductFields, productFromItem } from "../qbo/catalogue-mapping";
import { executeStockCommand } from "../stock/product-stock-client";

export type ItemSyncResult = { created: number; updated: number; ignored: number; invalid: string[] };

/**
 * Upserts the products of QBO items (full JSON objects). Items older than what we hold are
 * ignored. Kit components must be among `items` or already known; unknown ones are skipped.
 */
export async function syncItems(env: Env, companyId: string, items: unknown[]): Promise<ItemSyncResult> {
	const db = database(env.DB);
	const result: ItemSyncResult = { created: 0, updated: 0, ignored: 0, invalid: [] };
	const fields: ProductFields[] = [];
	for (const json of items) {
		const parsed = itemSchema.safeParse(json);
		if (!parsed.success) {
			result.invalid.push(String((json as { Id?: unknown })?.Id ?? "?"));
			continue;
		}
		const product = productFromItem(parsed.data);
		if (product) fields.push(product);
		else result.ignored += 1;
	}
	const known = await productsByQboId(
		db,
		companyId,
		fields.map((f) => f.qboId),
	);
	const fresh = fields.filter((f) => !known.has(f.qboId));
	const created = await createProducts(
		db,
		companyId,
		fresh.map((f) => ({
			sku: f.sku,
			name: f.name,
			type: f.type,
			qboId: f.qboId,
			description: f.description ?? undefined,
			purchaseCost: f.purchaseCost ?? undefined,
			qboSyncToken: f.syncToken,
		})),
	);
	result.created = created.length;
	const archivedAt = (f: ProductFields) => (f.active ? null : Date.now());
	if (fresh.some((f) => !f.active))
		await runBatch(
			db,
			created.flatMap((p) => {
				const f = fresh.find((x) => x.qboId === p.qboId);
				return f && !f.active
					? [
							db
								.update(products)
								.set({ archivedAt: archivedAt(f) })
								.where(eq(products.id, p.id)),
						]
					: [];
			}),
		);

	const updates = fields.filter((f) => {
		const current = known.get(f.qboId);
		if (!current) return false;
		if (current.qboSyncToken !== null && current.qboSyncToken >= f.syncToken) {
			result.ignored += 1;
			return false;
		}
		return true;
	});
	await runBatch(
		db,
		updates.map((f) =>
			db
				.update(products)
				.set({
					sku: f.sku,
					name: f.name,
					type: f.type,
					description: f.description,
					purchaseCost: f.purchaseCost,
					qboSyncToken: f.syncToken,
					archivedAt: archivedAt(f),
				})
				.where(and(eq(products.companyId, companyId), eq(products.qboId, f.qboId))),
		),
	);
	result.updated = updates.length;

	await saveKitComponents(db, companyId, [...fresh, ...updates]);
	await openingStock(env, companyId, fresh, created);
	return result;
}

/** The company's products by QBO item id. */
export async function productsByQboId(db: Database, companyId: string, qboIds: string[]) {
	const found = new Map<string, typeof products.$inferSelect>();
	for (let i = 0; i < qboIds.length; i += 90) {
		const rows = await db
			.select()
			.from(products)
			.where(and(eq(products.companyId, companyId), inArray(products.qboId, qboIds.slice(i, i + 90))));
		for (const row of rows) if (row.qboId) found.set(row.qboId, row);
	}
	return found;
}

async function saveKitComponents(db: Database, companyId: string, kits: ProductFields[]) {
	const withComponents = kits.filter((k) => k.type === "kit");
	if (withComponents.length === 0) return;
	const ids = [...new Set(withComponents.flatMap((k) => [k.qboId, ...k.components.map((c) => c.qboItemId)]))];
	const byQbo = await productsByQboId(db, companyId, ids);
	for (const kit of withComponents) {
		const kitProduct = byQbo.get(kit.qboId);
		if (!kitProduct) continue;
		await runBatch(db, [
			db.delete(kitComponents).where(eq(kitComponents.kitProductId, kitProduct.id)),
			...kit.components.flatMap((c) => {
				const component = byQbo.get(c.qboItemId);
				return component
					? [
							db.insert(kitComponents).values({
								companyId,
								kitProductId: kitProduct.id,
								componentProductId: component.id,
								quantity: c.quantity,
							}),
						]
					: [];
			}),
		]);
	}
}

/** QBO's quantity of a newly seen inventory item becomes its opening stock at the default location. */
async function openingStock(
	env: Env,
	companyId: string,
	fresh: ProductFields[],
	created: { id: string; qboId: string | null }[],
) {
	const location = await getDefaultLocation(database(env.DB), companyId);
	if (!location) return;
	for (const product of created) {
		const f = fresh.find((x) => x.qboId === product.qboId);
		if (!f?.qtyOnHand) continue;
		await executeStockCommand(
			env,
			{ companyId, productId: product.id },
			{
				type: "adjust",
				source: `qbo:opening:${f.qboId}`,
				locationId: location.id,
				quantity: f.qtyOnHand,
				reason: "opening stock from QuickBooks",
			},
		);
	}
}
