/**
 * `POST /embed-tokens`: the owner mints a short-lived token for the grid embedded in another
 * portal (worker/auth/embed-tokens.ts): what it may do, from which origins, over which locations.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { mintEmbedToken } from "../../auth/embed-tokens";
import { listLocations } from "../../catalogue/locations";
import { AppError } from "../../core/app-error";
import { database } from "../../db/client";
import { requireOwner } from "../auth";
import { createRouter } from "../router";
import { idSchema, jsonBody, jsonResponse, problems } from "../schemas";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An exact origin — scheme, host and port, nothing else — normalized as a browser sends it in
 * `Origin` (lower-case host, default port dropped, no trailing slash), since the check is an exact
 * string match. https only, but for loopback hosts (a developer's portal on localhost): a token
 * usable from a plain-http page could be used by whoever can inject script into that page.
 */
const originSchema = z
	.string()
	.trim()
	.max(200)
	.transform((text, ctx) => {
		let url: URL | undefined;
		try {
			url = new URL(text);
		} catch {
			url = undefined;
		}
		const bare = /^[a-z][a-z0-9+.-]*:\/\/[^/?#*]+\/?$/i.test(text);
		if (!url || !bare || url.username || url.password || (url.protocol !== "https:" && url.protocol !== "http:")) {
			ctx.addIssue({
				code: "custom",
				message: 'must be an exact origin: scheme, host and optional port, e.g. "https://portal.example.com"',
			});
			return z.NEVER;
		}
		if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
			ctx.addIssue({ code: "custom", message: "must use https (plain http is accepted for localhost only)" });
			return z.NEVER;
		}
		return url.origin;
	})
	.openapi({ type: "string", example: "https://portal.example.com" });

const embedTokenRequestSchema = z.strictObject({
	scopes: z
		.array(z.enum(["read", "edit:reorder"]))
		.min(1)
		.openapi({ description: '"read", and "edit:reorder" to edit reorder points and quantities (implies read)' }),
	origins: z.array(originSchema).min(1).max(10),
	locationIds: z
		.array(idSchema)
		.min(1)
		.max(50)
		.optional()
		.openapi({ description: "Only these active locations; all of them if left out" }),
	ttlSeconds: z.number().int().min(60).max(86_400).default(3600),
});

const embedTokenSchema = z
	.object({
		token: z.string(),
		expiresAt: z.string(),
		scopes: z.array(z.enum(["read", "edit:reorder"])),
		origins: z.array(z.string()),
		locationIds: z.array(z.string()).nullable(),
	})
	.openapi("EmbedToken");

export const embedTokenRoutes = createRouter();
embedTokenRoutes.use("/embed-tokens", requireOwner);

embedTokenRoutes.openapi(
	createRoute({
		method: "post",
		path: "/embed-tokens",
		summary: "Mint a short-lived embed token for the grid in another portal (owners only)",
		description:
			"The token works only from the given origins (CORS and the iframe page's frame-ancestors follow them), within its scopes and locations, until it expires; it cannot be revoked earlier, so keep it short-lived.",
		request: jsonBody(embedTokenRequestSchema),
		responses: { 201: jsonResponse(embedTokenSchema, "The token and its expiry"), ...problems(400, 401, 403, 415) },
	}),
	async (c) => {
		// An embed token is a member's, so requireOwner already refuses it; said outright all the same.
		if (c.var.caller.via === "embed") throw new AppError("forbidden", "An embed token may not mint embed tokens.");
		const body = c.req.valid("json");
		const companyId = c.var.caller.companyId;
		const locationIds = body.locationIds ? [...new Set(body.locationIds)] : null;
		if (locationIds) {
			const active = new Set((await listLocations(database(c.env.DB), companyId, false)).map((l) => l.id));
			const unknown = body.locationIds
				?.map((id, i) => ({ id, i }))
				.filter(({ id }) => !active.has(id))
				.map(({ id, i }) => ({ in: "body", field: `locationIds.${i}`, message: `no active location ${id}` }));
			if (unknown?.length) throw new AppError("validation_failed", "Some fields are invalid; see `errors`.", unknown);
		}
		// "edit:reorder" implies "read": a grid that edits must see what it edits.
		const scopes = body.scopes.includes("edit:reorder") ? (["read", "edit:reorder"] as const) : (["read"] as const);
		const grant = { scopes: [...scopes], origins: [...new Set(body.origins)], locationIds };
		const { token, expiresAt } = await mintEmbedToken(c.env, companyId, grant, body.ttlSeconds);
		return c.json({ token, expiresAt: new Date(expiresAt).toISOString(), ...grant }, 201);
	},
);
