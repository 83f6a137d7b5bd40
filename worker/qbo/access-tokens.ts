/**
 * The access token of one company, refreshed when it expires. Used inside the company's sync
 * object, the one place that refreshes: concurrent callers share a single refresh (refresh tokens
 * rotate, so two refreshes in parallel would lose the connection).
 */
import { database } from "../db/client";
import { refreshTokens } from "./oauth-client";
import { loadConnection, saveRefreshedTokens, setConnectionStatus } from "./qbo-connection";

/** Refresh this long before the access token expires, so that no call carries a dying token. */
const EARLY_REFRESH_MS = 60_000;

export type AccessToken =
	| { ok: true; realmId: string; token: string }
	| { ok: false; reason: "not_connected" | "revoked" };

export class AccessTokens {
	private refreshing: Promise<AccessToken> | null = null;

	constructor(
		private readonly env: Env,
		private readonly companyId: string,
	) {}

	/**
	 * A valid access token, refreshing it first if it is (about to be) expired, or if QBO refused
	 * `rejected` and it is still the current one — calls refused together refresh once: the first
	 * refreshes, the others find a newer token already there.
	 */
	async get(options: { rejected?: string } = {}): Promise<AccessToken> {
		if (this.refreshing) return this.refreshing;
		const db = database(this.env.DB);
		const connection = await loadConnection(this.env, db, this.companyId);
		if (!connection || connection.status === "disconnected" || !connection.tokens)
			return { ok: false, reason: "not_connected" };
		if (connection.status === "revoked") return { ok: false, reason: "revoked" };
		const current = connection.tokens.accessToken;
		const refused = options.rejected !== undefined && options.rejected === current;
		if (!refused && connection.tokens.accessExpiresAt - EARLY_REFRESH_MS > Date.now())
			return { ok: true, realmId: connection.realmId, token: current };
		this.refreshing ??= this.refresh().finally(() => {
			this.refreshing = null;
		});
		return this.refreshing;
	}

	private async refresh(): Promise<AccessToken> {
		const db = database(this.env.DB);
		const connection = await loadConnection(this.env, db, this.companyId);
		if (!connection?.tokens) return { ok: false, reason: "not_connected" };
		const result = await refreshTokens(this.env, connection.tokens.refreshToken);
		if (!result.ok) {
			// Intuit no longer honours the grant (user disconnected the app, or the token expired).
			if (result.error === "invalid_grant") {
				await setConnectionStatus(db, this.companyId, "revoked");
				return { ok: false, reason: "revoked" };
			}
			throw new Error(`QBO token refresh failed: ${result.error} (HTTP ${result.status})`);
		}
		if (!(await saveRefreshedTokens(this.env, db, this.companyId, result.tokens, connection.version)))
			throw new Error("QBO tokens changed while refreshing; the next call reads the newest");
		return { ok: true, realmId: connection.realmId, token: result.tokens.accessToken };
	}
}
