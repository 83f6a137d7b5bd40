import { createPublicKey, type JsonWebKey, verify } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createDemoCompany, DEMO_OWNER } from "../../sim/demo.ts";
import { createSimulator, type Simulator } from "../../sim/simulator.ts";
import { SCOPE } from "./helpers.ts";

let sim: Simulator;
afterEach(() => sim.close());

const ORIGIN = "http://localhost:8788";
const REDIRECT = "https://app.example/auth/callback";
const SIGN_IN = "openid profile email";
const basic = `Basic ${Buffer.from("client-id:client-secret").toString("base64")}`;

type Json = Record<string, unknown>;

async function authorize(params: Record<string, string>): Promise<URL> {
	const query = new URLSearchParams({
		client_id: "client-id",
		response_type: "code",
		redirect_uri: REDIRECT,
		state: "state-1",
		...params,
	});
	const res = await sim.app.request(`${ORIGIN}/connect/oauth2?${query}`);
	expect(res.status).toBe(302);
	return new URL(res.headers.get("location") ?? "");
}

async function exchange(code: string): Promise<Json> {
	const res = await sim.app.request(`${ORIGIN}/oauth2/v1/tokens/bearer`, {
		method: "POST",
		headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT }).toString(),
	});
	expect(res.status).toBe(200);
	return (await res.json()) as Json;
}

/** Verifies an ID token against the simulator's published JWKS, as a client would; answers its claims. */
async function verifiedClaims(idToken: string): Promise<Json> {
	const [header = "", payload = "", signature = ""] = idToken.split(".");
	const { kid, alg } = JSON.parse(Buffer.from(header, "base64url").toString()) as { kid: string; alg: string };
	expect(alg).toBe("RS256");
	const jwks = (await (await sim.app.request(`${ORIGIN}/op/v1/jwks`)).json()) as { keys: (JsonWebKey & Json)[] };
	const jwk = jwks.keys.find((key) => key.kid === kid);
	expect(jwk).toBeDefined();
	const key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
	const valid = verify("sha256", Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, "base64url"));
	expect(valid).toBe(true);
	return JSON.parse(Buffer.from(payload, "base64url").toString()) as Json;
}

async function userinfo(accessToken: string) {
	const res = await sim.app.request(`${ORIGIN}/v1/openid_connect/userinfo`, {
		headers: { authorization: `Bearer ${accessToken}` },
	});
	return { status: res.status, body: (await res.json()) as Json };
}

describe("Sign in with Intuit (OpenID Connect)", () => {
	it("a sign-in alone answers a signed ID token for the company's signed-in user, naming no company", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 0 });
		const callback = await authorize({ scope: SIGN_IN, nonce: "n-1" });
		expect(callback.searchParams.get("state")).toBe("state-1");
		expect(callback.searchParams.get("realmId")).toBeNull();
		const tokens = await exchange(callback.searchParams.get("code") ?? "");
		const claims = await verifiedClaims(String(tokens.id_token));
		const user = sim.openid.signedInUser(company.realmId);
		expect(claims).toMatchObject({ iss: `${ORIGIN}/op/v1`, aud: ["client-id"], sub: user.sub, nonce: "n-1" });
		expect(claims.realmid).toBeUndefined();
		expect(Number(claims.exp)).toBeGreaterThan(Number(claims.iat));
		// A sign-in reaches the user's profile, not the company's books.
		expect((await userinfo(String(tokens.access_token))).body).toEqual({
			sub: user.sub,
			email: user.email,
			emailVerified: true,
			givenName: user.givenName,
			familyName: user.familyName,
		});
		const api = await sim.app.request(`${ORIGIN}/v3/company/${company.realmId}/companyinfo/${company.realmId}`, {
			headers: { authorization: `Bearer ${tokens.access_token}` },
		});
		expect(api.status).toBe(401);
	});

	it("a connect with openid carries the realm in the callback and in the ID token", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 0 });
		const callback = await authorize({ scope: `${SCOPE} ${SIGN_IN}`, realmId: company.realmId });
		expect(callback.searchParams.get("realmId")).toBe(company.realmId);
		const tokens = await exchange(callback.searchParams.get("code") ?? "");
		const claims = await verifiedClaims(String(tokens.id_token));
		expect(claims.realmid).toBe(company.realmId);
		expect(claims.nonce).toBeUndefined();
		const api = await sim.app.request(`${ORIGIN}/v3/company/${company.realmId}/companyinfo/${company.realmId}`, {
			headers: { authorization: `Bearer ${tokens.access_token}` },
		});
		expect(api.status).toBe(200);
	});

	it("a connect without openid answers no ID token, and its access token reads no userinfo", async () => {
		sim = createSimulator();
		sim.createCompany({ items: 0 });
		const callback = await authorize({ scope: SCOPE });
		const tokens = await exchange(callback.searchParams.get("code") ?? "");
		expect(tokens.id_token).toBeUndefined();
		expect((await userinfo(String(tokens.access_token))).status).toBe(401);
		expect((await userinfo("nonsense")).status).toBe(401);
	});

	it("approves as whoever the admin API says is signed in, and userinfo follows the granted scopes", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 0 });
		const put = await sim.app.request(`/admin/companies/${company.realmId}/signed-in-user`, {
			method: "PUT",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ email: "sam@example.com", givenName: "Sam", familyName: "Lee", emailVerified: false }),
		});
		expect(put.status).toBe(200);
		const sam = (await put.json()) as Json;
		expect(sam).toMatchObject({ email: "sam@example.com", emailVerified: false });
		expect(await (await sim.app.request(`/admin/companies/${company.realmId}/signed-in-user`)).json()).toEqual(sam);

		const callback = await authorize({ scope: "openid email", realmId: company.realmId });
		const tokens = await exchange(callback.searchParams.get("code") ?? "");
		expect((await verifiedClaims(String(tokens.id_token))).sub).toBe(sam.sub);
		expect((await userinfo(String(tokens.access_token))).body).toEqual({
			sub: sam.sub,
			email: "sam@example.com",
			emailVerified: false,
		});
	});

	it("refuses an invalid signed-in user, and an unknown company", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 0 });
		const bad = await sim.app.request(`/admin/companies/${company.realmId}/signed-in-user`, {
			method: "PUT",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ email: "not an email", givenName: "Sam", familyName: "Lee" }),
		});
		expect(bad.status).toBe(400);
		expect((await sim.app.request("/admin/companies/123/signed-in-user")).status).toBe(404);
	});

	it("the demo company's owner is Alex Martin", async () => {
		sim = createSimulator();
		const demo = createDemoCompany(sim, undefined, 1);
		expect(sim.openid.signedInUser(demo.realmId)).toEqual(DEMO_OWNER);
		expect(DEMO_OWNER).toMatchObject({ email: "alex@example.com", givenName: "Alex", familyName: "Martin" });
	});

	it("refuses unknown scopes, and a request for neither the books nor a sign-in", async () => {
		sim = createSimulator();
		sim.createCompany({ items: 0 });
		expect((await authorize({ scope: "openid admin" })).searchParams.get("error")).toBe("invalid_scope");
		expect((await authorize({ scope: "email profile" })).searchParams.get("error")).toBe("invalid_scope");
	});

	it("publishes Intuit's discovery fields: userinfo, JWKS and RS256", async () => {
		sim = createSimulator();
		const res = await sim.app.request(`${ORIGIN}/.well-known/openid_configuration`);
		expect(await res.json()).toMatchObject({
			issuer: `${ORIGIN}/op/v1`,
			userinfo_endpoint: `${ORIGIN}/v1/openid_connect/userinfo`,
			jwks_uri: `${ORIGIN}/op/v1/jwks`,
			id_token_signing_alg_values_supported: ["RS256"],
		});
	});
});
