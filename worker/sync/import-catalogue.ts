/**
 * Import on connect: departments as locations (when the company tracks them), every active item
 * (bundles as kits), every vendor, then every existing document applied as usual, and last each
 * item's opening stock at the default location, so that our total on hand equals QBO's quantity
 * (read again after the documents, consistent with them: import-window.ts).
 * Keeping the documents is what lets a later edit of an old invoice move only its difference.
 * Idempotent — documents at their version and settled items change nothing — so an import
 * interrupted half-way is simply run again. Items and documents go a chunk at a time, the caller
 * hearing where the import stands after each (`onProgress`), with a pause between chunks as long as
 * the chunk took, so that the rest of the app keeps answering (docs/architecture.md#companysync).
 */

import { database } from "../db/client";
import { chunk } from "../lib/chunk";
import { preferencesSchema } from "../qbo/catalogue-entities";
import { companyFeaturesFromPreferences } from "../qbo/catalogue-mapping";
import { QBO_DOCUMENT_TYPES, type QboDocumentType } from "../qbo/document-entities";
import type { QboApi } from "../qbo/qbo-api";
import { qboDecimalToScaled } from "../qbo/qbo-decimal";
import { recordQboFeatures } from "../settings/company-settings";
import { type ItemSyncResult, productsByQboId, settleOpenings, syncItems } from "./catalogue-sync";
import { syncDepartments } from "./department-sync";
import { syncDocument } from "./document-sync";
import { quantitiesAfterDocuments } from "./import-window";
import { isOwnAdjustment } from "./stock-push";
import type { ImportPhase } from "./sync-meta";
import { syncVendors } from "./vendor-sync";

/**
 * An item whose opening stock is still to be settled: QBO's quantity as read at import. `fresh`:
 * its product was created by this import, so no object can have moved its stock yet.
 */
export type OpeningStock = { productId: string; qboItemId: string; qtyOnHand: number; fresh: boolean };

/** Where an import stands: `done` of `total` items written (catalogue) or documents applied. */
export type ImportStep = { phase: ImportPhase; done: number; total: number };

/** Items written per chunk (a few D1 batches), and documents applied, between two pauses and progress steps. */
const ITEM_CHUNK = 100;
const DOCUMENT_CHUNK = 25;

/**
 * Leaves the runtime idle as long as the work since the last pause took (`since`: when it began),
 * so that other requests are answered meanwhile: a local workerd (wrangler dev) runs everything on
 * one thread, and an import that never lets go keeps every other request waiting behind it.
 */
async function pause(since: number): Promise<number> {
	await scheduler.wait(Math.max(1, Date.now() - since));
	return Date.now();
}

export async function importCatalogue(
	env: Env,
	companyId: string,
	api: QboApi,
	options: { settleOpeningStock: boolean; onProgress?: (step: ImportStep) => void } = { settleOpeningStock: true },
) {
	const progress = options.onProgress ?? (() => {});
	const startedAt = Date.now();
	progress({ phase: "catalogue", done: 0, total: 0 });
	let lap = Date.now();
	// Departments first, when the company tracks locations in QBO: documents will name them.
	const [preferences] = await api.query("Preferences", "SELECT * FROM Preferences");
	const parsedPreferences = preferencesSchema.safeParse(preferences);
	const features = parsedPreferences.success ? companyFeaturesFromPreferences(parsedPreferences.data) : null;
	const tracksLocations = features?.tracksLocations === true;
	if (features)
		await recordQboFeatures(database(env.DB), companyId, {
			tracksInventory: features.tracksInventory,
			homeCurrency: features.homeCurrency,
		});
	const departments = tracksLocations ? await syncDepartments(env, companyId, await api.queryAll("Department")) : null;
	// Vendors before items: an item names its preferred vendor.
	const vendorResult = await syncVendors(env, companyId, await api.queryAll("Vendor"));
	const items = await api.queryAll("Item");
	// Bundles name their components: import the components first so the kits can point at them.
	const isBundle = (item: Record<string, unknown>) => item.Type === "Group";
	const ordered = [...items.filter((i) => !isBundle(i)), ...items.filter(isBundle)];
	const synced: ItemSyncResult[] = [];
	progress({ phase: "catalogue", done: 0, total: ordered.length });
	for (let i = 0; i < ordered.length; i += ITEM_CHUNK) {
		const part = ordered.slice(i, i + ITEM_CHUNK);
		// A chunk holds components before kits, or kits whose components an earlier chunk wrote.
		for (const group of [part.filter((p) => !isBundle(p)), part.filter(isBundle)])
			if (group.length > 0) synced.push(await syncItems(env, companyId, group, { openingStock: false }));
		progress({ phase: "catalogue", done: i + part.length, total: ordered.length });
		lap = await pause(lap);
	}
	const created = synced.reduce((sum, r) => sum + r.created, 0);
	const fresh = new Set(synced.flatMap((r) => r.createdIds));

	// Every document first, then applied in QBO_DOCUMENT_TYPES order: the total is known for the progress.
	const read: { entity: QboDocumentType; json: Record<string, unknown> }[] = [];
	for (const entity of QBO_DOCUMENT_TYPES)
		for (const json of await api.queryAll(entity))
			if (!(entity === "InventoryAdjustment" && isOwnAdjustment(json))) read.push({ entity, json });
	let documents = 0;
	progress({ phase: "documents", done: 0, total: read.length });
	for (const [n, { entity, json }] of read.entries()) {
		if ((await syncDocument(env, companyId, entity, json)).status === "applied") documents += 1;
		if ((n + 1) % DOCUMENT_CHUNK === 0 || n + 1 === read.length) {
			progress({ phase: "documents", done: n + 1, total: read.length });
			lap = await pause(lap);
		}
	}

	// QuickBooks' quantities read again, consistent with the documents as applied (import-window.ts).
	const quantities = await quantitiesAfterDocuments(env, companyId, api, startedAt);
	lap = await pause(lap);

	const known = new Map<string, { id: string; type: string }>();
	const itemIds = items.map((i) => String(i.Id));
	for (const part of chunk(itemIds, ITEM_CHUNK)) {
		for (const [qboId, product] of await productsByQboId(database(env.DB), companyId, part)) known.set(qboId, product);
		lap = await pause(lap);
	}
	const opening: OpeningStock[] = items.flatMap((item) => {
		const product = known.get(String(item.Id));
		if (product?.type !== "inventory") return [];
		const qtyOnHand = quantities.get(String(item.Id)) ?? qboDecimalToScaled(Number(item.QtyOnHand ?? 0)).scaled;
		return [{ productId: product.id, qboItemId: String(item.Id), qtyOnHand, fresh: fresh.has(product.id) }];
	});
	// A large catalogue's opening stock is settled in chunks by the caller (the sync object), a run each.
	if (options.settleOpeningStock)
		await settleOpenings(env, companyId, opening, async (_item, refusal) => {
			throw refusal;
		});
	return {
		opening: options.settleOpeningStock ? [] : opening,
		products: created,
		vendors: vendorResult.saved,
		locations: departments ? departments.created + departments.linked : 0,
		documents,
	};
}
