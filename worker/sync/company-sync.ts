/**
 * CompanySync: one object per QBO company (realm), named by its realmId so that the webhook path
 * needs no lookup. It keeps a durable inbox of webhook events, deduplicated by key, and — in the
 * slices to come — coalesces them per entity, fetches the entities from QBO, maps them to effects
 * and applies them through the product objects.
 *
 * Intuit resends a delivery until it gets a 200, for days, and a delivery may repeat events already
 * sent: every key is remembered for `DEDUPE_RETENTION_MS`, so a repeat is counted, not queued.
 */
import { DurableObject } from "cloudflare:workers";
import { type InboundEvent, inboundEventSchema } from "../qbo/inbound-event";

/** Intuit retries every 6 hours after the first hours; a month covers any retry and the CDC window. */
const DEDUPE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Pruning runs at most this often, and deletes at most `PRUNE_BATCH` keys: bounded work per call. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const PRUNE_BATCH = 2_000;

const SQL_REMEMBER_KEY = "INSERT INTO seen_keys (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING";
const SQL_QUEUE_EVENT = `INSERT INTO inbox (key, entity, entity_id, operation, occurred_at, deleted_id, received_at)
	VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`;

export type ReceiveResult = { accepted: number; duplicates: number };
export type InboxSnapshot = { pending: InboundEvent[]; seen: number };

type InboxRow = {
	key: string;
	entity: string;
	entity_id: string;
	operation: string;
	occurred_at: string;
	deleted_id: string | null;
};

export class CompanySync extends DurableObject<Env> {
	private readonly sql: SqlStorage;
	private lastPruneAt = 0;
	/** The realm this object serves, read from `meta` once (undefined: not read yet). */
	private boundRealm: string | null | undefined;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.sql = ctx.storage.sql;
		// `seen_keys` outlives the inbox rows: it is what dedupes a retry after the event was processed.
		this.sql.exec(`
			CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
			CREATE TABLE IF NOT EXISTS seen_keys (key TEXT PRIMARY KEY, seen_at INTEGER NOT NULL) WITHOUT ROWID;
			CREATE INDEX IF NOT EXISTS seen_keys_at ON seen_keys (seen_at);
			CREATE TABLE IF NOT EXISTS inbox (
				seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,
				entity TEXT NOT NULL, entity_id TEXT NOT NULL, operation TEXT NOT NULL,
				occurred_at TEXT NOT NULL, deleted_id TEXT,
				status TEXT NOT NULL DEFAULT 'pending', received_at INTEGER NOT NULL);
			CREATE INDEX IF NOT EXISTS inbox_status_seq ON inbox (status, seq);
		`);
	}

	/**
	 * Queues a realm's events in arrival order, skipping any key seen before (also within `events`),
	 * and arms the alarm that processes them. Resolves once they are durable.
	 */
	async receive(events: InboundEvent[]): Promise<ReceiveResult> {
		const now = Date.now();
		let result: ReceiveResult;
		try {
			result = this.ctx.storage.transactionSync(() => this.store(events, now));
		} catch (error) {
			// The transaction rolled back: what was cached of the realm may not have been written.
			this.boundRealm = undefined;
			throw error;
		}
		if (result.accepted > 0 && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(now);
		if (now - this.lastPruneAt >= PRUNE_EVERY_MS) {
			this.lastPruneAt = now;
			this.pruneSeenKeys(now);
		}
		return result;
	}

	/**
	 * The oldest pending events, at most `limit`, in arrival order. They stay pending until
	 * `markDone`, so that a processor that fails half-way sees them again.
	 */
	takePending(limit: number): InboundEvent[] {
		const rows = this.sql
			.exec<InboxRow>(
				`SELECT key, entity, entity_id, operation, occurred_at, deleted_id FROM inbox
				 WHERE status = 'pending' ORDER BY seq LIMIT ?`,
				Math.max(0, Math.floor(limit)),
			)
			.toArray();
		return rows.map((row) => this.toEvent(row));
	}

	/** Removes processed events from the inbox; their keys stay remembered. Answers how many were removed. */
	markDone(keys: string[]): number {
		return this.ctx.storage.transactionSync(() => {
			let removed = 0;
			for (const key of keys) removed += this.sql.exec("DELETE FROM inbox WHERE key = ?", key).rowsWritten > 0 ? 1 : 0;
			return removed;
		});
	}

	/** What is queued and how many keys are remembered: for tests, the sync status and the processor. */
	inbox(): InboxSnapshot {
		const seen = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM seen_keys").one().n;
		return { pending: this.takePending(Number.MAX_SAFE_INTEGER), seen };
	}

	/**
	 * Processing the inbox — coalescing per entity, fetching from QBO, mapping, applying — is the
	 * next slice. Until it lands the alarm deliberately does nothing: every event stays pending,
	 * so none is lost, and firing twice changes nothing.
	 */
	override async alarm(): Promise<void> {
		// Intentionally empty (see above).
	}

	// ——— storage (synchronous: called inside transactionSync) ———

	private store(events: InboundEvent[], now: number): ReceiveResult {
		let accepted = 0;
		let duplicates = 0;
		for (const event of events) {
			this.bindRealm(event.realmId);
			const remembered = this.sql.exec(SQL_REMEMBER_KEY, event.key, now).rowsWritten > 0;
			// A key pruned while its event was still pending is caught by the inbox's own unique key.
			const queued =
				remembered &&
				this.sql.exec(
					SQL_QUEUE_EVENT,
					event.key,
					event.entity,
					event.entityId,
					event.operation,
					event.occurredAt,
					event.deletedId ?? null,
					now,
				).rowsWritten > 0;
			if (queued) accepted++;
			else duplicates++;
		}
		return { accepted, duplicates };
	}

	/** The object learns its realm from its first event and refuses any other: a routing bug. */
	private bindRealm(realmId: string): void {
		const bound = this.realm();
		if (bound === realmId) return;
		if (bound !== null) throw new Error(`CompanySync of realm ${bound} was handed an event of realm ${realmId}`);
		this.sql.exec("INSERT INTO meta (key, value) VALUES ('realm', ?)", realmId);
		this.boundRealm = realmId;
	}

	private realm(): string | null {
		if (this.boundRealm === undefined)
			this.boundRealm =
				this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'realm'").toArray()[0]?.value ?? null;
		return this.boundRealm;
	}

	private toEvent(row: InboxRow): InboundEvent {
		// Parsed rather than cast: rows written by an older version must still be what the type says.
		return inboundEventSchema.parse({
			key: row.key,
			realmId: this.realm(),
			entity: row.entity,
			entityId: row.entity_id,
			operation: row.operation,
			occurredAt: row.occurred_at,
			...(row.deleted_id ? { deletedId: row.deleted_id } : {}),
		});
	}

	/** Forgets keys older than the retention, except those of events still pending. */
	private pruneSeenKeys(now: number): void {
		this.sql.exec(
			`DELETE FROM seen_keys WHERE key IN (
				SELECT key FROM seen_keys WHERE seen_at < ? AND key NOT IN (SELECT key FROM inbox)
				ORDER BY seen_at LIMIT ?)`,
			now - DEDUPE_RETENTION_MS,
			PRUNE_BATCH,
		);
	}
}
