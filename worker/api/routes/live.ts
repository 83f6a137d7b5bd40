import { createRoute, z } from "@hono/zod-openapi";
import { signLiveTicket } from "../../live/live-ticket";
import { createRouter } from "../router";
import { jsonResponse, noQuery, problems } from "../schemas";

const liveTicketSchema = z
	.object({
		url: z.string().openapi({ example: "wss://stockroom.example/live?ticket=eyJ…" }),
		expiresAt: z.string().openapi({ format: "date-time" }),
	})
	.openapi("LiveTicket");

export const liveRoutes = createRouter().openapi(
	createRoute({
		method: "post",
		path: "/live/ticket",
		summary: "A short-lived URL of the live feed: a WebSocket of level changes",
		description:
			'Open the URL within a minute. Messages are JSON: `{"type":"ready","at"}` once, then `{"type":"levels","changes":[…],"at"}` (`at`: server time, epoch ms). Send `{"type":"ping"}` to get `{"type":"pong"}`. After a reconnect, `GET /levels?changedSince=` catches up. The socket lives no longer than the credential that asked for the ticket: when an embed token or session expires, or the session signs out, the server closes it with code 4401 ("credentials expired"); ask for a new ticket (a 401 means sign in again). API tokens have no expiry.',
		request: noQuery,
		responses: { 200: jsonResponse(liveTicketSchema, "The socket URL"), ...problems(400, 401) },
	}),
	async (c) => {
		const { token, expiresAt } = await signLiveTicket(c.env, c.var.caller);
		const url = new URL("/live", c.req.url);
		url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
		url.searchParams.set("ticket", token);
		return c.json({ url: url.toString(), expiresAt: new Date(expiresAt).toISOString() }, 200);
	},
);
