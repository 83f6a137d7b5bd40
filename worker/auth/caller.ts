/**
 * Who is calling the API, set on the request by the auth middleware (worker/api/auth.ts). Every
 * route reads the company from here, so no route can reach another company; what the caller may do
 * follows from `role` and `locationIds` (worker/api/access-rules.ts).
 */
import type { Role } from "../db/schema";

export type { Role } from "../db/schema";

/** What an embed token lets a page of another origin do (docs/embedding.md#embed-tokens). */
export type EmbedScope = "read" | "edit:reorder";

/** Who acts, as the audit trail and the live object name them: a user, an API token or an embed token. */
export type Actor = { kind: "user" | "api_token" | "embed"; id: string; label: string };

export type Caller = {
	companyId: string;
	role: Role;
	/** The locations the caller may see and change; null: every location (always so for managers and owners). */
	locationIds: string[] | null;
	actor: Actor;
	/** How the caller proved who they are: a bearer API token, a signed-in user's session cookie, an embed token. */
	via: "api_token" | "session" | "embed";
	/** The API token's id (via `api_token`). */
	tokenId?: string;
	/** The signed-in user's id (via `session`). */
	userId?: string;
	/** Via `embed`: its scopes and the origins allowed to use it. */
	embed?: { scopes: EmbedScope[]; origins: string[] };
	/**
	 * When the credential stops being good, epoch ms: an embed token's `exp`, a session's current
	 * expiry (via `session`); absent for an API token. The live feed closes a socket then.
	 */
	expiresAt?: number;
	/** The session's id, the SHA-256 of its cookie secret (via `session`): sign-out closes its live sockets. */
	sessionId?: string;
};

/** The key by which the live object knows a credential's sockets, to close them when it is revoked or changed. */
export function credentialKey(actor: Pick<Actor, "kind" | "id">): string {
	return `${actor.kind}:${actor.id}`;
}
