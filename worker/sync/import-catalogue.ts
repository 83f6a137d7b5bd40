/**
 * Import on connect: every active item (bundles as kits, QBO's quantity as opening stock at the
 * default location) and every vendor. Idempotent — items already imported keep their stock — so
 * an import interrupted half-way is simply run again.
 */
import type { QboApi } from "../qbo/qbo-api";
import { syncItems } from "./catalogue-sync";
import { syncVendors } from "./vendor-sync";

export async function importCatalogue(env: Env, companyId: string, api: QboApi) {
	const items = await api.queryAll("Item");
	// Bundles name their components: import the components first so the kits can point at them.
	const isBundle = (item: Record<string, unknown>) => item.Type === "Group";
	const itemResult = await syncItems(
		env,
		companyId,
		items.filter((i) => !isBundle(i)),
	);
	const kitResult = await syncItems(env, companyId, items.filter(isBundle));
	const vendorResult = await syncVendors(env, companyId, await api.queryAll("Vendor"));
	return {
		products: itemResult.created + kitResult.created,
		vendors: vendorResult.saved,
	};
}
