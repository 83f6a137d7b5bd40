/**
 * Records every successful change made through /api/v1 in the audit trail (worker/auth/audit-trail.ts):
 * who (the caller's actor), what (the route's action, worker/api/access-rules.ts), on what (the
 * path, and the stock source the change moved) and the request's fields. A write that failed
 * changed nothing and records nothing; a replay the route marked (`replayed`: a key applied before,
 * a repeated cancel) records nothing new either.
 *
 * The entry is stamped with the time the request arrived, before the change: a movement then
 * comes at or after its own entry, which is how worker/auth/audit-trail.ts finds who made it.
 */
import type { MiddlewareHandler } from "hono";
import { recordAudit } from "../auth/audit-trail";
import { database } from "../db/client";
import { ACCESS_RULES } from "./access-rules";
import { routeKey, routeParams } from "./authorize";
import type { AppEnv } from "./router";

/** Request fields never written to the trail. */
const SECRET_FIELDS = new Set(["token", "secret", "password"]);

function withoutSecrets(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutSecrets);
	if (typeof value !== "object" || value === null) return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key]) => !SECRET_FIELDS.has(key))
			.map(([k, v]) => [k, withoutSecrets(v)]),
	);
}

export const auditWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
	const startedAt = Date.now();
	await next();
	const key = routeKey(c);
	const audit = key ? ACCESS_RULES[key]?.audit : null;
	if (!audit || c.res.status < 200 || c.res.status > 299 || c.var.replayed) return;
	const body = await bodyOf(c);
	const response = c.res.headers.get("content-type")?.includes("json")
		? await c.res
				.clone()
				.json()
				.catch(() => null)
		: null;
	const params = routeParams(c);
	const { caller } = c.var;
	const write = recordAudit(
		database(c.env.DB),
		caller.companyId,
		{
			actor: caller.actor,
			action: audit.action,
			target: `${c.req.method} ${c.req.path}`,
			subject: audit.subject?.({ params, body, response }) ?? null,
			detail: {
				...(Object.keys(params).length > 0 ? { params } : {}),
				...(body !== undefined ? { body: withoutSecrets(body) } : {}),
			},
		},
		startedAt,
	);
	// The change is made: the answer waits for its record, so that a client reading the trail next sees it.
	await write.catch((error: unknown) => console.error(`audit: recording ${key} failed`, error));
};

async function bodyOf(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<unknown> {
	if (!c.req.header("content-type")?.includes("json")) return undefined;
	try {
		return await c.req.json();
	} catch {
		return undefined;
	}
}
