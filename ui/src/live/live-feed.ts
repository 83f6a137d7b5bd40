/**
 * Live level changes from the company's live object over a WebSocket (worker/live/).
 *
 * A socket is opened with a short ticket (`POST /live/ticket`: a browser cannot send a bearer
 * token on a WebSocket). The feed keeps itself alive: a ping every 25 s, a reconnect with backoff
 * after any close or drop, at once when the browser comes back online or the tab is shown again —
 * and after a reconnect it catches up on what it missed (`GET /levels?changedSince=`) before it
 * reports itself live again.
 *
 * The first connect catches up too when the view says when it began reading its rows
 * (`catchUpFrom`): a change made after a page was read but before the socket was live would
 * otherwise be lost. That moment is on the browser's clock and the catch-up needs the server's, so
 * it is translated with the `ready` message: the server's `at` minus the time the browser saw pass
 * since then. Only elapsed time is measured in the browser, so a wrong browser clock does not
 * matter; the ready message's transit only moves the point earlier, and the margin covers the rest.
 *
 * The server closes a socket with 4401 when the credential it was opened with expires or signs
 * out. The feed then asks for a new ticket once, at once: a session still alive gets one and the
 * feed goes on; a 401 means the credential is gone, so the feed reports "offline", tells the view
 * (`onUnauthorized`) and stops retrying until `start()` is called again.
 */
import { type ApiClient, ApiError } from "../api/api-client";
import type { LevelChange, LevelRow } from "../api/types";

export type LiveStatus = "connecting" | "live" | "offline";

export type LiveHandlers = {
	/** Levels that changed (from webhooks, other users, this user's own saves). */
	onLevels(changes: LevelChange[]): void;
	onStatus?(status: LiveStatus): void;
	/**
	 * The credential is gone (expired, signed out): the server refused a new ticket with 401. The
	 * feed is stopped; `start()` resumes it, e.g. after a new sign-in or embed token.
	 */
	onUnauthorized?(): void;
	/**
	 * The caller's role or locations changed (the server closed the socket with 4403): the feed
	 * reconnects with a ticket that carries the new locations; the view reloads what it shows, which
	 * may include rows it may no longer see.
	 */
	onAccessChanged?(): void;
};

/** What the feed needs of the browser; tests hand in fakes. */
export type LiveFeedOptions = {
	/** Opens a socket (default: `new WebSocket(url)`). */
	openSocket?: (url: string) => WebSocket;
	/** Where `online`/`offline` are fired (default: `window`). */
	events?: EventTarget;
	/** Where `visibilitychange` is fired and `visibilityState` read (default: `document`). */
	page?: EventTarget & { visibilityState?: string };
	/**
	 * When the view began reading the rows it shows, on the `now` clock (`performance.now()`): the
	 * first connect catches up from there. Left out: the first connect only goes live.
	 */
	catchUpFrom?: number;
	/** A monotonic clock in ms (default `performance.now()`). */
	now?: () => number;
};

/** Matched byte for byte by the server, which answers without waking the live object. */
const PING = '{"type":"ping"}';
const PING_EVERY_MS = 25_000;
/** A socket that does not answer a ping within this is taken for dead (a drop no close reports). */
const PONG_WITHIN_MS = 10_000;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10_000;
/**
 * How far before the last server time seen the catch-up reaches: a row's `updated_at` is set by
 * a product object just before its D1 write, and the `at` of messages by the live object after
 * it; the margin covers that gap and clock differences between the two.
 */
const CATCH_UP_MARGIN_MS = 10_000;
/** The server's close code for a socket whose credential expired or signed out. */
export const CREDENTIALS_EXPIRED_CODE = 4401;
/** The server's close code for a socket whose caller's role or locations changed. */
export const ACCESS_CHANGED_CODE = 4403;

type ServerMessage =
	| { type: "ready"; at: number }
	| { type: "levels"; changes: LevelChange[]; at: number }
	| { type: "pong" };

export class LiveFeed {
	#running = false;
	#socket: WebSocket | null = null;
	/** Bumped by every connect: an older connect still waiting for its ticket gives up. */
	#generation = 0;
	#attempts = 0;
	/** A 4401 close since the last ready: a second one backs off instead of asking again at once. */
	#credentialsClosed = false;
	#status: LiveStatus | null = null;
	/** Server time (epoch ms) before which every change has been handed over; null before the first socket. */
	#seenUntil: number | null = null;
	/** Messages held while a catch-up is in flight, so that its older rows never overwrite them. */
	#held: LevelChange[][] | null = null;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#pingTimer: ReturnType<typeof setInterval> | undefined;
	#pongTimer: ReturnType<typeof setTimeout> | undefined;
	readonly #options: LiveFeedOptions;

	constructor(
		readonly api: ApiClient,
		readonly handlers: LiveHandlers,
		options: LiveFeedOptions = {},
	) {
		this.#options = options;
	}

	/** Connects, and keeps connected until `stop()`. Calling it again while running does nothing. */
	start(): void {
		if (this.#running) return;
		this.#running = true;
		this.#attempts = 0;
		this.#credentialsClosed = false;
		this.#events()?.addEventListener("online", this.#onOnline);
		this.#events()?.addEventListener("offline", this.#onOffline);
		this.#page()?.addEventListener("visibilitychange", this.#onVisibility);
		void this.#connect();
	}

	/** Closes for good: no reconnect, no more handler calls. */
	stop(): void {
		if (!this.#running) return;
		this.#running = false;
		this.#generation++;
		this.#events()?.removeEventListener("online", this.#onOnline);
		this.#events()?.removeEventListener("offline", this.#onOffline);
		this.#page()?.removeEventListener("visibilitychange", this.#onVisibility);
		clearTimeout(this.#retryTimer);
		this.#discardSocket();
		this.#setStatus("offline");
	}

	async #connect(): Promise<void> {
		clearTimeout(this.#retryTimer);
		this.#discardSocket();
		const generation = ++this.#generation;
		this.#setStatus("connecting");
		let url: string;
		try {
			({ url } = await this.api.post<{ url: string }>("/live/ticket"));
		} catch (error) {
			if (generation !== this.#generation) return;
			// The credential is gone: retrying cannot help, a new sign-in (or token) can.
			if (error instanceof ApiError && error.status === 401) this.#unauthorized();
			else this.#failedToConnect();
			return;
		}
		if (generation !== this.#generation || !this.#running) return;
		let ws: WebSocket;
		try {
			ws = this.#options.openSocket ? this.#options.openSocket(url) : new WebSocket(url);
		} catch {
			this.#failedToConnect();
			return;
		}
		this.#socket = ws;
		ws.onmessage = (event) => {
			if (this.#socket === ws) this.#onMessage(ws, event.data);
		};
		// An error is always followed by a close.
		ws.onclose = (event?: { code?: number }) => {
			if (this.#socket !== ws) return;
			if (event?.code === CREDENTIALS_EXPIRED_CODE) this.#credentialsExpired();
			else if (event?.code === ACCESS_CHANGED_CODE) this.#accessChanged();
			else this.#lost();
		};
	}

	#onMessage(ws: WebSocket, data: unknown): void {
		const message = parse(data);
		if (!message) return;
		if (message.type === "pong") {
			clearTimeout(this.#pongTimer);
		} else if (message.type === "ready") {
			this.#attempts = 0;
			this.#credentialsClosed = false;
			this.#keepAlive(ws);
			const since = this.#seenUntil ?? this.#firstCatchUpPoint(message.at);
			if (since === null) {
				this.#seenUntil = message.at;
				this.#setStatus("live");
			} else void this.#catchUp(ws, since, message.at);
		} else if (this.#held) {
			this.#held.push(message.changes);
		} else {
			this.#deliver(message.changes);
			this.#seenUntil = Math.max(this.#seenUntil ?? 0, message.at);
		}
	}

	/** The server time at which the view began reading its rows, from a ready message's `at`; null when not told. */
	#firstCatchUpPoint(readyAt: number): number | null {
		const from = this.#options.catchUpFrom;
		if (from === undefined) return null;
		const elapsed = Math.max(0, this.#now() - from);
		return readyAt - elapsed;
	}

	#now(): number {
		return this.#options.now ? this.#options.now() : performance.now();
	}

	/** Hands over what changed while the feed was away, then what arrived meanwhile, in that order. */
	async #catchUp(ws: WebSocket, since: number, readyAt: number): Promise<void> {
		this.#held = [];
		let rows: LevelRow[];
		try {
			rows = await this.api.all<LevelRow>("/levels", {
				changedSince: new Date(since - CATCH_UP_MARGIN_MS).toISOString(),
			});
		} catch {
			// Try again from the same point on a new socket.
			if (this.#socket === ws) this.#lost();
			return;
		}
		if (this.#socket !== ws) return;
		const held = this.#held ?? [];
		this.#held = null;
		if (rows.length > 0) this.#deliver(rows.map(toLevelChange));
		for (const changes of held) this.#deliver(changes);
		this.#seenUntil = Math.max(this.#seenUntil ?? 0, readyAt);
		this.#setStatus("live");
	}

	#deliver(changes: LevelChange[]): void {
		try {
			this.handlers.onLevels(changes);
		} catch (error) {
			// The view's failure must not take the feed down with it.
			console.error("live feed: onLevels failed", error);
		}
	}

	#keepAlive(ws: WebSocket): void {
		clearInterval(this.#pingTimer);
		this.#pingTimer = setInterval(() => this.#ping(ws), PING_EVERY_MS);
	}

	#ping(ws: WebSocket): void {
		if (this.#socket !== ws) return;
		try {
			ws.send(PING);
		} catch {
			this.#lost();
			return;
		}
		clearTimeout(this.#pongTimer);
		this.#pongTimer = setTimeout(() => {
			if (this.#socket === ws) this.#lost();
		}, PONG_WITHIN_MS);
	}

	/** The socket closed or looks dead (a drop is not always reported by a close): a new one after a while. */
	/** Could not even connect (no ticket, no socket): said as offline, not left "connecting" while it retries. */
	#failedToConnect(): void {
		this.#setStatus("offline");
		this.#retryLater();
	}

	#lost(): void {
		this.#discardSocket();
		this.#setStatus("offline");
		this.#retryLater();
	}

	/** Closed with 4401: one new ticket at once tells whether the credential is still good (a second 4401 backs off). */
	#credentialsExpired(): void {
		this.#discardSocket();
		this.#setStatus("offline");
		if (this.#credentialsClosed) {
			this.#retryLater();
			return;
		}
		this.#credentialsClosed = true;
		this.#attempts = 0;
		void this.#connect();
	}

	/** Closed with 4403: the view is told (it reloads), and a new ticket at once carries the new locations. */
	#accessChanged(): void {
		this.#discardSocket();
		this.#setStatus("offline");
		try {
			this.handlers.onAccessChanged?.();
		} catch (error) {
			console.error("live feed: onAccessChanged failed", error);
		}
		this.#attempts = 0;
		void this.#connect();
	}

	/** Refused a ticket (401): offline until `start()` again, and the view is told. */
	#unauthorized(): void {
		this.stop();
		try {
			this.handlers.onUnauthorized?.();
		} catch (error) {
			console.error("live feed: onUnauthorized failed", error);
		}
	}

	#discardSocket(): void {
		clearInterval(this.#pingTimer);
		clearTimeout(this.#pongTimer);
		this.#held = null;
		const ws = this.#socket;
		this.#socket = null;
		if (!ws) return;
		ws.onmessage = null;
		ws.onclose = null;
		try {
			ws.close(1000, "done");
		} catch {
			// already closing
		}
	}

	/** Backoff from 0.5 s doubling to 10 s, each delay jittered (½–1×) so that grids do not reconnect in step. */
	#retryLater(): void {
		if (!this.#running) return;
		clearTimeout(this.#retryTimer);
		const ceiling = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.#attempts);
		this.#attempts++;
		this.#retryTimer = setTimeout(() => void this.#connect(), ceiling / 2 + (Math.random() * ceiling) / 2);
	}

	/** Back online or shown again: a live socket is checked at once, anything else reconnects now. */
	#wake(): void {
		if (!this.#running) return;
		const ws = this.#socket;
		if (ws && this.#status === "live") this.#ping(ws);
		else if (!ws) {
			this.#attempts = 0;
			void this.#connect();
		}
	}

	readonly #onOnline = () => this.#wake();
	readonly #onOffline = () => {
		if (this.#running && this.#socket) this.#lost();
	};
	readonly #onVisibility = () => {
		if (this.#page()?.visibilityState === "visible") this.#wake();
	};

	#setStatus(status: LiveStatus): void {
		if (status === this.#status) return;
		this.#status = status;
		this.handlers.onStatus?.(status);
	}

	#events(): EventTarget | undefined {
		return this.#options.events ?? (typeof window === "undefined" ? undefined : window);
	}

	#page(): (EventTarget & { visibilityState?: string }) | undefined {
		return this.#options.page ?? (typeof document === "undefined" ? undefined : document);
	}
}

function parse(data: unknown): ServerMessage | null {
	if (typeof data !== "string") return null;
	try {
		const message = JSON.parse(data) as Partial<ServerMessage> | null;
		if (message?.type === "pong") return { type: "pong" };
		if (message?.type === "ready" && typeof message.at === "number") return { type: "ready", at: message.at };
		if (message?.type === "levels" && typeof message.at === "number" && Array.isArray(message.changes))
			return { type: "levels", changes: message.changes, at: message.at };
	} catch {
		// not ours
	}
	return null;
}

function toLevelChange(row: LevelRow): LevelChange {
	const { productId, locationId, onHand, reserved, available, incoming, version, reorderPoint, reorderQty, bin } = row;
	return { productId, locationId, onHand, reserved, available, incoming, version, reorderPoint, reorderQty, bin };
}
