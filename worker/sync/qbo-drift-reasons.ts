/**
 * Why an item's quantity in QuickBooks differs from the expected one, when the drift check can tell
 * (docs/qbo.md#drift-report). Only the items that differ are looked into, and each cause is looked
 * for where it leaves a trace:
 * - stock sync switched off: Stockroom-only changes were never pushed;
 * - pushes: one still waiting (in the sync object: the check runs after its queue), one that failed for good (the
 *   sync log's dead pushes, whose key is a movement id or `<run>-<run id>-<item>`);
 * - documents changed in QuickBooks since the connection that Stockroom has not applied at their
 *   version: refused (dead in the sync log), an InventoryAdjustment made there, or any other;
 * - documents Stockroom holds as active that QuickBooks no longer has (deleted behind our back);
 * - a merge into the item (the sync log's merge events), an item made inactive in QuickBooks.
 */
import { and, eq, gte, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import type { DriftReasonRecord } from "../db/schema";
import { products, purchaseReceipts, qboDocuments, stockMovements, syncLog } from "../db/schema";
import { chunk } from "../lib/chunk";
import { QUANTITY_DOCUMENT_TYPES } from "../qbo/document-entities";
import type { QboApi } from "../qbo/qbo-api";
import { stockLinesOf } from "../qbo/stock-lines";
import { isOwnAdjustment } from "./stock-push";
import { storedVersions } from "./stored-versions";

/** At most this many of our documents are asked for by id to find the deleted ones; the rest is said. */
const MAX_DOCUMENTS_CHECKED = 300;
/** Ids per `Id IN (…)` query. */
const IDS_PER_QUERY = 30;

export type DriftSubject = { productId: string; qboItemId: string };
export type WaitingPush = { qboItemId: string; qtyDiff: Scaled; attempts: number };

export type ReasonContext = {
	db: Database;
	companyId: string;
	api: QboApi;
	/** The connection's time: documents changed since are compared with ours. */
	since: number;
	stockSyncToQbo: boolean;
	waitingPushes: readonly WaitingPush[];
};

export type ReasonsFound = { reasons: Map<string, DriftReasonRecord[]>; documentsNotChecked: number };

type DocumentRef = { entity: string; qboId: string; docNumber: string | null };

/** The reasons found per QuickBooks item id of `subjects` (the items that differ). */
export async function findDriftReasons(ctx: ReasonContext, subjects: readonly DriftSubject[]): Promise<ReasonsFound> {
	const reasons = new Map<string, DriftReasonRecord[]>(subjects.map((s) => [s.qboItemId, []]));
	const add = (qboItemId: string, reason: DriftReasonRecord) => reasons.get(qboItemId)?.push(reason);
	const qboItemOf = new Map(subjects.map((s) => [s.productId, s.qboItemId]));

	if (!ctx.stockSyncToQbo) for (const s of subjects) add(s.qboItemId, { code: "stock_sync_off" });

	const waiting = new Map<string, Scaled>();
	for (const push of ctx.waitingPushes)
		if (reasons.has(push.qboItemId)) waiting.set(push.qboItemId, (waiting.get(push.qboItemId) ?? 0) + push.qtyDiff);
	for (const [qboItemId, quantity] of waiting) add(qboItemId, { code: "push_waiting", quantity });

	for (const [qboItemId, quantity] of await failedPushes(ctx, reasons))
		add(qboItemId, { code: "push_failed", quantity });
	for (const qboItemId of await mergedInto(ctx, reasons)) add(qboItemId, { code: "merged" });

	const seen = await unseenDocuments(ctx, reasons, add);
	const documentsNotChecked = await deletedDocuments(ctx, qboItemOf, seen, add);
	return { reasons, documentsNotChecked };
}

/** Pushes that failed for good since the connection, per item: the sync log names them by key. */
async function failedPushes(ctx: ReasonContext, items: ReadonlyMap<string, unknown>): Promise<Map<string, Scaled>> {
	const dead = await ctx.db
		.select({ key: syncLog.entityId })
		.from(syncLog)
		.where(
			and(
				eq(syncLog.companyId, ctx.companyId),
				eq(syncLog.source, "push"),
				eq(syncLog.status, "dead"),
				gte(syncLog.at, ctx.since),
			),
		);
	const failed = new Map<string, Scaled>();
	const movementKeys: string[] = [];
	for (const { key } of dead) {
		// A resync's or a drift repair's push names its item; any other is named by its movement.
		const named = /^(?:resync|drift)-[^-]+-(.+)$/.exec(key);
		if (!named) movementKeys.push(key);
		else if (named[1] && items.has(named[1])) failed.set(named[1], failed.get(named[1]) ?? 0);
	}
	for (const keys of chunk(movementKeys, 90)) {
		const moved = await ctx.db
			.select({ qboItemId: products.qboId, delta: stockMovements.onHandDelta })
			.from(stockMovements)
			.innerJoin(products, eq(products.id, stockMovements.productId))
			.where(and(eq(stockMovements.companyId, ctx.companyId), inArray(stockMovements.id, keys)));
		for (const { qboItemId, delta } of moved)
			if (qboItemId && items.has(qboItemId)) failed.set(qboItemId, (failed.get(qboItemId) ?? 0) + delta);
	}
	return failed;
}

/** The items another was merged into in QuickBooks, by the sync log's merge events. */
async function mergedInto(ctx: ReasonContext, items: ReadonlyMap<string, unknown>): Promise<string[]> {
	const ids = [...items.keys()];
	const merged = new Set<string>();
	for (const part of chunk(ids, 90)) {
		const rows = await ctx.db
			.selectDistinct({ id: syncLog.entityId })
			.from(syncLog)
			.where(
				and(
					eq(syncLog.companyId, ctx.companyId),
					eq(syncLog.entity, "Item"),
					eq(syncLog.operation, "merge"),
					inArray(syncLog.entityId, part),
				),
			);
		for (const { id } of rows) merged.add(id);
	}
	return [...merged];
}

/**
 * The documents QuickBooks changed since the connection that name an item that differs and that
 * Stockroom has not applied at their version; answers every document QuickBooks still has among
 * them (`Entity:Id`), so that they are not asked for again when looking for deletes.
 */
async function unseenDocuments(
	ctx: ReasonContext,
	items: ReadonlyMap<string, unknown>,
	add: (qboItemId: string, reason: DriftReasonRecord) => void,
): Promise<Set<string>> {
	const seen = new Set<string>();
	const since = new Date(ctx.since - 60_000).toISOString();
	const ownBills = new Set(
		(
			await ctx.db
				.select({ id: purchaseReceipts.qboBillId })
				.from(purchaseReceipts)
				.where(and(eq(purchaseReceipts.companyId, ctx.companyId), isNotNull(purchaseReceipts.qboBillId)))
		).map((r) => r.id),
	);
	const refused = await refusedDocuments(ctx);
	for (const entity of QUANTITY_DOCUMENT_TYPES) {
		const changed = await ctx.api.queryAll(entity, `WHERE Metadata.LastUpdatedTime >= '${since}'`);
		const naming = changed.flatMap((doc) => {
			const qboId = String(doc.Id ?? "");
			seen.add(`${entity}:${qboId}`);
			if (entity === "InventoryAdjustment" && isOwnAdjustment(doc)) return [];
			if (entity === "Bill" && ownBills.has(qboId)) return [];
			const lines = Array.isArray(doc.Line) ? stockLinesOf({ Line: doc.Line }) : [];
			const named = lines.map((l) => l.qboItemId).filter((id) => items.has(id));
			return named.length > 0 ? [{ doc, qboId, named }] : [];
		});
		const ours = await storedVersions(
			ctx.db,
			ctx.companyId,
			entity,
			naming.map((n) => n.qboId),
		);
		for (const { doc, qboId, named } of naming) {
			const stored = ours.get(qboId);
			if (stored !== undefined && stored >= Number(doc.SyncToken ?? 0)) continue;
			const code = refused.has(`${entity}:${qboId}`)
				? "document_refused"
				: entity === "InventoryAdjustment"
					? "adjustment_unseen"
					: "document_unseen";
			const ref: DocumentRef = { entity, qboId, docNumber: typeof doc.DocNumber === "string" ? doc.DocNumber : null };
			for (const qboItemId of named) add(qboItemId, { code, documents: [ref] });
		}
	}
	return seen;
}

/** Our documents still active that name an item that differs and that QuickBooks no longer has. */
async function deletedDocuments(
	ctx: ReasonContext,
	qboItemOf: ReadonlyMap<string, string>,
	seen: ReadonlySet<string>,
	add: (qboItemId: string, reason: DriftReasonRecord) => void,
): Promise<number> {
	const productIds = [...qboItemOf.keys()];
	const candidates: { entity: string; qboId: string; docNumber: string | null; lines: { productId: string }[] }[] = [];
	// D1 binds at most 100 parameters: the ids, the company, the status and the types.
	for (const part of chunk(productIds, 80)) {
		const rows = await ctx.db
			.select({
				entity: qboDocuments.entityType,
				qboId: qboDocuments.qboId,
				docNumber: qboDocuments.docNumber,
				lines: qboDocuments.lines,
			})
			.from(qboDocuments)
			.where(
				and(
					eq(qboDocuments.companyId, ctx.companyId),
					eq(qboDocuments.status, "active"),
					inArray(qboDocuments.entityType, [...QUANTITY_DOCUMENT_TYPES]),
					sql`EXISTS (SELECT 1 FROM json_each(${qboDocuments.lines}) WHERE json_extract(value, '$.productId') IN (${sql.join(
						part.map((id) => sql`${id}`),
						sql`, `,
					)}))`,
				),
			);
		for (const row of rows) if (!seen.has(`${row.entity}:${row.qboId}`)) candidates.push(row);
	}
	const unique = [...new Map(candidates.map((c) => [`${c.entity}:${c.qboId}`, c])).values()];
	const checked = unique.slice(0, MAX_DOCUMENTS_CHECKED);
	for (const [entity, docs] of Map.groupBy(checked, (c) => c.entity)) {
		for (const part of chunk(docs, IDS_PER_QUERY)) {
			const ids = part.map((d) => `'${d.qboId.replaceAll("'", "")}'`).join(", ");
			const found = new Set(
				(await ctx.api.query(entity, `SELECT * FROM ${entity} WHERE Id IN (${ids})`)).map((d) => String(d.Id)),
			);
			for (const doc of part) {
				if (found.has(doc.qboId)) continue;
				const ref: DocumentRef = { entity, qboId: doc.qboId, docNumber: doc.docNumber };
				const named = new Set(doc.lines.flatMap((l) => qboItemOf.get(l.productId) ?? []));
				for (const qboItemId of named) add(qboItemId, { code: "document_deleted_unseen", documents: [ref] });
			}
		}
	}
	return unique.length - checked.length;
}

/** Documents whose sync failed for good since the connection (`Entity:Id`). */
async function refusedDocuments(ctx: ReasonContext): Promise<Set<string>> {
	const rows = await ctx.db
		.selectDistinct({ entity: syncLog.entity, id: syncLog.entityId })
		.from(syncLog)
		.where(
			and(
				eq(syncLog.companyId, ctx.companyId),
				eq(syncLog.status, "dead"),
				ne(syncLog.source, "push"),
				inArray(syncLog.entity, [...QUANTITY_DOCUMENT_TYPES]),
				gte(syncLog.at, ctx.since),
			),
		);
	return new Set(rows.map((r) => `${r.entity}:${r.id}`));
}
