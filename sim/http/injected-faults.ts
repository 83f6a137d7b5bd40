/**
 * Applies injected API faults and QBO's rate limits to a request before it is served: delay (then
 * serve), throttle (429 with Retry-After), fail (500 or the rule's status), refuse (400, QBO's
 * business validation fault 6000), timeout (hang, then 504);
 * and after: lost_response (served, then a 504 instead of its answer).
 */
import type { Context, MiddlewareHandler } from "hono";
import { API_FAULTS } from "../faults/fault-rules.ts";
import { businessValidation, gatewayTimeout, systemFault, throttled } from "../qbo/faults.ts";
import type { Simulator } from "../simulator.ts";
import { faultJson } from "./respond.ts";

function throttle(c: Context, seconds: number): Response {
	c.header("retry-after", String(seconds));
	return faultJson(c, undefined, throttled());
}

export function injectedFaults(sim: Simulator, target: "api" | "oauth"): MiddlewareHandler {
	return async (c, next) => {
		const realmId = c.req.param("realmId");
		const fired = sim.faults.fire(API_FAULTS, { realmId, path: new URL(c.req.url).pathname, target });
		for (const rule of fired) {
			if (rule.kind === "delay") await sim.sleeper.sleep(rule.ms ?? 1000);
			else if (rule.kind === "throttle") return throttle(c, rule.retryAfterSeconds ?? 60);
			else if (rule.kind === "fail") return faultJson(c, undefined, systemFault(rule.status ?? 500));
			else if (rule.kind === "refuse")
				return faultJson(c, undefined, businessValidation("refused by an injected fault"));
			else if (rule.kind === "timeout") {
				await sim.sleeper.sleep(rule.ms ?? 130_000);
				return faultJson(c, undefined, gatewayTimeout());
			}
		}
		if (target === "api" && realmId !== undefined) {
			if (!sim.limiter.admit(realmId)) return throttle(c, 60);
			try {
				await next();
			} finally {
				sim.limiter.release(realmId);
			}
		} else await next();
		// Served (and its answer kept for its requestid), but the client only sees a timeout.
		if (fired.some((rule) => rule.kind === "lost_response")) c.res = faultJson(c, undefined, gatewayTimeout());
	};
}
