/**
 * A client of the live feed inside workerd: asks for a ticket through the API, opens the socket
 * through the Worker's real fetch handler, and keeps every message for the test to wait on.
 */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { LevelChange } from "../../worker/stock/level-change";
import type { ApiClient, ApiResponse } from "./helpers";

/** One level's change as the feed sends it: the Worker's own type, read back from JSON. */
export type LiveChange = LevelChange;
export type LiveMessage = { type: "ready"; at: number } | { type: "levels"; changes: LiveChange[]; at: number };

export type LiveSocket = Awaited<ReturnType<typeof openLiveSocket>>;

/** The socket path (`/live?ticket=…`) of a fresh ticket for the caller of `api`. */
export async function liveTicketPath(api: ApiClient, headers?: Record<string, string>): Promise<string> {
	const res = await api.post("/api/v1/live/ticket", undefined, headers);
	expect(res.status).toBe(200);
	const url = new URL(res.json<{ url: string }>().url);
	return `${url.pathname}${url.search}`;
}

/** Requests `/live…` as a browser's WebSocket would (plus `headers`), without accepting it. */
export function requestLive(path: string, headers: Record<string, string> = {}) {
	return exports.default.fetch(
		new Request(`http://stockroom.test${path}`, { headers: { upgrade: "websocket", ...headers } }),
	);
}

/** The answer to a `/live…` request that is expected to be refused, read like an API answer. */
export async function refusedLive(path: string, headers: Record<string, string> = {}): Promise<ApiResponse> {
	const res = await requestLive(path, headers);
	const text = await res.text();
	const body: unknown = text ? JSON.parse(text) : null;
	return { status: res.status, headers: res.headers, body, json: <T>() => body as T };
}

/** Opens the live feed for the caller of `api` and waits for its `ready` message. */
export async function openLiveSocket(api: ApiClient, headers: Record<string, string> = {}) {
	const res = await requestLive(await liveTicketPath(api, headers), headers);
	expect(res.status).toBe(101);
	const ws = res.webSocket;
	if (!ws) throw new Error("101 without a WebSocket");
	const messages: LiveMessage[] = [];
	const waiters = new Set<() => void>();
	/** How the server closed the socket, once it has. */
	const closed = new Promise<{ code: number; reason: string }>((resolve) => {
		ws.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason }));
	});
	ws.accept();
	ws.addEventListener("message", (event) => {
		messages.push(JSON.parse(String(event.data)) as LiveMessage);
		for (const wake of waiters) wake();
	});

	/** The first message `match` accepts, waiting for it up to `timeoutMs`. */
	async function waitFor<T>(match: (m: LiveMessage) => T | undefined, timeoutMs = 5_000): Promise<T> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			for (const m of messages) {
				const found = match(m);
				if (found !== undefined) return found;
			}
			const left = deadline - Date.now();
			if (left <= 0) throw new Error(`no matching live message in ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
			await new Promise<void>((resolve) => {
				const wake = () => {
					waiters.delete(wake);
					clearTimeout(timer);
					resolve();
				};
				const timer = setTimeout(wake, left);
				waiters.add(wake);
			});
		}
	}

	/** The first change of (product, location) that `match` accepts. */
	function change(productId: string, locationId: string, match: (c: LiveChange) => boolean = () => true) {
		return waitFor((m) =>
			m.type === "levels"
				? m.changes.find((c) => c.productId === productId && c.locationId === locationId && match(c))
				: undefined,
		);
	}

	const ready = await waitFor((m) => (m.type === "ready" ? m : undefined));
	return {
		ws,
		ready,
		messages,
		waitFor,
		change,
		/** Every change received so far. */
		changes: () => messages.flatMap((m) => (m.type === "levels" ? m.changes : [])),
		closed,
		close: () => ws.close(1000, "test done"),
	};
}
