/**
 * Import on connect: departments as locations (when the company tracks them), every active item
 * (bundles as kits), every vendor, then every existing document applied as usual, and last each
 * item's opening stock at the default location, so that our total on hand equals QBO's quantity.
 * Keeping the documents is what lets a later edit of an old invoice move only its difference.
 * Idempotent — documents at their version and settled items change nothing — so an import
 * interrupted half-way is simply run again.
 */

import { database } from "../db/client";
import { preferencesSchema } from "../qbo/catalogue-entities";
import { companyFeaturesFromPreferences } from "../qbo/catalogue-mapping";
import { QBO_DOCUMENT_TYPES } from "../qbo/document-entities";
import type { QboApi } from "../qbo/qbo-api";
import { qboDecimalToScaled } from "../qbo/qbo-decimal";
import { recordQboFeatures } from "../settings/company-settings";
import { productsByQboId, settleOpeningStock, syncItems } from "./catalogue-sync";
import { syncDepartments } from "./department-sync";
import { syncDocument } from "./document-sync";
import { isOwnAdjustment } from "./stock-push";

/** An item whose opening stock is still to be settled: QBO's quantity as read at import. */
export type OpeningStock = { productId: string; qboItemId: string; qtyOnHand: number };

import { syncVendors } from "./vendor-sync";

export async function importCatalogue(
	env: Env,
	companyId: string,
	api: QboApi,
	options: { settleOpeningStock: boolean } = { settleOpeningStock: true },
) {
	// Departments first, when the company tracks locations in QBO: documents will name them.
	const [preferences] = await api.query("Preferences", "SELECT * FROM Preferences");
	const parsedPreferences = preferencesSchema.safeParse(preferences);
	const features = parsedPreferences.success ? companyFeaturesFromPreferences(parsedPreferences.data) : null;
	const tracksLocations = features?.tracksLocations === true;
	if (features) await recordQboFeatures(database(env.DB), companyId, { tracksInventory: features.tracksInventory });
	const departments = tracksLocations ? await syncDepartments(env, companyId, await api.queryAll("Department")) : null;
	// Vendors before items: an item names its preferred vendor.
	const vendorResult = await syncVendors(env, companyId, await api.queryAll("Vendor"));
	const items = await api.queryAll("Item");
	// Bundles name their components: import the components first so the kits can point at them.
	const isBundle = (item: Record<string, unknown>) => item.Type === "Group";
	const later = { openingStock: false };
	const itemResult = await syncItems(
		env,
		companyId,
		items.filter((i) => !isBundle(i)),
		later,
	);
	const kitResult = await syncItems(env, companyId, items.filter(isBundle), later);

	let documents = 0;
	for (const entity of QBO_DOCUMENT_TYPES)
		for (const json of await api.queryAll(entity)) {
			if (entity === "InventoryAdjustment" && isOwnAdjustment(json)) continue;
			if ((await syncDocument(env, companyId, entity, json)).status === "applied") documents += 1;
		}

	const known = await productsByQboId(
		database(env.DB),
		companyId,
		items.map((i) => String(i.Id)),
	);
	const opening: OpeningStock[] = items.flatMap((item) => {
		const product = known.get(String(item.Id));
		if (product?.type !== "inventory") return [];
		const qtyOnHand = qboDecimalToScaled(Number(item.QtyOnHand ?? 0)).scaled;
		return [{ productId: product.id, qboItemId: String(item.Id), qtyOnHand }];
	});
	// Each item's opening stock is one call to its product object: a large catalogue is settled in
	// chunks by the caller (the sync object), not all in one run.
	if (options.settleOpeningStock) for (const item of opening) await settleOpeningStock(env, companyId, item);
	return {
		opening: options.settleOpeningStock ? [] : opening,
		products: itemResult.created + kitResult.created,
		vendors: vendorResult.saved,
		locations: departments ? departments.created + departments.linked : 0,
		documents,
	};
}
