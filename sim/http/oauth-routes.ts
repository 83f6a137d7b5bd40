/**
 * Intuit's OAuth 2 endpoints on the simulator's origin (docs/qbo.md#endpoints), so a client library works by
 * changing base URLs: `GET /connect/oauth2` (authorize; auto-approves and redirects with code, state and
 * realmId), `POST /oauth2/v1/tokens/bearer` (authorization_code and refresh_token grants; client auth by
 * HTTP Basic or form fields), `POST /oauth2/v1/tokens/revoke` (also at Intuit's `/v2/oauth2/tokens/revoke`)
 * and the OpenID discovery documents pointing at all of them. OpenID Connect ("Sign in with Intuit") on
 * the same origin: the `openid profile email` scopes, alone (sign-in) or beside the accounting scope
 * (connect); then the token answer carries an `id_token` (RS256, keys at `GET /op/v1/jwks`, issuer
 * `<origin>/op/v1`), and `GET /v1/openid_connect/userinfo` answers for the bearer access token.
 *
 * Simulator extensions on authorize: `realmId=` picks the company to connect (default: the first one
 * created, or a fresh empty company), `deny=1` answers `error=access_denied` as if the user declined.
 * The approving user is the company's signed-in user (`PUT /admin/companies/:realmId/signed-in-user`;
 * by default the company's own owner).
 */
import { type Context, Hono } from "hono";
import { ACCOUNTING_SCOPE, scopes } from "../oauth/openid-provider.ts";
import type { Simulator } from "../simulator.ts";
import { injectedFaults } from "./injected-faults.ts";

function redirectWith(c: Context, redirectUri: string, params: Record<string, string | undefined>): Response {
	const url = new URL(redirectUri);
	for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
	return c.redirect(url.toString(), 302);
}

/** `Authorization: Basic base64(id:secret)`, or `client_id`/`client_secret` in the form. */
function clientId(c: Context, form: Record<string, string>): string | undefined {
	const basic = /^Basic\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
	if (basic) {
		const decoded = Buffer.from(basic, "base64").toString("utf8");
		const colon = decoded.indexOf(":");
		if (colon > 0) return decoded.slice(0, colon);
		return undefined;
	}
	return form.client_id && form.client_secret !== undefined ? form.client_id : undefined;
}

async function formBody(c: Context): Promise<Record<string, string>> {
	const type = c.req.header("content-type") ?? "";
	const text = await c.req.text();
	if (type.includes("application/json")) {
		try {
			const parsed: unknown = JSON.parse(text);
			if (typeof parsed === "object" && parsed !== null)
				return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
		} catch {
			return {};
		}
		return {};
	}
	return Object.fromEntries(new URLSearchParams(text));
}

const SUPPORTED_SCOPES = [
	ACCOUNTING_SCOPE,
	"com.intuit.quickbooks.payment",
	"openid",
	"email",
	"profile",
	"address",
	"phone",
];

/** The issuer of the ID tokens: this origin, as the discovery document says. */
function issuer(c: Context): string {
	return `${new URL(c.req.url).origin}/op/v1`;
}

function oauthError(c: Context, status: 400 | 401, error: string, description: string): Response {
	c.header("cache-control", "no-store");
	return c.json({ error, error_description: description }, status);
}

export function oauthRoutes(sim: Simulator): Hono {
	const oauth = new Hono();

	oauth.get("/connect/oauth2", (c) => {
		const q = c.req.query();
		if (!q.client_id) return c.text("client_id is required", 400);
		if (!q.redirect_uri || !URL.canParse(q.redirect_uri)) return c.text("redirect_uri is required", 400);
		const state = q.state;
		if (q.response_type !== "code")
			return redirectWith(c, q.redirect_uri, { error: "unsupported_response_type", state });
		if (!state)
			return redirectWith(c, q.redirect_uri, { error: "invalid_request", error_description: "state is required" });
		const granted = scopes(q.scope ?? "");
		if (granted.size === 0 || [...granted].some((scope) => !SUPPORTED_SCOPES.includes(scope)))
			return redirectWith(c, q.redirect_uri, { error: "invalid_scope", state });
		if (!granted.has(ACCOUNTING_SCOPE) && !granted.has("openid"))
			return redirectWith(c, q.redirect_uri, { error: "invalid_scope", state });
		if (q.deny) return redirectWith(c, q.redirect_uri, { error: "access_denied", state });
		const realmId = q.realmId ?? sim.defaultRealmId ?? sim.createCompany().realmId;
		if (!sim.company(realmId)) return c.text(`No company ${realmId}`, 400);
		const identity = granted.has("openid")
			? { subject: sim.openid.signedInUser(realmId).sub, nonce: q.nonce, authTimeMs: sim.now() }
			: undefined;
		const code = sim.oauth.issueCode({
			clientId: q.client_id,
			redirectUri: q.redirect_uri,
			realmId,
			scope: q.scope ?? "",
			...(identity ? { identity } : {}),
		});
		// The realm is only named when the company's books were granted (a sign-in alone names no company).
		return redirectWith(c, q.redirect_uri, {
			code,
			state,
			realmId: granted.has(ACCOUNTING_SCOPE) ? realmId : undefined,
		});
	});

	oauth.use("/oauth2/v1/tokens/bearer", injectedFaults(sim, "oauth"));
	oauth.post("/oauth2/v1/tokens/bearer", async (c) => {
		const form = await formBody(c);
		const client = clientId(c, form);
		if (!client) return oauthError(c, 401, "invalid_client", "Client authentication failed");
		const hardExpiry = c.req.header("x-include-refresh-token-hard-expires-in") === "true";
		let result: ReturnType<typeof sim.oauth.refresh>;
		if (form.grant_type === "authorization_code") {
			if (!form.code) return oauthError(c, 400, "invalid_request", "code is required");
			result = sim.oauth.exchangeCode(client, form.code, form.redirect_uri, hardExpiry);
		} else if (form.grant_type === "refresh_token") {
			if (!form.refresh_token) return oauthError(c, 400, "invalid_request", "refresh_token is required");
			result = sim.oauth.refresh(client, form.refresh_token, hardExpiry);
		} else {
			return oauthError(c, 400, "unsupported_grant_type", `grant_type ${form.grant_type ?? "(none)"}`);
		}
		if (!result.ok) return oauthError(c, result.status, result.error, result.description);
		c.header("cache-control", "no-store");
		const granted = scopes(result.scope);
		if (!result.identity || !granted.has("openid")) return c.json(result.tokens);
		const idToken = sim.openid.idToken({
			issuer: issuer(c),
			clientId: client,
			sub: result.identity.subject,
			realmId: granted.has(ACCOUNTING_SCOPE) ? result.realmId : null,
			nonce: result.identity.nonce ?? null,
			authTime: result.identity.authTimeMs,
		});
		return c.json({ ...result.tokens, id_token: idToken });
	});

	const revoke = async (c: Context) => {
		const form = await formBody(c);
		if (!clientId(c, form)) return oauthError(c, 401, "invalid_client", "Client authentication failed");
		if (!form.token) return oauthError(c, 400, "invalid_request", "token is required");
		sim.oauth.revoke(form.token);
		return c.body(null, 200);
	};
	oauth.post("/oauth2/v1/tokens/revoke", revoke);
	oauth.post("/v2/oauth2/tokens/revoke", revoke);

	const discovery = (c: Context) => {
		const origin = new URL(c.req.url).origin;
		return c.json({
			issuer: `${origin}/op/v1`,
			authorization_endpoint: `${origin}/connect/oauth2`,
			token_endpoint: `${origin}/oauth2/v1/tokens/bearer`,
			userinfo_endpoint: `${origin}/v1/openid_connect/userinfo`,
			revocation_endpoint: `${origin}/oauth2/v1/tokens/revoke`,
			jwks_uri: `${origin}/op/v1/jwks`,
			response_types_supported: ["code"],
			subject_types_supported: ["public"],
			id_token_signing_alg_values_supported: ["RS256"],
			scopes_supported: ["openid", "email", "profile", "address", "phone"],
			token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
			claims_supported: ["aud", "exp", "iat", "iss", "realmid", "sub"],
		});
	};
	oauth.get("/.well-known/openid_configuration", discovery);
	oauth.get("/op/v1/jwks", (c) => c.json(sim.openid.jwks()));
	oauth.get("/v1/openid_connect/userinfo", (c) => {
		const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
		const auth = sim.oauth.authenticateUser(bearer);
		const claims = auth.ok ? sim.openid.userinfo(auth.subject, auth.scope) : undefined;
		if (!claims) {
			c.header("www-authenticate", 'Bearer error="invalid_token"');
			return c.json({ error: "invalid_token", error_description: auth.ok ? "Unknown user" : auth.detail }, 401);
		}
		return c.json(claims);
	});
	oauth.get("/.well-known/openid_sandbox_configuration", discovery);
	return oauth;
}
