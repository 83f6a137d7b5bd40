/**
 * Import on connect: departments as locations (when the company tracks them), every active item (bundles as kits, QBO's quantity as opening stock at the
 * default location) and every vendor. Idempotent — items already imported keep their stock — so
 * an import interrupted half-way is simply run again.
 */
import { preferencesSchema } from "../qbo/catalogue-entities";
import { companyFeaturesFromPreferences } from "../qbo/catalogue-mapping";
import type { QboApi } from "../qbo/qbo-api";
import { syncItems } from "./catalogue-sync";
import { syncDepartments } from "./department-sync";
import { syncVendors } from "./vendor-sync";

export async function importCatalogue(env: Env, companyId: string, api: QboApi) {
	// Departments first, when the company tracks locations in QBO: documents will name them.
	const [preferences] = await api.query("Preferences", "SELECT * FROM Preferences");
	const parsedPreferences = preferencesSchema.safeParse(preferences);
	const tracksLocations =
		parsedPreferences.success && companyFeaturesFromPreferences(parsedPreferences.data).tracksLocations;
	const departments = tracksLocations ? await syncDepartments(env, companyId, await api.queryAll("Department")) : null;
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
		locations: departments ? departments.created + departments.linked : 0,
	};
}
