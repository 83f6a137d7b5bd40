/**
 * The live feed's client: going live, staying live through drops, catching up after a reconnect.
 * The API client is the real one over a scripted fetch; the socket is a stand-in the test drives
 * as the server would.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiClient } from "../../ui/src/api/api-client";
import type { LevelChange, LevelRow } from "../../ui/src/api/types";
import { LiveFeed, type LiveFeedOptions, type LiveStatus } from "../../ui/src/live/live-feed";

class FakeSocket {
	onmessage: ((event: { data: unknown }) => void) | null = null;
	onclose: ((event?: { code: number; reason: string }) => void) | null = null;
	sent: string[] = [];
	closed = false;
	constructor(readonly url: string) {}
	send(data: string) {
		this.sent.push(data);
	}
	close() {
		this.closed = true;
	}
	/** The server sends `message`. */
	receive(message: unknown) {
		this.onmessage?.({ data: JSON.stringify(message) });
	}
	/** The network drops the connection. */
	drop() {
		this.onclose?.();
	}
	/** The server closes the socket with `code`. */
	closeWith(code: number, reason = "") {
		this.onclose?.({ code, reason });
	}
}

function change(productId: string, onHand: number, version = 1): LevelChange {
	return { productId, locationId: "L1", onHand, reserved: 0, available: onHand, incoming: 0, version };
}

function row(productId: string, onHand: number): LevelRow {
	return {
		...change(productId, onHand),
		sku: productId,
		name: productId,
		type: "inventory",
		tracking: "none",
		purchaseCost: null,
		expired: 0,
		expiring: 0,
		reorderPoint: null,
		reorderQty: null,
		bin: null,
	};
}

/** A feed over a scripted API: tickets succeed unless `refuseTickets()`; `/levels` answers `catchUp()`'s rows. */
function harness(clock: Pick<LiveFeedOptions, "catchUpFrom" | "now"> = {}) {
	const sockets: FakeSocket[] = [];
	const received: LevelChange[][] = [];
	const statuses: LiveStatus[] = [];
	const levelQueries: URLSearchParams[] = [];
	let catchUpRows: LevelRow[] = [];
	let failCatchUp = false;
	let ticketsRefused = false;
	let ticketRequests = 0;
	let unauthorized = 0;
	let accessChanged = 0;
	const fetch = async (input: RequestInfo | URL) => {
		const url = new URL(String(input));
		if (url.pathname === "/api/v1/live/ticket") {
			ticketRequests++;
			if (ticketsRefused)
				return Response.json({ status: 401, title: "Unauthorized", code: "unauthorized" }, { status: 401 });
			return Response.json({ url: `ws://app.test/live?ticket=t${sockets.length}`, expiresAt: "" });
		}
		if (url.pathname === "/api/v1/levels") {
			levelQueries.push(url.searchParams);
			if (failCatchUp) return Response.json({ status: 503, title: "down" }, { status: 503 });
			return Response.json({ items: catchUpRows, nextCursor: null });
		}
		return Response.json({ status: 404, title: "no" }, { status: 404 });
	};
	const events = new EventTarget();
	const feed = new LiveFeed(
		new ApiClient({ baseUrl: "http://app.test", fetch }),
		{
			onLevels: (changes) => received.push(changes),
			onStatus: (s) => statuses.push(s),
			onUnauthorized: () => unauthorized++,
			onAccessChanged: () => accessChanged++,
		},
		{
			openSocket: (url) => {
				const socket = new FakeSocket(url);
				sockets.push(socket);
				return socket as unknown as WebSocket;
			},
			events,
			...clock,
		},
	);
	return {
		feed,
		sockets,
		received,
		statuses,
		levelQueries,
		events,
		latest: () => {
			const socket = sockets.at(-1);
			if (!socket) throw new Error("no socket opened");
			return socket;
		},
		refuseTickets: (refused = true) => {
			ticketsRefused = refused;
		},
		ticketRequests: () => ticketRequests,
		unauthorized: () => unauthorized,
		accessChanged: () => accessChanged,
		setCatchUp: (rows: LevelRow[], fail = false) => {
			catchUpRows = rows;
			failCatchUp = fail;
		},
	};
}

/** Lets pending promises (the API calls) settle under fake timers. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

describe("LiveFeed", () => {
	it("goes live when the server is ready and hands over each message's changes", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		expect(h.latest().url).toBe("ws://app.test/live?ticket=t0");
		expect(h.statuses).toEqual(["connecting"]);
		h.latest().receive({ type: "ready", at: 1_000 });
		expect(h.statuses).toEqual(["connecting", "live"]);
		h.latest().receive({ type: "levels", changes: [change("P1", 5)], at: 1_100 });
		expect(h.received).toEqual([[change("P1", 5)]]);
		h.feed.stop();
	});

	it("after a drop, reconnects by itself and catches up before it is live again, older rows first", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		h.latest().receive({ type: "ready", at: 1_000 });
		h.latest().receive({ type: "levels", changes: [change("P1", 5)], at: 60_000 });
		h.latest().drop();
		expect(h.statuses.at(-1)).toBe("offline");

		h.setCatchUp([row("P2", 9)]);
		await vi.advanceTimersByTimeAsync(500);
		expect(h.sockets).toHaveLength(2);
		h.latest().receive({ type: "ready", at: 90_000 });
		// A message that arrives while the catch-up is in flight waits for it.
		h.latest().receive({ type: "levels", changes: [change("P2", 10)], at: 90_001 });
		expect(h.statuses.at(-1)).toBe("connecting");
		await settle();
		expect(h.levelQueries[0]?.get("changedSince")).toBe(new Date(60_000 - 10_000).toISOString());
		expect(h.received.slice(1)).toEqual([
			[{ ...change("P2", 9), reorderPoint: null, reorderQty: null, bin: null }],
			[change("P2", 10)],
		]);
		expect(h.statuses.at(-1)).toBe("live");
		h.feed.stop();
	});

	it("on the first connect, catches up from when the view began reading its rows, on the server's clock", async () => {
		// The browser's clock is far off the server's (an hour behind); only elapsed time is taken from it.
		let now = 5_000;
		const h = harness({ catchUpFrom: 5_000, now: () => now });
		h.setCatchUp([row("P1", 7)]);
		h.feed.start();
		await settle();
		// The rows took 3 s to read; meanwhile P1 changed on the server, before the socket was live.
		now = 8_000;
		h.latest().receive({ type: "ready", at: 3_600_000 });
		h.latest().receive({ type: "levels", changes: [change("P1", 8, 2)], at: 3_600_001 });
		expect(h.statuses.at(-1)).toBe("connecting");
		await settle();
		// Server time at the start of the load: 3,600,000 − 3,000 elapsed; then the 10 s margin.
		expect(h.levelQueries.map((q) => q.get("changedSince"))).toEqual([
			new Date(3_600_000 - 3_000 - 10_000).toISOString(),
		]);
		expect(h.received).toEqual([
			[{ ...change("P1", 7), reorderPoint: null, reorderQty: null, bin: null }],
			[change("P1", 8, 2)],
		]);
		expect(h.statuses.at(-1)).toBe("live");
		h.feed.stop();
	});

	it("without a load time, the first connect goes live at once and reads nothing", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		h.latest().receive({ type: "ready", at: 1_000 });
		await settle();
		expect(h.levelQueries).toEqual([]);
		expect(h.statuses.at(-1)).toBe("live");
		h.feed.stop();
	});

	it("backs off while the server stays away, up to 10 s between tries", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		for (let i = 0; i < 8; i++) {
			h.latest().drop();
			await vi.advanceTimersByTimeAsync(10_000);
		}
		expect(h.sockets).toHaveLength(9);
		h.latest().drop();
		await vi.advanceTimersByTimeAsync(4_999);
		expect(h.sockets).toHaveLength(9);
		await vi.advanceTimersByTimeAsync(5_001);
		expect(h.sockets).toHaveLength(10);
		h.feed.stop();
	});

	it("replaces a socket that stops answering its pings", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		const first = h.latest();
		first.receive({ type: "ready", at: 1_000 });
		await vi.advanceTimersByTimeAsync(25_000);
		expect(first.sent).toEqual(['{"type":"ping"}']);
		first.receive({ type: "pong" });
		await vi.advanceTimersByTimeAsync(25_000 + 10_000);
		expect(first.closed).toBe(true);
		expect(h.statuses.at(-1)).not.toBe("live");
		await vi.advanceTimersByTimeAsync(1_000);
		expect(h.sockets).toHaveLength(2);
		h.feed.stop();
	});

	it("retries the catch-up on a new socket when it fails, from the same point", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		h.latest().receive({ type: "ready", at: 50_000 });
		h.latest().drop();
		h.setCatchUp([], true);
		await vi.advanceTimersByTimeAsync(500);
		h.latest().receive({ type: "ready", at: 70_000 });
		await settle();
		expect(h.statuses.at(-1)).toBe("offline");
		h.setCatchUp([row("P3", 1)]);
		await vi.advanceTimersByTimeAsync(1_000);
		h.latest().receive({ type: "ready", at: 80_000 });
		await settle();
		expect(h.levelQueries.map((q) => q.get("changedSince"))).toEqual([
			new Date(40_000).toISOString(),
			new Date(40_000).toISOString(),
		]);
		expect(h.received).toHaveLength(1);
		expect(h.statuses.at(-1)).toBe("live");
		h.feed.stop();
	});

	it("reconnects at once when the browser is back online", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		h.latest().receive({ type: "ready", at: 1_000 });
		h.events.dispatchEvent(new Event("offline"));
		expect(h.statuses.at(-1)).toBe("offline");
		h.events.dispatchEvent(new Event("online"));
		await settle();
		expect(h.sockets).toHaveLength(2);
		h.feed.stop();
	});

	it("when its credential has expired (4401) and no new ticket is given, stops retrying and says so", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		h.latest().receive({ type: "ready", at: 1_000 });
		h.refuseTickets();
		h.latest().closeWith(4401, "credentials expired");
		await settle();
		expect(h.ticketRequests()).toBe(2);
		expect(h.statuses.at(-1)).toBe("offline");
		expect(h.unauthorized()).toBe(1);
		// No hammering: nothing more, whatever happens, until start() is called again.
		await vi.advanceTimersByTimeAsync(120_000);
		h.events.dispatchEvent(new Event("online"));
		await settle();
		expect(h.ticketRequests()).toBe(2);
		expect(h.sockets).toHaveLength(1);

		h.refuseTickets(false);
		h.feed.start();
		await settle();
		expect(h.sockets).toHaveLength(2);
		h.latest().receive({ type: "ready", at: 200_000 });
		await settle();
		// Back, it catches up on what it missed while stopped.
		expect(h.levelQueries.map((q) => q.get("changedSince"))).toEqual([new Date(1_000 - 10_000).toISOString()]);
		expect(h.statuses.at(-1)).toBe("live");
		h.feed.stop();
	});

	it("after a 4401 whose credential is still good (a session that slid on), reconnects at once", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		h.latest().receive({ type: "ready", at: 1_000 });
		h.latest().closeWith(4401, "credentials expired");
		await settle();
		expect(h.sockets).toHaveLength(2);
		expect(h.unauthorized()).toBe(0);
		h.latest().receive({ type: "ready", at: 2_000 });
		await settle();
		expect(h.statuses.at(-1)).toBe("live");
		h.feed.stop();
	});

	it("when the caller's role or locations change (4403), tells the view and reconnects at once with a new ticket", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		h.latest().receive({ type: "ready", at: 1_000 });
		h.latest().closeWith(4403, "access changed");
		await settle();
		expect(h.accessChanged()).toBe(1);
		expect(h.ticketRequests()).toBe(2);
		expect(h.sockets).toHaveLength(2);
		h.latest().receive({ type: "ready", at: 2_000 });
		await settle();
		expect(h.statuses.at(-1)).toBe("live");
		h.feed.stop();
	});

	it("stop() closes the socket for good", async () => {
		const h = harness();
		h.feed.start();
		await settle();
		const socket = h.latest();
		socket.receive({ type: "ready", at: 1_000 });
		h.feed.stop();
		expect(socket.closed).toBe(true);
		expect(h.statuses.at(-1)).toBe("offline");
		socket.receive({ type: "levels", changes: [change("P1", 1)], at: 2_000 });
		await vi.advanceTimersByTimeAsync(60_000);
		expect(h.sockets).toHaveLength(1);
		expect(h.received).toEqual([]);
	});
});
