/**
 * The stock pushes waiting for QBO (worker/sync/stock-push.ts), kept in the company sync object's
 * `pushes` table and sent by its alarm, oldest first, through its rate-limited client. A push is
 * named by our movement id, which is also its `requestid` at QBO: sending it again is harmless.
 * QBO busy or unreachable: the queue waits and sends it again, attempts uncounted; QBO failing it:
 * retried by worker/core/retry-policy.ts, then dead (logged for the user).
 */
import { afterFailure, backoffMs, MAX_ATTEMPTS } from "../core/retry-policy";
import type { Database } from "../db/client";
import { type QboApi, QboApiError } from "../qbo/qbo-api";
import { appendSyncLog, type LogEntry } from "../qbo/sync-log";
import { adjustmentAccountId, pushOne, type StockPush } from "./stock-push";

/** Pushes per run: each is one QBO write. */
const BATCH = 50;

type PushRow = { key: string; qbo_item_id: string; qty_diff: number; attempts: number };

export class StockPushQueue {
	/** QBO's account for our inventory adjustments, looked up once per object life. */
	private accountId: string | undefined;

	constructor(private readonly sql: SqlStorage) {}

	/** Queues a push; one already queued under its key stays as it is. Synchronous: for a `transactionSync`. */
	add(push: StockPush): void {
		this.sql.exec(
			"INSERT INTO pushes (key, qbo_item_id, qty_diff, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
			push.key,
			push.qboItemId,
			push.qtyDiff,
			Date.now(),
		);
	}

	/** The pushes waiting, oldest first. */
	pending(): StockPush[] {
		return this.rows().map((r) => ({ key: r.key, qboItemId: r.qbo_item_id, qtyDiff: r.qty_diff }));
	}

	/** The pushes waiting with their failed attempts so far: for the drift check. */
	waiting(): { qboItemId: string; qtyDiff: number; attempts: number }[] {
		return this.rows().map((r) => ({ qboItemId: r.qbo_item_id, qtyDiff: r.qty_diff, attempts: r.attempts }));
	}

	count(): number {
		return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM pushes").one().n;
	}

	/** Sends the oldest pushes, in order; answers when to run again (null: none left). */
	async process(db: Database, companyId: string, api: QboApi): Promise<number | null> {
		const rows = this.rows(BATCH);
		if (rows.length === 0) return null;
		let accountId: string;
		try {
			accountId = await this.adjustmentAccount(api);
		} catch (error) {
			return error instanceof QboApiError && error.kind !== "fatal" ? error.afterMs || 30_000 : backoffMs(MAX_ATTEMPTS);
		}
		const log: LogEntry[] = [];
		let retryAfter: number | null = null;
		for (const row of rows) {
			const outcome = await pushOne(
				api,
				{ key: row.key, qboItemId: row.qbo_item_id, qtyDiff: row.qty_diff },
				accountId,
			);
			const entry = {
				source: "push" as const,
				entity: "InventoryAdjustment",
				operation: "create",
				attempts: row.attempts + 1,
			};
			if (outcome.status === "retry") {
				retryAfter = outcome.afterMs;
				break;
			}
			if (outcome.status === "applied") {
				this.remove(row.key);
				log.push({ ...entry, entityId: outcome.qboId, status: "applied" });
				continue;
			}
			const next = afterFailure(row.attempts);
			if (next.dead) {
				this.remove(row.key);
				log.push({ ...entry, entityId: row.key, status: "dead", error: outcome.error });
			} else {
				this.sql.exec("UPDATE pushes SET attempts = attempts + 1 WHERE key = ?", row.key);
				log.push({ ...entry, entityId: row.key, status: "failed", error: outcome.error });
				retryAfter = next.retryInMs;
			}
		}
		await appendSyncLog(db, companyId, log);
		if (retryAfter !== null) return retryAfter;
		return this.count() > 0 ? 0 : null;
	}

	/** The oldest `limit` pushes; SQLite reads a negative limit as none. */
	private rows(limit = -1): PushRow[] {
		return this.sql.exec<PushRow>("SELECT * FROM pushes ORDER BY created_at, key LIMIT ?", limit).toArray();
	}

	private remove(key: string): void {
		this.sql.exec("DELETE FROM pushes WHERE key = ?", key);
	}

	private async adjustmentAccount(api: QboApi): Promise<string> {
		this.accountId ??= await adjustmentAccountId(api);
		return this.accountId;
	}
}
