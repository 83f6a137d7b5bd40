/**
 * Webhook deliveries, per company, the way Intuit's notification service behaves
 * (docs/qbo.md#answering-retries-and-duplicates):
 * - events are queued in the order they happened and batched (a configurable window, ≤ 100 events);
 * - one delivery at a time: until it is answered with HTTP 200 (within the delivery timeout) nothing
 *   else is sent — a failing endpoint stalls the company's queue;
 * - a failed delivery is retried with the same body and event ids at 10 s, 20 s, 30 s, 5 min, 20 min,
 *   2 h, 4 h, 6 h, then every 6 h, each multiplied by the simulator's time scale (tests compress it);
 * - injected notification faults drop, duplicate or reorder events (see fault-rules.ts).
 */
import { randomUUID } from "node:crypto";
import type { Change } from "../company/company.ts";
import { type FaultRules, NOTIFICATION_FAULTS } from "../faults/fault-rules.ts";
import { ENTITIES } from "../qbo/entities.ts";
import { renderPayload, type WebhookEvent, type WebhookFormat } from "./payload.ts";
import { signPayload } from "./sign.ts";

const RETRY_SCHEDULE_MS = [10_000, 20_000, 30_000, 300_000, 1_200_000, 7_200_000, 14_400_000, 21_600_000];
const RETRY_FOREVER_MS = 21_600_000;
const LOG_LIMIT = 1000;

export type WebhookConfig = {
	url: string;
	verifier: string;
	format: WebhookFormat;
	/** Events arriving within this window after the first go in one delivery. */
	batchWindowMs: number;
	maxEventsPerDelivery: number;
	contentType: string;
	/** Intuit wants a 200 within 3 s; slower answers count as failures. */
	deliveryTimeoutMs: number;
	/** How long a reordered event waits for later events before it is sent alone. */
	reorderHoldMs: number;
};

export const DEFAULT_WEBHOOK_CONFIG: Omit<WebhookConfig, "url" | "verifier"> = {
	format: "cloudevents",
	batchWindowMs: 100,
	maxEventsPerDelivery: 100,
	contentType: "application/json",
	deliveryTimeoutMs: 3000,
	reorderHoldMs: 1000,
};

export type DeliveryAttempt = {
	deliveryId: string;
	attempt: number;
	at: string;
	eventIds: string[];
	ok: boolean;
	status?: number;
	error?: string;
};

/** What happened to each event: useful to explain a test failure. */
export type EventRecord = {
	id: string;
	type: string;
	entityId: string;
	fate: "queued" | "dropped" | "duplicated" | "reordered";
};

type Queued = WebhookEvent & { duplicate: boolean; heldSinceMs?: number };
type InFlight = { id: string; events: Queued[]; body: string; signature: string; attempt: number };

type Queue = {
	config: WebhookConfig;
	pending: Queued[];
	held: Queued[];
	inflight?: InFlight;
	timer?: ReturnType<typeof setTimeout>;
	/** When the armed (non-retry) timer fires. */
	dueMs?: number;
	log: DeliveryAttempt[];
	events: EventRecord[];
};

export type DispatcherDeps = {
	faults: FaultRules;
	now: () => number;
	timeScale: () => number;
	fetch: typeof fetch;
	/** CloudEvents `source`: `intuit.<opaque>`. */
	source: string;
};

export class WebhookDispatcher {
	private readonly queues = new Map<string, Queue>();
	private readonly deps: DispatcherDeps;
	private closed = false;
	/** Aborts requests still out when the simulator closes, so nothing keeps the process alive. */
	private readonly aborter = new AbortController();

	constructor(deps: DispatcherDeps) {
		this.deps = deps;
	}

	configure(realmId: string, config: WebhookConfig | undefined): void {
		const queue = this.queues.get(realmId);
		if (!config) {
			if (queue?.timer) clearTimeout(queue.timer);
			this.queues.delete(realmId);
			return;
		}
		if (queue) queue.config = config;
		else this.queues.set(realmId, { config, pending: [], held: [], log: [], events: [] });
	}

	config(realmId: string): WebhookConfig | undefined {
		return this.queues.get(realmId)?.config;
	}

	/** Queues the notification of a change, unless the entity has no webhooks or faults say otherwise. */
	notify(change: Change): void {
		const queue = this.queues.get(change.realmId);
		if (!queue || this.closed || !ENTITIES[change.entity].webhooks) return;
		const event: Queued = { id: randomUUID(), change, duplicate: false };
		const record: EventRecord = {
			id: event.id,
			type: `${change.entity}.${change.operation}`,
			entityId: change.id,
			fate: "queued",
		};
		queue.events.push(record);
		if (queue.events.length > LOG_LIMIT) queue.events.shift();
		const fired = new Set(this.deps.faults.fire(NOTIFICATION_FAULTS, { realmId: change.realmId }).map((r) => r.kind));
		if (fired.has("drop")) {
			record.fate = "dropped";
			return;
		}
		if (fired.has("duplicate")) {
			event.duplicate = true;
			record.fate = "duplicated";
		}
		if (fired.has("reorder")) {
			record.fate = "reordered";
			queue.held.push({ ...event, heldSinceMs: this.deps.now() });
		} else {
			queue.pending.push(event);
		}
		this.schedule(queue);
	}

	/**
	 * Arms the timer of the next delivery: the end of the batching window that the first pending event
	 * opened, or the end of the oldest held event's hold. An armed earlier deadline is kept, so steady
	 * traffic cannot postpone a delivery forever. (While a delivery is in flight its retry owns the timer.)
	 */
	private schedule(queue: Queue): void {
		if (this.closed || queue.inflight) return;
		const now = this.deps.now();
		let dueMs: number | undefined;
		if (queue.pending.length > 0) dueMs = now + queue.config.batchWindowMs;
		else if (queue.held.length > 0)
			dueMs = Math.min(...queue.held.map((e) => e.heldSinceMs ?? 0)) + queue.config.reorderHoldMs;
		if (dueMs === undefined) return;
		if (queue.timer && queue.dueMs !== undefined && queue.dueMs <= dueMs) return;
		if (queue.timer) clearTimeout(queue.timer);
		queue.dueMs = dueMs;
		queue.timer = setTimeout(
			() => {
				queue.timer = undefined;
				queue.dueMs = undefined;
				this.startDelivery(queue);
			},
			Math.max(0, dueMs - now),
		);
	}

	private startDelivery(queue: Queue): void {
		let events = queue.pending.splice(0, queue.config.maxEventsPerDelivery);
		if (events.length > 0) {
			// Held (reordered) events ride behind events that happened after them.
			events = [...events, ...queue.held.splice(0)];
		} else {
			const due = this.deps.now() - queue.config.reorderHoldMs;
			events = queue.held.filter((e) => (e.heldSinceMs ?? 0) <= due);
			queue.held = queue.held.filter((e) => !events.includes(e));
		}
		if (events.length === 0) {
			this.schedule(queue);
			return;
		}
		const body = renderPayload(queue.config.format, events, this.deps.source);
		queue.inflight = {
			id: randomUUID(),
			events,
			body,
			signature: signPayload(queue.config.verifier, body),
			attempt: 0,
		};
		void this.attempt(queue);
	}

	private async attempt(queue: Queue): Promise<void> {
		const inflight = queue.inflight;
		if (!inflight || this.closed) return;
		inflight.attempt++;
		const { config } = queue;
		const entry: DeliveryAttempt = {
			deliveryId: inflight.id,
			attempt: inflight.attempt,
			at: new Date(this.deps.now()).toISOString(),
			eventIds: inflight.events.map((e) => e.id),
			ok: false,
		};
		try {
			const response = await this.deps.fetch(config.url, {
				method: "POST",
				headers: {
					"content-type": config.contentType,
					"intuit-signature": inflight.signature,
					"intuit-created-time": new Date(this.deps.now()).toISOString(),
					"intuit-t-id": randomUUID(),
					"intuit-notification-schema-version": "0.1",
					"user-agent": "intuit_notification_server/0.1",
				},
				body: inflight.body,
				signal: AbortSignal.any([AbortSignal.timeout(config.deliveryTimeoutMs), this.aborter.signal]),
			});
			await response.arrayBuffer().catch(() => undefined);
			entry.status = response.status;
			entry.ok = response.status === 200;
		} catch (error) {
			entry.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
		}
		queue.log.push(entry);
		if (queue.log.length > LOG_LIMIT) queue.log.shift();
		// A reset or a removed webhook while the request was out leaves nothing to continue.
		if (this.closed || queue.inflight !== inflight || ![...this.queues.values()].includes(queue)) return;
		if (entry.ok) {
			queue.inflight = undefined;
			for (const event of inflight.events)
				if (event.duplicate) queue.pending.push({ id: event.id, change: event.change, duplicate: false });
			this.schedule(queue);
			return;
		}
		const delay = (RETRY_SCHEDULE_MS[inflight.attempt - 1] ?? RETRY_FOREVER_MS) * this.deps.timeScale();
		queue.timer = setTimeout(() => {
			queue.timer = undefined;
			void this.attempt(queue);
		}, delay);
	}

	/** Sends what is queued now instead of at the end of the batching window (a pending retry waits). */
	flush(realmId: string): void {
		const queue = this.queues.get(realmId);
		if (!queue || queue.inflight || !queue.timer) return;
		clearTimeout(queue.timer);
		queue.timer = undefined;
		queue.dueMs = undefined;
		this.startDelivery(queue);
	}

	status(realmId: string) {
		const queue = this.queues.get(realmId);
		return {
			configured: queue !== undefined,
			pending: queue?.pending.length ?? 0,
			held: queue?.held.length ?? 0,
			inFlight: queue?.inflight ? { deliveryId: queue.inflight.id, attempts: queue.inflight.attempt } : null,
		};
	}

	/** True when nothing is queued, held or in flight for the company. */
	isIdle(realmId: string): boolean {
		const queue = this.queues.get(realmId);
		return !queue || (queue.pending.length === 0 && queue.held.length === 0 && !queue.inflight && !queue.timer);
	}

	/** Waits until the company's queue is empty; false on timeout. */
	async idle(realmId: string, timeoutMs = 10_000): Promise<boolean> {
		const deadline = Date.now() + timeoutMs;
		while (!this.isIdle(realmId)) {
			if (Date.now() > deadline) return false;
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		return true;
	}

	deliveries(realmId: string): DeliveryAttempt[] {
		return [...(this.queues.get(realmId)?.log ?? [])];
	}

	events(realmId: string): EventRecord[] {
		return [...(this.queues.get(realmId)?.events ?? [])];
	}

	forget(realmId: string): void {
		this.configure(realmId, undefined);
	}

	reset(): void {
		for (const queue of this.queues.values()) if (queue.timer) clearTimeout(queue.timer);
		this.queues.clear();
	}

	close(): void {
		this.closed = true;
		this.aborter.abort();
		this.reset();
	}
}
