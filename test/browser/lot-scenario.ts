/**
 * A company of its own whose simulated item 1 is tracked by lot and holds 5 in one lot at the
 * default location, "found on the shelf": where the lot pages' tests start.
 */
import { newScenario, type ScenarioOptions } from "../e2e/stack.ts";
import { apiAs } from "./api.ts";

/** `row` is item 1's level as it was before the lot was added. */
export async function lotTrackedItem(options: ScenarioOptions, lot: string) {
	const scenario = await newScenario(options);
	const api = apiAs(scenario.token);
	const sku = scenario.opening.get("1")?.sku;
	if (!sku) throw new Error("the simulated item 1 has no SKU");
	const row = (await api.levels(sku)).find((r) => r.sku === sku);
	if (!row) throw new Error(`no level of ${sku}`);
	const { productId, locationId } = row;
	await api.patch(`/products/${productId}`, { tracking: "lot" });
	await api.post("/adjustments", {
		productId,
		locationId,
		quantity: 5,
		lots: [{ lot, expiry: "2099-05-31", quantity: 5 }],
		reason: "found on the shelf",
		idempotencyKey: `lot-${crypto.randomUUID()}`,
	});
	return { scenario, api, sku, row, productId, locationId };
}
