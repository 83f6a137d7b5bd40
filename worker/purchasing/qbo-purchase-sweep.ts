/**
 * The cron's sweep of purchase documents stuck in `pending`: a purchase ordered (or a receipt
 * recorded, or a retry asked for) writes `qbo_status = 'pending'` to D1 first and hands the job to
 * the company's sync object after; a crash in between leaves a document that nothing will ever
 * send. Each tick, the pending documents older than `SWEEP_AFTER_MS` that the sync object does not
 * hold (queued) are handed to it again — under the same request id (the job's key), so that QBO
 * answers with what it may already have made and never makes two.
 *
 * Queuing a job the object already holds changes nothing, so racing the request's own hand-off, or
 * a job finishing meanwhile (its draft is then dropped as done), is harmless; the age only keeps
 * the sweep from re-sending what is on its way anyway. A job the object holds as dead while D1
 * says pending (a retry that crashed after `markPending`) is queued again, as the retry meant.
 */
import { and, eq, lt } from "drizzle-orm";
import { type Database, database } from "../db/client";
import { purchaseReceipts, purchases } from "../db/schema";
import { connectedRealms } from "../qbo/qbo-connection";
import { billRequestId, purchaseOrderRequestId } from "./qbo-purchase-bodies";
import { queuePurchaseDocument } from "./qbo-purchase-client";

/** Pending for longer than this (two cron ticks): its hand-off did not happen. */
export const SWEEP_AFTER_MS = 6 * 60_000;
/** Documents per company per tick at most; the next tick takes the rest. */
const SWEEP_BATCH = 200;

/** The request ids of a company's documents pending since before `cutoff` (epoch ms), oldest first. */
async function stalePendingDocuments(db: Database, companyId: string, cutoff: number): Promise<string[]> {
	const [purchaseRows, receiptRows] = await db.batch([
		// A purchase's PO goes pending when it is ordered, which bumps `updated_at`; a retry does not,
		// so a retried one may be swept early — harmless (see above).
		db
			.select({ id: purchases.id })
			.from(purchases)
			.where(
				and(eq(purchases.companyId, companyId), eq(purchases.qboStatus, "pending"), lt(purchases.updatedAt, cutoff)),
			)
			.orderBy(purchases.updatedAt)
			.limit(SWEEP_BATCH),
		db
			.select({ id: purchaseReceipts.id })
			.from(purchaseReceipts)
			.where(
				and(
					eq(purchaseReceipts.companyId, companyId),
					eq(purchaseReceipts.qboStatus, "pending"),
					lt(purchaseReceipts.createdAt, cutoff),
				),
			)
			.orderBy(purchaseReceipts.createdAt)
			.limit(SWEEP_BATCH),
	]);
	// POs first: a bill waits for its purchase's PO only while that is queued.
	return [...purchaseRows.map((p) => purchaseOrderRequestId(p.id)), ...receiptRows.map((r) => billRequestId(r.id))];
}

export type SweepResult = { pending: number; queued: number };

/**
 * Hands one connected company's stale pending documents to its realm's sync object, those it does
 * not hold; answers how many were pending and how many of them were queued again.
 */
export async function sweepCompanyPurchaseDocuments(
	env: Env,
	company: { companyId: string; realmId: string },
	now = Date.now(),
): Promise<SweepResult> {
	const keys = await stalePendingDocuments(database(env.DB), company.companyId, now - SWEEP_AFTER_MS);
	if (keys.length === 0) return { pending: 0, queued: 0 };
	// One call for what the object holds; then one per missing job (rare: a crash each).
	const stub = env.COMPANY_SYNC.get(env.COMPANY_SYNC.idFromName(company.realmId));
	const held = new Set(await stub.pendingPurchaseDocuments());
	const missing = keys.filter((key) => !held.has(key));
	for (const key of missing) await queuePurchaseDocument(env, company.realmId, key);
	if (missing.length > 0)
		console.warn(`requeued ${missing.length} purchase document(s) of company ${company.companyId}`, missing);
	return { pending: keys.length, queued: missing.length };
}

/**
 * The cron's sweep over every connected company (a disconnected one's documents wait for the
 * reconnect, whose retry or next tick picks them up). One company's failure does not stop the
 * others. Answers the totals.
 *
 * @example
 * await sweepPendingPurchaseDocuments(env); // from scheduled(); tests pass a later `now`
 */
export async function sweepPendingPurchaseDocuments(env: Env, now = Date.now()): Promise<SweepResult> {
	const realms = await connectedRealms(database(env.DB));
	const results = await Promise.allSettled(realms.map((realm) => sweepCompanyPurchaseDocuments(env, realm, now)));
	const total: SweepResult = { pending: 0, queued: 0 };
	for (const [i, result] of results.entries()) {
		if (result.status === "rejected") {
			console.error(`purchase document sweep of realm ${realms[i]?.realmId} failed`, result.reason);
			continue;
		}
		total.pending += result.value.pending;
		total.queued += result.value.queued;
	}
	return total;
}
