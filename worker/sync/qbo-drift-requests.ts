/**
 * Drift checks asked for — by a user (`POST /api/v1/qbo-drift`) or by the cron once a day — and
 * their repairs, handed to the company's sync object, which runs them (worker/sync/qbo-drift.ts).
 */
import { and, desc, eq, max } from "drizzle-orm";
import { ulid } from "ulid";
import { AppError } from "../core/app-error";
import { type Database, database } from "../db/client";
import { qboDriftReports } from "../db/schema";
import { connectedRealms, loadConnection } from "../qbo/qbo-connection";
import { repairDrift, startDriftCheck } from "./company-sync-client";
import type { DriftReport } from "./qbo-drift";

/** A check asked for while one is still unfinished answers that one, unless it is older than this. */
const UNFINISHED_FOR_MS = 60 * 60_000;
/** The cron starts a company's check when its last one is older than this. */
const DAILY_MS = 24 * 60 * 60_000;

async function connectedRealm(env: Env, db: Database, companyId: string): Promise<string> {
	const connection = await loadConnection(env, db, companyId);
	if (connection?.status !== "connected")
		throw new AppError("conflict", "This company is not connected to QuickBooks: there is nothing to compare.");
	return connection.realmId;
}

/**
 * Starts a check of the company's quantities in QuickBooks, or answers the one still under way;
 * `fresh` says which.
 */
export async function requestDriftCheck(
	env: Env,
	companyId: string,
	asked: { trigger: "manual" | "schedule"; by: string | null },
): Promise<{ report: DriftReport; fresh: boolean }> {
	const db = database(env.DB);
	const realmId = await connectedRealm(env, db, companyId);
	const latest = await latestDriftReport(db, companyId);
	if (latest && (latest.status === "queued" || latest.status === "running"))
		if (Date.now() - latest.createdAt < UNFINISHED_FOR_MS) return { report: latest, fresh: false };
	const [report] = await db
		.insert(qboDriftReports)
		.values({
			id: ulid(),
			companyId,
			trigger: asked.trigger,
			requestedBy: asked.by,
			status: "queued",
			phase: "queued",
			items: [],
			repairs: [],
		})
		.returning();
	if (!report) throw new Error("the drift report was not stored");
	await startDriftCheck(env, realmId, report.id);
	return { report, fresh: true };
}

export async function latestDriftReport(db: Database, companyId: string): Promise<DriftReport | null> {
	const [row] = await db
		.select()
		.from(qboDriftReports)
		.where(eq(qboDriftReports.companyId, companyId))
		.orderBy(desc(qboDriftReports.createdAt), desc(qboDriftReports.id))
		.limit(1);
	return row ?? null;
}

export async function driftReport(db: Database, companyId: string, id: string): Promise<DriftReport> {
	const [row] = await db
		.select()
		.from(qboDriftReports)
		.where(and(eq(qboDriftReports.companyId, companyId), eq(qboDriftReports.id, id)));
	if (!row) throw new AppError("not_found", "No such drift report.");
	return row;
}

/**
 * Repairs items of a finished report: each must be one the report lists. Answers what was queued
 * (nothing the second time: pushes and reads are keyed by the report).
 */
export async function repairDriftItems(
	env: Env,
	companyId: string,
	request: { reportId: string; action: "push" | "reread"; qboItemIds: string[]; by: string | null },
): Promise<{ pushes: number; events: number }> {
	const db = database(env.DB);
	const report = await driftReport(db, companyId, request.reportId);
	if (report.status !== "done")
		throw new AppError("conflict", "This drift report is not finished: repair from a finished one.");
	const listed = new Set(report.items.map((i) => i.qboItemId));
	const unknown = request.qboItemIds.filter((id) => !listed.has(id));
	if (unknown.length > 0)
		throw new AppError("validation_failed", "Repair only items the report lists.", [
			{ in: "body", field: "qboItemIds", message: `not in this report: ${unknown.join(", ")}` },
		]);
	const realmId = await connectedRealm(env, db, companyId);
	return repairDrift(env, realmId, report, request.action, [...new Set(request.qboItemIds)], request.by);
}

/** The cron's part: a check for every connected company whose last one is a day old or more. */
export async function scheduleDailyDriftChecks(env: Env): Promise<void> {
	const db = database(env.DB);
	const realms = await connectedRealms(db);
	if (realms.length === 0) return;
	const last = new Map<string, number>();
	for (const row of await db
		.select({ companyId: qboDriftReports.companyId, at: max(qboDriftReports.createdAt) })
		.from(qboDriftReports)
		.groupBy(qboDriftReports.companyId))
		last.set(row.companyId, row.at ?? 0);
	const due = realms.filter((r) => Date.now() - (last.get(r.companyId) ?? 0) >= DAILY_MS);
	const results = await Promise.allSettled(
		due.map((r) => requestDriftCheck(env, r.companyId, { trigger: "schedule", by: null })),
	);
	for (const [i, result] of results.entries())
		if (result.status === "rejected") console.error(`drift check of ${due[i]?.companyId} failed`, result.reason);
}
