import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../sim/simulator.ts";
import { faultCode, manualClock, reply, SCOPE } from "./helpers.ts";

let sim: Simulator;
afterEach(() => sim.close());

const REDIRECT = "https://app.example/connect/qbo/callback";
const basic = (id = "client-id", secret = "client-secret") =>
	`Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

async function authorize(params: Record<string, string> = {}): Promise<URL> {
	const query = new URLSearchParams({
		client_id: "client-id",
		response_type: "code",
		scope: SCOPE,
		redirect_uri: REDIRECT,
		state: "csrf-123",
		...params,
	});
	const res = await sim.app.request(`/connect/oauth2?${query}`);
	expect(res.status).toBe(302);
	return new URL(res.headers.get("location") ?? "");
}

/** Calls the token endpoint; `null` sends no client authentication header. */
async function token(form: Record<string, string>, authorization: string | null = basic()) {
	const headers: Record<string, string> = {
		"content-type": "application/x-www-form-urlencoded",
		accept: "application/json",
	};
	if (authorization) headers.authorization = authorization;
	return reply(
		await sim.app.request("/oauth2/v1/tokens/bearer", {
			method: "POST",
			headers,
			body: new URLSearchParams(form).toString(),
		}),
	);
}

async function callApi(realmId: string, accessToken: string) {
	return reply(
		await sim.app.request(`/v3/company/${realmId}/companyinfo/${realmId}`, {
			headers: { authorization: `Bearer ${accessToken}` },
		}),
	);
}

describe("OAuth 2: authorization code flow", () => {
	it("auto-approves, redirects with code, state and realmId, and exchanges the code for tokens once", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 1 });
		const callback = await authorize();
		expect(callback.origin + callback.pathname).toBe(REDIRECT);
		expect(callback.searchParams.get("state")).toBe("csrf-123");
		expect(callback.searchParams.get("realmId")).toBe(company.realmId);
		const code = callback.searchParams.get("code") ?? "";
		const res = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT });
		expect(res.status).toBe(200);
		expect(res.headers.get("cache-control")).toBe("no-store");
		expect(res.body).toMatchObject({ token_type: "bearer", expires_in: 3600, x_refresh_token_expires_in: 8726400 });
		expect((await callApi(company.realmId, String(res.body.access_token))).status).toBe(200);
		const again = await token({ grant_type: "authorization_code", code, redirect_uri: REDIRECT });
		expect([again.status, again.body.error]).toEqual([400, "invalid_grant"]);
	});

	it("binds the code to its client and redirect_uri", async () => {
		sim = createSimulator();
		sim.createCompany({ items: 0 });
		const code = (await authorize()).searchParams.get("code") ?? "";
		const wrongUri = await token({ grant_type: "authorization_code", code, redirect_uri: "https://evil.example/cb" });
		expect(wrongUri.body.error).toBe("invalid_grant");
		const code2 = (await authorize()).searchParams.get("code") ?? "";
		const otherClient = await token(
			{ grant_type: "authorization_code", code: code2, redirect_uri: REDIRECT },
			basic("other"),
		);
		expect(otherClient.body.error).toBe("invalid_grant");
		const noClient = await token({ grant_type: "authorization_code", code: code2, redirect_uri: REDIRECT }, null);
		expect([noClient.status, noClient.body.error]).toEqual([401, "invalid_client"]);
		const posted = await token(
			{
				grant_type: "authorization_code",
				code: (await authorize()).searchParams.get("code") ?? "",
				redirect_uri: REDIRECT,
				client_id: "client-id",
				client_secret: "s",
			},
			null,
		);
		expect(posted.status).toBe(200);
	});

	it("redirects errors: missing state, unsupported response type, a user who declines", async () => {
		sim = createSimulator();
		sim.createCompany({ items: 0 });
		expect((await authorize({ state: "" })).searchParams.get("error")).toBe("invalid_request");
		expect((await authorize({ response_type: "token" })).searchParams.get("error")).toBe("unsupported_response_type");
		const denied = await authorize({ deny: "1" });
		expect([denied.searchParams.get("error"), denied.searchParams.get("state")]).toEqual(["access_denied", "csrf-123"]);
		expect(denied.searchParams.get("code")).toBeNull();
	});

	it("connects the company named by realmId, or creates one when there is none", async () => {
		sim = createSimulator();
		const created = (await authorize()).searchParams.get("realmId") ?? "";
		expect(sim.company(created)).toBeDefined();
		const second = sim.createCompany({ items: 0 });
		expect((await authorize({ realmId: second.realmId })).searchParams.get("realmId")).toBe(second.realmId);
	});

	it("publishes discovery documents pointing at its own origin", async () => {
		sim = createSimulator();
		const res = await sim.app.request("http://localhost:8788/.well-known/openid_sandbox_configuration");
		expect(await res.json()).toMatchObject({
			authorization_endpoint: "http://localhost:8788/connect/oauth2",
			token_endpoint: "http://localhost:8788/oauth2/v1/tokens/bearer",
			revocation_endpoint: "http://localhost:8788/oauth2/v1/tokens/revoke",
		});
	});
});

describe("OAuth 2: refresh, expiry and revocation", () => {
	it("rotates refresh tokens: the old one is invalid_grant after use, the new one works", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 0 });
		const first = sim.oauth.connect(company.realmId, "client-id", SCOPE);
		const refreshed = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
		const reused = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
		expect([reused.status, reused.body.error]).toEqual([400, "invalid_grant"]);
		const next = await token({ grant_type: "refresh_token", refresh_token: String(refreshed.body.refresh_token) });
		expect(next.status).toBe(200);
		expect((await callApi(company.realmId, String(next.body.access_token))).status).toBe(200);
		const otherClient = await token(
			{ grant_type: "refresh_token", refresh_token: String(next.body.refresh_token) },
			basic("x"),
		);
		expect(otherClient.body.error).toBe("invalid_grant");
	});

	it("expires access tokens after their TTL with a 401 in Intuit's envelope", async () => {
		const clock = manualClock();
		sim = createSimulator({ now: clock.now, tokens: { accessTokenTtlSeconds: 60 } });
		const company = sim.createCompany({ items: 0 });
		const tokens = sim.oauth.connect(company.realmId, "client-id", SCOPE);
		expect(tokens.expires_in).toBe(60);
		expect((await callApi(company.realmId, tokens.access_token)).status).toBe(200);
		clock.advance(61_000);
		const expired = await callApi(company.realmId, tokens.access_token);
		expect(expired.status).toBe(401);
		expect(expired.headers.get("www-authenticate")).toContain("invalid_token");
		expect(expired.body).toMatchObject({ fault: { type: "AUTHENTICATION", error: [{ code: "3200" }] } });
		const refreshed = await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
		expect((await callApi(company.realmId, String(refreshed.body.access_token))).status).toBe(200);
	});

	it("revokes the whole connection by refresh or access token", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 0 });
		const tokens = sim.oauth.connect(company.realmId, "client-id", SCOPE);
		const res = await sim.app.request("/oauth2/v1/tokens/revoke", {
			method: "POST",
			headers: { authorization: basic(), "content-type": "application/json", accept: "application/json" },
			body: JSON.stringify({ token: tokens.refresh_token }),
		});
		expect(res.status).toBe(200);
		expect((await callApi(company.realmId, tokens.access_token)).status).toBe(401);
		const refresh = await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
		expect(refresh.body.error).toBe("invalid_grant");
		const second = sim.oauth.connect(company.realmId, "client-id", SCOPE);
		await sim.app.request("/v2/oauth2/tokens/revoke", {
			method: "POST",
			headers: { authorization: basic(), "content-type": "application/json" },
			body: JSON.stringify({ token: second.access_token }),
		});
		expect((await token({ grant_type: "refresh_token", refresh_token: second.refresh_token })).body.error).toBe(
			"invalid_grant",
		);
	});

	it("reports the refresh token's hard expiry when asked", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 0 });
		const tokens = sim.oauth.connect(company.realmId, "client-id", SCOPE);
		const res = await reply(
			await sim.app.request("/oauth2/v1/tokens/bearer", {
				method: "POST",
				headers: {
					authorization: basic(),
					"content-type": "application/x-www-form-urlencoded",
					"x-include-refresh-token-hard-expires-in": "true",
				},
				body: `grant_type=refresh_token&refresh_token=${tokens.refresh_token}`,
			}),
		);
		expect(Number(res.body.x_refresh_token_hard_expires_in)).toBeGreaterThan(4 * 365 * 86_400);
	});
});

describe("API authentication", () => {
	it("wants a bearer token, and only for its own company", async () => {
		sim = createSimulator();
		const a = sim.createCompany({ items: 0 });
		const b = sim.createCompany({ items: 0 });
		const none = await reply(await sim.app.request(`/v3/company/${a.realmId}/companyinfo/${a.realmId}`));
		expect(none.status).toBe(401);
		const forged = await callApi(a.realmId, "not-a-token");
		expect(forged.status).toBe(401);
		const tokenOfB = sim.oauth.connect(b.realmId, "client-id", SCOPE).access_token;
		const cross = await callApi(a.realmId, tokenOfB);
		expect([cross.status, cross.body.Fault?.type, faultCode(cross.body)]).toEqual([403, "AuthorizationFault", "3100"]);
	});

	it("stops answering a company the user disconnected", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 0 });
		const tokens = sim.oauth.connect(company.realmId, "client-id", SCOPE);
		const res = await sim.app.request(`/admin/companies/${company.realmId}/disconnect`, { method: "POST" });
		expect(await res.json()).toEqual({ revoked: 1 });
		expect((await callApi(company.realmId, tokens.access_token)).status).toBe(401);
		expect((await token({ grant_type: "refresh_token", refresh_token: tokens.refresh_token })).body.error).toBe(
			"invalid_grant",
		);
	});
});
