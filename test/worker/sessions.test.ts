import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../worker/api/session-cookie";
import { app } from "../../worker/app";
import { SESSION_IDLE_MS, SESSION_MAX_MS } from "../../worker/auth/sessions";
import { sessions } from "../../worker/db/schema";
import { sha256Hex } from "../../worker/lib/sha256";
import { expectProblem } from "./api-checks";
import { db, makeCompany } from "./helpers";

const ORIGIN = "http://stockroom.test";
const development = { ...env, ENVIRONMENT: "development" as const };

/** The `name=value` of the session cookie a response sets, and the whole Set-Cookie line. */
function sessionCookie(response: Response): { pair: string; line: string; secret: string } {
	const line = response.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`)) ?? "";
	const pair = line.split(";")[0] ?? "";
	return { pair, line, secret: pair.slice(SESSION_COOKIE.length + 1) };
}

/** Signs in as the company's owner through the development route. */
async function devSignIn(companyId: string) {
	const response = await app.request(`/dev/session?companyId=${companyId}`, { method: "POST" }, development);
	expect(response.status).toBe(200);
	return { response, ...sessionCookie(response) };
}

/** A request to the Worker as the browser would send it, with the session cookie. */
function withCookie(cookie: string, path: string, init: RequestInit = {}) {
	const headers = new Headers(init.headers);
	headers.set("cookie", cookie);
	return exports.default.fetch(new Request(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" }));
}

type Me = { user: { id: string; name: string | null; email: string | null } | null; role: string; via: string };

describe("the development sign-in route", () => {
	it("signs the browser in as the company's owner, creating the owner once", async () => {
		const co = await makeCompany();
		const first = await devSignIn(co.companyId);
		const me = await withCookie(first.pair, "/api/v1/me");
		expect(me.status).toBe(200);
		const body = (await me.json()) as Me & { company: { id: string; realmId: string | null } };
		expect(body).toMatchObject({ role: "owner", via: "session", company: { id: co.companyId, realmId: null } });
		expect(body.user?.name).toBe("Development owner");
		const second = await devSignIn(co.companyId);
		const again = (await (await withCookie(second.pair, "/api/v1/me")).json()) as Me;
		expect(again.user?.id).toBe(body.user?.id);
	});

	it("from the address bar, redirects to a path of the app and never elsewhere", async () => {
		const co = await makeCompany();
		const ok = await app.request(`/dev/session?companyId=${co.companyId}&next=/%23/products`, {}, development);
		expect(ok.status).toBe(302);
		expect(ok.headers.get("location")).toBe("/#/products");
		expect(sessionCookie(ok).secret).not.toBe("");
		for (const next of ["//evil.example", "https://evil.example", "/\\evil.example"]) {
			const res = await app.request(
				`/dev/session?companyId=${co.companyId}&next=${encodeURIComponent(next)}`,
				{},
				development,
			);
			expect(res.status).toBe(400);
		}
	});

	it("does not exist outside development", async () => {
		const co = await makeCompany();
		for (const method of ["GET", "POST"]) {
			const res = await exports.default.fetch(
				new Request(`${ORIGIN}/dev/session?companyId=${co.companyId}`, { method }),
			);
			expect(res.status).toBe(404);
			expect(res.headers.getSetCookie()).toEqual([]);
		}
	});

	it("answers 404 for a company that does not exist", async () => {
		const res = await app.request("/dev/session?companyId=nope", { method: "POST" }, development);
		expect(res.status).toBe(404);
	});
});

describe("the session cookie", () => {
	it("is __Host-, HttpOnly, Secure, SameSite=Lax, Path=/ and carries no Domain", async () => {
		const co = await makeCompany();
		const { line } = await devSignIn(co.companyId);
		const attributes = line.split(";").map((a) => a.trim().toLowerCase());
		expect(attributes).toEqual(expect.arrayContaining(["httponly", "secure", "samesite=lax", "path=/"]));
		expect(attributes.some((a) => a.startsWith("domain"))).toBe(false);
		expect(line.startsWith("__Host-stockroom_session=")).toBe(true);
	});

	it("is stored only as a hash: the table does not hold the secret", async () => {
		const co = await makeCompany();
		const { secret } = await devSignIn(co.companyId);
		expect(await db.query.sessions.findFirst({ where: eq(sessions.id, secret) })).toBeUndefined();
		expect(await db.query.sessions.findFirst({ where: eq(sessions.id, await sha256Hex(secret)) })).toBeDefined();
	});

	it("an expired session is refused with 401", async () => {
		const co = await makeCompany();
		const { pair, secret } = await devSignIn(co.companyId);
		await db
			.update(sessions)
			.set({ expiresAt: Date.now() - 1 })
			.where(eq(sessions.id, await sha256Hex(secret)));
		expectProblem(await toApi(await withCookie(pair, "/api/v1/me")), 401, "unauthorized");
	});

	it("an unknown or tampered cookie is refused with 401", async () => {
		const co = await makeCompany();
		const { pair } = await devSignIn(co.companyId);
		expectProblem(await toApi(await withCookie(`${pair}x`, "/api/v1/me")), 401, "unauthorized");
		expectProblem(await toApi(await withCookie(`${SESSION_COOKIE}=nothing`, "/api/v1/me")), 401, "unauthorized");
	});

	it("slides: a use after a while pushes the expiry, but never past 7 days after sign-in", async () => {
		const co = await makeCompany();
		const { pair, secret } = await devSignIn(co.companyId);
		const id = await sha256Hex(secret);
		const row = async () => (await db.query.sessions.findFirst({ where: eq(sessions.id, id) })) ?? null;
		// Signed in 6 hours ago, last seen 10 minutes ago: a use now gives it 12 more hours.
		const hour = 3_600_000;
		let now = Date.now();
		await db
			.update(sessions)
			.set({ createdAt: now - 6 * hour, lastSeenAt: now - 600_000, expiresAt: now + hour })
			.where(eq(sessions.id, id));
		expect((await withCookie(pair, "/api/v1/me")).status).toBe(200);
		expect((await row())?.expiresAt).toBeGreaterThanOrEqual(now + SESSION_IDLE_MS);
		// Signed in nearly 7 days ago: a use extends it only up to the 7 days.
		now = Date.now();
		const createdAt = now - SESSION_MAX_MS + hour;
		await db
			.update(sessions)
			.set({ createdAt, lastSeenAt: now - 600_000, expiresAt: now + 60_000 })
			.where(eq(sessions.id, id));
		expect((await withCookie(pair, "/api/v1/me")).status).toBe(200);
		expect((await row())?.expiresAt).toBe(createdAt + SESSION_MAX_MS);
	});

	it("a use within minutes of the last one writes nothing", async () => {
		const co = await makeCompany();
		const { pair, secret } = await devSignIn(co.companyId);
		const id = await sha256Hex(secret);
		const before = await db.query.sessions.findFirst({ where: eq(sessions.id, id) });
		expect((await withCookie(pair, "/api/v1/me")).status).toBe(200);
		expect(await db.query.sessions.findFirst({ where: eq(sessions.id, id) })).toEqual(before);
	});
});

describe("signing out", () => {
	it("ends the session and clears the cookie", async () => {
		const co = await makeCompany();
		const { pair } = await devSignIn(co.companyId);
		const out = await withCookie(pair, "/auth/sign-out", { method: "POST", headers: { origin: ORIGIN } });
		expect(out.status).toBe(204);
		const cleared = sessionCookie(out);
		expect(cleared.secret).toBe("");
		expect(cleared.line.toLowerCase()).toContain("max-age=0");
		expectProblem(await toApi(await withCookie(pair, "/api/v1/me")), 401, "unauthorized");
	});

	it("from a plain HTML form, returns to the app", async () => {
		const co = await makeCompany();
		const { pair } = await devSignIn(co.companyId);
		const out = await withCookie(pair, "/auth/sign-out", {
			method: "POST",
			headers: { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded" },
			body: "",
		});
		expect(out.status).toBe(303);
		expect(out.headers.get("location")).toBe("/");
	});

	it("cannot be forced by another site", async () => {
		const co = await makeCompany();
		const { pair } = await devSignIn(co.companyId);
		const out = await withCookie(pair, "/auth/sign-out", {
			method: "POST",
			headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
		});
		expectProblem(await toApi(out), 403, "forbidden");
		expect((await withCookie(pair, "/api/v1/me")).status).toBe(200);
	});
});

describe("CSRF protection of cookie-authenticated changes", () => {
	it("refuses a change from another origin, or with no origin at all", async () => {
		const co = await makeCompany();
		const { pair } = await devSignIn(co.companyId);
		const attempts: Record<string, string>[] = [
			{ origin: "https://evil.example" },
			{ origin: "https://evil.example", "sec-fetch-site": "cross-site" },
			{ "sec-fetch-site": "same-site" },
			{},
		];
		for (const headers of attempts) {
			const res = await withCookie(pair, "/api/v1/settings", {
				method: "PATCH",
				headers: { ...headers, "content-type": "application/json" },
				body: JSON.stringify({ orderMode: "reserve_until_delivery" }),
			});
			expectProblem(await toApi(res), 403, "forbidden");
		}
		const settings = (await (await withCookie(pair, "/api/v1/settings")).json()) as { orderMode: string };
		expect(settings.orderMode).toBe("ship_on_invoice");
	});

	it("accepts a change from the app's own pages", async () => {
		const co = await makeCompany();
		const { pair } = await devSignIn(co.companyId);
		const attempts: Record<string, string>[] = [{ origin: ORIGIN }, { "sec-fetch-site": "same-origin" }];
		for (const headers of attempts) {
			const res = await withCookie(pair, "/api/v1/settings", {
				method: "PATCH",
				headers: { ...headers, "content-type": "application/json" },
				body: JSON.stringify({ orderMode: "reserve_until_delivery" }),
			});
			expect(res.status).toBe(200);
		}
	});

	it("guards the QuickBooks disconnect too", async () => {
		const co = await makeCompany();
		const { pair } = await devSignIn(co.companyId);
		const res = await withCookie(pair, "/disconnect", { method: "POST", headers: { origin: "https://evil.example" } });
		expectProblem(await toApi(res), 403, "forbidden");
	});

	it("leaves bearer tokens alone, whatever the Origin", async () => {
		const co = await makeCompany();
		const res = await co.api.patch(
			"/api/v1/settings",
			{ orderMode: "reserve_until_delivery" },
			{ origin: "https://elsewhere.example" },
		);
		expect(res.status).toBe(200);
	});
});

/** A Response as the shape `expectProblem` reads. */
async function toApi(response: Response) {
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON
	}
	return {
		status: response.status,
		headers: response.headers,
		body,
		json: <T = Record<string, unknown>>() => body as T,
	};
}
