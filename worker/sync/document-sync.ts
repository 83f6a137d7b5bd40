/**
 * Applies one QBO document to stock: reads what we hold of it (its stored lines), the catalogue,
 * the settings and its location, asks the pure mapper for the commands, applies them through the
 * product objects, then records the document. Commands first, record second: after a crash in
 * between, the same document maps again against the old record and nothing is lost.
 *
 * Invoices, sales receipts and estimates are not applied here: they feed their order
 * (sales/order-sync.ts), whose change is written with the record and then applied.
 *
 * A document whose stock would pass the bounds (±1e9, stock/quantity-bounds.ts) is checked against
 * D1's levels first and refused whole, its record not written: `refused`, which the sync log shows
 * dead at once with a sentence — the same version would be refused at every retry.
 */
import { and, eq, inArray } from "drizzle-orm";
import { getDefaultLocation } from "../catalogue/locations";
import type { AppError } from "../core/app-error";
import { MAX_QUANTITY } from "../core/quantity";
import { database } from "../db/client";
import {
	kitComponents,
	locations,
	type OrderDocumentRecord,
	products,
	qboConnections,
	qboDocuments,
} from "../db/schema";
import { ownBillReceipt } from "../purchasing/bill-echo";
import { type CatalogueItem, documentChanges, documentEffects } from "../qbo/document-effects";
import { isDeletedStub, parseQboDocument, type QboDocumentRead, type QboDocumentType } from "../qbo/document-entities";
import { DOCUMENT_NOUNS } from "../qbo/document-nouns";
import { stockLinesOf } from "../qbo/stock-lines";
import { unreadableDocumentSentence } from "../qbo/unreadable-document";
import {
	documentCreatedAt,
	isOrderDocumentType,
	kitItemIdsOf,
	linkedEstimateOf,
	orderDocumentOf,
	orderHeaderOf,
} from "../sales/order-documents";
import { syncOrderDocument } from "../sales/order-sync";
import { getSettings, type Settings } from "../settings/company-settings";
import { assertChangesWithinBounds } from "../stock/bounds-precheck";
import { enqueueStockCommand, isQuantityRefusal } from "../stock/product-stock-client";
import { productsByQboId } from "./catalogue-sync";

export type DocumentSyncOutcome =
	| { status: "applied"; unknownItems: string[] }
	/** Not newer than what was applied (an older SyncToken, anything after a delete): `reason` is for the sync log. */
	| { status: "stale"; reason: string }
	/** Deliberately not applied: `reason` is for the sync log. */
	| { status: "ignored"; reason: string }
	| { status: "invalid"; error: string }
	/**
	 * Refused for good: its stock would pass the bounds Stockroom holds quantities to. `error` is for
	 * the sync log; sending it again changes nothing, so it is not retried (its next version is mapped
	 * as usual).
	 */
	| { status: "refused"; error: string }
	| { status: "no_location" }
	/**
	 * Not applied: the document names a department no location stands for yet (made in QBO moments
	 * before it). Only when the caller asked (`unknownDepartment: "report"`), so that it can read the
	 * department first; otherwise such a document is applied at the default location.
	 */
	| { status: "unknown_department"; departmentId: string };

export type DocumentSyncOptions = {
	/** A department not known here: "report" it (nothing applied), or apply at the "default" location (the default). */
	unknownDepartment?: "report" | "default";
};

export async function syncDocument(
	env: Env,
	companyId: string,
	entityType: QboDocumentType,
	json: unknown,
	options: DocumentSyncOptions = {},
): Promise<DocumentSyncOutcome> {
	const db = database(env.DB);
	const parsed = parseQboDocument(entityType, json);
	if (!parsed.success) {
		// zod's issues are for operators (`wrangler tail`); the sync log gets a sentence.
		const id = String((json as { Id?: unknown } | null)?.Id ?? "?").slice(0, 64);
		console.warn(`qbo sync: ${entityType} ${id} of company ${companyId} does not read: ${parsed.error.message}`);
		return { status: "invalid", error: unreadableDocumentSentence(entityType, json, parsed.error) };
	}
	const { document } = parsed.data;
	// A bill Stockroom created for a receipt: its goods are the receipt's, counted once (purchasing/bill-echo.ts).
	const receipt = entityType === "Bill" ? await ownBillReceipt(env, companyId, document) : null;
	if (receipt) return { status: "ignored", reason: `our own bill for ${receipt.number}` };
	const stored = await db.query.qboDocuments.findFirst({
		where: and(
			eq(qboDocuments.companyId, companyId),
			eq(qboDocuments.entityType, entityType),
			eq(qboDocuments.qboId, document.Id),
		),
	});

	const deleted = isDeletedStub(document);
	// Sales documents also name their bundles: an order line remembers the kits of its components.
	const itemIds = deleted
		? []
		: [
				...stockLinesOf(document).map((l) => l.qboItemId),
				...(isOrderDocumentType(entityType) ? kitItemIdsOf(document) : []),
			];
	const departmentId = deleted ? null : (document.DepartmentRef?.value ?? null);
	// A department made in QBO moments before the document: the caller reads it first, if it asked.
	if (
		departmentId &&
		options.unknownDepartment === "report" &&
		!(await departmentLocation(db, companyId, departmentId))
	)
		return { status: "unknown_department", departmentId };
	// A deleted stub names no department: the document is undone where it was.
	const location = await documentLocation(db, companyId, departmentId, deleted ? (stored?.locationId ?? null) : null);
	if (!location) return { status: "no_location" };

	const settings = await getSettings(db, companyId);
	const items = await catalogueItems(db, companyId, itemIds);
	const effects = documentEffects({
		...parsed.data,
		settings,
		items,
		locationId: location,
		previous: stored ? { syncToken: stored.syncToken, status: stored.status, lines: stored.lines } : null,
	});
	if (effects.outcome === "stale") return { status: "stale", reason: staleSentence(entityType, document, stored) };

	// Invoices, sales receipts and estimates feed an order, which owns their stock effect.
	const ordered = isOrderDocumentType(entityType);
	const name = `${DOCUMENT_NOUNS[entityType]} ${(deleted ? null : document.DocNumber) ?? stored?.docNumber ?? document.Id}`;
	if (!ordered)
		try {
			const changes = documentChanges(
				{ ...parsed.data, settings, items, locationId: location, previous: stored ?? null },
				stored?.locationId ?? null,
				effects.commands,
			);
			// Nothing is sent when a product would pass the bounds, as D1 shows the levels.
			await assertChangesWithinBounds(
				db,
				companyId,
				changes.map((c) => ({ ...c, field: "Line" })),
			);
			for (const { productId, command } of effects.commands)
				await enqueueStockCommand(env, { companyId, productId }, command);
		} catch (error) {
			// Commands first, record second: the record is not written, so a retry maps from the old one.
			if (isQuantityRefusal(error)) return { status: "refused", error: refusedSentence(name, error) };
			throw error;
		}

	const record = effects.record;
	const row = {
		companyId,
		entityType,
		qboId: record.qboId,
		syncToken: record.syncToken,
		status: record.status,
		docNumber: record.status === "deleted" ? (stored?.docNumber ?? null) : record.docNumber,
		locationId: record.status === "deleted" ? (stored?.locationId ?? null) : record.locationId,
		lines: record.lines,
		linked: record.status === "deleted" ? (stored?.linked ?? null) : record.linked,
		updatedAt: Date.now(),
	};
	const saveRecord = db
		.insert(qboDocuments)
		.values(row)
		.onConflictDoUpdate({ target: [qboDocuments.companyId, qboDocuments.entityType, qboDocuments.qboId], set: row });
	if (!ordered) {
		await saveRecord;
		return { status: "applied", unknownItems: effects.unknownItems };
	}
	const { unknownItems, ...part } = orderDocumentOf(parsed.data, items, location);
	try {
		await syncOrderDocument(env, {
			companyId,
			part,
			header: deleted ? null : orderHeaderOf(document),
			linkedEstimate: linkedEstimateOf(parsed.data),
			settings: await orderSettingsOf(db, companyId, settings, part.type, document),
			record: saveRecord,
			firstVersion: record.syncToken + 2,
		});
	} catch (error) {
		if (!isQuantityRefusal(error)) throw error;
		// Refused before the order was written (D1's levels), nothing was; refused by a product object
		// after, the order's version is marked refused and the document's record goes back to what it
		// was, so that a retry maps this version again rather than finding it applied.
		await restoreRecord(db, { companyId, entityType, qboId: record.qboId }, stored);
		return { status: "refused", error: refusedSentence(name, error) };
	}
	return { status: "applied", unknownItems };
}

/**
 * The settings a document's order is made with. An invoice or sales receipt saved in QBO before the
 * connection (its `MetaData.CreateTime` before `connectedAt`) was shipped before Stockroom knew of
 * it, and QBO's quantity — the opening stock — already excludes its goods: its order ships on
 * invoice (delivered, reserving nothing) whatever the mode, or its goods would be reserved where
 * they no longer are. The mode only matters to a new order; an estimate keeps the company's mode
 * (QBO's quantity never counted it).
 */
async function orderSettingsOf(
	db: ReturnType<typeof database>,
	companyId: string,
	settings: Settings,
	type: OrderDocumentRecord["type"],
	document: unknown,
): Promise<Settings> {
	if (settings.orderMode !== "reserve_until_delivery" || type === "estimate") return settings;
	const created = documentCreatedAt(document);
	if (created === null) return settings;
	const [connection] = await db
		.select({ connectedAt: qboConnections.connectedAt })
		.from(qboConnections)
		.where(eq(qboConnections.companyId, companyId));
	const connectedAt = connection?.connectedAt ?? null;
	// QBO writes the time to the second: only a document whose whole second is over counts as before.
	const before = connectedAt !== null && created + 1000 <= connectedAt;
	return before ? { ...settings, orderMode: "ship_on_invoice" } : settings;
}

/**
 * The sync log's sentence for a document whose stock would pass the bounds.
 *
 * @example "Stockroom did not apply invoice 1001: a quantity would pass ±1000000000 (PUMP: the level's on hand at location … would be -1200000000, beyond ±1000000000 or not exact). Correct it in QuickBooks: its next change syncs again."
 */
function refusedSentence(name: string, error: AppError): string {
	const why = error.errors?.length ? error.errors.map((e) => e.message).join("; ") : error.detail;
	return `Stockroom did not apply ${name}: a quantity would pass ±${MAX_QUANTITY} (${why}). Correct it in QuickBooks: its next change syncs again.`;
}

/** Puts a document's `qbo_documents` row back as it was (`stored`), or removes it when there was none. */
async function restoreRecord(
	db: ReturnType<typeof database>,
	key: { companyId: string; entityType: QboDocumentType; qboId: string },
	stored: typeof qboDocuments.$inferSelect | undefined,
) {
	const where = and(
		eq(qboDocuments.companyId, key.companyId),
		eq(qboDocuments.entityType, key.entityType),
		eq(qboDocuments.qboId, key.qboId),
	);
	if (stored) await db.update(qboDocuments).set(stored).where(where);
	else await db.delete(qboDocuments).where(where);
}

/**
 * Why a document that is not newer than the one applied changes nothing, in a sentence: said in the
 * sync log rather than passed over, because a QuickBooks that reused an Id (a sandbox reset on one
 * side only) looks exactly like this.
 *
 * @example "QuickBooks sent invoice 1001 at version 0, older than the version 3 Stockroom already applied: nothing to change."
 */
function staleSentence(
	entityType: QboDocumentType,
	document: QboDocumentRead["document"],
	stored: { syncToken: number; status: string; docNumber: string | null } | undefined,
): string {
	const version = isDeletedStub(document) ? null : document.SyncToken;
	const number = (isDeletedStub(document) ? null : document.DocNumber) ?? stored?.docNumber ?? document.Id;
	const name = `${DOCUMENT_NOUNS[entityType]} ${number}`;
	if (stored?.status !== "deleted")
		return `QuickBooks sent ${name} at version ${version}, older than the version ${stored?.syncToken} Stockroom already applied: nothing to change.`;
	if (version === null)
		return `QuickBooks sent the deletion of ${name} again; Stockroom already applied it: nothing to change.`;
	return `QuickBooks sent ${name} at version ${version}, but Stockroom already applied its deletion, which is final: nothing to change.`;
}

/**
 * The location of a document: its department's location, else the default (QBO leaves the
 * department empty to mean "no location"); a deleted document: where it was.
 */
async function documentLocation(
	db: ReturnType<typeof database>,
	companyId: string,
	departmentId: string | null,
	storedLocationId: string | null,
): Promise<string | null> {
	if (departmentId) {
		const byDepartment = await departmentLocation(db, companyId, departmentId);
		if (byDepartment) return byDepartment;
	}
	if (storedLocationId) return storedLocationId;
	return (await getDefaultLocation(db, companyId))?.id ?? null;
}

/** The location a QBO department stands for, if one does. */
async function departmentLocation(
	db: ReturnType<typeof database>,
	companyId: string,
	departmentId: string,
): Promise<string | null> {
	const location = await db.query.locations.findFirst({
		where: and(eq(locations.companyId, companyId), eq(locations.qboDepartmentId, departmentId)),
	});
	return location?.id ?? null;
}

/** What the mapper needs to know of the items a document names (kits with their components). */
async function catalogueItems(db: ReturnType<typeof database>, companyId: string, qboItemIds: string[]) {
	const items = new Map<string, CatalogueItem>();
	const known = await productsByQboId(db, companyId, [...new Set(qboItemIds)]);
	const kits = [...known.values()].filter((p) => p.type === "kit");
	const components =
		kits.length === 0
			? []
			: await db
					.select({ kit: kitComponents.kitProductId, quantity: kitComponents.quantity, product: products })
					.from(kitComponents)
					.innerJoin(products, eq(products.id, kitComponents.componentProductId))
					.where(
						and(
							eq(kitComponents.companyId, companyId),
							inArray(
								kitComponents.kitProductId,
								kits.map((k) => k.id),
							),
						),
					);
	for (const [qboId, product] of known) {
		if (product.type === "kit")
			items.set(qboId, {
				productId: product.id,
				type: "kit",
				components: components
					.filter((c) => c.kit === product.id)
					.map((c) => ({ productId: c.product.id, type: c.product.type, quantity: c.quantity })),
			});
		else items.set(qboId, { productId: product.id, type: product.type });
	}
	return items;
}
