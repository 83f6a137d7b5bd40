/**
 * Who may call each route of /api/v1, in one table (docs/app.md#roles-and-locations): the least
 * role, how a caller limited to some locations is held to them, and what the audit trail records.
 * The authorize middleware (worker/api/authorize.ts) refuses a route missing here, and the tests
 * run every route of the OpenAPI document against every role and limit from this table, so a new
 * route cannot slip in unguarded.
 */
import type { Role } from "../auth/roles";

/** A location a request names, and the field that names it (for the 403's `errors`). */
export type NamedLocation = { in: "body" | "query"; field: string; id: unknown };

/** The records whose location decides whether a limited caller may reach them by `{id}`. */
export type RecordKind = "location" | "order" | "delivery" | "purchase" | "build";

export type LocationRule =
	/** Shows no stock and changes none: whoever has the role may. */
	| { kind: "none" }
	/** Answers across locations (the route keeps its answer to the caller's locations: callerLocations). */
	| { kind: "filtered" }
	/** Concerns named locations: each must be the caller's (`record` by the path's `{id}`, the rest from the request). */
	| {
			kind: "checked";
			record?: RecordKind;
			query?: string[];
			body?: (body: unknown) => NamedLocation[];
			/** A list besides: the route also filters its answer. */
			filtered?: boolean;
	  }
	/** Reads or changes the whole company: never for a caller limited to some locations. */
	| { kind: "all" };

export type AuditRequest = { params: Record<string, string>; body: unknown; response: unknown };

export type AuditRule = {
	/** e.g. `stock.adjusted`. */
	action: string;
	/** The stock source the change moves, linking its movements to this entry. */
	subject?: (request: AuditRequest) => string | null;
};

export type AccessRule = {
	least: Role;
	locations: LocationRule;
	/** What a successful call records; null: the call changes nothing (reads, and reads sent as POST). */
	audit: AuditRule | null;
};

const none: LocationRule = { kind: "none" };
const filtered: LocationRule = { kind: "filtered" };
const all: LocationRule = { kind: "all" };
const record = (kind: RecordKind, body?: (body: unknown) => NamedLocation[]): LocationRule => ({
	kind: "checked",
	record: kind,
	...(body ? { body } : {}),
});

function field(body: unknown, name: string): unknown {
	return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** The body's location fields, if present (validation reports a missing one). */
const bodyLocations =
	(...names: string[]) =>
	(body: unknown): NamedLocation[] =>
		names
			.map((name) => ({ in: "body" as const, field: name, id: field(body, name) }))
			.filter((l) => l.id !== undefined);

/** `PATCH /levels`: each row's location. */
function levelRowLocations(body: unknown): NamedLocation[] {
	const items = field(body, "items");
	if (!Array.isArray(items)) return [];
	return items.map((item, i) => ({
		in: "body" as const,
		field: `items.${i}.locationId`,
		id: field(item, "locationId"),
	}));
}

const keyed = (kind: string) => (r: AuditRequest) => {
	const key = field(r.body, "idempotencyKey");
	return typeof key === "string" ? `${kind}:${key}` : null;
};
const fromParam =
	(kind: string, name = "id") =>
	(r: AuditRequest) =>
		r.params[name] ? `${kind}:${r.params[name]}` : null;
const fromResponse = (kind: string) => (r: AuditRequest) => {
	const id = field(r.response, "id");
	return typeof id === "string" ? `${kind}:${id}` : null;
};

const read = (locations: LocationRule): AccessRule => ({ least: "viewer", locations, audit: null });
const change = (least: Role, locations: LocationRule, action: string, subject?: AuditRule["subject"]): AccessRule => ({
	least,
	locations,
	audit: { action, ...(subject ? { subject } : {}) },
});

/** Keyed `METHOD /path` as the OpenAPI document writes them (`{id}` for a path parameter). */
export const ACCESS_RULES: Record<string, AccessRule> = {
	"GET /openapi.json": read(none),
	"GET /me": read(none),
	"POST /live/ticket": read(filtered),

	"GET /products": read(filtered),
	"GET /products/{id}": read(filtered),
	"PATCH /products/{id}": change("manager", all, "product.changed"),
	"GET /products/{id}/lots": read(filtered),
	// Orders and purchases at the caller's locations only, as their lists (products and vendors are company-wide).
	"GET /search": read(filtered),
	"GET /lots": read({ kind: "checked", query: ["locationId"], filtered: true }),
	// A limited caller traces through the ledger at their locations only (docs/architecture.md#traceability).
	"GET /products/{id}/lots/{lot}/trace": read(filtered),
	// A recall must name every customer: a list cut to some locations would read as complete.
	"GET /recall": { least: "viewer", locations: all, audit: null },
	"GET /lots/unassigned": read({ kind: "checked", query: ["locationId"], filtered: true }),
	"GET /levels": read({ kind: "checked", query: ["location"], filtered: true }),
	"PATCH /levels": change("staff", { kind: "checked", body: levelRowLocations }, "levels.planning_changed"),
	"GET /locations": read(filtered),
	"GET /locations/{id}": read(record("location")),
	"POST /locations": change("manager", all, "location.created"),
	"PATCH /locations/{id}": change("manager", all, "location.changed"),
	"PUT /locations/order": change("manager", all, "location.reordered"),

	"POST /adjustments": change(
		"staff",
		{ kind: "checked", body: bodyLocations("locationId") },
		"stock.adjusted",
		keyed("adjustment"),
	),
	"POST /counts": change(
		"staff",
		{ kind: "checked", body: bodyLocations("locationId") },
		"stock.counted",
		keyed("count"),
	),
	"POST /transfers": change(
		"staff",
		{ kind: "checked", body: bodyLocations("fromLocationId", "toLocationId") },
		"stock.transferred",
		keyed("transfer"),
	),
	"POST /lots/assignments": change(
		"staff",
		{ kind: "checked", body: bodyLocations("locationId") },
		"stock.lots_assigned",
		keyed("lot_assignment"),
	),
	// No subject: the re-pick's movement carries the source it re-picks (its trace follows), not the key.
	"POST /lots/repicks": change("staff", { kind: "checked", body: bodyLocations("locationId") }, "stock.lots_repicked"),
	"GET /movements": read({ kind: "checked", query: ["locationId"], filtered: true }),
	// A movement at a location not the caller's is not found, as GET /movements leaves it out.
	"GET /movements/{id}/lots": read(filtered),
	"GET /reconciliation": { least: "manager", locations: all, audit: null },

	"GET /settings": read(none),
	"PATCH /settings": change("manager", all, "settings.changed"),
	"GET /sync/status": read(none),
	"GET /sync/log": { least: "manager", locations: all, audit: null },
	"POST /sync/log/{id}/retry": change("manager", all, "sync.retried"),
	"POST /sync/resync": change("manager", all, "sync.resync_started"),
	"POST /qbo-drift": change("manager", all, "qbo.drift_checked"),
	"GET /qbo-drift/latest": { least: "manager", locations: all, audit: null },
	"GET /qbo-drift/{id}": { least: "manager", locations: all, audit: null },
	"POST /qbo-drift/{id}/repairs": change("manager", all, "qbo.drift_repaired"),

	"GET /vendors": read(none),
	"GET /purchases": read(filtered),
	"POST /purchases": change("manager", all, "purchase.created", fromResponse("purchase")),
	"GET /purchases/{id}": read(record("purchase")),
	"PATCH /purchases/{id}": change("manager", all, "purchase.changed", fromParam("purchase")),
	"POST /purchases/{id}/receipts": change("staff", record("purchase"), "purchase.received", fromParam("purchase")),
	"POST /purchases/{id}/qbo/retry": change("manager", all, "purchase.qbo_retried", fromParam("purchase")),
	"POST /purchases/suggestions": { least: "manager", locations: all, audit: null },
	"POST /purchases/suggestions/apply": change("manager", all, "purchase.suggestions_applied"),

	// The start page: its stock figures kept to the caller's locations; the QuickBooks health is the company's, as in GET /sync/status.
	"GET /overview": read(filtered),
	"GET /orders": read(filtered),
	"GET /orders/{id}": read(record("order")),
	"GET /orders/{id}/pick-proposal": read({ kind: "checked", record: "order", query: ["locationId"] }),
	"POST /orders/{id}/deliveries": change(
		"staff",
		record("order", bodyLocations("locationId")),
		"delivery.created",
		fromResponse("delivery"),
	),
	"GET /deliveries/{id}": read(record("delivery")),
	"POST /deliveries/{id}/cancel": change("staff", record("delivery"), "delivery.cancelled", fromParam("delivery")),

	"GET /assemblies/{productId}": read(none),
	"PUT /assemblies/{productId}": change("manager", all, "bom.changed"),
	"POST /builds": change("manager", all, "build.created", fromResponse("build")),
	"GET /builds": read(filtered),
	"GET /builds/{id}": read(record("build")),

	"GET /audit": { least: "manager", locations: all, audit: null },

	"GET /tokens": { least: "owner", locations: all, audit: null },
	"POST /tokens": change("owner", all, "api_token.created"),
	"DELETE /tokens/{id}": change("owner", all, "api_token.revoked"),
	"GET /embed-tokens": { least: "owner", locations: all, audit: null },
	"POST /embed-tokens": change("owner", all, "embed_token.created"),
	"DELETE /embed-tokens/{id}": change("owner", all, "embed_token.revoked"),
	"GET /members": { least: "owner", locations: all, audit: null },
	"PATCH /members/{id}": change("owner", all, "member.changed"),
	"DELETE /members/{id}": change("owner", all, "member.removed"),
	"GET /invites": { least: "owner", locations: all, audit: null },
	"POST /invites": change("owner", all, "invite.created"),
	"DELETE /invites/{id}": change("owner", all, "invite.revoked"),

	// Development only (worker/api/routes/bench.ts): the stock command's path without the command.
	"POST /_bench/noop": { least: "staff", locations: none, audit: null },
};
