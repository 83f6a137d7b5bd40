/**
 * The audit trail: one row per change made through the API or by signing in (who, when, what, on
 * what). Written after the change succeeded; never updated. docs/api.md#audit-trail.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { companyColumn } from "./companies";

export const AUDIT_ACTOR_KINDS = ["user", "api_token", "embed", "qbo"] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

export const auditEvents = sqliteTable(
	"audit_events",
	{
		id: text("id").primaryKey(),
		companyId: companyColumn(),
		at: integer("at", { mode: "number" }).notNull(),
		actorKind: text("actor_kind", { enum: AUDIT_ACTOR_KINDS }).notNull(),
		/** The user's, API token's or embed token's id; null for QuickBooks. */
		actorId: text("actor_id"),
		/** The actor's name as it was then (a removed user or revoked token keeps its label here). */
		actorLabel: text("actor_label").notNull(),
		/** What was done, e.g. `stock.adjustment`, `member.role_changed`. */
		action: text("action").notNull(),
		/** The request's method and path, e.g. `POST /api/v1/orders/01J…/deliveries`. */
		target: text("target").notNull(),
		/** The stock source the change moved (e.g. `adjustment:<key>`), linking movements to who made them. */
		subject: text("subject"),
		/** The request's fields (JSON, secrets left out), for whoever reads the trail. */
		detail: text("detail"),
	},
	(t) => [index("audit_company_at").on(t.companyId, t.at), index("audit_company_subject").on(t.companyId, t.subject)],
);
