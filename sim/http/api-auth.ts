/**
 * Bearer authentication of the QBO API: a missing, unknown, revoked or expired access token is a 401 in
 * Intuit's lower-case envelope (code 3200); a valid token used on another company is a 403 (3100).
 */
import type { MiddlewareHandler } from "hono";
import type { Company } from "../company/company.ts";
import { authenticationFault, authorizationFault } from "../qbo/faults.ts";
import type { Simulator } from "../simulator.ts";
import { faultJson } from "./respond.ts";

export type ApiEnv = { Variables: { company: Company } };

export function apiAuth(sim: Simulator): MiddlewareHandler<ApiEnv> {
	return async (c, next) => {
		const header = c.req.header("authorization") ?? "";
		const match = /^Bearer\s+(\S+)$/i.exec(header);
		const auth = sim.oauth.authenticate(match?.[1]);
		if (!auth.ok) {
			c.header("www-authenticate", 'Bearer realm="Intuit", error="invalid_token"');
			return c.json(authenticationFault(auth.detail, sim.now()), 401);
		}
		const realmId = c.req.param("realmId") ?? "";
		const company = sim.company(realmId);
		if (auth.realmId !== realmId || !company) return faultJson(c, company, authorizationFault());
		c.set("company", company);
		await next();
	};
}
