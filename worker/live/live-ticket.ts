/**
 * Live tickets: a browser cannot put an Authorization header on a WebSocket, so an authenticated
 * API call (`POST /api/v1/live/ticket`) mints a short signed ticket that the socket URL carries.
 * It names the company, the locations the caller may see (null: all) and, for an embed token, the
 * origins allowed to open the socket (null: any — the app's own callers). It also carries when the
 * credential behind it expires: credentials are checked when a socket opens, and the live object
 * closes the socket when that moment comes (or when the session signs out).
 */
import { z } from "zod";
import { type Caller, credentialKey } from "../auth/caller";
import { signPayload, verifyPayload } from "../lib/signed-payload";

const PURPOSE = "live ticket";
/** Long enough to open a socket, short enough that a leaked URL is soon worthless. */
const LIVE_TICKET_TTL_MS = 60_000;

const liveTicketSchema = z.object({
	/** Single use: the company's live object remembers spent ids until they expire. */
	id: z.string().min(1),
	companyId: z.string().min(1),
	locationIds: z.array(z.string()).nullable(),
	origins: z.array(z.string()).nullable(),
	exp: z.number(),
	/**
	 * When the credential that asked for the ticket stops being good (epoch ms; null: an API token,
	 * which lasts until revoked): the live object closes the socket then.
	 */
	credentialExp: z.number().nullable(),
	/** The session that asked for it (its hashed id), so that sign-out can close its sockets; null otherwise. */
	sessionId: z.string().nullable(),
	/** The credential (user, API token, embed token) that asked for it: revoking or changing it closes the socket. */
	credential: z.string(),
	issuedAt: z.number(),
});

export type LiveTicket = z.infer<typeof liveTicketSchema>;

export async function signLiveTicket(env: Env, caller: Caller, now = Date.now()) {
	const ticket: LiveTicket = {
		id: crypto.randomUUID(),
		companyId: caller.companyId,
		locationIds: caller.locationIds,
		origins: caller.embed ? caller.embed.origins : null,
		exp: now + LIVE_TICKET_TTL_MS,
		credentialExp: caller.via === "api_token" ? null : (caller.expiresAt ?? null),
		sessionId: caller.via === "session" ? (caller.sessionId ?? null) : null,
		credential: credentialKey(caller.actor),
		issuedAt: now,
	};
	return { token: await signPayload(env, PURPOSE, ticket), expiresAt: ticket.exp };
}

/** The ticket, if it is ours, unexpired and well-formed; null otherwise. */
export function verifyLiveTicket(env: Env, token: string): Promise<LiveTicket | null> {
	return verifyPayload(env, PURPOSE, token, liveTicketSchema);
}
