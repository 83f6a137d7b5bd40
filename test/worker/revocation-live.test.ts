/**
 * Live sockets when the owner takes access away: a revoked API or embed token's grids close (4401)
 * and the token is refused at its next request; a member whose role or locations change is closed
 * with 4403 and reconnects to what they may now see; a removed member is closed with 4401; a
 * ticket minted before any of it opens nothing afterwards. Other grids of the company hear on.
 */
import { describe, expect, it } from "vitest";
import { memberSession, roleToken } from "./access-fixtures";
import { adjust, expectProblem } from "./api-checks";
import { type EmbedTokenAnswer, embedClient, mintToken, PORTAL } from "./embed-fixtures";
import { apiClient, makeCompany, type TestCompany } from "./helpers";
import { ORIGIN } from "./intuit-flow";
import { type LiveSocket, liveTicketPath, openLiveSocket, refusedLive, requestLive } from "./live-socket";

const REVOKED = { code: 4401, reason: "credentials expired" };
const CHANGED = { code: 4403, reason: "access changed" };

/** The owner's grid hears a change after the revocation: the company's feed goes on for everyone else. */
async function ownerHearsOn(co: TestCompany, owner: LiveSocket) {
	const [productId = "", locationId = ""] = [co.productIds[0], co.locationIds[0]];
	await adjust(co, productId, locationId, 1);
	await owner.change(productId, locationId);
	owner.close();
}

/** Opens a socket for a signed-in member's browser. */
function memberSocket(cookie: string) {
	return openLiveSocket(apiClient(null), { cookie, origin: ORIGIN });
}

describe("revoking a token", () => {
	it("closes a revoked API token's socket with 4401, refuses the token at once, and leaves other grids open", async () => {
		const co = await makeCompany();
		const staff = await roleToken(co, "staff");
		const live = await openLiveSocket(staff.api);
		const owner = await openLiveSocket(co.api);
		expect((await staff.api.get("/api/v1/levels")).status).toBe(200);

		expect((await co.api.delete(`/api/v1/tokens/${staff.id}`)).status).toBe(204);
		expect(await live.closed).toEqual(REVOKED);
		expectProblem(await staff.api.get("/api/v1/levels"), 401, "unauthorized");
		expectProblem(await staff.api.post("/api/v1/live/ticket"), 401, "unauthorized");
		await ownerHearsOn(co, owner);
	});

	it("a revoked embed token is refused at its next request and its socket closes with 4401", async () => {
		const co = await makeCompany();
		const minted = (await mintToken(co, { label: "portal grid" })) as EmbedTokenAnswer & { id: string };
		const portal = embedClient(minted.token, PORTAL);
		const live = await openLiveSocket(apiClient(minted.token), { origin: PORTAL });
		const owner = await openLiveSocket(co.api);
		expect((await portal.get("/api/v1/levels")).status).toBe(200);
		const listed = (await co.api.get("/api/v1/embed-tokens")).json<{ items: { id: string }[] }>().items;
		expect(listed.map((t) => t.id)).toContain(minted.id);

		expect((await co.api.delete(`/api/v1/embed-tokens/${minted.id}`)).status).toBe(204);
		expectProblem(await portal.get("/api/v1/levels"), 401, "unauthorized");
		expect(await live.closed).toEqual(REVOKED);
		const after = (await co.api.get("/api/v1/embed-tokens")).json<{ items: { id: string }[] }>().items;
		expect(after.map((t) => t.id)).not.toContain(minted.id);
		await ownerHearsOn(co, owner);
	});

	it("a ticket minted before the revocation opens no socket afterwards (API token and embed token)", async () => {
		const co = await makeCompany();
		const staff = await roleToken(co, "staff");
		const apiTicket = await liveTicketPath(staff.api);
		const minted = (await mintToken(co)) as EmbedTokenAnswer & { id: string };
		const embedTicket = await liveTicketPath(apiClient(minted.token), { origin: PORTAL });

		expect((await co.api.delete(`/api/v1/tokens/${staff.id}`)).status).toBe(204);
		expect((await co.api.delete(`/api/v1/embed-tokens/${minted.id}`)).status).toBe(204);
		expectProblem(await refusedLive(apiTicket), 401, "unauthorized");
		expectProblem(await refusedLive(embedTicket, { origin: PORTAL }), 401, "unauthorized");
	});
});

describe("changing or removing a member", () => {
	it("a change of locations closes the member's socket with 4403; the next one hears the new location only", async () => {
		const co = await makeCompany({ locations: 2 });
		const [productId = "", a = "", b = ""] = [co.productIds[0], ...co.locationIds];
		const member = await memberSession(co, "staff", [a]);
		const live = await memberSocket(member.cookie);
		const owner = await openLiveSocket(co.api);

		const changed = await co.api.patch(`/api/v1/members/${member.user.id}`, { locationIds: [b] });
		expect(changed.status, JSON.stringify(changed.body)).toBe(200);
		expect(await live.closed).toEqual(CHANGED);

		const again = await memberSocket(member.cookie);
		await adjust(co, productId, a, 2);
		await adjust(co, productId, b, 3);
		await again.change(productId, b);
		expect(again.changes().map((c) => c.locationId)).toEqual([b]);
		again.close();
		await owner.change(productId, b);
		owner.close();
	});

	it("a change of role alone closes the socket with 4403 too", async () => {
		const co = await makeCompany();
		const member = await memberSession(co, "manager");
		const live = await memberSocket(member.cookie);
		expect((await co.api.patch(`/api/v1/members/${member.user.id}`, { role: "viewer" })).status).toBe(200);
		expect(await live.closed).toEqual(CHANGED);
	});

	it("a removed member's socket closes with 4401, and they get no new ticket", async () => {
		const co = await makeCompany();
		const member = await memberSession(co, "staff");
		const live = await memberSocket(member.cookie);
		const owner = await openLiveSocket(co.api);
		expect((await co.api.delete(`/api/v1/members/${member.user.id}`)).status).toBe(204);
		expect(await live.closed).toEqual(REVOKED);
		expectProblem(await member.api.post("/api/v1/live/ticket"), 401, "unauthorized");
		await ownerHearsOn(co, owner);
	});

	it("a ticket minted before a member's change or removal opens no socket; a ticket minted after the change does", async () => {
		const co = await makeCompany({ locations: 2 });
		const [a = "", b = ""] = co.locationIds;
		const member = await memberSession(co, "staff", [a]);
		const browser = { cookie: member.cookie, origin: ORIGIN };
		const before = await liveTicketPath(apiClient(null), browser);
		expect((await co.api.patch(`/api/v1/members/${member.user.id}`, { locationIds: [b] })).status).toBe(200);
		expectProblem(await refusedLive(before, browser), 401, "unauthorized");

		const after = await liveTicketPath(apiClient(null), browser);
		const opened = await requestLive(after, browser);
		expect(opened.status).toBe(101);
		opened.webSocket?.accept();
		opened.webSocket?.close(1000, "test done");

		const beforeRemoval = await liveTicketPath(apiClient(null), browser);
		expect((await co.api.delete(`/api/v1/members/${member.user.id}`)).status).toBe(204);
		expectProblem(await refusedLive(beforeRemoval, browser), 401, "unauthorized");
	});
});
