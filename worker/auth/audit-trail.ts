/**
 * The audit trail (docs/api.md#audit-trail): who changed what, and when. The API records every
 * successful write through one middleware (worker/api/audit-writes.ts); signing in and connecting
 * record theirs here too. A movement is linked to its entry by the stock source it moved
 * (`subject`), so the ledger can say who made each change.
 */
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { ulid } from "ulid";
import { pageOf } from "../core/cursor";
import { newestFirst } from "../core/keyset";
import type { Database } from "../db/client";
import { type AuditActorKind, auditEvents } from "../db/schema";
import { chunk } from "../lib/chunk";
import type { Actor } from "./caller";

export type AuditActor = { kind: AuditActorKind; id: string | null; label: string };

export const QUICKBOOKS_ACTOR: AuditActor = { kind: "qbo", id: null, label: "QuickBooks" };

export type AuditEntry = {
	actor: AuditActor | Actor;
	action: string;
	target: string;
	subject?: string | null;
	detail?: unknown;
};

/** Detail beyond this is cut: the trail says what was asked, it is not an archive of payloads. */
const MAX_DETAIL = 4000;

export async function recordAudit(db: Database, companyId: string, entry: AuditEntry, now = Date.now()): Promise<void> {
	let detail = entry.detail === undefined ? null : JSON.stringify(entry.detail);
	if (detail !== null && detail.length > MAX_DETAIL)
		detail = JSON.stringify({ truncated: detail.slice(0, MAX_DETAIL) });
	await db.insert(auditEvents).values({
		id: ulid(now),
		companyId,
		at: now,
		actorKind: entry.actor.kind,
		actorId: entry.actor.id,
		actorLabel: entry.actor.label,
		action: entry.action,
		target: entry.target,
		subject: entry.subject ?? null,
		detail,
	});
}

export type AuditQuery = {
	actorKind?: AuditActorKind;
	actorId?: string;
	action?: string;
	from?: number;
	to?: number;
	limit: number;
	cursor?: string;
};

/** A page of the trail, newest first; `action` matches a whole action or a prefix ending in "." (`stock.`). */
export async function listAudit(db: Database, companyId: string, query: AuditQuery) {
	const keyset = newestFirst(query.cursor, [auditEvents.at, auditEvents.id], ["number", "string"]);
	const rows = await db
		.select()
		.from(auditEvents)
		.where(
			and(
				eq(auditEvents.companyId, companyId),
				query.actorKind ? eq(auditEvents.actorKind, query.actorKind) : undefined,
				query.actorId ? eq(auditEvents.actorId, query.actorId) : undefined,
				query.action
					? query.action.endsWith(".")
						? sql`substr(${auditEvents.action}, 1, ${query.action.length}) = ${query.action}`
						: eq(auditEvents.action, query.action)
					: undefined,
				query.from !== undefined ? gte(auditEvents.at, query.from) : undefined,
				query.to !== undefined ? lt(auditEvents.at, query.to) : undefined,
				keyset.after,
			),
		)
		.orderBy(...keyset.orderBy)
		.limit(query.limit + 1);
	const page = pageOf(rows, query.limit, (e) => [e.at, e.id]);
	return {
		items: page.items.map((e) => ({
			id: e.id,
			at: new Date(e.at).toISOString(),
			actor: { kind: e.actorKind, id: e.actorId, label: e.actorLabel },
			action: e.action,
			target: e.target,
			subject: e.subject,
			detail: e.detail === null ? null : (JSON.parse(e.detail) as unknown),
		})),
		nextCursor: page.nextCursor,
	};
}

/** A transfer's legs are `<source>:from` and `<source>:to`; the command was recorded under `<source>`. */
function commandSource(source: string): string {
	return source.replace(/:(from|to)$/, "");
}

/** Sources of changes that came from QuickBooks (its documents, its opening stock), not from a person here. */
const QBO_SOURCE = /^qbo:/;

/**
 * Who made each movement: the audit entry of its source nearest before it (a receipt, say, is one of
 * several changes to its purchase's source), else the first after it (a retry that completed a
 * change a crashed request began); QuickBooks for changes that came from QuickBooks; null if unknown.
 */
export async function actorsOfMovements(
	db: Database,
	companyId: string,
	movements: { id: string; source: string; at: number }[],
): Promise<Map<string, AuditActor | null>> {
	const sources = [...new Set(movements.map((m) => commandSource(m.source)))];
	const entries = [];
	for (const some of chunk(sources, 90))
		entries.push(
			...(await db
				.select({
					subject: auditEvents.subject,
					at: auditEvents.at,
					kind: auditEvents.actorKind,
					id: auditEvents.actorId,
					label: auditEvents.actorLabel,
				})
				.from(auditEvents)
				.where(and(eq(auditEvents.companyId, companyId), inArray(auditEvents.subject, some)))),
		);
	entries.sort((a, b) => b.at - a.at);
	const result = new Map<string, AuditActor | null>();
	for (const m of movements) {
		const source = commandSource(m.source);
		const ofSource = entries.filter((e) => e.subject === source);
		const entry = ofSource.find((e) => e.at <= m.at) ?? ofSource.at(-1);
		if (entry) result.set(m.id, { kind: entry.kind, id: entry.id, label: entry.label });
		else result.set(m.id, QBO_SOURCE.test(m.source) ? QUICKBOOKS_ACTOR : null);
	}
	return result;
}
