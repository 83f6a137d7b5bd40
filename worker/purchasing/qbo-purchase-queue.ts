/**
 * The purchases' documents waiting to be created in QBO — a purchase's PurchaseOrder, a receipt's
 * Bill, and the closing of a cancelled purchase's PurchaseOrder — kept in the company's sync
 * object (its SQLite storage) and sent by its alarm through its rate-limited client, like stock
 * pushes.
 *
 * A job is named by its request id (`po-<purchaseId>`, `bill-<receiptId>`, `pc-<purchaseId>`) and
 * sent to QBO with it as `requestid` on every attempt, so that QBO answers a retry with the
 * document it already created — also when the first answer was lost on the way — and never makes
 * a second one. What to send is read from D1 at each attempt. QBO down or failing: the queue waits
 * (backoff) and retries, by worker/core/retry-policy.ts; after its last attempt, or at once when QBO
 * refuses the document (4xx), the job is dead: visible on the purchase and in the sync log, whose
 * retry queues it again. QBO answers a request id it refused with the same refusal, so a job it
 * refused is retried under a new one (nothing was created under the old); a job that died of
 * failures keeps its own (QBO may hold the document). A bill waits for its purchase's PO when that
 * is still queued, to link to it.
 */
import { afterFailure, backoffMs } from "../core/retry-policy";
import type { Database } from "../db/client";
import { type QboApi, QboApiError } from "../qbo/qbo-api";
import { appendSyncLog, type LogEntry } from "../qbo/sync-log";
import {
	billBody,
	type PurchaseDocumentKind,
	parseRequestId,
	purchaseOrderBody,
	purchaseOrderRequestId,
} from "./qbo-purchase-bodies";
import {
	billDraft,
	purchaseOrderDraft,
	purchaseOrderToClose,
	recordCreated,
	recordDropped,
	recordFailed,
} from "./qbo-purchase-records";

/** Documents per run: each is one QBO write. */
const BATCH = 20;
/** Disconnected: the jobs wait; a reconnect's import runs the alarm again sooner. */
const NOT_CONNECTED_WAIT_MS = 30 * 60_000;

const ENTITY: Record<PurchaseDocumentKind, string> = {
	purchase_order: "PurchaseOrder",
	close_purchase_order: "PurchaseOrder",
	bill: "Bill",
};
const OPERATION: Record<PurchaseDocumentKind, string> = {
	purchase_order: "create",
	close_purchase_order: "close",
	bill: "create",
};

/** What a job does this run: send (answering the QBO id), wait for another job, drop, or fail for good. */
type Step =
	| { action: "send"; send: (requestId: string) => Promise<string> }
	| { action: "wait" }
	| { action: "drop" }
	| { action: "fail"; error: string };

type JobRow = { key: string; request_id: string; attempts: number };

/**
 * Closes a QBO PurchaseOrder: a sparse update of POStatus, which wants the current SyncToken (read
 * first); one already closed is left alone, so closing twice is harmless.
 */
async function closePurchaseOrder(api: QboApi, qboId: string, requestId: string): Promise<string> {
	const [po] = await api.readByIds("PurchaseOrder", [qboId]);
	if (!po || po.POStatus === "Closed") return qboId;
	await api.create(
		"PurchaseOrder",
		{ Id: qboId, SyncToken: po.SyncToken, sparse: true, POStatus: "Closed" },
		requestId,
	);
	return qboId;
}

export class QboPurchaseQueue {
	constructor(private readonly sql: SqlStorage) {
		// Dead jobs stay (state 'dead') so that a retry knows whether QBO refused their request id.
		sql.exec(`CREATE TABLE IF NOT EXISTS qbo_purchase_documents (
			key TEXT PRIMARY KEY, request_id TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'queued',
			refused INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
			CREATE INDEX IF NOT EXISTS qbo_purchase_documents_state ON qbo_purchase_documents (state, created_at)`);
	}

	/**
	 * Queues a job by its key; a job already queued stays as it is, a dead one is queued again —
	 * under a new request id if QBO refused the old one.
	 */
	add(key: string): void {
		const now = Date.now();
		this.sql.exec(
			`INSERT INTO qbo_purchase_documents (key, request_id, created_at) VALUES (?1, ?1, ?2)
			ON CONFLICT (key) DO UPDATE SET
				request_id = CASE WHEN refused = 1 THEN ?1 || '.' || ?3 ELSE request_id END,
				state = 'queued', refused = 0, attempts = 0, created_at = ?2
			WHERE state = 'dead'`,
			key,
			now,
			now.toString(36),
		);
	}

	/** The queued jobs' keys, oldest first. */
	keys(): string[] {
		return this.sql
			.exec<{ key: string }>("SELECT key FROM qbo_purchase_documents WHERE state = 'queued' ORDER BY created_at, key")
			.toArray()
			.map((r) => r.key);
	}

	count(): number {
		return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM qbo_purchase_documents WHERE state = 'queued'").one()
			.n;
	}

	private queued(key: string): boolean {
		return (
			this.sql.exec("SELECT 1 FROM qbo_purchase_documents WHERE key = ? AND state = 'queued'", key).toArray().length > 0
		);
	}

	private remove(key: string): void {
		this.sql.exec("DELETE FROM qbo_purchase_documents WHERE key = ?", key);
	}

	private kill(key: string, refused: boolean): void {
		this.sql.exec(
			"UPDATE qbo_purchase_documents SET state = 'dead', refused = ?, attempts = attempts + 1 WHERE key = ?",
			refused ? 1 : 0,
			key,
		);
	}

	/** What `row`'s job is to do now, read from D1. */
	private async step(db: Database, companyId: string, api: QboApi, row: JobRow): Promise<Step> {
		const target = parseRequestId(row.key);
		if (!target) return { action: "drop" };
		switch (target.kind) {
			case "purchase_order": {
				const outcome = await purchaseOrderDraft(
					db,
					companyId,
					target.id,
					row.attempts > 0 || row.request_id !== row.key,
				);
				if (outcome.action !== "send") return outcome;
				const body = purchaseOrderBody(outcome.draft);
				return { action: "send", send: async (id) => String((await api.create("PurchaseOrder", body, id)).Id) };
			}
			case "bill": {
				const outcome = await billDraft(db, companyId, target.id);
				if (outcome.action !== "send") return outcome;
				if (this.queued(purchaseOrderRequestId(outcome.draft.purchaseId))) return { action: "wait" };
				const body = billBody(outcome.draft);
				return { action: "send", send: async (id) => String((await api.create("Bill", body, id)).Id) };
			}
			case "close_purchase_order": {
				// Its creation first (sent again if it may exist at QBO, else dropped).
				if (this.queued(purchaseOrderRequestId(target.id))) return { action: "wait" };
				const qboId = await purchaseOrderToClose(db, companyId, target.id);
				if (!qboId) return { action: "drop" };
				return { action: "send", send: (id) => closePurchaseOrder(api, qboId, id) };
			}
		}
	}

	/** Runs the oldest jobs; answers when to run again (null: nothing left). */
	async process(db: Database, companyId: string, api: QboApi): Promise<number | null> {
		const rows = this.sql
			.exec<JobRow>(
				`SELECT key, request_id, attempts FROM qbo_purchase_documents WHERE state = 'queued'
				ORDER BY created_at, key LIMIT ?`,
				BATCH,
			)
			.toArray();
		if (rows.length === 0) return null;
		const log: LogEntry[] = [];
		let wait: number | null = null;
		let waiting = 0;
		for (const row of rows) {
			const target = parseRequestId(row.key);
			const step = await this.step(db, companyId, api, row);
			if (!target || step.action === "drop") {
				if (target) await recordDropped(db, companyId, target.kind, target.id);
				this.remove(row.key);
				continue;
			}
			if (step.action === "wait") {
				waiting += 1;
				continue;
			}
			const entry = {
				source: "push" as const,
				entity: ENTITY[target.kind],
				operation: OPERATION[target.kind],
				attempts: row.attempts + 1,
			};
			if (step.action === "fail") {
				await recordFailed(db, companyId, target.kind, target.id, step.error);
				this.kill(row.key, true);
				log.push({ ...entry, entityId: row.key, status: "dead", error: step.error });
				continue;
			}
			try {
				const qboId = await step.send(row.request_id);
				await recordCreated(db, companyId, target.kind, target.id, qboId);
				this.remove(row.key);
				log.push({ ...entry, entityId: qboId, status: "applied" });
			} catch (error) {
				if (!(error instanceof QboApiError)) throw error;
				// Throttled or disconnected: nothing is wrong with the document; everything waits.
				if (error.status === 429 || error.kind === "not_connected") {
					wait = error.kind === "not_connected" ? NOT_CONNECTED_WAIT_MS : error.afterMs || 60_000;
					break;
				}
				await recordFailed(db, companyId, target.kind, target.id, error.message);
				const next = afterFailure(row.attempts);
				if (error.kind === "fatal" || next.dead) {
					this.kill(row.key, error.kind === "fatal");
					log.push({ ...entry, entityId: row.key, status: "dead", error: error.message });
					continue;
				}
				this.sql.exec("UPDATE qbo_purchase_documents SET attempts = attempts + 1 WHERE key = ?", row.key);
				log.push({ ...entry, entityId: row.key, status: "failed", error: error.message });
				wait = Math.max(next.retryInMs, error.afterMs);
				break;
			}
		}
		await appendSyncLog(db, companyId, log);
		if (wait !== null) return wait;
		// Only jobs waiting for others that this run could not reach: not a busy loop.
		if (waiting === rows.length) return backoffMs(1);
		return this.count() > 0 ? 0 : null;
	}
}
