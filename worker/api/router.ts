/**
 * The router every API resource is built with: one Hono sub-app per resource, validation by the
 * route's zod schemas, and any validation failure turned into problem+json naming the field.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Caller } from "../auth/caller";
import { AppError, fieldErrors } from "../core/app-error";

/**
 * `replayed`: the route answered a request applied before (an idempotency key seen, a cancel
 * repeated) and changed nothing, so the audit trail records nothing new (worker/api/audit-writes.ts).
 */
export type AppEnv = { Bindings: Env; Variables: { caller: Caller; replayed?: boolean } };

export function createRouter() {
	return new OpenAPIHono<AppEnv>({
		defaultHook: (result) => {
			if (!result.success)
				throw new AppError(
					"validation_failed",
					"Some fields are invalid; see `errors`.",
					fieldErrors(result.target === "json" ? "body" : result.target, result.error),
				);
		},
	});
}
