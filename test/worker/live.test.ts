/**
 * Live level updates: what an open grid's WebSocket receives when stock or planning fields change
 * — through the API, by another user, or from QBO — and who may open one.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { mintEmbedToken } from "../../worker/auth/embed-tokens";
import { signPayload } from "../../worker/lib/signed-payload";
import type { InboundEvent } from "../../worker/qbo/inbound-event";
import { deliverToCompany } from "../../worker/sync/company-sync-client";
import { expectProblem } from "./api-checks";
import { companyInbox, companySyncOf } from "./company-sync-drain";
import { apiClient, db, makeCompany, type TestCompany } from "./helpers";
import { type LiveChange, liveTicketPath, openLiveSocket, refusedLive, requestLive } from "./live-socket";
import { connectSimCompany } from "./qbo-sim-client";

type Row = LiveChange & { sku: string };

function adjust(co: TestCompany, productId: string, locationId: string, quantity: number) {
	return co.api.post("/api/v1/adjustments", { productId, locationId, quantity, idempotencyKey: crypto.randomUUID() });
}

async function levelRow(co: TestCompany, productId: string, locationId: string): Promise<Row> {
	const rows = (await co.api.get(`/api/v1/levels?location=${locationId}&limit=1000`)).json<{ items: Row[] }>().items;
	const row = rows.find((r) => r.productId === productId);
	if (!row) throw new Error("no such level row");
	return row;
}

describe("live level updates", () => {
	it("an adjustment reaches an open grid with the new on hand and the row's current version", async () => {
		const co = await makeCompany();
		const [productId = "", locationId = ""] = [co.productIds[0], co.locationIds[0]];
		const live = await openLiveSocket(co.api);
		expect((await adjust(co, productId, locationId, 7.5)).status).toBe(201);
		const change = await live.change(productId, locationId);
		const row = await levelRow(co, productId, locationId);
		expect(change).toEqual({
			productId,
			locationId,
			onHand: 7.5,
			reserved: 0,
			available: 7.5,
			incoming: 0,
			version: row.version,
		});
		// The version a stock change carries is the one a planning edit must send.
		const saved = await co.api.patch("/api/v1/levels", {
			items: [{ productId, locationId, version: change.version, bin: "A-1" }],
		});
		expect(saved.json<{ items: { status: string }[] }>().items[0]?.status).toBe("updated");
		live.close();
	});

	it("a reorder point saved by another user reaches the grid with its new version", async () => {
		const co = await makeCompany();
		const [productId = "", locationId = ""] = [co.productIds[0], co.locationIds[0]];
		const live = await openLiveSocket(co.api);
		const before = await levelRow(co, productId, locationId);
		const res = await co.api.patch("/api/v1/levels", {
			items: [{ productId, locationId, version: before.version, reorderPoint: 4, reorderQty: 10 }],
		});
		expect(res.status).toBe(200);
		const change = await live.change(productId, locationId);
		expect(change).toMatchObject({
			reorderPoint: 4,
			reorderQty: 10,
			bin: null,
			version: before.version + 1,
			onHand: 0,
		});
		live.close();
	});

	it("an invoice saved in QBO reaches the grid once the sync has applied it", async () => {
		const co = await makeCompany({ locations: 1, products: 0 });
		const sim = await connectSimCompany(co.companyId);
		const [item] = await sim.query("SELECT * FROM Item WHERE Type = 'Inventory'");
		const [customer] = await sim.query("SELECT * FROM Customer");
		if (!item || !customer) throw new Error("the simulated company has no item or customer");
		await deliver(sim.realmId, [event(sim.realmId, "Item", String(item.Id))]);
		const opening = Number(item.QtyOnHand);
		const live = await openLiveSocket(co.api);

		const invoice = await sim.save("Invoice", {
			CustomerRef: { value: customer.Id },
			Line: [
				{
					DetailType: "SalesItemLineDetail",
					Amount: 30,
					SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 3, UnitPrice: 10 },
				},
			],
		});
		await deliver(sim.realmId, [event(sim.realmId, "Invoice", String(invoice.Id))]);
		const change = await live.waitFor((m) =>
			m.type === "levels" ? m.changes.find((c) => c.onHand === opening - 3) : undefined,
		);
		expect(change).toMatchObject({ locationId: co.locationIds[0], available: opening - 3 });
		live.close();
	});

	it("a grid of another company receives nothing", async () => {
		const [a, b] = [await makeCompany(), await makeCompany()];
		const [liveA, liveB] = [await openLiveSocket(a.api), await openLiveSocket(b.api)];
		await adjust(a, a.productIds[0] ?? "", a.locationIds[0] ?? "", 5);
		await liveA.change(a.productIds[0] ?? "", a.locationIds[0] ?? "");
		// B's own change, published after A's: once it is there, A's would have been too.
		await adjust(b, b.productIds[0] ?? "", b.locationIds[0] ?? "", 1);
		await liveB.change(b.productIds[0] ?? "", b.locationIds[0] ?? "");
		expect(liveB.changes().map((c) => c.productId)).toEqual([b.productIds[0]]);
		liveA.close();
		liveB.close();
	});

	it("an embedded grid limited to some locations only hears of those", async () => {
		const co = await makeCompany({ locations: 2 });
		const [productId = "", seen = "", hidden = ""] = [co.productIds[0], ...co.locationIds];
		const origin = "https://portal.example";
		const { token } = await mintEmbedToken(
			env,
			db,
			co.companyId,
			{ scopes: ["read"], origins: [origin], locationIds: [seen], label: "portal", createdBy: "test" },
			600,
		);
		const embed = apiClient(token);
		const live = await openLiveSocket(embed, { origin });
		await adjust(co, productId, hidden, 2);
		await adjust(co, productId, seen, 3);
		await live.change(productId, seen);
		expect(live.changes().map((c) => c.locationId)).toEqual([seen]);

		// Its ticket is no good from another site's page.
		const path = await liveTicketPath(embed, { origin });
		expectProblem(await refusedLive(path, { origin: "https://evil.example" }), 403, "forbidden");
		live.close();
	});

	it("opens a socket once per ticket: a URL found later in a log opens nothing", async () => {
		const co = await makeCompany();
		const path = await liveTicketPath(co.api);
		const first = await requestLive(path);
		expect(first.status).toBe(101);
		first.webSocket?.accept();
		expectProblem(await refusedLive(path), 401, "unauthorized");
		first.webSocket?.close(1000, "test done");
	});

	it("refuses a forged or expired ticket, and a request that is not a WebSocket upgrade", async () => {
		const co = await makeCompany();
		const path = await liveTicketPath(co.api);
		const [payload = "", signature = ""] = (new URL(path, "http://x").searchParams.get("ticket") ?? "").split(".");
		const forged = `${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
		expectProblem(await refusedLive(`/live?ticket=${forged}`), 401, "unauthorized");
		const otherPurpose = await signPayload(env, "embed token", {
			id: crypto.randomUUID(),
			companyId: co.companyId,
			locationIds: null,
			origins: null,
			exp: Date.now() + 60_000,
		});
		expectProblem(await refusedLive(`/live?ticket=${otherPurpose}`), 401, "unauthorized");
		const expired = await signPayload(env, "live ticket", {
			id: crypto.randomUUID(),
			companyId: co.companyId,
			locationIds: null,
			origins: null,
			exp: Date.now() - 1,
		});
		expectProblem(await refusedLive(`/live?ticket=${expired}`), 401, "unauthorized");
		expectProblem(await refusedLive("/live"), 401, "unauthorized");
		expectProblem(await co.api.get(path), 426, "upgrade_required");
		expectProblem(await apiClient(null).post("/api/v1/live/ticket"), 401, "unauthorized");
	});
});

describe("live sockets whose credentials end", () => {
	const origin = "https://portal.example";
	const appOrigin = "http://stockroom.test";

	function companyLiveStub(companyId: string) {
		return env.COMPANY_LIVE.get(env.COMPANY_LIVE.idFromName(companyId));
	}

	/** Waits until the clock is past `at` (epoch ms). */
	async function until(at: number) {
		const left = at - Date.now() + 20;
		if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
	}

	/** An embed token of the company for all its locations that expires `inMs` from now. */
	async function shortEmbedToken(co: TestCompany, inMs: number) {
		const grant = { scopes: ["read" as const], origins: [origin], locationIds: null };
		// ttl is whole seconds: mint it as if a minute ago, so that it has only `inMs` left.
		return mintEmbedToken(
			env,
			db,
			co.companyId,
			{ ...grant, label: "short", createdBy: "test" },
			60,
			Date.now() + inMs - 60_000,
		);
	}

	it("an embedded grid is closed (4401) when its embed token expires, while an API token's grid stays open", async () => {
		const co = await makeCompany();
		const [productId = "", locationId = ""] = [co.productIds[0], co.locationIds[0]];
		const { token, expiresAt } = await shortEmbedToken(co, 1_500);
		const embedded = await openLiveSocket(apiClient(token), { origin });
		const owner = await openLiveSocket(co.api);

		await until(expiresAt);
		// The alarm set for the token's expiry rings (driven here rather than waited for).
		await runDurableObjectAlarm(companyLiveStub(co.companyId));
		expect(await embedded.closed).toEqual({ code: 4401, reason: "credentials expired" });

		expect((await adjust(co, productId, locationId, 2)).status).toBe(201);
		await owner.change(productId, locationId);
		expect(embedded.changes()).toEqual([]);
		owner.close();
	});

	it("a publish after an embed token expired closes its grid instead of sending to it", async () => {
		const co = await makeCompany();
		const [productId = "", locationId = ""] = [co.productIds[0], co.locationIds[0]];
		const { token, expiresAt } = await shortEmbedToken(co, 1_500);
		const embedded = await openLiveSocket(apiClient(token), { origin });
		await until(expiresAt);
		// Before the alarm could run: the publish itself refuses the expired socket.
		expect(
			await companyLiveStub(co.companyId).publish([
				{ productId, locationId, onHand: 1, reserved: 0, available: 1, incoming: 0, version: 1 },
			]),
		).toBe(0);
		expect((await embedded.closed).code).toBe(4401);
		expect(embedded.changes()).toEqual([]);
	});

	it("refuses to open a socket with a ticket whose embed token has expired since", async () => {
		const co = await makeCompany();
		const { token, expiresAt } = await shortEmbedToken(co, 1_000);
		const path = await liveTicketPath(apiClient(token), { origin });
		await until(expiresAt);
		expectProblem(await refusedLive(path, { origin }), 401, "unauthorized");
	});

	it("signing out closes the grids open on that session, and only those", async () => {
		const co = await makeCompany();
		const [productId = "", locationId = ""] = [co.productIds[0], co.locationIds[0]];
		const signedIn = await app.request(
			`/dev/session?companyId=${co.companyId}`,
			{ method: "POST" },
			{ ...env, ENVIRONMENT: "development" as const },
		);
		const cookie = (signedIn.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
		const browser = { cookie, origin: appOrigin };
		const session = await openLiveSocket(apiClient(null), browser);
		const owner = await openLiveSocket(co.api);

		const out = await apiClient(null).post("/auth/sign-out", undefined, browser);
		expect(out.status).toBe(204);
		expect(await session.closed).toEqual({ code: 4401, reason: "credentials expired" });
		// The signed-out browser gets no new ticket; the API token's grid hears on.
		expectProblem(await apiClient(null).post("/api/v1/live/ticket", undefined, browser), 401, "unauthorized");
		await adjust(co, productId, locationId, 4);
		await owner.change(productId, locationId);
		owner.close();
	});
});

describe("GET /levels?changedSince", () => {
	it("answers only the rows changed after the given time", async () => {
		const co = await makeCompany({ locations: 2, products: 3 });
		const [p1 = "", p2 = ""] = co.productIds;
		const [l1 = "", l2 = ""] = co.locationIds;
		await adjust(co, p1, l1, 1);
		// updated_at has millisecond resolution: step past the first change.
		await new Promise((resolve) => setTimeout(resolve, 5));
		const since = new Date().toISOString();
		await new Promise((resolve) => setTimeout(resolve, 5));
		await adjust(co, p2, l2, 2);
		const before = await levelRow(co, p1, l2);
		await co.api.patch("/api/v1/levels", {
			items: [{ productId: p1, locationId: l2, version: before.version, bin: "B" }],
		});
		const res = await co.api.get(`/api/v1/levels?changedSince=${encodeURIComponent(since)}`);
		expect(res.status).toBe(200);
		const keys = res
			.json<{ items: Row[] }>()
			.items.map((r) => `${r.productId}/${r.locationId}`)
			.sort();
		expect(keys).toEqual([`${p1}/${l2}`, `${p2}/${l2}`].sort());
		expectProblem(await co.api.get("/api/v1/levels?changedSince=yesterday"), 400, "validation_failed", "changedSince");
	});
});

let eventCounter = 0;
function event(realmId: string, entity: string, entityId: string): InboundEvent {
	eventCounter += 1;
	return {
		key: `live-${eventCounter}-${crypto.randomUUID()}`,
		realmId,
		entity,
		entityId,
		operation: "create",
		occurredAt: new Date().toISOString(),
	};
}

/** Hands events to the company's sync object and lets it process until its inbox is empty. */
async function deliver(realmId: string, events: InboundEvent[]) {
	await deliverToCompany(env, realmId, events);
	for (let i = 0; i < 50; i++) {
		if ((await companyInbox(realmId)).pending.length === 0) return;
		await runDurableObjectAlarm(companySyncOf(realmId));
	}
	throw new Error("the inbox did not drain");
}
