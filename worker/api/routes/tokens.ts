import { createRoute, z } from "@hono/zod-openapi";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/api-tokens";
import { AppError } from "../../core/app-error";
import { decodeCursor, pageOf } from "../../core/cursor";
import { database } from "../../db/client";
import { requireOwner } from "../auth";
import { createRouter } from "../router";
import { idSchema, jsonBody, jsonResponse, listOf, noQuery, pageQuery, problems } from "../schemas";

const tokenSchema = z
	.object({ id: z.string(), name: z.string(), role: z.enum(["owner", "member"]), createdAt: z.string() })
	.openapi("ApiToken");

const iso = (ms: number) => new Date(ms).toISOString();

export const tokenRoutes = createRouter();
tokenRoutes.use("/tokens", requireOwner);
tokenRoutes.use("/tokens/*", requireOwner);

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
					role: z.enum(["owner", "member"]).default("member"),
				}),
			),
			responses: {
				201: jsonResponse(tokenSchema.extend({ token: z.string() }), "The token and its secret"),
				...problems(400, 401, 403, 415),
			},
		}),
		async (c) => {
			const body = c.req.valid("json");
			const created = await createApiToken(database(c.env.DB), c.var.caller.companyId, body);
			return c.json({ ...created, createdAt: iso(created.createdAt) }, 201);
		},
	)
	.openapi(
		createRoute({
			method: "delete",
			path: "/tokens/{id}",
			summary: "Revoke a token",
			request: { ...noQuery, params: z.strictObject({ id: idSchema }) },
			responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			if (!(await revokeApiToken(database(c.env.DB), c.var.caller.companyId, id)))
				throw new AppError("not_found", `No token ${id}.`);
			return c.body(null, 204);
		},
	);
