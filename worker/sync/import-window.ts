/**
 * The import's consistent window (docs/architecture.md#companysync): each item's opening stock is
 * QuickBooks' quantity, which must count exactly the document versions the import applied. Items
 * and documents are read at different moments, and a QuickBooks user may save a document in
 * between; read before the documents, the quantity would miss it while the document counts — lost;
 * read after, it would count a document the import never saw — counted twice when its webhook comes.
 *
 * So the quantities are read again after the documents, and then the documents moving QuickBooks'
 * quantity changed since the import began are compared, by SyncToken, with the ones applied (and
 * those deleted, which only CDC tells, with the ones held active): those not applied as they are
 * now are applied now and their items' quantities read again, until a round finds none. Each item's quantity then counts the very versions applied; a document saved
 * after that round is not in it, and its webhook applies it on top of the opening, as usual.
 */

import { and, eq, inArray } from "drizzle-orm";
import type { Scaled } from "../core/quantity";
import { type Database, database } from "../db/client";
import { products, qboDocuments } from "../db/schema";
import { chunk } from "../lib/chunk";
import { QUANTITY_DOCUMENT_TYPES } from "../qbo/document-entities";
import type { QboApi } from "../qbo/qbo-api";
import { qboDecimalToScaled } from "../qbo/qbo-decimal";
import { stockLinesOf } from "../qbo/stock-lines";
import { syncDocument } from "./document-sync";
import { isOwnAdjustment } from "./stock-push";
import { storedVersions } from "./stored-versions";

/** QuickBooks' clock and ours differ: documents changed this long before the import began are asked for too. */
const MARGIN_MS = 5 * 60_000;
/** Rounds at most; a company saving documents faster than the import reads them is settled as it stands. */
const MAX_ROUNDS = 5;

/** QuickBooks' quantity of every inventory item, consistent with the documents applied (scaled). */
export async function quantitiesAfterDocuments(
	env: Env,
	companyId: string,
	api: QboApi,
	importStartedAt: number,
): Promise<Map<string, Scaled>> {
	const quantities = new Map<string, Scaled>();
	const read = (items: Record<string, unknown>[]) => {
		for (const item of items)
			if (item.Type === "Inventory")
				quantities.set(String(item.Id), qboDecimalToScaled(Number(item.QtyOnHand ?? 0)).scaled);
	};
	read(await api.queryAll("Item", "WHERE Type = 'Inventory'"));
	const since = new Date(importStartedAt - MARGIN_MS).toISOString();
	// Versions this import handled and did not store (our own bill, a document refused): not again.
	const handled = new Set<string>();
	for (let round = 0; round < MAX_ROUNDS; round++) {
		const changed = await documentsNotApplied(env, companyId, api, since, handled);
		if (changed.length === 0) return quantities;
		const touched = new Set<string>();
		for (const { entity, json, items } of changed) {
			handled.add(`${entity}:${String(json.Id)}:${String(json.SyncToken ?? "deleted")}`);
			await syncDocument(env, companyId, entity, json);
			for (const item of items) touched.add(item);
		}
		if (touched.size > 0) read(await api.readByIds("Item", [...touched]));
	}
	console.warn(`import of company ${companyId}: documents kept changing; opening stock settled as read last`);
	return quantities;
}

/** The documents moving QuickBooks' quantity changed since `since` at a version not applied here. */
async function documentsNotApplied(
	env: Env,
	companyId: string,
	api: QboApi,
	since: string,
	handled: ReadonlySet<string>,
): Promise<ChangedDocument[]> {
	const db = database(env.DB);
	const found: ChangedDocument[] = [];
	for (const entity of QUANTITY_DOCUMENT_TYPES) {
		const docs = (await api.queryAll(entity, `WHERE Metadata.LastUpdatedTime >= '${since}'`)).filter(
			(json) =>
				!(entity === "InventoryAdjustment" && isOwnAdjustment(json)) &&
				!handled.has(`${entity}:${String(json.Id)}:${String(json.SyncToken)}`),
		);
		const applied = await storedVersions(
			db,
			companyId,
			entity,
			docs.map((d) => String(d.Id)),
		);
		for (const json of docs) {
			const at = applied.get(String(json.Id));
			if (at === undefined || at < Number(json.SyncToken)) found.push({ entity, json, items: itemsOf(json) });
		}
	}
	// Deleted since: queries no longer find them; CDC answers their stubs.
	const changes = await api.cdc([...QUANTITY_DOCUMENT_TYPES], new Date(since));
	for (const entity of QUANTITY_DOCUMENT_TYPES)
		for (const stub of changes[entity] ?? []) {
			if (stub.status !== "Deleted" || handled.has(`${entity}:${String(stub.Id)}:deleted`)) continue;
			const held = await heldActive(db, companyId, entity, String(stub.Id));
			if (held) found.push({ entity, json: stub, items: held });
		}
	return found;
}

type ChangedDocument = {
	entity: (typeof QUANTITY_DOCUMENT_TYPES)[number];
	json: Record<string, unknown>;
	/** The QuickBooks items whose quantity it moves (for a delete: as held here). */
	items: string[];
};

function itemsOf(json: Record<string, unknown>): string[] {
	return Array.isArray(json.Line) ? stockLinesOf({ Line: json.Line }).map((l) => l.qboItemId) : [];
}

/** The QuickBooks items of a document held here as active, or null when it is not. */
async function heldActive(db: Database, companyId: string, entity: string, qboId: string): Promise<string[] | null> {
	const [held] = await db
		.select({ lines: qboDocuments.lines })
		.from(qboDocuments)
		.where(
			and(
				eq(qboDocuments.companyId, companyId),
				eq(qboDocuments.entityType, entity),
				eq(qboDocuments.qboId, qboId),
				eq(qboDocuments.status, "active"),
			),
		);
	if (!held) return null;
	const items: string[] = [];
	for (const part of chunk(
		held.lines.map((l) => l.productId),
		90,
	)) {
		const rows = await db
			.select({ qboId: products.qboId })
			.from(products)
			.where(and(eq(products.companyId, companyId), inArray(products.id, part)));
		for (const row of rows) if (row.qboId) items.push(row.qboId);
	}
	return items;
}
