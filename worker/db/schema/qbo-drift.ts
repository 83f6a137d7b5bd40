/**
 * The drift reports: each check of QuickBooks' quantities against what Stockroom expects them to be
 * (worker/sync/qbo-drift.ts), kept with its progress, its result and the repairs made from it.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { createdAt } from "./columns";
import { companyColumn } from "./companies";

/** Why an item's quantity in QuickBooks differs, when the check can tell. */
export type DriftReasonRecord = {
	code:
		| "stock_sync_off"
		| "push_failed"
		| "push_waiting"
		| "document_unseen"
		| "document_refused"
		| "document_deleted_unseen"
		| "adjustment_unseen"
		| "merged"
		| "inactive_in_qbo";
	/** The QuickBooks documents concerned (re-read by the repair), when there are some. */
	documents?: { entity: string; qboId: string; docNumber: string | null }[];
	/** The quantity concerned (a failed or waiting push), scaled. */
	quantity?: number;
};

/** One item whose quantity in QuickBooks is not the one expected (scaled quantities). */
export type DriftItemRecord = {
	productId: string;
	qboItemId: string;
	sku: string;
	name: string;
	/** QuickBooks' QtyOnHand when checked. */
	qbo: number;
	/** What it must be once our waiting pushes land: our total on hand, corrected for what QuickBooks counts otherwise. */
	expected: number;
	onHand: number;
	/** Σ over orders of what we took out minus what QuickBooks' documents took out. */
	ordersCorrection: number;
	pendingPushes: number;
	reasons: DriftReasonRecord[];
};

/** Facts about the whole company that explain or limit a report. */
export type DriftNotesRecord = {
	/** QuickBooks does not track quantities (not Plus or Advanced): nothing can be compared. */
	qboTracksInventory: boolean;
	stockSyncToQbo: boolean;
	/** QuickBooks changes received and not applied yet when the check ran. */
	pendingEvents: number;
	/** More documents than the check reads to look for deletes: some were not checked. */
	documentsNotChecked: number;
};

export type DriftRepairRecord = {
	action: "push" | "reread";
	qboItemIds: string[];
	pushes: number;
	events: number;
	by: string | null;
	at: number;
};

export const qboDriftReports = sqliteTable(
	"qbo_drift_reports",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		trigger: text("trigger", { enum: ["manual", "schedule"] }).notNull(),
		requestedBy: text("requested_by"),
		status: text("status", { enum: ["queued", "running", "done", "failed"] }).notNull(),
		phase: text("phase", { enum: ["queued", "reading_quantities", "comparing", "finding_reasons", "done"] }).notNull(),
		/** Items compared so far, and of how many (inventory items with a QuickBooks id). */
		checked: integer("checked").notNull().default(0),
		total: integer("total").notNull().default(0),
		differing: integer("differing").notNull().default(0),
		items: text("items", { mode: "json" }).notNull().$type<DriftItemRecord[]>(),
		notes: text("notes", { mode: "json" }).$type<DriftNotesRecord>(),
		repairs: text("repairs", { mode: "json" }).notNull().$type<DriftRepairRecord[]>(),
		error: text("error"),
		createdAt: createdAt(),
		startedAt: integer("started_at", { mode: "number" }),
		finishedAt: integer("finished_at", { mode: "number" }),
	},
	(t) => [index("qbo_drift_reports_company_created").on(t.companyId, t.createdAt, t.id)],
);
