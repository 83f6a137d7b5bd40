/**
 * Intuit's OAuth 2 authorization server, in memory (docs/qbo.md#oauth-and-openid): single-use
 * authorization codes bound to client and redirect URI; access tokens that expire; refresh tokens
 * that rotate on every refresh (the previous one then answers `invalid_grant`) with a rolling expiry
 * and a hard 5-year cap; revocation of a whole connection by either token. Any client id and secret
 * is accepted, as in development.
 */
import { randomBytes } from "node:crypto";
import { ACCOUNTING_SCOPE } from "./openid-provider.ts";

export type TokenSettings = {
	accessTokenTtlSeconds: number;
	refreshTokenTtlSeconds: number;
	refreshTokenHardTtlSeconds: number;
	codeTtlSeconds: number;
};

export const DEFAULT_TOKEN_SETTINGS: TokenSettings = {
	accessTokenTtlSeconds: 3600,
	refreshTokenTtlSeconds: 8_726_400,
	refreshTokenHardTtlSeconds: 5 * 365 * 24 * 3600,
	codeTtlSeconds: 600,
};

export type TokenResponse = {
	token_type: "bearer";
	access_token: string;
	refresh_token: string;
	expires_in: number;
	x_refresh_token_expires_in: number;
	x_refresh_token_hard_expires_in?: number;
};

export type OAuthFailure = {
	ok: false;
	status: 400 | 401;
	error: "invalid_grant" | "invalid_client" | "invalid_request" | "unsupported_grant_type";
	description: string;
};
/** What the code's grant says about the user, for the ID token (openid scope only). */
export type GrantedIdentity = { subject: string; nonce: string | undefined; authTimeMs: number };

export type TokenResult =
	| { ok: true; tokens: TokenResponse; realmId: string; scope: string; identity?: GrantedIdentity }
	| OAuthFailure;

type Grant = {
	clientId: string;
	realmId: string;
	scope: string;
	/** The user who approved (OpenID `sub`), when known. */
	subject?: string;
	refreshToken: string;
	refreshExpiresMs: number;
	hardExpiresMs: number;
	revoked: boolean;
};
type Code = {
	clientId: string;
	redirectUri: string;
	realmId: string;
	scope: string;
	expiresMs: number;
	/** The user who approved and the client's `nonce`: what the ID token will say. */
	identity?: GrantedIdentity;
};
type AccessToken = { grant: Grant; expiresMs: number };

/** The connections as JSON (sim/state-file.ts): an access token names its grant by index. */
export type OAuthState = {
	codes: [string, Code][];
	grants: Grant[];
	accessTokens: { token: string; grant: number; expiresMs: number }[];
};

export type Authentication = { ok: true; realmId: string } | { ok: false; detail: string };
export type UserAuthentication = { ok: true; subject: string; scope: string } | { ok: false; detail: string };

function token(prefix: string): string {
	return `${prefix}${randomBytes(32).toString("base64url")}`;
}

function failure(status: 400 | 401, error: OAuthFailure["error"], description: string): OAuthFailure {
	return { ok: false, status, error, description };
}

export class OAuthServer {
	settings: TokenSettings;
	private readonly now: () => number;
	private readonly codes = new Map<string, Code>();
	private readonly grants = new Set<Grant>();
	private readonly refreshTokens = new Map<string, Grant>();
	private readonly accessTokens = new Map<string, AccessToken>();

	constructor(now: () => number, settings: TokenSettings = DEFAULT_TOKEN_SETTINGS) {
		this.now = now;
		this.settings = { ...settings };
	}

	/** The code the authorize endpoint puts in the redirect. */
	issueCode(code: Omit<Code, "expiresMs">): string {
		const value = token("AB11");
		this.codes.set(value, { ...code, expiresMs: this.now() + this.settings.codeTtlSeconds * 1000 });
		return value;
	}

	private issue(grant: Grant, includeHardExpiry: boolean): TokenResponse {
		const now = this.now();
		const access = token("eyJ");
		this.accessTokens.set(access, { grant, expiresMs: now + this.settings.accessTokenTtlSeconds * 1000 });
		this.refreshTokens.delete(grant.refreshToken);
		grant.refreshToken = token("RT1-");
		grant.refreshExpiresMs = Math.min(now + this.settings.refreshTokenTtlSeconds * 1000, grant.hardExpiresMs);
		this.refreshTokens.set(grant.refreshToken, grant);
		const response: TokenResponse = {
			token_type: "bearer",
			access_token: access,
			refresh_token: grant.refreshToken,
			expires_in: this.settings.accessTokenTtlSeconds,
			x_refresh_token_expires_in: Math.round((grant.refreshExpiresMs - now) / 1000),
		};
		if (includeHardExpiry) response.x_refresh_token_hard_expires_in = Math.round((grant.hardExpiresMs - now) / 1000);
		return response;
	}

	/** A new connection of `clientId` to a company, as after the user approved it. */
	connect(
		realmId: string,
		clientId: string,
		scope: string,
		includeHardExpiry = false,
		subject?: string,
	): TokenResponse {
		const grant: Grant = {
			clientId,
			realmId,
			scope,
			subject,
			refreshToken: "",
			refreshExpiresMs: 0,
			hardExpiresMs: this.now() + this.settings.refreshTokenHardTtlSeconds * 1000,
			revoked: false,
		};
		this.grants.add(grant);
		return this.issue(grant, includeHardExpiry);
	}

	/** grant_type=authorization_code: the code once, by the client it was issued to, with its redirect_uri. */
	exchangeCode(
		clientId: string,
		code: string,
		redirectUri: string | undefined,
		includeHardExpiry: boolean,
	): TokenResult {
		const issued = this.codes.get(code);
		this.codes.delete(code);
		if (!issued || issued.expiresMs < this.now()) return failure(400, "invalid_grant", "Invalid or expired code");
		if (issued.clientId !== clientId) return failure(400, "invalid_grant", "Code was issued to another client");
		if (redirectUri !== issued.redirectUri) return failure(400, "invalid_grant", "redirect_uri does not match");
		return {
			ok: true,
			tokens: this.connect(issued.realmId, clientId, issued.scope, includeHardExpiry, issued.identity?.subject),
			realmId: issued.realmId,
			scope: issued.scope,
			...(issued.identity ? { identity: issued.identity } : {}),
		};
	}

	/** grant_type=refresh_token: only the latest refresh token works; it is replaced by a new one. */
	refresh(clientId: string, refreshToken: string, includeHardExpiry: boolean): TokenResult {
		const grant = this.refreshTokens.get(refreshToken);
		if (!grant || grant.revoked || grant.refreshExpiresMs < this.now())
			return failure(400, "invalid_grant", "Incorrect or invalid refresh token");
		if (grant.clientId !== clientId) return failure(400, "invalid_grant", "Token was issued to another client");
		return { ok: true, tokens: this.issue(grant, includeHardExpiry), realmId: grant.realmId, scope: grant.scope };
	}

	private revokeGrant(grant: Grant): void {
		grant.revoked = true;
		this.grants.delete(grant);
		this.refreshTokens.delete(grant.refreshToken);
		for (const [value, access] of this.accessTokens) if (access.grant === grant) this.accessTokens.delete(value);
	}

	/** Revokes the connection a refresh or access token belongs to. Unknown tokens are ignored. */
	revoke(value: string): boolean {
		const grant = this.refreshTokens.get(value) ?? this.accessTokens.get(value)?.grant;
		if (!grant) return false;
		this.revokeGrant(grant);
		return true;
	}

	/** The user disconnected the app in QBO: every connection to the company stops working. */
	disconnect(realmId: string): number {
		const grants = [...this.grants].filter((g) => g.realmId === realmId);
		for (const grant of grants) this.revokeGrant(grant);
		return grants.length;
	}

	/** Whether a bearer token may call the API, and for which company. */
	authenticate(value: string | undefined): Authentication {
		if (!value) return { ok: false, detail: "Authorization header is missing or is not a Bearer token" };
		const access = this.accessTokens.get(value);
		if (!access || access.grant.revoked) return { ok: false, detail: `Token invalid: ${value.slice(0, 12)}…` };
		if (access.expiresMs <= this.now()) return { ok: false, detail: `Token expired: ${value.slice(0, 12)}…` };
		// A sign-in-only grant (openid, profile, email) reaches the userinfo endpoint, not the company's books.
		if (!access.grant.scope.split(/\s+/).includes(ACCOUNTING_SCOPE))
			return { ok: false, detail: "Token does not grant com.intuit.quickbooks.accounting" };
		return { ok: true, realmId: access.grant.realmId };
	}

	/** Whether a bearer token may read the userinfo endpoint, and for which user. */
	authenticateUser(value: string | undefined): UserAuthentication {
		if (!value) return { ok: false, detail: "Authorization header is missing or is not a Bearer token" };
		const access = this.accessTokens.get(value);
		if (!access || access.grant.revoked || access.expiresMs <= this.now())
			return { ok: false, detail: "Token invalid or expired" };
		const { subject, scope } = access.grant;
		if (!subject || !scope.split(/\s+/).includes("openid"))
			return { ok: false, detail: "Token was not granted the openid scope" };
		return { ok: true, subject, scope };
	}

	/** Expires every access token now (so the next call needs a refresh); refresh tokens stay valid. */
	expireAccessTokens(realmId?: string): void {
		for (const access of this.accessTokens.values())
			if (realmId === undefined || access.grant.realmId === realmId) access.expiresMs = this.now();
	}

	connections(realmId: string): number {
		return [...this.grants].filter((g) => g.realmId === realmId).length;
	}

	toState(): OAuthState {
		const grants = [...this.grants];
		const accessTokens = [...this.accessTokens].map(([token, access]) => ({
			token,
			grant: grants.indexOf(access.grant),
			expiresMs: access.expiresMs,
		}));
		return structuredClone({ codes: [...this.codes], grants, accessTokens });
	}

	/** Replaces every code, grant and token with those of `state`: issued tokens keep working. */
	restore(state: OAuthState): void {
		this.reset();
		for (const [value, code] of state.codes) this.codes.set(value, code);
		for (const grant of state.grants) {
			this.grants.add(grant);
			this.refreshTokens.set(grant.refreshToken, grant);
		}
		for (const { token, grant, expiresMs } of state.accessTokens) {
			const owner = state.grants[grant];
			if (owner) this.accessTokens.set(token, { grant: owner, expiresMs });
		}
	}

	reset(): void {
		this.codes.clear();
		this.grants.clear();
		this.refreshTokens.clear();
		this.accessTokens.clear();
	}
}
