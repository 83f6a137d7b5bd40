/**
 * What the caller may do, decided before any route runs, from the route's rule
 * (worker/api/access-rules.ts): the least role, then — for a caller limited to some locations — the
 * locations the request names (query, body, or the record of the path's `{id}`). A route without a
 * rule is refused: a new route is closed until its rule is written.
 */
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { Caller } from "../auth/caller";
import { roleAtLeast } from "../auth/roles";
import { AppError, type FieldError } from "../core/app-error";
import { database } from "../db/client";
import { ACCESS_RULES, type AccessRule, type NamedLocation } from "./access-rules";
import { recordLocation } from "./record-locations";
import type { AppEnv } from "./router";

const ROLE_NAMES = { viewer: "a viewer", staff: "staff", manager: "a manager", owner: "an owner" } as const;

/** The path of the route that will answer (not of this middleware); null when only middleware matched (404). */
function answeringPath(c: Context<AppEnv>): string | null {
	const path = routePath(c, -1);
	return path === "" || path.endsWith("*") ? null : path;
}

/** The route's key as the OpenAPI document and ACCESS_RULES write it (`GET /orders/{id}`); null for no route. */
export function routeKey(c: Context<AppEnv>): string | null {
	const path = answeringPath(c);
	if (path === null) return null;
	const template = path.replace(/^\/api\/v1(?=\/)/, "").replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, "{$1}");
	return `${c.req.method} ${template}`;
}

/**
 * The answering route's path parameters. A middleware's own `c.req.param()` knows only its own
 * pattern (`*`), so they are read off the request's path by the route's pattern.
 */
export function routeParams(c: Context<AppEnv>): Record<string, string> {
	const pattern = answeringPath(c)?.split("/") ?? [];
	const actual = c.req.path.split("/");
	const params: Record<string, string> = {};
	pattern.forEach((segment, i) => {
		const name = /^:([A-Za-z0-9_]+)/.exec(segment)?.[1];
		const value = actual[i];
		// c.req.path is already percent-decoded by Hono, as the route's own params are: taken as is.
		if (name && value !== undefined) params[name] = value;
	});
	return params;
}

/** The locations the caller may see, for a route that filters its answer; undefined: every location. */
export function callerLocations(caller: Caller): string[] | undefined {
	return caller.locationIds ?? undefined;
}

async function jsonBodyOf(c: Context<AppEnv>): Promise<unknown> {
	try {
		return await c.req.json(); // cached: the route's validator reads the same parse
	} catch {
		return undefined; // not JSON: the route answers 400
	}
}

async function namedLocations(c: Context<AppEnv>, rule: AccessRule): Promise<NamedLocation[]> {
	const locations = rule.locations;
	if (locations.kind !== "checked") return [];
	const named: NamedLocation[] = [];
	for (const name of locations.query ?? []) {
		const value = c.req.query(name);
		if (value !== undefined) named.push({ in: "query", field: name, id: value });
	}
	if (locations.body) named.push(...locations.body(await jsonBodyOf(c)));
	return named;
}

async function checkLocations(c: Context<AppEnv>, rule: AccessRule, allowed: Set<string>): Promise<void> {
	const { locations } = rule;
	if (locations.kind === "all")
		throw new AppError("forbidden", "This needs access to every location; yours is limited to some.");
	if (locations.kind !== "checked") return;
	if (locations.record) {
		const id = Object.values(routeParams(c))[0];
		const at = id ? await recordLocation(database(c.env.DB), c.var.caller.companyId, locations.record, id) : null;
		if (at !== null && !allowed.has(at))
			throw new AppError("forbidden", `This ${locations.record} is at a location you do not have access to.`);
	}
	const errors: FieldError[] = (await namedLocations(c, rule))
		.filter((l) => typeof l.id === "string" && !allowed.has(l.id))
		.map((l) => ({ in: l.in, field: l.field, message: `location ${String(l.id)} is not one of yours` }));
	if (errors.length > 0)
		throw new AppError("forbidden", "The request names locations you do not have access to; see `errors`.", errors);
}

export const authorize: MiddlewareHandler<AppEnv> = async (c, next) => {
	const key = routeKey(c);
	if (key === null) return next();
	const rule = ACCESS_RULES[key];
	if (!rule) throw new AppError("forbidden", `No access rule for ${key}: refused until one is written.`);
	const { caller } = c.var;
	if (!roleAtLeast(caller.role, rule.least))
		throw new AppError(
			"forbidden",
			`This needs ${ROLE_NAMES[rule.least]} or more; you are ${ROLE_NAMES[caller.role]}.`,
		);
	if (caller.locationIds !== null) await checkLocations(c, rule, new Set(caller.locationIds));
	await next();
};
