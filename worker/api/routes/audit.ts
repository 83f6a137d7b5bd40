/** `GET /audit`: the audit trail, newest first, filterable (managers and owners; worker/auth/audit-trail.ts). */
import { createRoute, z } from "@hono/zod-openapi";
import { listAudit } from "../../auth/audit-trail";
import { database } from "../../db/client";
import { AUDIT_ACTOR_KINDS } from "../../db/schema";
import { createRouter } from "../router";
import { idSchema, jsonResponse, listOf, pageQuery, problems } from "../schemas";

const actorSchema = z.object({ kind: z.enum(AUDIT_ACTOR_KINDS), id: z.string().nullable(), label: z.string() });

const auditEntrySchema = z
	.object({
		id: z.string(),
		at: z.string(),
		actor: actorSchema.openapi({ description: "Who: a user, an API token, an embed token, or QuickBooks" }),
		action: z.string().openapi({ example: "stock.adjusted" }),
		target: z.string().openapi({ description: "The request's method and path" }),
		subject: z.string().nullable().openapi({ description: "The stock source the change moved, if any" }),
		detail: z.unknown().openapi({ description: "The request's fields (secrets left out)" }),
	})
	.openapi("AuditEntry");

const instant = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

export const auditRoutes = createRouter().openapi(
	createRoute({
		method: "get",
		path: "/audit",
		summary: "Who changed what and when, newest first (managers and owners)",
		request: {
			query: z.strictObject({
				actorKind: z.enum(AUDIT_ACTOR_KINDS).optional(),
				actorId: idSchema.optional(),
				action: z
					.string()
					.regex(/^[a-z_.]{1,60}$/, "an action such as stock.adjusted, or a prefix ending in a dot such as stock.")
					.optional(),
				from: instant.optional().openapi({ type: "string", format: "date-time", description: "Inclusive" }),
				to: instant.optional().openapi({ type: "string", format: "date-time", description: "Exclusive" }),
				...pageQuery,
			}),
		},
		responses: { 200: jsonResponse(listOf(auditEntrySchema), "A page of the trail"), ...problems(400, 401, 403) },
	}),
	async (c) => c.json(await listAudit(database(c.env.DB), c.var.caller.companyId, c.req.valid("query")), 200),
);
