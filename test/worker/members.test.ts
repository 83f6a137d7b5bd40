/**
 * The company's people, end to end through "Sign in with Intuit" against the simulator: an owner
 * invites by email, the link signs the invited Intuit account in with the invitation's role and
 * locations (once, and only for that email), the owner changes or removes members with effect at
 * their next request, the last owner stays, and only owners manage any of it.
 */
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../worker/api/session-cookie";
import { roleToken, sessionClient } from "./access-fixtures";
import { expectProblem } from "./api-checks";
import {
	approve,
	cookieValue,
	type IntuitUser,
	me,
	NONCE_COOKIE,
	ORIGIN,
	signInAtIntuit,
	signInWithIntuit,
	simCompany,
	worker,
} from "./intuit-flow";

type Invite = { id: string; email: string; role: string; locationIds: string[] | null; link: string };
type Member = { id: string; email: string | null; role: string; locationIds: string[] | null };

/** A QuickBooks company connected by its owner's first sign-in, with a second location (A is the default). */
async function connectedCompany() {
	const { realmId } = await simCompany();
	const ownerAtIntuit = await signInAtIntuit(realmId, { givenName: "Olive", familyName: "Owner" });
	const signedIn = await signInWithIntuit(realmId);
	expect(signedIn.res.headers.get("location")).toBe("/?qbo=connected");
	const owner = sessionClient(signedIn.cookie);
	const who = await me(signedIn.cookie);
	const locations = (await owner.get("/api/v1/locations")).json<{ items: { id: string }[] }>().items;
	const created = await owner.post("/api/v1/locations", { name: "Shop" });
	expect(created.status, JSON.stringify(created.body)).toBe(201);
	return {
		realmId,
		companyId: who.company.id,
		ownerId: who.user?.id ?? "",
		ownerAtIntuit,
		ownerCookie: signedIn.cookie,
		owner,
		a: locations[0]?.id ?? "",
		b: created.json<{ id: string }>().id,
	};
}

type Company = Awaited<ReturnType<typeof connectedCompany>>;

async function invite(company: Company, body: { email: string; role: string; locationIds?: string[] }) {
	const res = await company.owner.post("/api/v1/invites", body);
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.json<Invite>();
}

/** Opens an invitation's link in a fresh browser: where it sends the browser, and that browser's sign-in cookie. */
async function openLink(link: string) {
	const url = new URL(link);
	expect(url.origin).toBe(ORIGIN);
	const res = await worker(`${url.pathname}${url.search}`);
	expect(res.status).toBe(302);
	return { location: res.headers.get("location") ?? "", nonce: cookieValue(res, NONCE_COOKIE) };
}

/** Approves at the simulated Intuit (as whoever is signed in there for the realm) and returns to our callback. */
async function finishAtIntuit(opened: { location: string; nonce: string | null }, realmId: string) {
	const authorize = new URL(opened.location);
	// The invitation asks Intuit for the person's identity only, not for the books.
	expect(authorize.searchParams.get("scope")).toBe("openid profile email");
	const callback = await approve(authorize, realmId);
	const res = await worker(callback, { headers: { cookie: `${NONCE_COOKIE}=${opened.nonce}` } });
	expect(res.status).toBe(302);
	const session = cookieValue(res, SESSION_COOKIE);
	return { location: res.headers.get("location"), session, cookie: `${SESSION_COOKIE}=${session}` };
}

/** The whole invitation: the link opened and approved at Intuit by `person`. */
async function acceptAs(company: Company, link: string, person: Partial<IntuitUser>) {
	await signInAtIntuit(company.realmId, person);
	return finishAtIntuit(await openLink(link), company.realmId);
}

async function members(company: Company): Promise<Member[]> {
	const res = await company.owner.get("/api/v1/members");
	expect(res.status).toBe(200);
	return res.json<{ items: Member[] }>().items;
}

async function pendingInvites(company: Company): Promise<Invite[]> {
	const res = await company.owner.get("/api/v1/invites");
	expect(res.status).toBe(200);
	return res.json<{ items: Invite[] }>().items;
}

function uniqueEmail(name: string) {
	return `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`;
}

/** A person invited with `role` (and locations) who has signed in through the link: their member id and session. */
async function invitedMember(company: Company, role: string, locationIds?: string[]) {
	const email = uniqueEmail("member");
	const { link } = await invite(company, { email, role, ...(locationIds ? { locationIds } : {}) });
	const person = await signInAtIntuit(company.realmId, { email, givenName: "Mel", familyName: "Member" });
	const signedIn = await finishAtIntuit(await openLink(link), company.realmId);
	expect(signedIn.location).toBe("/");
	const id = (await me(signedIn.cookie)).user?.id ?? "";
	return { id, email, person, cookie: signedIn.cookie, api: sessionClient(signedIn.cookie) };
}

describe("invitations through Intuit", () => {
	it("the invited email signs in through the link as staff limited to A; the link then opens nothing", async () => {
		const company = await connectedCompany();
		const email = uniqueEmail("sam");
		const sent = await invite(company, { email, role: "staff", locationIds: [company.a] });
		expect(sent).toMatchObject({ email, role: "staff", locationIds: [company.a] });
		expect(sent.link).toMatch(/^http:\/\/stockroom\.test\/auth\/invite\/\S+$/);
		expect((await pendingInvites(company)).map((i) => i.id)).toEqual([sent.id]);
		// The link's secret is in that answer only.
		expect(JSON.stringify(await pendingInvites(company))).not.toContain(new URL(sent.link).pathname.split("/").pop());

		const signedIn = await acceptAs(company, sent.link, { email, givenName: "Sam", familyName: "Lee" });
		expect(signedIn.location).toBe("/");
		expect(signedIn.session).toBeTruthy();
		expect(await me(signedIn.cookie)).toMatchObject({
			role: "staff",
			locationIds: [company.a],
			via: "session",
			user: { email, name: "Sam Lee" },
			company: { id: company.companyId },
		});
		// Held to A: B's level rows are not theirs.
		const staff = sessionClient(signedIn.cookie);
		expectProblem(await staff.get(`/api/v1/levels?location=${company.b}`), 403, "forbidden", "location");
		expect((await members(company)).find((m) => m.email === email)).toMatchObject({
			role: "staff",
			locationIds: [company.a],
		});
		expect(await pendingInvites(company)).toEqual([]);
		// The trail says who joined, by which invitation.
		const joined = (await company.owner.get("/api/v1/audit?action=member.joined")).json<{
			items: { actor: unknown; detail: unknown }[];
		}>().items;
		expect(joined).toEqual([
			expect.objectContaining({
				actor: { kind: "user", id: (await me(signedIn.cookie)).user?.id, label: "Sam Lee" },
				detail: { inviteId: sent.id, email, role: "staff", locationIds: [company.a] },
			}),
		]);

		// Used once: the same link, even for the same person, opens nothing.
		expect((await openLink(sent.link)).location).toBe("/?error=invite_invalid");
		// Signing in later the ordinary way lands them in the company with the same role.
		const again = await signInWithIntuit(company.realmId);
		expect(again.res.headers.get("location")).toBe("/");
		expect(await me(again.cookie)).toMatchObject({ role: "staff", locationIds: [company.a] });
	});

	it("an Intuit account with another email is refused, and the link stays good for the invited one (any case)", async () => {
		const company = await connectedCompany();
		const email = uniqueEmail("Robin.Invited");
		const sent = await invite(company, { email, role: "viewer" });
		const stranger = await acceptAs(company, sent.link, { email: uniqueEmail("someone-else") });
		expect(stranger.location).toBe("/?error=invite_email_mismatch");
		expect(stranger.session).toBeNull();
		expect((await members(company)).map((m) => m.id)).toEqual([company.ownerId]);

		const invited = await acceptAs(company, sent.link, { email: email.toLowerCase() });
		expect(invited.location).toBe("/");
		expect(await me(invited.cookie)).toMatchObject({ role: "viewer", locationIds: null });
	});

	it("a revoked invitation opens nothing, even for a sign-in begun before the revocation", async () => {
		const company = await connectedCompany();
		const email = uniqueEmail("revoked");
		const sent = await invite(company, { email, role: "staff" });
		await signInAtIntuit(company.realmId, { email });
		const begun = await openLink(sent.link);
		expect(begun.location).toMatch(/^http/);

		const revoked = await company.owner.delete(`/api/v1/invites/${sent.id}`);
		expect(revoked.status).toBe(204);
		expect(await pendingInvites(company)).toEqual([]);
		const late = await finishAtIntuit(begun, company.realmId);
		expect(late.location).toBe("/?error=invite_invalid");
		expect(late.session).toBeNull();
		expect((await openLink(sent.link)).location).toBe("/?error=invite_invalid");
		expectProblem(await company.owner.delete(`/api/v1/invites/${sent.id}`), 404, "not_found");
		expect((await members(company)).map((m) => m.id)).toEqual([company.ownerId]);
	});

	it("one link opened in two browsers makes one member: the second finishes with invite_invalid", async () => {
		const company = await connectedCompany();
		const email = uniqueEmail("twice");
		const sent = await invite(company, { email, role: "viewer" });
		await signInAtIntuit(company.realmId, { email });
		const [first, second] = [await openLink(sent.link), await openLink(sent.link)];
		expect((await finishAtIntuit(first, company.realmId)).location).toBe("/");
		const late = await finishAtIntuit(second, company.realmId);
		expect(late.location).toBe("/?error=invite_invalid");
		expect(late.session).toBeNull();
		expect((await members(company)).filter((m) => m.email === email)).toHaveLength(1);
	});

	it("a user of the QuickBooks company who was not invited gets nothing, however they sign in", async () => {
		const company = await connectedCompany();
		await signInAtIntuit(company.realmId, { email: uniqueEmail("uninvited") });
		const withBooks = await signInWithIntuit(company.realmId);
		expect(withBooks.res.headers.get("location")).toBe("/?error=not_invited");
		expect(withBooks.session).toBeNull();

		const start = await worker("/auth/sign-in?scope=identity");
		const identityOnly = await finishAtIntuit(
			{ location: start.headers.get("location") ?? "", nonce: cookieValue(start, NONCE_COOKIE) },
			company.realmId,
		);
		expect(identityOnly.location).toBe("/?error=not_invited");
		expect(identityOnly.session).toBeNull();
		expect((await members(company)).map((m) => m.id)).toEqual([company.ownerId]);
	});

	it("refuses a location limit on a manager or an owner, and locations not of the company", async () => {
		const company = await connectedCompany();
		for (const role of ["manager", "owner"])
			expectProblem(
				await company.owner.post("/api/v1/invites", { email: uniqueEmail("m"), role, locationIds: [company.a] }),
				400,
				"validation_failed",
				"locationIds",
			);
		const other = await connectedCompany();
		expectProblem(
			await company.owner.post("/api/v1/invites", { email: uniqueEmail("s"), role: "staff", locationIds: [other.a] }),
			400,
			"validation_failed",
			"locationIds.0",
		);
		expect(await pendingInvites(company)).toEqual([]);
	});
});

describe("changing and removing members", () => {
	it("a new role or locations hold from the member's next request; removal ends their session", async () => {
		const company = await connectedCompany();
		const member = await invitedMember(company, "staff", [company.a]);
		const adjustAt = (locationId: string) =>
			member.api.post("/api/v1/adjustments", {
				productId: "01NOSUCHPRODUCT000000000000",
				locationId,
				quantity: 1,
				idempotencyKey: crypto.randomUUID(),
			});
		// Staff at A: an adjustment at A passes the gate (no such product: 404), one at B does not.
		expect((await adjustAt(company.a)).status).toBe(404);
		expectProblem(await adjustAt(company.b), 403, "forbidden", "locationId");

		const toViewer = await company.owner.patch(`/api/v1/members/${member.id}`, { role: "viewer" });
		expect(toViewer.status, JSON.stringify(toViewer.body)).toBe(200);
		expect(toViewer.json()).toMatchObject({ role: "viewer", locationIds: [company.a] });
		expect(await me(member.cookie)).toMatchObject({ role: "viewer", locationIds: [company.a] });
		expectProblem(await adjustAt(company.a), 403, "forbidden");

		const toB = await company.owner.patch(`/api/v1/members/${member.id}`, { role: "staff", locationIds: [company.b] });
		expect(toB.json()).toMatchObject({ role: "staff", locationIds: [company.b] });
		expect(await me(member.cookie)).toMatchObject({ role: "staff", locationIds: [company.b] });
		expect((await adjustAt(company.b)).status).toBe(404);
		expectProblem(await adjustAt(company.a), 403, "forbidden", "locationId");

		// A manager runs every location: the limit goes.
		const toManager = await company.owner.patch(`/api/v1/members/${member.id}`, { role: "manager" });
		expect(toManager.json()).toMatchObject({ role: "manager", locationIds: null });
		expect(await me(member.cookie)).toMatchObject({ role: "manager", locationIds: null });
		expect((await member.api.get("/api/v1/audit")).status).toBe(200);

		const removed = await company.owner.delete(`/api/v1/members/${member.id}`);
		expect(removed.status).toBe(204);
		const after = await worker("/api/v1/me", { headers: { cookie: member.cookie } });
		expect(after.status).toBe(401);
		expect((await members(company)).map((m) => m.id)).toEqual([company.ownerId]);
		expectProblem(await company.owner.delete(`/api/v1/members/${member.id}`), 404, "not_found");
		// Removed means not invited: signing in again gets nothing.
		await signInAtIntuit(company.realmId, member.person);
		expect((await signInWithIntuit(company.realmId)).res.headers.get("location")).toBe("/?error=not_invited");
	});

	it("the only owner can be neither demoted nor removed; with a second owner, the first can be demoted", async () => {
		const company = await connectedCompany();
		expectProblem(
			await company.owner.patch(`/api/v1/members/${company.ownerId}`, { role: "manager" }),
			409,
			"last_owner",
		);
		expectProblem(await company.owner.delete(`/api/v1/members/${company.ownerId}`), 409, "last_owner");
		expect(await me(company.ownerCookie)).toMatchObject({ role: "owner" });

		const second = await invitedMember(company, "manager");
		const promoted = await company.owner.patch(`/api/v1/members/${second.id}`, { role: "owner" });
		expect(promoted.status, JSON.stringify(promoted.body)).toBe(200);
		expect(await me(second.cookie)).toMatchObject({ role: "owner" });

		const demoted = await second.api.patch(`/api/v1/members/${company.ownerId}`, { role: "manager" });
		expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
		expect(await me(company.ownerCookie)).toMatchObject({ role: "manager" });
		expectProblem(await company.owner.get("/api/v1/members"), 403, "forbidden");

		// Now the second is the only owner.
		expectProblem(await second.api.patch(`/api/v1/members/${second.id}`, { role: "staff" }), 409, "last_owner");
		expectProblem(await second.api.delete(`/api/v1/members/${second.id}`), 409, "last_owner");
		expect(await me(second.cookie)).toMatchObject({ role: "owner" });
	});
});

describe("who manages people", () => {
	it("managers, staff and viewers — tokens and members alike — get 403 on members and invitations, and change nothing", async () => {
		const company = await connectedCompany();
		const pending = await invite(company, { email: uniqueEmail("pending"), role: "viewer" });
		const manager = await invitedMember(company, "manager");
		const callers = [
			manager.api,
			(await roleToken(company, "manager")).api,
			(await roleToken(company, "staff")).api,
			(await roleToken(company, "viewer")).api,
			(await roleToken(company, "staff", [company.a])).api,
		];
		const membersBefore = await members(company);
		for (const api of callers) {
			expectProblem(await api.get("/api/v1/members"), 403, "forbidden");
			expectProblem(await api.patch(`/api/v1/members/${manager.id}`, { role: "owner" }), 403, "forbidden");
			expectProblem(await api.delete(`/api/v1/members/${company.ownerId}`), 403, "forbidden");
			expectProblem(await api.get("/api/v1/invites"), 403, "forbidden");
			expectProblem(await api.post("/api/v1/invites", { email: uniqueEmail("x"), role: "owner" }), 403, "forbidden");
			expectProblem(await api.delete(`/api/v1/invites/${pending.id}`), 403, "forbidden");
		}
		expect(await members(company)).toEqual(membersBefore);
		expect((await pendingInvites(company)).map((i) => i.id)).toEqual([pending.id]);
	});
});
