/**
 * `GET /live?ticket=…`: the live feed's WebSocket. Outside /api/v1 because a browser cannot send
 * the bearer token there; the ticket (from `POST /api/v1/live/ticket`) authenticates instead. The
 * upgrade is forwarded to the company's live object, which keeps the socket.
 */
import { Hono } from "hono";
import { originMayUse } from "../../auth/embed-tokens";
import { AppError } from "../../core/app-error";
import {
	CREDENTIAL_CHANGED_STATUS,
	LIVE_GRANT_HEADER,
	type LiveGrant,
	TICKET_SPENT_STATUS,
} from "../../live/company-live";
import { verifyLiveTicket } from "../../live/live-ticket";
import { appOrigin, requestOrigin } from "../request-origin";
import type { AppEnv } from "../router";

export const liveSocketRoutes = new Hono<AppEnv>();

liveSocketRoutes.get("/", async (c) => {
	if (c.req.header("upgrade")?.toLowerCase() !== "websocket") return upgradeRequired(c.req.path);
	const ticket = await verifyLiveTicket(c.env, c.req.query("ticket") ?? "");
	if (!ticket)
		throw new AppError("unauthorized", "The live ticket is missing, expired or not ours; ask for a new one.");
	// An embed token's ticket opens sockets only from the pages the token was minted for (or the
	// app's own, the iframe variant), as the embed token itself is only good from there.
	if (ticket.origins !== null && !originMayUse(ticket.origins, requestOrigin(c), appOrigin(c)))
		throw new AppError("forbidden", "This origin may not open the live feed with this ticket.");
	// The ticket may outlive the credential that asked for it by up to its minute.
	if (ticket.credentialExp !== null && ticket.credentialExp <= Date.now())
		throw new AppError("unauthorized", "The credentials behind this live ticket have expired; sign in again.");
	const stub = c.env.COMPANY_LIVE.get(c.env.COMPANY_LIVE.idFromName(ticket.companyId));
	const grant: LiveGrant = {
		ticketId: ticket.id,
		exp: ticket.exp,
		locationIds: ticket.locationIds,
		credentialExp: ticket.credentialExp,
		sessionId: ticket.sessionId,
		credential: ticket.credential,
		issuedAt: ticket.issuedAt,
	};
	const upgraded = await stub.fetch(
		new Request(c.req.url, { headers: { upgrade: "websocket", [LIVE_GRANT_HEADER]: JSON.stringify(grant) } }),
	);
	if (upgraded.status === CREDENTIAL_CHANGED_STATUS)
		throw new AppError(
			"unauthorized",
			"The credentials behind this live ticket were revoked or changed; ask for a new one.",
		);
	if (upgraded.status === TICKET_SPENT_STATUS)
		throw new AppError("unauthorized", "This live ticket has been used already; ask for a new one.");
	// A response from a stub has immutable headers, which the app's header middleware must set.
	return new Response(upgraded.body, {
		status: upgraded.status,
		headers: upgraded.headers,
		webSocket: upgraded.webSocket,
	});
});

/** 426 (RFC 9110 §15.5.22) in the API's problem+json shape, naming the protocol to upgrade to. */
function upgradeRequired(path: string): Response {
	const body = {
		type: "urn:stockroom:problem:upgrade_required",
		title: "Upgrade required",
		status: 426,
		detail: "GET /live is a WebSocket: send `Upgrade: websocket`.",
		code: "upgrade_required",
		instance: path,
	};
	return new Response(JSON.stringify(body), {
		status: 426,
		headers: { "content-type": "application/problem+json", upgrade: "websocket", connection: "Upgrade" },
	});
}
