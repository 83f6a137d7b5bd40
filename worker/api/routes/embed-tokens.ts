/**
 * Embed tokens (owners only): `POST /embed-tokens` mints a short-lived token for the grid embedded
 * in another portal (worker/auth/embed-tokens.ts): what it may do, from which origins, over which
 * locations. `GET` lists those still working; `DELETE` revokes one at once, live feeds included.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { listEmbedTokens, mintEmbedToken, revokeEmbedToken } from "../../auth/embed-tokens";
import { AppError } from "../../core/app-error";
import { database } from "../../db/client";
import { closeCredential } from "../live-sockets";
import { knownLocations } from "../location-ids";
import { createRouter } from "../router";
import { idSchema, jsonBody, jsonResponse, listOf, noQuery, problems, roleSchema } from "../schemas";

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
	label: z
		.string()
		.trim()
		.min(1)
		.max(100)
		.optional()
		.openapi({ description: "A name for the Tokens page, e.g. the portal it is for; the first origin by default" }),
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
		id: z.string().openapi({ description: "The token's id, to revoke it" }),
		token: z.string(),
		expiresAt: z.string(),
		label: z.string(),
		role: roleSchema,
		scopes: z.array(z.enum(["read", "edit:reorder"])),
		origins: z.array(z.string()),
		locationIds: z.array(z.string()).nullable(),
	})
	.openapi("EmbedToken");

const embedTokenListedSchema = embedTokenSchema
	.omit({ token: true })
	.extend({ createdAt: z.string() })
	.openapi("EmbedTokenListed");

const iso = (ms: number) => new Date(ms).toISOString();

export const embedTokenRoutes = createRouter();

embedTokenRoutes
	.openapi(
		createRoute({
			method: "post",
			path: "/embed-tokens",
			summary: "Mint a short-lived embed token for the grid in another portal (owners only)",
			description:
				"The token works only from the given origins (CORS and the iframe page's frame-ancestors follow them), within its scopes and locations, until it expires or is revoked. Its role follows from its scopes: read is a viewer's, edit:reorder staff's.",
			request: jsonBody(embedTokenRequestSchema),
			responses: { 201: jsonResponse(embedTokenSchema, "The token and its expiry"), ...problems(400, 401, 403, 415) },
		}),
		async (c) => {
			// The access rules keep this to owners, and the embed guard to the grid's routes; said outright all the same.
			if (c.var.caller.via === "embed") throw new AppError("forbidden", "An embed token may not mint embed tokens.");
			const body = c.req.valid("json");
			const { companyId } = c.var.caller;
			const db = database(c.env.DB);
			const locationIds = body.locationIds ? [...new Set(body.locationIds)] : null;
			if (body.locationIds) await knownLocations(db, companyId, body.locationIds);
			// "edit:reorder" implies "read": a grid that edits must see what it edits.
			const scopes = body.scopes.includes("edit:reorder") ? (["read", "edit:reorder"] as const) : (["read"] as const);
			const origins = [...new Set(body.origins)];
			const grant = { scopes: [...scopes], origins, locationIds };
			const label = body.label ?? origins[0] ?? "embed token";
			const { id, token, expiresAt, role } = await mintEmbedToken(
				c.env,
				db,
				companyId,
				{ ...grant, label, createdBy: c.var.caller.actor.id },
				body.ttlSeconds,
			);
			return c.json({ id, token, expiresAt: iso(expiresAt), label, role, ...grant }, 201);
		},
	)
	.openapi(
		createRoute({
			method: "get",
			path: "/embed-tokens",
			summary: "The embed tokens still working (unexpired, unrevoked), newest first (owners only)",
			request: noQuery,
			responses: {
				200: jsonResponse(listOf(embedTokenListedSchema), "The tokens (a company has a handful: one page)"),
				...problems(400, 401, 403),
			},
		}),
		async (c) => {
			const rows = await listEmbedTokens(database(c.env.DB), c.var.caller.companyId);
			const items = rows.map((r) => ({
				id: r.id,
				label: r.label,
				role: r.role,
				scopes: r.scopes as ("read" | "edit:reorder")[],
				origins: r.origins,
				locationIds: r.locationIds,
				createdAt: iso(r.createdAt),
				expiresAt: iso(r.expiresAt),
			}));
			return c.json({ items, nextCursor: null }, 200);
		},
	)
	.openapi(
		createRoute({
			method: "delete",
			path: "/embed-tokens/{id}",
			summary: "Revoke an embed token: refused from now on, its live feeds closed",
			request: { ...noQuery, params: z.strictObject({ id: idSchema }) },
			responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const { companyId } = c.var.caller;
			await revokeEmbedToken(database(c.env.DB), companyId, id);
			await closeCredential(c.env, companyId, { kind: "embed", id }, "revoked");
			return c.body(null, 204);
		},
	);
