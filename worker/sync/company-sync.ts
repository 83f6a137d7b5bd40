/**
 * CompanySync: one object per QBO company (realm), named by its realmId so that the webhook path
 * needs no lookup. It keeps a durable inbox of webhook events, deduplicated by key, and processes
 * it: coalesces the events per entity, fetches the entities from QBO, maps them to effects and
 * applies them through the product objects (worker/sync/process-events.ts).
 *
 * Intuit resends a delivery until it gets a 200, for days, and a delivery may repeat events already
 * sent: every key is remembered for `DEDUPE_RETENTION_MS`, so a repeat is counted, not queued.
 */
import { DurableObject } from "cloudflare:workers";
import { type Database, database } from "../db/client";
import { QboPurchaseQueue } from "../purchasing/qbo-purchase-queue";
import { AccessTokens } from "../qbo/access-tokens";
import { type InboundEvent, inboundEventSchema, isQboId } from "../qbo/inbound-event";
import { QboApi, QboApiError } from "../qbo/qbo-api";
import { companyOfRealm, loadConnection } from "../qbo/qbo-connection";
import { RateLimiter } from "../qbo/rate-limiter";
import { appendSyncLog, eventEntry, eventSource, type LogEntry } from "../qbo/sync-log";
import { settleOpeningStock } from "./catalogue-sync";
import { type CatchUp, catchUpEvents } from "./catch-up";
import { createCompanySyncTables } from "./company-sync-tables";
import { importCatalogue } from "./import-catalogue";
import { processEvents } from "./process-events";
import { resyncFromQbo, resyncToQbo } from "./resync";
import { adjustmentAccountId, pushOne, type StockPush } from "./stock-push";

/** Intuit retries every 6 hours after the first hours; a month covers any retry and the CDC window. */
const DEDUPE_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/** Pruning runs at most this often, and deletes at most `PRUNE_BATCH` keys: bounded work per call. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const PRUNE_BATCH = 2_000;
/** Events per processing run: a run stays well inside an alarm's time. */
const BATCH = 200;
/**
 * After this many failed attempts an event is dead: logged for the user, out of the inbox. Each
 * event counts its own attempts and waits its own backoff: the others are not held back.
 */
const MAX_ATTEMPTS = 5;
/** Pushes to QBO per run: each is one QBO write. */
const PUSH_BATCH = 50;
/** Items whose opening stock one run settles: each is a call to its product object. */
const OPENING_CHUNK = 200;

function lastImport(json: string | null): ImportCounts | null {
	return json ? (JSON.parse(json) as ImportCounts) : null;
}

/** 5 s, 20 s, 80 s, 5 min…: failures are usually QBO's and pass. */
function backoffMs(attempt: number): number {
	return Math.min(60 * 60_000, 5_000 * 4 ** (attempt - 1));
}

const SQL_REMEMBER_KEY = "INSERT INTO seen_keys (key, seen_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING";
const SQL_QUEUE_EVENT = `INSERT INTO inbox
	(key, entity, entity_id, operation, occurred_at, deleted_id, received_at, next_attempt_at)
	VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT (key) DO NOTHING`;
const INBOX_COLUMNS = "key, entity, entity_id, operation, occurred_at, deleted_id, attempts";

export type ReceiveResult = { accepted: number; duplicates: number };
export type ResyncResult =
	| { status: "queued"; products: number; events: number; pushes: number }
	| { status: "not_connected" }
	| { status: "retry_later"; error: string };
export type ImportCounts = { products: number; vendors: number; documents: number; locations: number };
export type SyncProgress = {
	importing: boolean;
	/** What the last import brought in; null before any. */
	lastImport: ImportCounts | null;
	pendingEvents: number;
	pendingPushes: number;
	lastCatchUpAt: string | null;
};
export type CatchUpResult =
	| { status: "done"; found: number; queued: number }
	| { status: "not_connected" }
	| { status: "retry_later"; error: string };
export type InboxSnapshot = { pending: InboundEvent[]; seen: number };

type InboxRow = {
	key: string;
	entity: string;
	entity_id: string;
	operation: string;
	occurred_at: string;
	deleted_id: string | null;
	attempts: number;
};

export class CompanySync extends DurableObject<Env> {
	private readonly sql: SqlStorage;
	private lastPruneAt = 0;
	/** The realm this object serves, read from `meta` once (undefined: not read yet). */
	private boundRealm: string | null | undefined;
	private api: QboApi | undefined;
	/** QBO's account for our inventory adjustments, once looked up. */
	private accountId: string | undefined;
	/** Purchase orders and bills to create in QBO (worker/purchasing/qbo-purchase-queue.ts). */
	private readonly purchaseDocuments: QboPurchaseQueue;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.sql = ctx.storage.sql;
		createCompanySyncTables(this.sql);
		this.purchaseDocuments = new QboPurchaseQueue(this.sql);
	}

	/**
	 * Queues a realm's events in arrival order, skipping any key seen before (also within `events`),
	 * and arms the alarm that processes them — at once, even if it was set later for an event
	 * that waits after a failure. Resolves once they are durable.
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
		if (result.accepted > 0) await this.runBy(now);
		if (now - this.lastPruneAt >= PRUNE_EVERY_MS) {
			this.lastPruneAt = now;
			this.pruneSeenKeys(now);
		}
		return result;
	}

	/**
	 * Asks QBO what changed since the last catch-up (CDC) and queues one event per changed entity
	 * version; the alarm then processes them like webhook events. Run by the cron every few minutes.
	 */
	async catchUp(realmId: string): Promise<CatchUpResult> {
		const db = database(this.env.DB);
		const companyId = await companyOfRealm(db, realmId);
		const connection = companyId ? await loadConnection(this.env, db, companyId) : null;
		if (!companyId || connection?.status !== "connected") return { status: "not_connected" };
		const api = this.qboApi(companyId);
		const now = Date.now();
		const stored = this.meta("cdc_checkpoint");
		// The first catch-up starts where the connection did: nothing before it was ours to miss.
		const checkpoint = stored !== null ? Number(stored) : (connection.connectedAt ?? now) - 60_000;
		let found: CatchUp;
		try {
			found = await catchUpEvents(api, realmId, checkpoint, now);
		} catch (error) {
			if (error instanceof QboApiError) return { status: "retry_later", error: error.message };
			throw error;
		}
		const result = this.ctx.storage.transactionSync(() => {
			const stored = this.store(found.events, now);
			this.setMeta("cdc_checkpoint", String(found.nextCheckpoint));
			this.setMeta("last_catch_up", String(now));
			return stored;
		});
		if (result.accepted > 0) await this.runBy(now);
		return { status: "done", found: found.events.length, queued: result.accepted };
	}

	/**
	 * The oldest pending events due at `now` (not waiting after a failure), at most `limit`, in
	 * arrival order. They stay pending until `markDone`, so that a processor that fails half-way
	 * sees them again.
	 */
	takePending(limit: number, now = Date.now()): InboundEvent[] {
		return this.readRows(this.dueRows(limit, now)).events;
	}

	/** Removes processed events from the inbox; their keys stay remembered. Answers how many were removed. */
	markDone(keys: string[]): number {
		return this.ctx.storage.transactionSync(() => {
			let removed = 0;
			for (const key of keys) removed += this.sql.exec("DELETE FROM inbox WHERE key = ?", key).rowsWritten > 0 ? 1 : 0;
			return removed;
		});
	}

	/** What is queued (due or waiting after a failure) and how many keys are remembered: for tests and the sync status. */
	inbox(): InboxSnapshot {
		const seen = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM seen_keys").one().n;
		const rows = this.sql
			.exec<InboxRow>(`SELECT ${INBOX_COLUMNS} FROM inbox WHERE status = 'pending' ORDER BY seq`)
			.toArray();
		return { pending: this.readRows(rows).events, seen };
	}

	/**
	 * Processes the oldest due events (one batch per run, so a run stays short): fetch from QBO,
	 * map, apply. Done events leave the inbox; when QBO asks us to wait they stay as they are;
	 * failed ones are retried, each after its own backoff, and after `MAX_ATTEMPTS` logged as dead.
	 * `alarm()` may run twice: every step is idempotent.
	 */
	override async alarm(): Promise<void> {
		const realmId = this.realm();
		if (!realmId) return;
		const db = database(this.env.DB);
		// Not connected (any more): events wait; a reconnect and the CDC catch-up pick them up.
		const companyId = await companyOfRealm(db, realmId);
		if (!companyId) return;
		const api = this.qboApi(companyId);
		if (this.meta("import_pending")) {
			// The import comes first: documents and pushes need the catalogue.
			const retry = await this.runImport(db, companyId, api);
			if (retry !== null) {
				await this.ctx.storage.setAlarm(Date.now() + retry);
				return;
			}
		}
		if (await this.settleOpeningChunk(companyId)) {
			// More opening stock to settle: in a run of its own, so that no run holds too many objects.
			await this.ctx.storage.setAlarm(Date.now());
			return;
		}
		const delays = [
			await this.processInbox(db, companyId, api),
			await this.processPushes(db, companyId, api),
			await this.purchaseDocuments.process(db, companyId, api),
		];
		const next = delays.filter((d): d is number => d !== null);
		if (next.length > 0) await this.runBy(Date.now() + Math.min(...next));
	}

	/**
	 * Sets the alarm to `at`, unless it is set earlier: an event received while a run was going on
	 * (which set it to "now") is not pushed back behind another event's backoff. While the alarm
	 * runs, `getAlarm()` answers null unless it was set again since.
	 */
	private async runBy(at: number): Promise<void> {
		const current = await this.ctx.storage.getAlarm();
		if (current === null || current > at) await this.ctx.storage.setAlarm(at);
	}

	/**
	 * Queues a push of a Stockroom-only change to QBO's quantity (stock sync to QBO); `key` (our
	 * movement id) makes it idempotent here and at QBO.
	 */
	async queuePush(realmId: string, push: StockPush): Promise<void> {
		this.ctx.storage.transactionSync(() => {
			this.bindRealm(realmId);
			this.sql.exec(
				"INSERT INTO pushes (key, qbo_item_id, qty_diff, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
				push.key,
				push.qboItemId,
				push.qtyDiff,
				Date.now(),
			);
		});
		if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
	}

	/**
	 * Queues the creation in QBO of a purchase's PurchaseOrder or a receipt's Bill, by its request id
	 * (`po-<purchaseId>`, `bill-<receiptId>`); the alarm sends it. Queuing it again changes nothing.
	 */
	async queuePurchaseDocument(realmId: string, requestId: string): Promise<void> {
		this.ctx.storage.transactionSync(() => {
			this.bindRealm(realmId);
			this.purchaseDocuments.add(requestId);
		});
		if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
	}

	/** The purchase documents queued to create in QBO, oldest first: for the cron's sweep and tests. */
	pendingPurchaseDocuments(): string[] {
		return this.purchaseDocuments.keys();
	}

	/**
	 * Resync on demand: from QBO (catalogue, and every document queued for processing) or to QBO
	 * (QBO's quantities set to ours by pushes). Answers what was queued; the alarm does the rest.
	 */
	async resync(realmId: string, direction: "from_qbo" | "to_qbo"): Promise<ResyncResult> {
		const db = database(this.env.DB);
		const companyId = await companyOfRealm(db, realmId);
		const connection = companyId ? await loadConnection(this.env, db, companyId) : null;
		if (!companyId || connection?.status !== "connected") return { status: "not_connected" };
		const api = this.qboApi(companyId);
		// Short: it is part of QBO request ids (at most 50 characters).
		const runId = crypto.randomUUID().slice(0, 8);
		const now = Date.now();
		try {
			if (direction === "from_qbo") {
				const connectedAt = connection.connectedAt ?? now;
				const { catalogue, events } = await resyncFromQbo(this.env, { companyId, realmId, connectedAt }, api, runId);
				const stored = this.ctx.storage.transactionSync(() => this.store(events, now));
				if (stored.accepted > 0) await this.ctx.storage.setAlarm(now);
				return { status: "queued", products: catalogue.products, events: stored.accepted, pushes: 0 };
			}
			const pushes = await resyncToQbo(this.env, companyId, api, runId);
			for (const push of pushes) await this.queuePush(realmId, push);
			return { status: "queued", products: 0, events: 0, pushes: pushes.length };
		} catch (error) {
			if (error instanceof QboApiError) return { status: "retry_later", error: error.message };
			throw error;
		}
	}

	/**
	 * Import on connect (or reconnect): marks the import as pending and lets the alarm run it, so
	 * that the OAuth callback answers at once and an import cut short is simply run again.
	 */
	async startImport(realmId: string): Promise<void> {
		this.ctx.storage.transactionSync(() => {
			this.bindRealm(realmId);
			this.setMeta("import_pending", "1");
		});
		await this.ctx.storage.setAlarm(Date.now());
	}

	/** Runs the pending import; answers when to try again if QBO could not be reached (null: done). */
	private async runImport(db: Database, companyId: string, api: QboApi): Promise<number | null> {
		try {
			const result = await importCatalogue(this.env, companyId, api, { settleOpeningStock: false });
			this.ctx.storage.transactionSync(() => {
				for (const item of result.opening)
					this.sql.exec(
						"INSERT INTO opening_queue (product_id, qbo_item_id, qty_on_hand) VALUES (?, ?, ?) ON CONFLICT (product_id) DO NOTHING",
						item.productId,
						item.qboItemId,
						item.qtyOnHand,
					);
				this.setMeta(
					"last_import",
					JSON.stringify({
						products: result.products,
						vendors: result.vendors,
						documents: result.documents,
						locations: result.locations,
					}),
				);
			});
			await appendSyncLog(db, companyId, [
				{
					source: "import",
					entity: "Company",
					entityId: this.realm() ?? "",
					operation: "import",
					status: "applied",
					attempts: 1,
					error: `${result.products} products, ${result.vendors} vendors, ${result.documents} documents`,
				},
			]);
			this.ctx.storage.transactionSync(() => this.sql.exec("DELETE FROM meta WHERE key = 'import_pending'"));
			return null;
		} catch (error) {
			if (error instanceof QboApiError && error.kind !== "fatal") return error.afterMs || 30_000;
			throw error;
		}
	}

	/** Settles the opening stock of the next items of the import; answers whether some are left. */
	private async settleOpeningChunk(companyId: string): Promise<boolean> {
		const rows = this.sql
			.exec<{ product_id: string; qbo_item_id: string; qty_on_hand: number }>(
				"SELECT * FROM opening_queue ORDER BY product_id LIMIT ?",
				OPENING_CHUNK,
			)
			.toArray();
		if (rows.length === 0) return false;
		for (const row of rows) {
			await settleOpeningStock(this.env, companyId, {
				productId: row.product_id,
				qboItemId: row.qbo_item_id,
				qtyOnHand: row.qty_on_hand,
			});
			this.sql.exec("DELETE FROM opening_queue WHERE product_id = ?", row.product_id);
		}
		return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM opening_queue").one().n > 0;
	}

	/** The QBO client, kept across runs so that its rate limiter sees every call of this realm. */
	private qboApi(companyId: string): QboApi {
		this.api ??= new QboApi(this.env, new AccessTokens(this.env, companyId), new RateLimiter());
		return this.api;
	}

	private meta(key: string): string | null {
		return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
	}

	private setMeta(key: string, value: string): void {
		this.sql.exec(
			"INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			key,
			value,
		);
	}

	/** What is still to do, for the sync status: events to process, pushes to send, the last catch-up. */
	progress(): SyncProgress {
		const count = (table: string) => this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${table}`).one().n;
		const last = this.meta("last_catch_up");
		return {
			importing:
				this.meta("import_pending") !== null ||
				this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM opening_queue").one().n > 0,
			lastImport: lastImport(this.meta("last_import")),
			pendingEvents: count("inbox"),
			pendingPushes: count("pushes") + this.purchaseDocuments.count(),
			lastCatchUpAt: last ? new Date(Number(last)).toISOString() : null,
		};
	}

	/** Pushes waiting for QBO, oldest first: for tests and the sync status. */
	pendingPushes(): StockPush[] {
		return this.sql
			.exec<{ key: string; qbo_item_id: string; qty_diff: number }>("SELECT * FROM pushes ORDER BY created_at, key")
			.toArray()
			.map((r) => ({ key: r.key, qboItemId: r.qbo_item_id, qtyDiff: r.qty_diff }));
	}

	/**
	 * One batch of the due events; answers when to run again: when the next event is due (a failed
	 * one after its backoff), or when QBO asked us to wait (null: nothing left).
	 */
	private async processInbox(db: Database, companyId: string, api: QboApi): Promise<number | null> {
		const { events: batch, unreadable } = this.readRows(this.dueRows(BATCH, Date.now()));
		if (unreadable.length > 0) await this.setAsideUnreadable(db, companyId, unreadable);
		if (batch.length === 0) return this.nextAttemptIn(Date.now());
		const result = await processEvents(this.env, companyId, batch, api);
		const attempts = this.attemptsOf(batch.map((e) => e.key));
		const byKey = new Map(batch.map((e) => [e.key, e]));
		const log: LogEntry[] = [];
		const done: string[] = [];
		const failed: { key: string; attempt: number }[] = [];
		for (const outcome of result.outcomes) {
			const event = byKey.get(outcome.key);
			if (!event) continue;
			const attempt = (attempts.get(outcome.key) ?? 0) + 1;
			if (outcome.status === "failed" && attempt < MAX_ATTEMPTS) {
				failed.push({ key: outcome.key, attempt });
				log.push(eventEntry(event, "failed", attempt, outcome.error));
			} else {
				done.push(outcome.key);
				log.push(eventEntry(event, outcome.status === "failed" ? "dead" : outcome.status, attempt, outcome.error));
			}
		}
		await appendSyncLog(db, companyId, log);
		this.markDone(done);
		this.countAttempt(failed, Date.now());
		if (result.retryAfterMs !== undefined) return result.retryAfterMs;
		return this.nextAttemptIn(Date.now());
	}

	/**
	 * Rows queued before event ids were checked at intake (worker/qbo/inbound-event.ts) that no
	 * longer read as events: logged as dead for the user, with the details for operators, and
	 * removed, so that they neither fail every run nor stop the others.
	 */
	private async setAsideUnreadable(db: Database, companyId: string, rows: InboxRow[]): Promise<void> {
		for (const row of rows)
			console.warn(
				`CompanySync ${this.realm()}: inbox row ${JSON.stringify(row).slice(0, 500)} is not an event, set aside`,
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
				error: isQboId(row.entity_id)
					? "Stockroom could not read this event as it was queued, so it was set aside."
					: "This event does not name a QuickBooks record (its id is not a QuickBooks id), so it was set aside.",
			})),
		);
		this.markDone(rows.map((row) => row.key));
	}

	/** Pushes waiting for QBO, in order; answers when to run again (null: none left). */
	private async processPushes(db: Database, companyId: string, api: QboApi): Promise<number | null> {
		const rows = this.sql
			.exec<{ key: string; qbo_item_id: string; qty_diff: number; attempts: number }>(
				"SELECT * FROM pushes ORDER BY created_at, key LIMIT ?",
				PUSH_BATCH,
			)
			.toArray();
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
			if (outcome.status === "applied" || row.attempts + 1 >= MAX_ATTEMPTS) {
				this.sql.exec("DELETE FROM pushes WHERE key = ?", row.key);
				log.push(
					outcome.status === "applied"
						? { ...entry, entityId: outcome.qboId, status: "applied" }
						: { ...entry, entityId: row.key, status: "dead", error: outcome.error },
				);
			} else {
				this.sql.exec("UPDATE pushes SET attempts = attempts + 1 WHERE key = ?", row.key);
				log.push({ ...entry, entityId: row.key, status: "failed", error: outcome.error });
				retryAfter = backoffMs(row.attempts + 1);
			}
		}
		await appendSyncLog(db, companyId, log);
		if (retryAfter !== null) return retryAfter;
		return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM pushes").one().n > 0 ? 0 : null;
	}

	/** QBO's shrinkage account, looked up once per object life. */
	private async adjustmentAccount(api: QboApi): Promise<string> {
		this.accountId ??= await adjustmentAccountId(api);
		return this.accountId;
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
	private countAttempt(failures: { key: string; attempt: number }[], now: number): void {
		this.ctx.storage.transactionSync(() => {
			for (const { key, attempt } of failures)
				this.sql.exec(
					"UPDATE inbox SET attempts = ?, next_attempt_at = ? WHERE key = ?",
					attempt,
					now + backoffMs(attempt),
					key,
				);
		});
	}

	/** The oldest pending rows due at `now`, at most `limit`. */
	private dueRows(limit: number, now: number): InboxRow[] {
		return this.sql
			.exec<InboxRow>(
				`SELECT ${INBOX_COLUMNS} FROM inbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY seq LIMIT ?`,
				now,
				Math.max(0, Math.floor(limit)),
			)
			.toArray();
	}

	/** How long until the next pending event is due (0: one is), null when none is pending. */
	private nextAttemptIn(now: number): number | null {
		const { at } = this.sql
			.exec<{ at: number | null }>("SELECT min(next_attempt_at) AS at FROM inbox WHERE status = 'pending'")
			.one();
		return at === null ? null : Math.max(0, at - now);
	}

	// ——— storage (synchronous: called inside transactionSync) ———

	private store(events: InboundEvent[], now: number): ReceiveResult {
		let accepted = 0;
		let duplicates = 0;
		for (const event of events) {
			// Every caller checks its events (worker/qbo/webhook-events.ts, catch-up.ts, resync.ts,
			// retry-logged-event.ts): one that does not read is a bug, refused like a wrong realm.
			const checked = inboundEventSchema.safeParse(event);
			if (!checked.success)
				throw new Error(
					`CompanySync was handed an event it cannot queue (${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`,
				);
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
				realmId: this.realm(),
				entity: row.entity,
				entityId: row.entity_id,
				operation: row.operation,
				occurredAt: row.occurred_at,
				...(row.deleted_id ? { deletedId: row.deleted_id } : {}),
			});
			if (parsed.success) events.push(parsed.data);
			else unreadable.push(row);
		}
		return { events, unreadable };
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
