/**
 * How the rest of the Worker reaches a company's sync object: routes and services call these
 * functions and never see a stub.
 */
import type { InboundEvent } from "../qbo/inbound-event";
import type { CatchUpResult, ResyncResult, SyncProgress } from "./company-sync";
import type { ReceiveResult } from "./event-inbox";
import type { DriftReport } from "./qbo-drift";

function stubOf(env: Env, realmId: string) {
	return env.COMPANY_SYNC.get(env.COMPANY_SYNC.idFromName(realmId));
}

/**
 * Whether a failed object call may be tried again: the runtime marks transient failures
 * `retryable`, but an `overloaded` object must not be pressed further.
 */
function isRetryable(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const flags = error as Error & { retryable?: unknown; overloaded?: unknown };
	return flags.retryable === true && flags.overloaded !== true;
}

/**
 * Hands one realm's events to its company object; resolves once they are durable there. Safe to
 * repeat (the inbox dedupes), so a transient failure is retried once, with a fresh stub.
 */
export async function deliverToCompany(env: Env, realmId: string, events: InboundEvent[]): Promise<ReceiveResult> {
	try {
		return await stubOf(env, realmId).receive(events);
	} catch (error) {
		if (!isRetryable(error)) throw error;
		return await stubOf(env, realmId).receive(events);
	}
}

/**
 * Hands a delivery's events to each realm's object, in parallel. Every realm gets its chance
 * before a failure is reported, so that Intuit's retry of the whole delivery finds the others
 * already queued (and counts them as duplicates).
 *
 * @example
 * const { accepted, duplicates } = await deliverInboundEvents(env, parsed.events);
 */
export async function deliverInboundEvents(env: Env, events: InboundEvent[]): Promise<ReceiveResult> {
	const byRealm = Map.groupBy(events, (event) => event.realmId);
	const settled = await Promise.allSettled(
		[...byRealm].map(([realmId, realmEvents]) => deliverToCompany(env, realmId, realmEvents)),
	);
	const total: ReceiveResult = { accepted: 0, duplicates: 0 };
	for (const outcome of settled) {
		if (outcome.status === "rejected") throw outcome.reason;
		total.accepted += outcome.value.accepted;
		total.duplicates += outcome.value.duplicates;
	}
	return total;
}

/** Runs a realm's CDC catch-up now (the cron does it every few minutes). */
export function catchUpCompany(env: Env, realmId: string): Promise<CatchUpResult> {
	return stubOf(env, realmId).catchUp(realmId);
}

/** What the realm's sync object still has to do. */
export function syncProgress(env: Env, realmId: string): Promise<SyncProgress> {
	return stubOf(env, realmId).progress();
}

/** Starts a resync from or to QBO; the realm's sync object carries it out. */
export function resyncCompany(env: Env, realmId: string, direction: "from_qbo" | "to_qbo"): Promise<ResyncResult> {
	return stubOf(env, realmId).resync(realmId, direction);
}

/** Starts the import of a newly connected company's catalogue and documents, in its sync object. */
export function startImport(env: Env, realmId: string): Promise<void> {
	return stubOf(env, realmId).startImport(realmId);
}

/** Queues the drift check of report `reportId` in the realm's sync object. */
export function startDriftCheck(env: Env, realmId: string, reportId: string): Promise<void> {
	return stubOf(env, realmId).startDriftCheck(realmId, reportId);
}

/** Queues a drift report's repair in the realm's sync object (worker/sync/qbo-drift.ts). */
export function repairDrift(
	env: Env,
	realmId: string,
	report: DriftReport,
	action: "push" | "reread",
	qboItemIds: string[],
	by: string | null,
): Promise<{ pushes: number; events: number }> {
	return stubOf(env, realmId).repairDrift(realmId, report, action, qboItemIds, by);
}
