/**
 * The company sync object's durable inbox of webhook and catch-up events (its `inbox` and
 * `seen_keys` tables, worker/sync/company-sync-tables.ts), deduplicated by key, and its processing:
 * the due events are fetched from QBO (but for the entities catch-up events carry), mapped and
 * applied (worker/sync/process-events.ts).
 *
 * Intuit resends a delivery until it gets a 200, for days, and a delivery may repeat events already
 * sent: every key is remembered for `DEDUPE_RETENTION_MS`, so a repeat is counted, not queued. Each
 * event counts its own attempts and waits its own backoff (`next_attempt_at`, by
 * worker/core/retry-policy.ts): one failing entity does not hold the others back. A failure that
 * retrying cannot mend (a document whose stock would pass the bounds) is dead at once.
 */
import { afterFailure } from "../core/retry-policy";
import type { Database } from "../db/client";
import { type InboundEvent, inboundEventSchema, isQboId } from "../qbo/inbound-event";
import type { QboApi } from "../qbo/qbo-api";
import { appendSyncLog, eventEntry, eventSource, type LogEntry } from "../qbo/sync-log";
import { EVENT_NOT_QBO_NOTE, EVENT_UNREADABLE_NOTE } from "../qbo/sync-log-words";
import { carriedEntities } from "./catch-up";
import { processEvents } from "./process-events";
import type { SyncMeta } from "./sync-meta";

/** Intuit retries every 6 hours after the first hours; a month covers any retry and the CDC window. */
const DEDUPE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Pruning runs at most this often, and deletes at most `PRUNE_BATCH` keys: bounded work per call. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const PRUNE_BATCH = 2_000;
/** Events per processing run: a run stays well inside an alarm's time. */
const BATCH = 200;

/*
 * A call's events are stored by two statements, whatever their number: with two statements per
 * event, a 20-event delivery was acknowledged at about half the rate of a 1-event one (bench/sync.mjs,
 * phase "ack"). ?1 is the events as a JSON array of rows, in arrival order: [key, entity, entityId,
 * operation, occurredAt, deletedId, entityJson]. `WHERE true` keeps SQLite from reading
 * `ON CONFLICT` as a join.
 */
/** Remembers the keys not seen before; answers them (a key twice in ?1 is answered once). */
const SQL_REMEMBER_KEYS = `INSERT INTO seen_keys (key, seen_at)
	SELECT e.value ->> 0, ?2 FROM json_each(?1) AS e WHERE true ORDER BY e.key
	ON CONFLICT (key) DO NOTHING RETURNING key`;
/** Queues the events of the keys in ?3 (those just remembered), each key once; answers the keys queued. */
const SQL_QUEUE_EVENTS = `INSERT INTO inbox
	(key, entity, entity_id, operation, occurred_at, deleted_id, received_at, next_attempt_at, entity_json)
	SELECT e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3, e.value ->> 4, e.value ->> 5, ?2, ?2, e.value ->> 6
	FROM json_each(?1) AS e WHERE e.value ->> 0 IN (SELECT value FROM json_each(?3)) ORDER BY e.key
	ON CONFLICT (key) DO NOTHING RETURNING key`;
const INBOX_COLUMNS = "key, entity, entity_id, operation, occurred_at, deleted_id, attempts, entity_json";

export type ReceiveResult = { accepted: number; duplicates: number };
/** What is queued (due or waiting after a failure) and how many keys are remembered. */
export type InboxSnapshot = { pending: InboundEvent[]; seen: number };

type InboxRow = {
	key: string;
	entity: string;
	entity_id: string;
	operation: string;
	occurred_at: string;
	deleted_id: string | null;
	attempts: number;
	entity_json: string | null;
};

export class EventInbox {
	private readonly sql: SqlStorage;
	private lastPruneAt = 0;

	/** `meta` binds the object to the realm of its events, and names it in the events read back. */
	constructor(
		private readonly storage: DurableObjectStorage,
		private readonly meta: SyncMeta,
	) {
		this.sql = storage.sql;
	}

	/**
	 * Queues a realm's events in arrival order, skipping any key seen before (also within `events`).
	 * Synchronous: the caller runs it inside its `transactionSync`, so that a refused event (another
	 * realm's, or one that does not read) leaves nothing of the call.
	 */
	store(events: InboundEvent[], now: number): ReceiveResult {
		if (events.length === 0) return { accepted: 0, duplicates: 0 };
		const rows = events.map((event) => {
			// Every caller checks its events (worker/qbo/webhook-events.ts, catch-up.ts, resync.ts,
			// retry-logged-event.ts): one that does not read is a bug, refused like a wrong realm.
			const checked = inboundEventSchema.safeParse(event);
			if (!checked.success)
				throw new Error(
					`CompanySync was handed an event it cannot queue (${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`,
				);
			this.meta.bindRealm(event.realmId);
			return [
				event.key,
				event.entity,
				event.entityId,
				event.operation,
				event.occurredAt,
				event.deletedId ?? null,
				event.entityJson ? JSON.stringify(event.entityJson) : null,
			];
		});
		const json = JSON.stringify(rows);
		const remembered = this.sql
			.exec<{ key: string }>(SQL_REMEMBER_KEYS, json, now)
			.toArray()
			.map((row) => row.key);
		// A key pruned while its event was still pending is caught by the inbox's own unique key.
		const accepted =
			remembered.length === 0
				? 0
				: this.sql.exec(SQL_QUEUE_EVENTS, json, now, JSON.stringify(remembered)).toArray().length;
		return { accepted, duplicates: events.length - accepted };
	}

	/** Prunes the remembered keys, at most every `PRUNE_EVERY_MS`. */
	pruneIfDue(now: number): void {
		if (now - this.lastPruneAt < PRUNE_EVERY_MS) return;
		this.lastPruneAt = now;
		this.prune(now);
	}

	/** Forgets keys older than the retention, except those of events still pending. */
	prune(now: number): void {
		this.sql.exec(
			`DELETE FROM seen_keys WHERE key IN (
				SELECT key FROM seen_keys WHERE seen_at < ? AND key NOT IN (SELECT key FROM inbox)
				ORDER BY seen_at LIMIT ?)`,
			now - DEDUPE_RETENTION_MS,
			PRUNE_BATCH,
		);
	}

	/**
	 * The oldest pending events due at `now` (not waiting after a failure), at most `limit`, in
	 * arrival order, and apart the rows that no longer read as events. They stay pending until
	 * `markDone`, so that a processor that fails half-way sees them again.
	 */
	due(limit: number, now: number): { events: InboundEvent[]; unreadable: InboxRow[] } {
		const rows = this.sql
			.exec<InboxRow>(
				`SELECT ${INBOX_COLUMNS} FROM inbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY seq LIMIT ?`,
				now,
				Math.max(0, Math.floor(limit)),
			)
			.toArray();
		return this.readRows(rows);
	}

	/** Removes processed events from the inbox; their keys stay remembered. Answers how many were removed. */
	markDone(keys: string[]): number {
		return this.storage.transactionSync(() => {
			let removed = 0;
			for (const key of keys) removed += this.sql.exec("DELETE FROM inbox WHERE key = ?", key).rowsWritten > 0 ? 1 : 0;
			return removed;
		});
	}

	/** Every pending event, due or waiting, in arrival order, and how many keys are remembered. */
	snapshot(): InboxSnapshot {
		const seen = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM seen_keys").one().n;
		const rows = this.sql
			.exec<InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE status = 'pending' ORDER BY seq`)
			.toArray();
		return { pending: this.readRows(rows).events, seen };
	}

	/** The rows in the inbox. */
	count(): number {
		return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM inbox").one().n;
	}

	/**
	 * Processes one batch of the due events: fetch from QBO, map, apply. Done events leave the inbox;
	 * when QBO asks us to wait they stay as they are; failed ones are retried, each after its own
	 * backoff, then logged as dead. Answers when to run again: when the next event is due, or when
	 * QBO asked us to wait (null: nothing left).
	 */
	async process(env: Env, db: Database, companyId: string, api: QboApi): Promise<number | null> {
		const { events: batch, unreadable } = this.due(BATCH, Date.now());
		if (unreadable.length > 0) await this.setAsideUnreadable(db, companyId, unreadable);
		if (batch.length === 0) return this.nextDueIn(Date.now());
		// The entities catch-up events carry are applied as CDC answered them: not read again.
		const result = await processEvents(env, companyId, batch, api.withKnown(carriedEntities(batch)));
		const attempts = this.attemptsOf(batch.map((e) => e.key));
		const byKey = new Map(batch.map((e) => [e.key, e]));
		const log: LogEntry[] = [];
		const done: string[] = [];
		const failed: { key: string; attempt: number; retryInMs: number }[] = [];
		for (const outcome of result.outcomes) {
			const event = byKey.get(outcome.key);
			if (!event) continue;
			const next = afterFailure(attempts.get(outcome.key) ?? 0);
			// A final failure (a document whose stock would pass the bounds) is dead at its first attempt.
			if (outcome.status === "failed" && !next.dead && !outcome.final) {
				failed.push({ key: outcome.key, attempt: next.attempt, retryInMs: next.retryInMs });
				log.push(eventEntry(event, "failed", next.attempt, outcome.error));
			} else {
				done.push(outcome.key);
				log.push(eventEntry(event, outcome.status === "failed" ? "dead" : outcome.status, next.attempt, outcome.error));
			}
		}
		await appendSyncLog(db, companyId, log);
		this.markDone(done);
		this.countFailures(failed, Date.now());
		if (result.retryAfterMs !== undefined) return result.retryAfterMs;
		return this.nextDueIn(Date.now());
	}

	/**
	 * Rows queued before event ids were checked at intake (worker/qbo/inbound-event.ts) that no
	 * longer read as events: logged as dead for the user, with the details for operators, and
	 * removed, so that they neither fail every run nor stop the others.
	 */
	private async setAsideUnreadable(db: Database, companyId: string, rows: InboxRow[]): Promise<void> {
		for (const row of rows)
			console.warn(
				`CompanySync ${this.meta.realm()}: inbox row ${JSON.stringify(row).slice(0, 500)} is not an event, set aside`,
			);
		await appendSyncLog(
			db,
			companyId,
			rows.map((row) => ({
				source: eventSource(row.key),
				entity: row.entity,
				entityId: row.entity_id.slice(0, 64),
				operation: row.operation,
				status: "dead",
				attempts: row.attempts + 1,
				error: isQboId(row.entity_id) ? EVENT_UNREADABLE_NOTE : EVENT_NOT_QBO_NOTE,
			})),
		);
		this.markDone(rows.map((row) => row.key));
	}

	private attemptsOf(keys: string[]): Map<string, number> {
		const found = new Map<string, number>();
		for (const key of keys) {
			const row = this.sql.exec<{ attempts: number }>("SELECT attempts FROM inbox WHERE key = ?", key).toArray()[0];
			if (row) found.set(key, row.attempts);
		}
		return found;
	}

	/** Counts a failed attempt of each event, which then waits its own backoff; the others stay due. */
	private countFailures(failures: { key: string; attempt: number; retryInMs: number }[], now: number): void {
		this.storage.transactionSync(() => {
			for (const { key, attempt, retryInMs } of failures)
				this.sql.exec(
					"UPDATE inbox SET attempts = ?, next_attempt_at = ? WHERE key = ?",
					attempt,
					now + retryInMs,
					key,
				);
		});
	}

	/** How long until the next pending event is due (0: one is), null when none is pending. */
	private nextDueIn(now: number): number | null {
		const { at } = this.sql
			.exec<{ at: number | null }>("SELECT min(next_attempt_at) AS at FROM inbox WHERE status = 'pending'")
			.one();
		return at === null ? null : Math.max(0, at - now);
	}

	/**
	 * The rows as events. Parsed rather than cast: rows written by an older version must still be
	 * what the type says; those that are not (an id that is not QBO's) are answered apart.
	 */
	private readRows(rows: InboxRow[]): { events: InboundEvent[]; unreadable: InboxRow[] } {
		const events: InboundEvent[] = [];
		const unreadable: InboxRow[] = [];
		for (const row of rows) {
			const parsed = inboundEventSchema.safeParse({
				key: row.key,
				realmId: this.meta.realm(),
				entity: row.entity,
				entityId: row.entity_id,
				operation: row.operation,
				occurredAt: row.occurred_at,
				...(row.deleted_id ? { deletedId: row.deleted_id } : {}),
				...(row.entity_json ? { entityJson: entityJsonOf(row) } : {}),
			});
			if (parsed.success) events.push(parsed.data);
			else unreadable.push(row);
		}
		return { events, unreadable };
	}
}

/** A row's carried entity; one that does not read is dropped (the entity is then read from QBO). */
function entityJsonOf(row: InboxRow): Record<string, unknown> | undefined {
	try {
		const json: unknown = JSON.parse(row.entity_json ?? "");
		if (json && typeof json === "object" && !Array.isArray(json)) return json as Record<string, unknown>;
	} catch {}
	console.warn(
		`CompanySync: the entity carried by inbox event ${row.key.slice(0, 200)} does not read; it is read again`,
	);
	return undefined;
}
