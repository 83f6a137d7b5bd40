/**
 * Who is calling the API, set on the request by the auth middleware (worker/api/auth.ts). Every
 * route reads the company from here, so no route can reach another company.
 */
export type Role = "owner" | "member";

/** What an embed token lets a page of another origin do (docs/embedding.md#embed-tokens). */
export type EmbedScope = "read" | "edit:reorder";

export type Caller = {
	companyId: string;
	role: Role;
	/** How the caller proved who they are: a bearer API token, a signed-in user's session cookie, an embed token. */
	via: "api_token" | "session" | "embed";
	/** The API token's id (via `api_token`). */
	tokenId?: string;
	/** The signed-in user's id (via `session`). */
	userId?: string;
	/** Via `embed`: its scopes, the origins allowed to use it, and the locations it may see (null: all). */
	embed?: { scopes: EmbedScope[]; origins: string[]; locationIds: string[] | null };
	/**
	 * When the credential stops being good, epoch ms: an embed token's `exp`, a session's current
	 * expiry (via `session`); absent for an API token. The live feed closes a socket then.
	 */
	expiresAt?: number;
	/** The session's id, the SHA-256 of its cookie secret (via `session`): sign-out closes its live sockets. */
	sessionId?: string;
};
