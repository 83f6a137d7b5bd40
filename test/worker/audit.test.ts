/**
 * The audit trail (GET /api/v1/audit) on every write path: who did it (a token by its name, a
 * member), what (the action), and — for stock — the ledger's movements saying who made them
 * (`by`). Failed writes and idempotent replays record nothing; only managers and owners read the
 * trail; it filters by actor kind and action prefix, and never holds a secret.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createProducts } from "../../worker/catalogue/products";
import { makeInvoice } from "../fixtures/qbo/documents";
import { salesLine } from "../fixtures/qbo/lines";
import { memberSession, roleToken } from "./access-fixtures";
import { allPages, expectProblem, type Movement, type Schemas } from "./api-checks";
import { PORTAL } from "./embed-fixtures";
import { type ApiClient, apiClient, db, type TestCompany } from "./helpers";
import { orderOf, type SalesCompany, salesCompany, sync } from "./orders-fixtures";

type AuditEntry = Schemas["AuditEntry"];
type Actor = { kind: string; id: string | null; label: string };
type Token = { id: string; name: string; token: string; api: ApiClient; actor: Actor };

let shop: SalesCompany;
let co: TestCompany;
let a: string;
let b: string;

beforeAll(async () => {
	shop = await salesCompany({ orderMode: "reserve_until_delivery" }, 2);
	co = shop.co;
	[a = "", b = ""] = co.locationIds;
});

/** An API token made by the owner through the API (so its creation is on the trail too). */
async function apiToken(name: string, role: string, locationIds?: string[]): Promise<Token> {
	const res = await co.api.post("/api/v1/tokens", { name, role, ...(locationIds ? { locationIds } : {}) });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	const { id, token } = res.json<{ id: string; token: string }>();
	return { id, name, token, api: apiClient(token), actor: { kind: "api_token", id, label: name } };
}

async function trail(query = ""): Promise<AuditEntry[]> {
	return allPages<AuditEntry>(co.api, `/api/v1/audit?limit=1000${query ? `&${query}` : ""}`);
}

/** The trail's entries by this actor (id), oldest first. */
async function entriesBy(actorId: string): Promise<AuditEntry[]> {
	return (await trail(`actorId=${actorId}`)).reverse();
}

async function movementsOf(source: string): Promise<Movement[]> {
	return allPages<Movement>(co.api, `/api/v1/movements?limit=1000&source=${encodeURIComponent(source)}`);
}

function key(name: string) {
	return `${name}-${crypto.randomUUID()}`;
}

describe("stock commands on the trail and in the ledger", () => {
	it("an adjustment by an API token: stock.adjusted by the token's name, and its movement says so", async () => {
		const scanner = await apiToken("Floor scanner", "staff");
		const idempotencyKey = key("adj");
		const res = await scanner.api.post("/api/v1/adjustments", {
			productId: shop.ids.HOSE,
			locationId: a,
			quantity: -3,
			reason: "damaged",
			idempotencyKey,
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		const entries = await entriesBy(scanner.id);
		expect(entries).toEqual([
			expect.objectContaining({
				actor: scanner.actor,
				action: "stock.adjusted",
				target: "POST /api/v1/adjustments",
				subject: `adjustment:${idempotencyKey}`,
				detail: expect.objectContaining({
					body: expect.objectContaining({ productId: shop.ids.HOSE, locationId: a, quantity: -3 }),
				}),
			}),
		]);
		expect(Date.parse(entries[0]?.at ?? "")).toBeGreaterThan(Date.now() - 60_000);
		const [movement, ...more] = await movementsOf(`adjustment:${idempotencyKey}`);
		expect(more).toEqual([]);
		expect(movement).toMatchObject({ onHandDelta: -3, by: scanner.actor });
	});

	it("a transfer's two movements both show who moved the stock; a count shows who counted", async () => {
		const mover = await apiToken("Van loader", "staff");
		const transferKey = key("tr");
		const transfer = await mover.api.post("/api/v1/transfers", {
			productId: shop.ids.HOSE,
			fromLocationId: a,
			toLocationId: b,
			quantity: 4,
			idempotencyKey: transferKey,
		});
		expect(transfer.status, JSON.stringify(transfer.body)).toBe(201);
		const legs = [
			...(await movementsOf(`transfer:${transferKey}:from`)),
			...(await movementsOf(`transfer:${transferKey}:to`)),
		];
		expect(legs.map((m) => [m.locationId, m.onHandDelta]).sort()).toEqual(
			[
				[a, -4],
				[b, 4],
			].sort(),
		);
		for (const leg of legs) expect(leg.by).toEqual(mover.actor);

		const counter = await memberSession(co, "staff", null, "Casey Counter");
		const countKey = key("count");
		const count = await counter.api.post("/api/v1/counts", {
			productId: shop.ids.HOSE,
			locationId: b,
			onHand: 3,
			idempotencyKey: countKey,
		});
		expect(count.status, JSON.stringify(count.body)).toBe(201);
		const counted = { kind: "user", id: counter.user.id, label: "Casey Counter" };
		expect(await entriesBy(counter.user.id)).toMatchObject([
			{ actor: counted, action: "stock.counted", subject: `count:${countKey}` },
		]);
		expect(await entriesBy(mover.id)).toMatchObject([
			{ actor: mover.actor, action: "stock.transferred", subject: `transfer:${transferKey}` },
		]);
		const [countMovement] = await movementsOf(`count:${countKey}`);
		expect(countMovement).toMatchObject({ onHandDelta: -1, onHandAfter: 3, by: counted });
	});
});

describe("flows on the trail and in the ledger", () => {
	it("a delivery note shows who delivered, and its cancellation who cancelled", async () => {
		const picker = await apiToken("Picker", "staff");
		const supervisor = await apiToken("Supervisor", "manager");
		await sync(co, "Invoice", makeInvoice({ id: "7101", lines: [salesLine("11", 2)] }));
		const order = await orderOf(co, "7101");
		const noteRes = await picker.api.post(`/api/v1/orders/${order.id}/deliveries`, {
			lines: [{ productId: shop.ids.PUMP, quantity: 2 }],
			idempotencyKey: key("dn"),
		});
		expect(noteRes.status, JSON.stringify(noteRes.body)).toBe(201);
		const note = noteRes.json<{ id: string }>();
		expect(await entriesBy(picker.id)).toMatchObject([
			{ actor: picker.actor, action: "delivery.created", subject: `delivery:${note.id}` },
		]);
		const delivered = await movementsOf(`delivery:${note.id}`);
		expect(delivered.length).toBeGreaterThan(0);
		for (const m of delivered) expect(m.by).toEqual(picker.actor);
		// The order's page says the same of the order's movements.
		type OrderMovement = { source: string; by: unknown };
		const onOrder = (await co.api.get(`/api/v1/orders/${order.id}`)).json<{ movements: OrderMovement[] }>().movements;
		const noteMovements = onOrder.filter((m) => m.source === `delivery:${note.id}`);
		expect(noteMovements.length).toBeGreaterThan(0);
		for (const m of noteMovements) expect(m.by).toEqual(picker.actor);

		const cancelKey = key("cancel");
		const cancelled = await supervisor.api.post(`/api/v1/deliveries/${note.id}/cancel`, {
			idempotencyKey: cancelKey,
		});
		expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
		// Sent again (a lost answer): nothing changes, nothing more is recorded.
		const repeat = await supervisor.api.post(`/api/v1/deliveries/${note.id}/cancel`, { idempotencyKey: cancelKey });
		expect(repeat.json()).toEqual(cancelled.json());
		expect(await entriesBy(supervisor.id)).toMatchObject([
			{ actor: supervisor.actor, action: "delivery.cancelled", target: `POST /api/v1/deliveries/${note.id}/cancel` },
		]);
		// The goods put back are the supervisor's doing; the delivery stays the picker's.
		const after = (await movementsOf(`delivery:${note.id}`)).sort((x, y) => x.at.localeCompare(y.at));
		const putBack = after.filter((m) => m.onHandDelta > 0);
		expect(putBack.length).toBeGreaterThan(0);
		for (const m of putBack) expect(m.by).toEqual(supervisor.actor);
		for (const m of after.filter((m) => m.onHandDelta < 0)) expect(m.by).toEqual(picker.actor);
	});

	it("a purchase: who ordered it raised incoming, who received it brought the stock in", async () => {
		const buyer = await apiToken("Buyer", "manager");
		const receiver = await apiToken("Goods-in", "staff", [a]);
		// Drafted by the owner, ordered by the buyer, received by goods-in: three people, one stock source.
		const created = await co.api.post("/api/v1/purchases", {
			locationId: a,
			lines: [{ productId: shop.ids.HOSE, quantity: 6 }],
		});
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		const purchase = created.json<{ id: string; version: number }>();
		const ordered = await buyer.api.patch(`/api/v1/purchases/${purchase.id}`, {
			version: purchase.version,
			status: "ordered",
		});
		expect(ordered.status, JSON.stringify(ordered.body)).toBe(200);
		const received = await receiver.api.post(`/api/v1/purchases/${purchase.id}/receipts`, {
			lines: [{ productId: shop.ids.HOSE, quantity: 4 }],
			idempotencyKey: key("rc"),
		});
		expect(received.status, JSON.stringify(received.body)).toBe(201);

		expect((await entriesBy(buyer.id)).map((e) => [e.action, e.subject])).toEqual([
			["purchase.changed", `purchase:${purchase.id}`],
		]);
		expect(await entriesBy(receiver.id)).toMatchObject([
			{ actor: receiver.actor, action: "purchase.received", subject: `purchase:${purchase.id}` },
		]);
		const movements = await movementsOf(`purchase:${purchase.id}`);
		const orderedMove = movements.find((m) => m.onHandDelta === 0 && m.incomingDelta === 6);
		const receiptMove = movements.find((m) => m.onHandDelta === 4);
		expect(orderedMove && receiptMove).toBeTruthy();
		expect({ ordered: orderedMove?.by, received: receiptMove?.by }).toEqual({
			ordered: buyer.actor,
			received: receiver.actor,
		});
	});

	it("a build shows who built it on the trail and on every product's movement", async () => {
		const builder = await apiToken("Workshop", "manager");
		const [assembly] = await createProducts(db, co.companyId, [{ sku: `ASSY-${key("a")}`, name: "Hose pair" }]);
		const productId = assembly?.id ?? "";
		const { version } = (await builder.api.get(`/api/v1/assemblies/${productId}`)).json<{ version: number }>();
		const bom = await builder.api.call("PUT", `/api/v1/assemblies/${productId}`, {
			components: [{ productId: shop.ids.HOSE, quantity: 2 }],
			version,
		});
		expect(bom.status, JSON.stringify(bom.body)).toBe(200);
		const res = await builder.api.post("/api/v1/builds", {
			productId,
			locationId: a,
			quantity: 1,
			idempotencyKey: key("bd"),
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		const build = res.json<{ id: string }>();
		expect((await entriesBy(builder.id)).map((e) => [e.action, e.subject])).toEqual([
			["bom.changed", null],
			["build.created", `build:${build.id}`],
		]);
		const movements = await movementsOf(`build:${build.id}`);
		expect(movements.map((m) => [m.productId, m.onHandDelta]).sort()).toEqual(
			[
				[productId, 1],
				[shop.ids.HOSE, -2],
			].sort(),
		);
		for (const m of movements) expect(m.by).toEqual(builder.actor);
	});
});

describe("changes of settings, tokens and people on the trail", () => {
	it("each records its action, by whom, with the request's fields", async () => {
		const manager = await apiToken("Ops manager", "manager");
		const settings = await manager.api.patch("/api/v1/settings", { estimatesCreateOrders: true });
		expect(settings.status, JSON.stringify(settings.body)).toBe(200);
		expect(await entriesBy(manager.id)).toMatchObject([
			{
				actor: manager.actor,
				action: "settings.changed",
				target: "PATCH /api/v1/settings",
				detail: { body: { estimatesCreateOrders: true } },
			},
		]);

		const owner = await memberSession(co, "owner", null, "Olive Owner");
		const ownerActor = { kind: "user", id: owner.user.id, label: "Olive Owner" };
		const token = await owner.api.post("/api/v1/tokens", { name: "Nightly export", role: "viewer" });
		expect(token.status).toBe(201);
		const tokenId = token.json<{ id: string }>().id;
		expect((await owner.api.delete(`/api/v1/tokens/${tokenId}`)).status).toBe(204);
		const embed = await owner.api.post("/api/v1/embed-tokens", {
			scopes: ["read"],
			origins: [PORTAL],
			label: "Portal",
		});
		expect(embed.status).toBe(201);
		const embedId = embed.json<{ id: string }>().id;
		expect((await owner.api.delete(`/api/v1/embed-tokens/${embedId}`)).status).toBe(204);
		const staff = await memberSession(co, "staff", [a]);
		const changed = await owner.api.patch(`/api/v1/members/${staff.user.id}`, { role: "viewer" });
		expect(changed.status).toBe(200);
		const invite = await owner.api.post("/api/v1/invites", {
			email: "new.hire@example.com",
			role: "staff",
			locationIds: [b],
		});
		expect(invite.status).toBe(201);
		const inviteId = invite.json<{ id: string }>().id;
		expect((await owner.api.delete(`/api/v1/invites/${inviteId}`)).status).toBe(204);
		expect((await owner.api.delete(`/api/v1/members/${staff.user.id}`)).status).toBe(204);

		const entries = await entriesBy(owner.user.id);
		expect(entries.map((e) => [e.action, e.target])).toEqual([
			["api_token.created", "POST /api/v1/tokens"],
			["api_token.revoked", `DELETE /api/v1/tokens/${tokenId}`],
			["embed_token.created", "POST /api/v1/embed-tokens"],
			["embed_token.revoked", `DELETE /api/v1/embed-tokens/${embedId}`],
			["member.changed", `PATCH /api/v1/members/${staff.user.id}`],
			["invite.created", "POST /api/v1/invites"],
			["invite.revoked", `DELETE /api/v1/invites/${inviteId}`],
			["member.removed", `DELETE /api/v1/members/${staff.user.id}`],
		]);
		for (const e of entries) expect(e.actor).toEqual(ownerActor);
		expect(entries[0]?.detail).toMatchObject({ body: { name: "Nightly export", role: "viewer" } });
		expect(entries[4]?.detail).toMatchObject({ params: { id: staff.user.id }, body: { role: "viewer" } });
		expect(entries[5]?.detail).toMatchObject({
			body: { email: "new.hire@example.com", role: "staff", locationIds: [b] },
		});
	});

	it("never holds a secret: token and embed token secrets, invitation links, bearer credentials", async () => {
		const created = await co.api.post("/api/v1/tokens", { name: "Secret keeper", role: "staff" });
		const secret = created.json<{ token: string }>().token;
		const embed = (await co.api.post("/api/v1/embed-tokens", { scopes: ["read"], origins: [PORTAL] })).json<{
			token: string;
		}>().token;
		const link = (await co.api.post("/api/v1/invites", { email: "secret@example.com", role: "viewer" })).json<{
			link: string;
		}>().link;
		for (const secretText of [secret, embed, link]) expect(secretText.length).toBeGreaterThan(10);
		const keeper = apiClient(secret);
		const adjusted = await keeper.post("/api/v1/adjustments", {
			productId: shop.ids.HOSE,
			locationId: a,
			quantity: 1,
			idempotencyKey: key("s"),
		});
		expect(adjusted.status).toBe(201);
		const entries = await trail();
		expect(entries.map((e) => e.action)).toEqual(
			expect.arrayContaining(["api_token.created", "embed_token.created", "invite.created", "stock.adjusted"]),
		);
		const text = JSON.stringify(entries);
		for (const s of [secret, embed, new URL(link).pathname.split("/").pop() ?? link, co.token])
			expect(text).not.toContain(s);
	});
});

describe("what the trail leaves out", () => {
	it("a refused write (400, 403, 404, 422) records nothing", async () => {
		const clerk = await apiToken("Clerk", "staff", [a]);
		const adjustment = (body: Record<string, unknown>) =>
			clerk.api.post("/api/v1/adjustments", {
				productId: shop.ids.HOSE,
				locationId: a,
				quantity: 1,
				idempotencyKey: key("x"),
				...body,
			});
		const reused = key("reused");
		expect((await adjustment({ idempotencyKey: reused })).status).toBe(201);
		expectProblem(await adjustment({ quantity: 0 }), 400, "validation_failed", "quantity");
		expectProblem(await adjustment({ locationId: b }), 403, "forbidden", "locationId");
		expectProblem(await clerk.api.post("/api/v1/locations", { name: "Mine" }), 403, "forbidden");
		expectProblem(await adjustment({ productId: "01NOSUCHPRODUCT000000000000" }), 404, "not_found");
		expectProblem(await adjustment({ idempotencyKey: reused, quantity: 2 }), 422, "idempotency_key_reused");
		expect((await entriesBy(clerk.id)).map((e) => e.subject)).toEqual([`adjustment:${reused}`]);
	});

	it("an idempotent replay records no second entry", async () => {
		const repeater = await apiToken("Flaky network", "staff");
		const body = { productId: shop.ids.HOSE, locationId: a, quantity: 2, idempotencyKey: key("rep") };
		expect((await repeater.api.post("/api/v1/adjustments", body)).status).toBe(201);
		expect((await repeater.api.post("/api/v1/adjustments", body)).status).toBe(200);
		expect((await repeater.api.post("/api/v1/adjustments", body)).status).toBe(200);
		expect((await entriesBy(repeater.id)).map((e) => e.action)).toEqual(["stock.adjusted"]);
	});
});

describe("reading the trail", () => {
	it("is for managers and owners: staff and viewers get 403", async () => {
		for (const [role, limit] of [
			["staff", null],
			["viewer", null],
			["staff", [a]],
			["viewer", [a]],
		] as const) {
			const caller = await roleToken(co, role, limit ? [...limit] : null);
			expectProblem(await caller.api.get("/api/v1/audit"), 403, "forbidden");
		}
		const viewerMember = await memberSession(co, "viewer");
		expectProblem(await viewerMember.api.get("/api/v1/audit"), 403, "forbidden");
		expect((await (await roleToken(co, "manager")).api.get("/api/v1/audit")).status).toBe(200);
	});

	it("filters by actor kind and by action or action prefix", async () => {
		const scanner = await apiToken("Filter scanner", "staff");
		await scanner.api.post("/api/v1/adjustments", {
			productId: shop.ids.HOSE,
			locationId: a,
			quantity: 1,
			idempotencyKey: key("f"),
		});
		const member = await memberSession(co, "manager", null, "Filter manager");
		await member.api.patch("/api/v1/settings", { estimatesCreateOrders: false });

		const byTokens = await trail("actorKind=api_token");
		expect(byTokens.length).toBeGreaterThan(0);
		expect(byTokens.every((e) => e.actor.kind === "api_token")).toBe(true);
		expect(byTokens.some((e) => e.actor.id === scanner.id)).toBe(true);
		const byUsers = await trail("actorKind=user");
		expect(byUsers.every((e) => e.actor.kind === "user")).toBe(true);
		expect(byUsers.some((e) => e.actor.id === member.user.id && e.action === "settings.changed")).toBe(true);

		const stock = await trail("action=stock.");
		expect(stock.length).toBeGreaterThan(0);
		expect(stock.every((e) => e.action.startsWith("stock."))).toBe(true);
		const all = await trail();
		expect(stock).toEqual(all.filter((e) => e.action.startsWith("stock.")));
		const adjusted = await trail("action=stock.adjusted");
		expect(adjusted).toEqual(all.filter((e) => e.action === "stock.adjusted"));
		// Newest first.
		const times = all.map((e) => Date.parse(e.at));
		expect(times).toEqual([...times].sort((x, y) => y - x));
		expectProblem(await co.api.get("/api/v1/audit?actorKind=robot"), 400, "validation_failed", "actorKind");
	});
});
