import { createRoute, z } from "@hono/zod-openapi";
import { createApiToken, listApiTokens, revokeApiToken } from "../../auth/api-tokens";
import { database } from "../../db/client";
import { requireOwner } from "../auth";
import { AppError } from "../problem";
import { createRouter } from "../router";
import { idSchema, jsonBody, jsonResponse, problems } from "../schemas";

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
			summary: "The company's live API tokens (owners only; secrets are never shown again)",
			responses: {
				200: jsonResponse(z.object({ items: z.array(tokenSchema), nextCursor: z.null() }), "Tokens"),
				...problems(401, 403),
			},
		}),
		async (c) => {
			const rows = await listApiTokens(database(c.env.DB), c.var.caller.companyId);
			return c.json({ items: rows.map((t) => ({ ...t, createdAt: iso(t.createdAt) })), nextCursor: null }, 200);
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
			request: { params: z.strictObject({ id: idSchema }) },
			responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404) },
		}),
		async (c) => {
			const { id } = c.req.valid("param");
			if (!(await revokeApiToken(database(c.env.DB), c.var.caller.companyId, id)))
				throw new AppError("not_found", `No token ${id}.`);
			return c.body(null, 204);
		},
	);
