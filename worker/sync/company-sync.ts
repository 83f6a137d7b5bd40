/**
 * CompanySync: one object per QBO company (realm), named by its realmId so that the webhook path
 * needs no lookup. It holds the company's queues of work with QBO, each a class over its SQLite
 * storage, and runs them from its alarm:
 * - the inbox of webhook and catch-up events, deduplicated by key (worker/sync/event-inbox.ts);
 * - the import's state and the object's realm and catch-up checkpoint (worker/sync/sync-meta.ts),
 *   and the items whose opening stock is still to settle (worker/sync/opening-stock-queue.ts);
 * - the stock pushes to QBO (worker/sync/stock-push-queue.ts);
 * - the purchases' documents to create in QBO (worker/purchasing/qbo-purchase-queue.ts);
 * - the drift checks asked for (worker/sync/drift-check-queue.ts, worker/sync/qbo-drift.ts).
 * Failures are retried by one policy (worker/core/retry-policy.ts); the alarm is armed by one
 * function (worker/sync/sync-alarm.ts). The Worker reaches it through worker/sync/company-sync-client.ts.
 */
import { DurableObject } from "cloudflare:workers";
import { type Database, database } from "../db/client";
import { QboPurchaseQueue } from "../purchasing/qbo-purchase-queue";
import { AccessTokens } from "../qbo/access-tokens";
import type { InboundEvent } from "../qbo/inbound-event";
import { QboApi, QboApiError } from "../qbo/qbo-api";
import { companyOfRealm, loadConnection } from "../qbo/qbo-connection";
import { RateLimiter } from "../qbo/rate-limiter";
import { appendSyncLog } from "../qbo/sync-log";
import { importedNote } from "../qbo/sync-log-words";
import { type CatchUp, catchUpEvents } from "./catch-up";
import { createCompanySyncTables } from "./company-sync-tables";
import { DriftCheckQueue } from "./drift-check-queue";
import { EventInbox, type ReceiveResult } from "./event-inbox";
import { importCatalogue } from "./import-catalogue";
import { OpeningStockQueue } from "./opening-stock-queue";
import { type DriftReport, driftRepair, failDriftCheck, recordDriftRepair, runDriftCheck } from "./qbo-drift";
import { resyncFromQbo, resyncToQbo } from "./resync";
import type { StockPush } from "./stock-push";
import { StockPushQueue } from "./stock-push-queue";
import { armAlarm, DELIVERY_RUN_BURST, DELIVERY_RUN_SPACING_MS, RunPacer } from "./sync-alarm";
import { type ImportCounts, type ImportProgress, importProgressOf, SyncMeta } from "./sync-meta";

export type ResyncResult =
	| { status: "queued"; products: number; events: number; pushes: number }
	| { status: "not_connected" }
	| { status: "retry_later"; error: string };
export type SyncProgress = {
	importing: boolean;
	/** Where the running import stands; null when none runs. */
	importProgress: ImportProgress | null;
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

export class CompanySync extends DurableObject<Env> {
	private readonly meta: SyncMeta;
	private readonly inbox: EventInbox;
	private readonly opening: OpeningStockQueue;
	private readonly pushes: StockPushQueue;
	private readonly purchaseDocuments: QboPurchaseQueue;
	private readonly driftChecks: DriftCheckQueue;
	private api: QboApi | undefined;
	/** Paces the runs deliveries ask for (worker/sync/sync-alarm.ts). */
	private readonly deliveryRuns = new RunPacer(DELIVERY_RUN_SPACING_MS, DELIVERY_RUN_BURST);

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		const sql = ctx.storage.sql;
		createCompanySyncTables(sql);
		this.meta = new SyncMeta(sql);
		this.inbox = new EventInbox(ctx.storage, this.meta);
		this.opening = new OpeningStockQueue(sql);
		this.pushes = new StockPushQueue(sql);
		this.purchaseDocuments = new QboPurchaseQueue(sql);
		this.driftChecks = new DriftCheckQueue(sql);
	}

	/**
	 * Queues a realm's events in arrival order, skipping any key seen before (also within `events`),
	 * and arms the alarm that processes them — at once, or under a stream of deliveries at the next
	 * run its pacer allows (`RunPacer`), even if it was set later for an event that waits after a
	 * failure. Resolves once the events and the alarm are durable: the runtime holds the answer
	 * until both writes are confirmed, so a crash after it loses neither.
	 */
	async receive(events: InboundEvent[]): Promise<ReceiveResult> {
		const now = Date.now();
		let result: ReceiveResult;
		try {
			result = this.ctx.storage.transactionSync(() => this.inbox.store(events, now));
		} catch (error) {
			this.meta.forgetCachedRealm();
			throw error;
		}
		if (result.accepted > 0) await armAlarm(this.ctx.storage, this.deliveryRuns.delayAt(now));
		this.inbox.pruneIfDue(now);
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
		// The first catch-up starts where the connection did: nothing before it was ours to miss.
		const checkpoint = this.meta.cdcCheckpoint() ?? (connection.connectedAt ?? now) - 60_000;
		let found: CatchUp;
		try {
			found = await catchUpEvents(api, realmId, checkpoint, now);
		} catch (error) {
			if (error instanceof QboApiError) return { status: "retry_later", error: error.message };
			throw error;
		}
		const result = this.ctx.storage.transactionSync(() => {
			const stored = this.inbox.store(found.events, now);
			this.meta.recordCatchUp(found.nextCheckpoint, now);
			return stored;
		});
		if (result.accepted > 0) await armAlarm(this.ctx.storage, 0);
		return { status: "done", found: found.events.length, queued: result.accepted };
	}

	/**
	 * Runs the queued work: the import first, then its opening stock, then one batch of each queue
	 * (a run stays short), and arms the alarm for when the soonest of them has more to do.
	 * `alarm()` may run twice: every step is idempotent.
	 */
	override async alarm(): Promise<void> {
		const realmId = this.meta.realm();
		if (!realmId) return;
		const db = database(this.env.DB);
		// Not connected (any more): the work waits; a reconnect and the CDC catch-up pick it up.
		const companyId = await companyOfRealm(db, realmId);
		if (!companyId) return;
		const api = this.qboApi(companyId);
		if (this.meta.importPending()) {
			// The import comes first: documents and pushes need the catalogue.
			const retry = await this.runImport(db, companyId, api);
			if (retry !== null) {
				await armAlarm(this.ctx.storage, retry, "replace");
				return;
			}
		}
		if (await this.opening.settleNext(this.env, companyId)) {
			// More opening stock to settle: in a run of its own, so that no run holds too many objects.
			await armAlarm(this.ctx.storage, 0);
			return;
		}
		const delays = [
			await this.inbox.process(this.env, db, companyId, api),
			await this.pushes.process(db, companyId, api),
			await this.purchaseDocuments.process(db, companyId, api),
		];
		// A drift check compares against what is applied: it waits while events are due now.
		if (!delays.includes(0)) delays.push(await this.runDriftCheck(db, companyId, api));
		const next = delays.filter((d): d is number => d !== null);
		if (next.length > 0) await armAlarm(this.ctx.storage, Math.min(...next));
	}

	/**
	 * Queues the drift check of report `reportId` (its row in D1 made by the caller); the alarm runs
	 * it once no QuickBooks change is due to be applied.
	 */
	async startDriftCheck(realmId: string, reportId: string): Promise<void> {
		this.ctx.storage.transactionSync(() => {
			this.meta.bindRealm(realmId);
			this.driftChecks.add(reportId);
		});
		await armAlarm(this.ctx.storage, 0);
	}

	/**
	 * Queues a repair of a drift report's items: pushes of our quantity, or events reading their
	 * documents again (worker/sync/qbo-drift.ts's `driftRepair`), and records it in the report.
	 */
	async repairDrift(
		realmId: string,
		report: DriftReport,
		action: "push" | "reread",
		qboItemIds: string[],
		by: string | null,
	): Promise<{ pushes: number; events: number }> {
		const db = database(this.env.DB);
		const api = this.qboApi(report.companyId);
		const repair = await driftRepair(db, api, { report, action, qboItemIds, realmId, by }, this.pushes.waiting());
		const queued = this.ctx.storage.transactionSync(() => {
			this.meta.bindRealm(realmId);
			for (const push of repair.pushes) this.pushes.add(push);
			return this.inbox.store(repair.events, Date.now()).accepted;
		});
		const counts = { pushes: repair.pushes.length, events: queued };
		await recordDriftRepair(db, report.id, { action, qboItemIds, ...counts, by, at: Date.now() });
		// A push repair also sends the pushes waiting after a failure now, rather than after their backoff.
		if (action === "push" || counts.events > 0) await armAlarm(this.ctx.storage, 0);
		return counts;
	}

	/** Runs the oldest drift check queued; answers when to run again (null: none left). */
	private async runDriftCheck(db: Database, companyId: string, api: QboApi): Promise<number | null> {
		const reportId = this.driftChecks.next();
		if (!reportId) return null;
		const connection = await loadConnection(this.env, db, companyId);
		try {
			await runDriftCheck({
				env: this.env,
				db,
				companyId,
				reportId,
				api,
				connectedAt: connection?.connectedAt ?? 0,
				waitingPushes: this.pushes.waiting(),
				pendingEvents: this.inbox.count(),
			});
		} catch (error) {
			if (error instanceof QboApiError && error.kind !== "fatal") return error.afterMs || 30_000;
			await failDriftCheck(db, reportId, error instanceof Error ? error.message : String(error));
		}
		this.driftChecks.remove(reportId);
		return this.driftChecks.count() > 0 ? 0 : null;
	}

	/**
	 * Queues a push of a Stockroom-only change to QBO's quantity (stock sync to QBO); `key` (our
	 * movement id) makes it idempotent here and at QBO.
	 */
	async queuePush(realmId: string, push: StockPush): Promise<void> {
		this.ctx.storage.transactionSync(() => {
			this.meta.bindRealm(realmId);
			this.pushes.add(push);
		});
		await armAlarm(this.ctx.storage, 0, "if_idle");
	}

	/**
	 * Queues the creation in QBO of a purchase's PurchaseOrder or a receipt's Bill, by its request id
	 * (`po-<purchaseId>`, `bill-<receiptId>`); the alarm sends it. Queuing it again changes nothing.
	 */
	async queuePurchaseDocument(realmId: string, requestId: string): Promise<void> {
		this.ctx.storage.transactionSync(() => {
			this.meta.bindRealm(realmId);
			this.purchaseDocuments.add(requestId);
		});
		await armAlarm(this.ctx.storage, 0, "if_idle");
	}

	/** The purchase documents queued to create in QBO, oldest first: for the cron's sweep. */
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
				const stored = this.ctx.storage.transactionSync(() => this.inbox.store(events, now));
				if (stored.accepted > 0) await armAlarm(this.ctx.storage, 0);
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
			this.meta.bindRealm(realmId);
			this.meta.setImportPending();
			this.meta.clearImportStage();
		});
		await armAlarm(this.ctx.storage, 0);
	}

	/** What is still to do, for the sync status: events to process, pushes to send, the last catch-up. */
	progress(): SyncProgress {
		const importing = this.meta.importPending() || this.opening.count() > 0;
		const stage = importing ? this.meta.importStage() : null;
		return {
			importing,
			importProgress: stage ? importProgressOf(stage, this.opening.count(), Date.now()) : null,
			lastImport: this.meta.lastImport(),
			pendingEvents: this.inbox.count(),
			pendingPushes: this.pushes.count() + this.purchaseDocuments.count(),
			lastCatchUpAt: this.meta.lastCatchUpAt(),
		};
	}

	/**
	 * Runs the pending import, leaving its items' opening stock queued for the next runs; answers
	 * when to try again if QBO could not be reached (null: done).
	 */
	private async runImport(db: Database, companyId: string, api: QboApi): Promise<number | null> {
		try {
			const result = await importCatalogue(this.env, companyId, api, {
				settleOpeningStock: false,
				onProgress: (step) => this.meta.recordImportStep(step, Date.now()),
			});
			this.ctx.storage.transactionSync(() => {
				this.opening.add(result.opening);
				this.meta.setLastImport(result);
				// What the opening stock phase counts down from: the queue, whatever an earlier run left in it.
				this.meta.recordImportStep({ phase: "opening_stock", done: 0, total: this.opening.count() }, Date.now());
			});
			await appendSyncLog(db, companyId, [
				{
					source: "import",
					entity: "Company",
					entityId: this.meta.realm() ?? "",
					operation: "import",
					status: "applied",
					attempts: 1,
					error: importedNote(result),
				},
			]);
			this.ctx.storage.transactionSync(() => this.meta.clearImportPending());
			return null;
		} catch (error) {
			if (error instanceof QboApiError && error.kind !== "fatal") return error.afterMs || 30_000;
			throw error;
		}
	}

	/** The QBO client, kept across runs so that its rate limiter sees every call of this realm. */
	private qboApi(companyId: string): QboApi {
		this.api ??= new QboApi(this.env, new AccessTokens(this.env, companyId), new RateLimiter());
		return this.api;
	}
}
