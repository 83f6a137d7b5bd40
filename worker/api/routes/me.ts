import { createRoute, z } from "@hono/zod-openapi";
import { findUser } from "../../auth/users";
import { findCompany } from "../../catalogue/companies";
import { AppError } from "../../core/app-error";
import { database } from "../../db/client";
import { loadConnection } from "../../qbo/qbo-connection";
import { getSettings } from "../../settings/company-settings";
import { createRouter } from "../router";
import { jsonResponse, locationLimitSchema, noQuery, problems, roleSchema } from "../schemas";

const meSchema = z
	.object({
		user: z
			.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() })
			.nullable()
			.openapi({ description: "The signed-in user; null for an API or embed token" }),
		role: roleSchema,
		locationIds: locationLimitSchema,
		via: z.enum(["api_token", "session", "embed"]).openapi({ description: "How the caller authenticated" }),
		company: z.object({
			id: z.string(),
			name: z.string(),
			realmId: z.string().nullable().openapi({ description: "The QuickBooks company it is connected to, if any" }),
			currency: z.string().nullable().openapi({
				description: "The home currency (ISO 4217) of its QuickBooks company, every amount is in; null until known",
				example: "USD",
			}),
		}),
	})
	.openapi("Me");

export const meRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/me",
		summary: "Who is calling: the signed-in user (if any), their role and locations, and their company",
		request: noQuery,
		responses: { 200: jsonResponse(meSchema, "The caller"), ...problems(400, 401) },
	}),
	async (c) => {
		const { companyId, role, via, userId, locationIds } = c.var.caller;
		const db = database(c.env.DB);
		const company = await findCompany(db, companyId);
		if (!company) throw new AppError("not_found", "This company no longer exists.");
		const user = userId ? await findUser(db, companyId, userId) : null;
		const connection = await loadConnection(c.env, db, companyId);
		const { homeCurrency } = await getSettings(db, companyId);
		return c.json(
			{
				user: user ? { id: user.id, name: user.name, email: user.email } : null,
				role,
				locationIds,
				via,
				company: {
					id: company.id,
					name: company.name,
					realmId: connection && connection.status === "connected" ? connection.realmId : null,
					currency: homeCurrency,
				},
			},
			200,
		);
	},
);
