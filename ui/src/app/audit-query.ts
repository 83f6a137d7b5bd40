/**
 * The audit page's filters as `GET /audit` takes them: an actor kind, an action or its start
 * (`stock.adjusted`, `stock.`), and a span of days picked in the browser's time zone. Pure: the page
 * shows the errors in its own words.
 */
import type { AuditActorKind } from "../api/types";

export const ACTOR_KINDS: readonly AuditActorKind[] = ["user", "api_token", "embed", "qbo"];

/** The starts of the actions the API records, offered as the action filter's suggestions. */
export const ACTION_PREFIXES = [
	"stock.",
	"levels.",
	"product.",
	"delivery.",
	"purchase.",
	"build.",
	"bom.",
	"location.",
	"settings.",
	"sync.",
	"qbo.",
	"member.",
	"invite.",
	"api_token.",
	"embed_token.",
] as const;

/** As the form holds them: `from` and `to` are `<input type="date">` values (YYYY-MM-DD) or empty. */
export type AuditFilters = { actorKind: AuditActorKind | ""; action: string; from: string; to: string };

export type AuditFilterError = "actionFormat" | "dateFormat" | "dateOrder";

export type AuditQuery = { actorKind?: AuditActorKind; action?: string; from?: string; to?: string };

export type AuditQueryResult =
	| { ok: true; query: AuditQuery }
	| { ok: false; errors: Partial<Record<"action" | "from" | "to", AuditFilterError>> };

/** The API's pattern for `action` (worker/api/routes/audit.ts). */
const ACTION = /^[a-z_.]{1,60}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Local midnight of a YYYY-MM-DD day, `plusDays` later; null for no such day. */
function localMidnight(day: string, plusDays = 0): Date | null {
	const match = DAY.exec(day);
	if (!match) return null;
	const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
	const at = new Date(year, month, date + plusDays);
	// 2026-02-31 would roll over to March: not a day anyone picked.
	const check = new Date(year, month, date);
	if (check.getFullYear() !== year || check.getMonth() !== month || check.getDate() !== date) return null;
	return at;
}

/**
 * The query of a set of filters: empty ones left out, the action lower-cased, `from` the start of
 * its day and `to` the end of its day (the API's `to` excludes, a person's "to" includes).
 * @example auditQuery({ actorKind: "", action: "Stock.", from: "", to: "" }) // { ok: true, query: { action: "stock." } }
 */
export function auditQuery(filters: AuditFilters): AuditQueryResult {
	const errors: Partial<Record<"action" | "from" | "to", AuditFilterError>> = {};
	const query: AuditQuery = {};
	if (filters.actorKind) query.actorKind = filters.actorKind;
	const action = filters.action.trim().toLowerCase();
	if (action) {
		if (ACTION.test(action)) query.action = action;
		else errors.action = "actionFormat";
	}
	const from = filters.from ? localMidnight(filters.from) : null;
	const to = filters.to ? localMidnight(filters.to, 1) : null;
	if (filters.from && !from) errors.from = "dateFormat";
	if (filters.to && !to) errors.to = "dateFormat";
	if (from && to && to <= from) errors.to = "dateOrder";
	if (from) query.from = from.toISOString();
	if (to) query.to = to.toISOString();
	return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, query };
}
