/**
 * A company connected to the simulator with one inventory item and one vendor imported, creating
 * its purchase orders and bills in QBO (`purchasesToQbo`) and not pushing stock.
 */
import { env } from "cloudflare:workers";
import { AccessTokens } from "../../worker/qbo/access-tokens";
import { QboApi } from "../../worker/qbo/qbo-api";
import { RateLimiter } from "../../worker/qbo/rate-limiter";
import { updateSettings } from "../../worker/settings/company-settings";
import { importCatalogue } from "../../worker/sync/import-catalogue";
import { db, makeCompany } from "./helpers";
import { connectSimCompany } from "./qbo-sim-client";

export async function qboPurchasingCompany() {
	const co = await makeCompany({ locations: 1, products: 0 });
	const sim = await connectSimCompany(co.companyId, { items: 1, customers: 1, vendors: 1 });
	await importCatalogue(env, co.companyId, new QboApi(env, new AccessTokens(env, co.companyId), new RateLimiter()));
	await updateSettings(db, co.companyId, { purchasesToQbo: true, stockSyncToQbo: false });
	const products = (await co.api.get("/api/v1/products")).json<{ items: { id: string; qboId: string | null }[] }>();
	const vendors = (await co.api.get("/api/v1/vendors")).json<{ items: { id: string; qboId: string | null }[] }>();
	const productId = products.items.find((p) => p.qboId)?.id;
	const vendorId = vendors.items.find((v) => v.qboId)?.id;
	if (!productId || !vendorId) throw new Error("the simulated company lacks an item or a vendor");
	return { co, sim, productId, vendorId };
}
