/**
 * CompanyLive: the company's open grids (one object per company), each a hibernating WebSocket.
 *
 * Product objects and the level routes `publish` what they wrote to D1; the object forwards it to
 * every socket allowed to see the location. Between messages the object hibernates: sockets stay
 * open without it in memory, and the pings are answered by the runtime (auto-response) without
 * waking it. What a socket may see lives in its attachment, which survives hibernation.
 *
 * Credentials are checked when a socket opens, so the attachment also keeps when the credential
 * behind it expires (an embed token's `exp`, a session's expiry; none for an API token) and the
 * session it came from. A socket whose credential has expired is closed with 4401 — on each
 * publish, and by an alarm set for the earliest expiry — and sign-out closes its session's sockets
 * (`closeSession`). The client then asks for a new ticket, which a gone credential cannot get.
 *
 * The attachment also names the credential (the user, API token or embed token): when the owner
 * revokes a token or removes a member, its sockets close with 4401; when a member's role or
 * locations change, with 4403 — the client asks for a new ticket, which carries the new locations
 * (`closeCredential`).
 */
import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { LevelChange } from "../stock/level-change";

/** A message from the company's live object to a socket. */
export type LiveMessage =
	/** Sent once on connect: the server time from which this socket sees every change. */
	{ type: "ready"; at: number } | { type: "levels"; changes: LevelChange[]; at: number };

/** The client's keep-alive and its answer, matched byte for byte by the runtime. */
const LIVE_PING = '{"type":"ping"}';
const LIVE_PONG = '{"type":"pong"}';

/** The header by which the /live route hands the verified ticket's grant to the object (JSON). */
export const LIVE_GRANT_HEADER = "x-stockroom-live-grant";

/** The close code of a socket whose credential expired, was signed out or revoked (4000–4999: the application's). */
const CREDENTIALS_EXPIRED_CODE = 4401;
const CREDENTIALS_EXPIRED_REASON = "credentials expired";
/** The close code of a socket whose credential now has another role or other locations: reconnect to see what it may. */
const ACCESS_CHANGED_CODE = 4403;
const ACCESS_CHANGED_REASON = "access changed";

/** Why a credential's sockets are closed: it is gone (4401), or what it may see changed (4403). */
export type CredentialChange = "revoked" | "changed";

const attachmentSchema = z.object({
	locationIds: z.array(z.string()).nullable(),
	/** Epoch ms; null: never (an API token). Optional: sockets accepted before it existed have none. */
	credentialExp: z.number().nullable().optional(),
	sessionId: z.string().nullable().optional(),
	/** The credential's key (worker/auth/caller.ts credentialKey). Optional: older sockets have none. */
	credential: z.string().nullable().optional(),
});
type Attachment = z.infer<typeof attachmentSchema>;

export const liveGrantSchema = z.object({
	ticketId: z.string().min(1),
	exp: z.number(),
	locationIds: z.array(z.string()).nullable(),
	credentialExp: z.number().nullable(),
	sessionId: z.string().nullable(),
	credential: z.string().nullable(),
	/** When the ticket was signed: a credential revoked or changed after that opens nothing with it. */
	issuedAt: z.number(),
});
export type LiveGrant = z.infer<typeof liveGrantSchema>;

/** What the object answers instead of 101 when the ticket was used before: a URL is good once. */
export const TICKET_SPENT_STATUS = 409;
/** What it answers when the credential was revoked or changed after the ticket was signed. */
export const CREDENTIAL_CHANGED_STATUS = 403;
/** How long a revocation or change is remembered: longer than any ticket lives. */
const REMEMBER_CHANGES_MS = 5 * 60_000;

export class CompanyLive extends DurableObject<Env> {
	private readonly sql: SqlStorage;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.sql = ctx.storage.sql;
		this.sql.exec("CREATE TABLE IF NOT EXISTS spent_tickets (id TEXT PRIMARY KEY, exp INTEGER NOT NULL)");
		this.sql.exec(
			"CREATE TABLE IF NOT EXISTS credential_changes (credential TEXT PRIMARY KEY, at INTEGER NOT NULL, keep_until INTEGER NOT NULL)",
		);
		ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(LIVE_PING, LIVE_PONG));
	}

	/** The upgrade, forwarded by the /live route once it has verified the ticket. */
	override async fetch(request: Request): Promise<Response> {
		if (request.headers.get("upgrade")?.toLowerCase() !== "websocket")
			return new Response("WebSocket upgrade expected", { status: 426 });
		const grant = liveGrantSchema.safeParse(JSON.parse(request.headers.get(LIVE_GRANT_HEADER) ?? "null"));
		if (!grant.success) return new Response("bad grant", { status: 400 });
		if (this.changedSince(grant.data))
			return new Response("credential revoked or changed", { status: CREDENTIAL_CHANGED_STATUS });
		if (!this.spend(grant.data)) return new Response("ticket already used", { status: TICKET_SPENT_STATUS });
		const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
		this.ctx.acceptWebSocket(server);
		const { locationIds, credentialExp, sessionId, credential } = grant.data;
		server.serializeAttachment({ locationIds, credentialExp, sessionId, credential } satisfies Attachment);
		send(server, { type: "ready", at: Date.now() });
		if (credentialExp !== null) await this.scheduleExpiry(credentialExp);
		return new Response(null, { status: 101, webSocket: client });
	}

	/**
	 * Sends level changes to every socket, each seeing only its locations. Answers how many sockets
	 * got something (for tests and logs); a socket that fails to take it is closed.
	 */
	publish(changes: LevelChange[]): number {
		if (changes.length === 0) return 0;
		const at = Date.now();
		let reached = 0;
		for (const ws of this.ctx.getWebSockets()) {
			// An expired credential hears nothing more, even if the alarm has not run yet.
			if (closeIfExpired(ws, at)) continue;
			const visible = visibleChanges(ws, changes);
			if (visible.length === 0) continue;
			try {
				send(ws, { type: "levels", changes: visible, at });
				reached++;
			} catch (error) {
				console.warn("live socket send failed; closing it", error);
				closeQuietly(ws, 1011, "send failed");
			}
		}
		return reached;
	}

	/** Whether the grant's credential was revoked or changed after its ticket was signed. */
	private changedSince(grant: LiveGrant): boolean {
		if (grant.credential === null) return false;
		const [row] = this.sql
			.exec<{ at: number }>("SELECT at FROM credential_changes WHERE credential = ?", grant.credential)
			.toArray();
		return row !== undefined && row.at >= grant.issuedAt;
	}

	/**
	 * Marks the ticket used; false if it was already. A ticket rides in a URL, which may end up in a
	 * log: once spent, the URL opens nothing. Expired entries are forgotten (the ticket's signature
	 * refuses them by then).
	 */
	private spend(grant: LiveGrant): boolean {
		const now = Date.now();
		return this.ctx.storage.transactionSync(() => {
			this.sql.exec("DELETE FROM spent_tickets WHERE exp < ?", now);
			const seen = this.sql.exec("SELECT 1 FROM spent_tickets WHERE id = ?", grant.ticketId).toArray().length > 0;
			if (!seen) this.sql.exec("INSERT INTO spent_tickets (id, exp) VALUES (?, ?)", grant.ticketId, grant.exp);
			return !seen;
		});
	}

	/** Closes the sockets opened by the session (its hashed id): it signed out. Answers how many. */
	closeSession(sessionId: string): number {
		let closed = 0;
		for (const ws of this.ctx.getWebSockets()) {
			if (readAttachment(ws)?.sessionId !== sessionId) continue;
			closeQuietly(ws, CREDENTIALS_EXPIRED_CODE, CREDENTIALS_EXPIRED_REASON);
			closed++;
		}
		return closed;
	}

	/** Closes the sockets of a credential (its key) that was revoked (4401) or whose access changed (4403). Answers how many. */
	closeCredential(credential: string, change: CredentialChange): number {
		// A ticket signed before now, still unused, must not open a socket after this.
		const now = Date.now();
		this.sql.exec("DELETE FROM credential_changes WHERE keep_until < ?", now);
		this.sql.exec(
			"INSERT OR REPLACE INTO credential_changes (credential, at, keep_until) VALUES (?, ?, ?)",
			credential,
			now,
			now + REMEMBER_CHANGES_MS,
		);
		let closed = 0;
		for (const ws of this.ctx.getWebSockets()) {
			if (readAttachment(ws)?.credential !== credential) continue;
			if (change === "revoked") closeQuietly(ws, CREDENTIALS_EXPIRED_CODE, CREDENTIALS_EXPIRED_REASON);
			else closeQuietly(ws, ACCESS_CHANGED_CODE, ACCESS_CHANGED_REASON);
			closed++;
		}
		return closed;
	}

	/** Closes every socket whose credential has expired, then waits for the next expiry. */
	override async alarm(): Promise<void> {
		const now = Date.now();
		let next: number | null = null;
		for (const ws of this.ctx.getWebSockets()) {
			if (closeIfExpired(ws, now)) continue;
			const exp = readAttachment(ws)?.credentialExp ?? null;
			if (exp !== null && (next === null || exp < next)) next = exp;
		}
		if (next !== null) await this.scheduleExpiry(next);
	}

	/**
	 * Makes sure the alarm rings no later than `at`. Idempotent: an alarm already set earlier stays
	 * (it reschedules itself for the next expiry when it rings); a later one is brought forward.
	 */
	private async scheduleExpiry(at: number): Promise<void> {
		const current = await this.ctx.storage.getAlarm();
		if (current === null || current > at) await this.ctx.storage.setAlarm(at);
	}

	/** Clients send nothing but pings, which the auto-response answers; anything else is ignored. */
	override webSocketMessage(): void {}

	override webSocketClose(ws: WebSocket, code: number, reason: string): void {
		// Complete the closing handshake (1005/1006 are reserved: they may not be sent).
		closeQuietly(ws, code === 1005 || code === 1006 ? 1000 : code, reason);
	}

	override webSocketError(ws: WebSocket): void {
		closeQuietly(ws, 1011, "socket error");
	}
}

function readAttachment(ws: WebSocket): Attachment | null {
	const attachment = attachmentSchema.safeParse(ws.deserializeAttachment());
	return attachment.success ? attachment.data : null;
}

/** Closes the socket with 4401 if its credential has expired by `now`; true if it did. */
function closeIfExpired(ws: WebSocket, now: number): boolean {
	const exp = readAttachment(ws)?.credentialExp ?? null;
	if (exp === null || exp > now) return false;
	closeQuietly(ws, CREDENTIALS_EXPIRED_CODE, CREDENTIALS_EXPIRED_REASON);
	return true;
}

function visibleChanges(ws: WebSocket, changes: LevelChange[]): LevelChange[] {
	const attachment = readAttachment(ws);
	// A socket without a readable attachment sees nothing rather than everything.
	if (!attachment) return [];
	const allowed = attachment.locationIds;
	return allowed === null ? changes : changes.filter((c) => allowed.includes(c.locationId));
}

function send(ws: WebSocket, message: LiveMessage): void {
	ws.send(JSON.stringify(message));
}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
	try {
		ws.close(code, reason);
	} catch {
		// already closed
	}
}
