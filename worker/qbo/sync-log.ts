/** The sync log the user reads (`GET /api/v1/sync/log`): what sync did with each event. */
import { ulid } from "ulid";
import { type Database, runBatch } from "../db/client";
import { syncLog } from "../db/schema";
import { chunk } from "../lib/chunk";
import type { InboundEvent } from "./inbound-event";

export type LogStatus = (typeof syncLog.$inferInsert)["status"];

export type LogEntry = {
	source?: (typeof syncLog.$inferInsert)["source"];
	entity: string;
	entityId: string;
	operation: string;
	status: LogStatus;
	attempts: number;
	error?: string;
};

/** Where an inbox event came from, by its key: catch-up events carry a `cdc:` key (worker/sync/catch-up.ts). */
export function eventSource(key: string): "cdc" | "webhook" | "resync" {
	if (key.startsWith("cdc:")) return "cdc";
	// A resync's reads, a drift repair's (worker/sync/qbo-drift.ts) and a settings switch's
	// (worker/sync/estimate-remap.ts): documents read again on request.
	if (key.startsWith("resync:") || key.startsWith("drift:") || key.startsWith("remap:")) return "resync";
	return "webhook";
}

/** The log entry of what happened to a webhook or catch-up event. */
export function eventEntry(event: InboundEvent, status: LogStatus, attempts: number, error?: string): LogEntry {
	return {
		source: eventSource(event.key),
		entity: event.entity,
		entityId: event.entityId,
		operation: event.operation,
		status,
		attempts,
		error,
	};
}

/** Appends one row per event (a retried event gets a row per attempt, so its history shows). */
export async function appendSyncLog(db: Database, companyId: string, entries: LogEntry[]): Promise<void> {
	const at = Date.now();
	const rows = entries.map((e) => ({
		id: ulid(),
		companyId,
		source: e.source ?? ("webhook" as const),
		entity: e.entity,
		entityId: e.entityId,
		operation: e.operation,
		status: e.status,
		attempts: e.attempts,
		error: e.error ?? null,
		at,
	}));
	// 10 columns a row: 9 rows keep a statement under D1's 100 bound parameters.
	await runBatch(
		db,
		chunk(rows, 9).map((part) => db.insert(syncLog).values(part)),
	);
}
