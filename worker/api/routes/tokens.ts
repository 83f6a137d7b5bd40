/**
 * API tokens (owners only, worker/api/access-rules.ts): each carries a role and, for staff and
 * viewers, locations, like a member. Revoking one refuses it at once and closes its live sockets.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/api-tokens";
import { locationLimit } from "../../auth/roles";
import { AppError } from "../../core/app-error";
import { decodeCursor, pageOf } from "../../core/cursor";
import { database } from "../../db/client";
import { closeCredential } from "../live-sockets";
import { knownLocations } from "../location-ids";
import { createRouter } from "../router";
import {
	idSchema,
	jsonBody,
	jsonResponse,
	listOf,
	locationLimitSchema,
	noQuery,
	pageQuery,
	problems,
	roleSchema,
} from "../schemas";

const tokenSchema = z
	.object({
		id: z.string(),
		name: z.string(),
		role: roleSchema,
		locationIds: locationLimitSchema,
		createdAt: z.string(),
	})
	.openapi("ApiToken");

const iso = (ms: number) => new Date(ms).toISOString();

export const tokenRoutes = createRouter();

tokenRoutes
	.openapi(
		createRoute({
			method: "get",
			path: "/tokens",
			summary: "The company's live API tokens, newest first (owners only; secrets are never shown again)",
			request: { query: z.strictObject(pageQuery) },
			responses: { 200: jsonResponse(listOf(tokenSchema), "A page of tokens"), ...problems(400, 401, 403) },
		}),
		async (c) => {
			const { limit, cursor } = c.req.valid("query");
			// A company has a handful of tokens: page them in memory, newest (highest ULID) first.
			const before = cursor ? decodeCursor(cursor, ["string"] as const)[0] : undefined;
			const rows = (await listApiTokens(database(c.env.DB), c.var.caller.companyId))
				.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
				.filter((t) => before === undefined || t.id < before);
			const page = pageOf(rows, limit, (t) => [t.id]);
			return c.json(
				{ items: page.items.map((t) => ({ ...t, createdAt: iso(t.createdAt) })), nextCursor: page.nextCursor },
				200,
			);
		},
	)
	.openapi(
		createRoute({
			method: "post",
			path: "/tokens",
			summary: "Create an API token; its secret is in this answer only",
			request: jsonBody(
				z.strictObject({
					name: z.string().trim().min(1).max(100),
					role: roleSchema.default("viewer"),
					locationIds: locationLimitSchema.optional(),
				}),
			),
			responses: {
				201: jsonResponse(tokenSchema.extend({ token: z.string() }), "The token and its secret"),
				...problems(400, 401, 403, 415),
			},
		}),
		async (c) => {
			const body = c.req.valid("json");
			const db = database(c.env.DB);
			const locationIds = locationLimit(body.role, body.locationIds);
			if (body.locationIds) await knownLocations(db, c.var.caller.companyId, body.locationIds);
			const created = await createApiToken(db, c.var.caller.companyId, { ...body, locationIds });
			return c.json({ ...created, createdAt: iso(created.createdAt) }, 201);
		},
	)
	.openapi(
		createRoute({
			method: "delete",
			path: "/tokens/{id}",
			summary: "Revoke a token: refused from now on, its live feeds closed",
			request: { ...noQuery, params: z.strictObject({ id: idSchema }) },
			responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			const { companyId } = c.var.caller;
			if (!(await revokeApiToken(database(c.env.DB), companyId, id)))
				throw new AppError("not_found", `No token ${id}.`);
			await closeCredential(c.env, companyId, { kind: "api_token", id }, "revoked");
			return c.body(null, 204);
		},
	);
