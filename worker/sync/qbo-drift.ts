/**
 * The drift report (docs/qbo.md#drift-report): QuickBooks' `QtyOnHand` of every inventory item
 * against what it must be (worker/sync/qbo-drift-expected.ts), why it differs when that can be told
 * (worker/sync/qbo-drift-reasons.ts), and the repairs: push our quantity as an InventoryAdjustment,
 * or read the documents concerned again. Run by the company's sync object, whose QBO client keeps
 * to the rate limit; the report, its progress and its repairs are kept in D1 (`qbo_drift_reports`).
 */
import { eq, sql } from "drizzle-orm";
import type { Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { type DriftItemRecord, type DriftNotesRecord, type DriftRepairRecord, qboDriftReports } from "../db/schema";
import type { InboundEvent } from "../qbo/inbound-event";
import type { QboApi } from "../qbo/qbo-api";
import { qboDecimalToScaled } from "../qbo/qbo-decimal";
import { getSettings } from "../settings/company-settings";
import { readProductStockState } from "../stock/product-stock-client";
import { type ExpectedQuantity, expectedQuantities } from "./qbo-drift-expected";
import { findDriftReasons, type WaitingPush } from "./qbo-drift-reasons";
import type { StockPush } from "./stock-push";

/** Items listed in a report at most; `differing` still counts them all. */
const MAX_ITEMS_LISTED = 500;

export type DriftReport = typeof qboDriftReports.$inferSelect;

/** What the sync object knows when the check runs. */
export type DriftRun = {
	env: Env;
	db: Database;
	companyId: string;
	reportId: string;
	api: QboApi;
	connectedAt: number;
	waitingPushes: readonly WaitingPush[];
	pendingEvents: number;
};

/** Σ of the pushes waiting, per QuickBooks item. */
function pendingByItem(pushes: readonly WaitingPush[]): Map<string, Scaled> {
	const pending = new Map<string, Scaled>();
	for (const push of pushes) pending.set(push.qboItemId, (pending.get(push.qboItemId) ?? 0) + push.qtyDiff);
	return pending;
}

/** QuickBooks' quantity of each item, and whether it is active: the active ones in pages, the others by id. */
async function quantitiesAtQbo(api: QboApi, ours: readonly ExpectedQuantity[]) {
	const items = new Map<string, { qty: Scaled; active: boolean }>();
	for (const item of await api.queryAll("Item", "WHERE Type = 'Inventory'"))
		items.set(String(item.Id), { qty: qboDecimalToScaled(Number(item.QtyOnHand ?? 0)).scaled, active: true });
	const missing = ours.map((o) => o.qboItemId).filter((id) => !items.has(id));
	// Inactive (merged away, or made inactive) items are left out of queries, not of reads.
	if (missing.length > 0)
		for (const item of await api.readByIds("Item", missing))
			items.set(String(item.Id), {
				qty: qboDecimalToScaled(Number(item.QtyOnHand ?? 0)).scaled,
				active: item.Active !== false,
			});
	return items;
}

async function setProgress(db: Database, reportId: string, progress: Partial<DriftReport>) {
	await db.update(qboDriftReports).set(progress).where(eq(qboDriftReports.id, reportId));
}

/** Runs the check of report `reportId` and stores its result. Throws what QBO throws (the caller retries). */
export async function runDriftCheck(run: DriftRun): Promise<void> {
	const { db, companyId, reportId, api } = run;
	const settings = await getSettings(db, companyId);
	const notes: DriftNotesRecord = {
		qboTracksInventory: settings.stockSyncAvailable,
		stockSyncToQbo: settings.stockSyncToQbo,
		pendingEvents: run.pendingEvents,
		documentsNotChecked: 0,
	};
	await setProgress(db, reportId, { status: "running", phase: "reading_quantities", startedAt: Date.now(), notes });
	if (!settings.stockSyncAvailable) {
		// QuickBooks keeps no quantities in this company: there is nothing to compare.
		await setProgress(db, reportId, { status: "done", phase: "done", finishedAt: Date.now(), notes });
		return;
	}
	const ours = await expectedQuantities(db, companyId, pendingByItem(run.waitingPushes));
	await setProgress(db, reportId, { total: ours.length });
	const theirs = await quantitiesAtQbo(api, ours);
	await setProgress(db, reportId, { phase: "comparing", checked: ours.length });

	const candidates = ours.filter((o) => (theirs.get(o.qboItemId)?.qty ?? 0) !== o.expected);
	const differing: (ExpectedQuantity & { qbo: Scaled; inactive: boolean })[] = [];
	for (const [i, o] of candidates.entries()) {
		const at = theirs.get(o.qboItemId);
		if (i >= MAX_ITEMS_LISTED) {
			// Beyond what is listed, D1's figure is counted as it is.
			differing.push({ ...o, qbo: at?.qty ?? 0, inactive: at?.active !== true });
			continue;
		}
		// D1 takes sync traffic's movements in batches: the product object says what is on hand now.
		const state = await readProductStockState(run.env, { companyId, productId: o.productId });
		const onHand = state.levels.reduce((sum, level) => sum + level.onHand, 0);
		const now = { ...o, onHand, expected: o.expected - o.onHand + onHand };
		const qbo = at?.qty ?? 0;
		if (qbo !== now.expected) differing.push({ ...now, qbo, inactive: at?.active !== true });
	}
	const listed = differing.slice(0, MAX_ITEMS_LISTED);
	await setProgress(db, reportId, { phase: "finding_reasons", differing: differing.length });
	const found = await findDriftReasons(
		{
			db,
			companyId,
			api,
			since: run.connectedAt,
			stockSyncToQbo: settings.stockSyncToQbo,
			waitingPushes: run.waitingPushes,
		},
		listed,
	);
	const items: DriftItemRecord[] = listed.map((d) => ({
		productId: d.productId,
		qboItemId: d.qboItemId,
		sku: d.sku,
		name: d.name,
		qbo: d.qbo,
		expected: d.expected,
		onHand: d.onHand,
		ordersCorrection: d.ordersCorrection,
		pendingPushes: d.pendingPushes,
		reasons: [...(found.reasons.get(d.qboItemId) ?? []), ...(d.inactive ? [{ code: "inactive_in_qbo" as const }] : [])],
	}));
	await setProgress(db, reportId, {
		status: "done",
		phase: "done",
		items,
		notes: { ...notes, documentsNotChecked: found.documentsNotChecked },
		finishedAt: Date.now(),
	});
}

/** A finished report whose check could not be completed (QuickBooks refused it for good). */
export async function failDriftCheck(db: Database, reportId: string, error: string): Promise<void> {
	await setProgress(db, reportId, { status: "failed", phase: "done", error, finishedAt: Date.now() });
}

export type DriftRepairRequest = {
	report: DriftReport;
	action: "push" | "reread";
	qboItemIds: readonly string[];
	realmId: string;
	by: string | null;
};

/**
 * What a repair queues: pushes bringing each chosen item to its expected quantity, computed now
 * (QuickBooks' quantity read again, so that a change since the report is not pushed over), or
 * events reading the documents the report named for them again. Keys are the report's and the
 * item's or document's: the same repair queued twice is one push or one read.
 */
export async function driftRepair(
	db: Database,
	api: QboApi,
	request: DriftRepairRequest,
	waitingPushes: readonly WaitingPush[],
): Promise<{ pushes: StockPush[]; events: InboundEvent[] }> {
	const { report, qboItemIds } = request;
	if (request.action === "push") {
		const ours = await expectedQuantities(db, report.companyId, pendingByItem(waitingPushes), qboItemIds);
		const theirs = await quantitiesAtQbo(api, ours);
		const pushes = ours.flatMap((o) => {
			// What is still waiting to be pushed will land by itself: only the rest is pushed.
			const qtyDiff = o.expected - o.pendingPushes - (theirs.get(o.qboItemId)?.qty ?? 0);
			// QBO takes request ids of at most 50 characters: a ULID and an item id fit.
			return qtyDiff === 0 ? [] : [{ key: `drift-${report.id}-${o.qboItemId}`, qboItemId: o.qboItemId, qtyDiff }];
		});
		return { pushes, events: [] };
	}
	const chosen = new Set(qboItemIds);
	const documents = new Map<string, { entity: string; qboId: string }>();
	for (const item of report.items)
		if (chosen.has(item.qboItemId))
			for (const reason of item.reasons)
				for (const doc of reason.documents ?? []) documents.set(`${doc.entity}:${doc.qboId}`, doc);
	const occurredAt = new Date().toISOString();
	const events = [...documents.values()].map((doc) => ({
		key: `drift:${report.id}:${doc.entity}:${doc.qboId}`,
		realmId: request.realmId,
		entity: doc.entity,
		entityId: doc.qboId,
		operation: "update" as const,
		occurredAt,
	}));
	return { pushes: [], events };
}

/** Adds a repair to the report's list, in one statement (two repairs at once both stay). */
export async function recordDriftRepair(db: Database, reportId: string, repair: DriftRepairRecord): Promise<void> {
	await db
		.update(qboDriftReports)
		.set({ repairs: sql`json_insert(${qboDriftReports.repairs}, '$[#]', json(${JSON.stringify(repair)}))` })
		.where(eq(qboDriftReports.id, reportId));
}
