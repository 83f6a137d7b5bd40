/**
 * Keeps the catalogue in step with QBO: items become products (bundles become kits with their
 * components), their opening quantity becomes stock at the default location the first time an
 * item is seen; a later item update changes names, SKU and cost, never stock (QBO's quantity moves
 * by the documents we follow ourselves).
 */
import { and, eq, inArray } from "drizzle-orm";
import { getDefaultLocation } from "../catalogue/locations";
import { createProducts } from "../catalogue/products";
import type { AppError } from "../core/app-error";
import { type Database, database, runBatch } from "../db/client";
import { kitComponents, products, vendors } from "../db/schema";
import { chunk } from "../lib/chunk";
import { itemSchema } from "../qbo/catalogue-entities";
import { type ProductFields, preferredVendorQboId, productFromItem } from "../qbo/catalogue-mapping";
import { seedOpenings } from "../stock/opening-seed";
import { executeStockCommand, isQuantityRefusal, readProductStockState } from "../stock/product-stock-client";
import type { OpeningStock } from "./import-catalogue";

/** `createdIds`: the products made by this call, whose objects cannot have been used before it. */
export type ItemSyncResult = {
	created: number;
	createdIds: string[];
	updated: number;
	ignored: number;
	invalid: string[];
};

/** Product objects settled at once when opening stock goes through them: enough to overlap their round trips. */
const OBJECT_CONCURRENCY = 8;
/** The reason of an item's opening adjustment (worded for people by worker/api/movement-reasons.ts). */
export const OPENING_REASON = "opening stock from QuickBooks";

/**
 * Upserts the products of QBO items (full JSON objects). Items older than what we hold are
 * ignored. Kit components must be among `items` or already known; unknown ones are skipped.
 */
export async function syncItems(
	env: Env,
	companyId: string,
	items: unknown[],
	options: { openingStock: boolean } = { openingStock: true },
): Promise<ItemSyncResult> {
	const db = database(env.DB);
	const result: ItemSyncResult = { created: 0, createdIds: [], updated: 0, ignored: 0, invalid: [] };
	const fields: ProductFields[] = [];
	/** Item QBO id → its preferred vendor's QBO id (or null). */
	const prefVendor = new Map<string, string | null>();
	for (const json of items) {
		const parsed = itemSchema.safeParse(json);
		if (!parsed.success) {
			result.invalid.push(String((json as { Id?: unknown })?.Id ?? "?"));
			continue;
		}
		const product = productFromItem(parsed.data);
		if (product) prefVendor.set(product.qboId, preferredVendorQboId(parsed.data));
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
	result.createdIds = created.map((p) => p.id);
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
	await savePreferredVendors(db, companyId, [...fresh, ...updates], prefVendor);
	// On import the opening stock waits for the documents (see `settleOpeningStock`).
	if (options.openingStock) await openingStock(env, companyId, fresh, created);
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

/**
 * Points each product at its preferred vendor, found by the vendor's QBO id; a vendor we do not
 * (yet) hold leaves it null — the next update of the item after the vendor arrives fills it.
 */
async function savePreferredVendors(
	db: Database,
	companyId: string,
	saved: ProductFields[],
	prefVendor: Map<string, string | null>,
) {
	if (saved.length === 0) return;
	const vendorQboIds = [...new Set(saved.flatMap((f) => prefVendor.get(f.qboId) ?? []))];
	const ours = new Map<string, string>();
	for (let i = 0; i < vendorQboIds.length; i += 90) {
		const rows = await db
			.select({ id: vendors.id, qboId: vendors.qboId })
			.from(vendors)
			.where(and(eq(vendors.companyId, companyId), inArray(vendors.qboId, vendorQboIds.slice(i, i + 90))));
		for (const row of rows) if (row.qboId) ours.set(row.qboId, row.id);
	}
	// One update per vendor and 90 items, not one per item: an import names few vendors for many items.
	const byVendor = Map.groupBy(saved, (f) => {
		const qboVendor = prefVendor.get(f.qboId);
		return qboVendor ? (ours.get(qboVendor) ?? null) : null;
	});
	await runBatch(
		db,
		[...byVendor].flatMap(([vendorId, items]) =>
			chunk(items, 90).map((part) =>
				db
					.update(products)
					.set({ preferredVendorId: vendorId })
					.where(
						and(
							eq(products.companyId, companyId),
							inArray(
								products.qboId,
								part.map((f) => f.qboId),
							),
						),
					),
			),
		),
	);
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

/** QBO's quantity of newly seen inventory items becomes their opening stock (see `settleOpeningStock`). */
async function openingStock(
	env: Env,
	companyId: string,
	fresh: ProductFields[],
	created: { id: string; qboId: string | null }[],
) {
	for (const product of created) {
		const f = fresh.find((x) => x.qboId === product.qboId);
		if (f?.qtyOnHand != null && product.qboId)
			await settleOpeningStock(env, companyId, {
				productId: product.id,
				qboItemId: product.qboId,
				qtyOnHand: f.qtyOnHand,
			});
	}
}

/**
 * Makes the product's total on hand equal QBO's quantity at import, by one opening adjustment at
 * the default location: QBO's quantity already includes every document made before the connection,
 * so what those documents do here (applied first, by import) is netted out of the opening stock —
 * and a later edit of such a document moves only its difference. Applied once per item.
 */
export async function settleOpeningStock(
	env: Env,
	companyId: string,
	item: { productId: string; qboItemId: string; qtyOnHand: number },
	defaultLocation?: { id: string },
): Promise<void> {
	const location = defaultLocation ?? (await getDefaultLocation(database(env.DB), companyId));
	if (!location) return;
	const ref = { companyId, productId: item.productId };
	const state = await readProductStockState(env, ref);
	const current = state.levels.reduce((sum, l) => sum + l.onHand, 0);
	const source = openingSource(item.qboItemId);
	// Settled before (an import run again): its opening adjustment stands, whatever came since.
	if (state.effects.some((e) => e.source === source)) return;
	await executeStockCommand(env, ref, {
		type: "adjust",
		source,
		locationId: location.id,
		quantity: item.qtyOnHand - current,
		reason: OPENING_REASON,
	});
}

/**
 * Settles the opening stock of many items at once, with the same outcome as `settleOpeningStock`
 * for each: the products this import has just created are written to D1 in a few batches, their
 * objects left to start from it when first used (worker/stock/opening-seed.ts) — nothing else
 * can have moved their stock, so QBO's quantity is their opening as it is. The others (known
 * before, claimed by their object meanwhile, or out of bounds) go through their objects, a few at
 * a time. `onRefused`: an item whose quantity its object refuses (beyond the bounds), which
 * nothing would change if tried again.
 */
export async function settleOpenings(
	env: Env,
	companyId: string,
	items: OpeningStock[],
	onRefused: (item: OpeningStock, refusal: AppError) => Promise<void>,
): Promise<void> {
	const db = database(env.DB);
	const location = await getDefaultLocation(db, companyId);
	if (!location || items.length === 0) return;
	const seeded = await seedOpenings(
		db,
		companyId,
		items
			.filter((i) => i.fresh)
			.map((i) => ({
				productId: i.productId,
				locationId: location.id,
				source: openingSource(i.qboItemId),
				quantity: i.qtyOnHand,
				reason: OPENING_REASON,
			})),
	);
	const rest = items.filter((i) => !seeded.has(i.productId));
	let next = 0;
	const worker = async () => {
		for (;;) {
			const item = rest[next++];
			if (!item) return;
			await settleOpeningStock(env, companyId, item, location).catch(async (error: unknown) => {
				if (!isQuantityRefusal(error)) throw error;
				await onRefused(item, error);
			});
		}
	};
	await Promise.all(Array.from({ length: Math.min(OBJECT_CONCURRENCY, rest.length) }, worker));
}

/** The source of an item's opening stock (docs/architecture.md#sources). */
function openingSource(qboItemId: string): string {
	return `qbo:opening:${qboItemId}`;
}
