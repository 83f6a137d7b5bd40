/**
 * `?requestid=` (docs/qbo.md#idempotent-writes): a write retried with the same request id answers the original response
 * and does not write again. Responses are kept per company; server errors are not kept, so a request
 * that failed (an injected 500, a timeout) can still be retried with its id.
 */
import type { Context } from "hono";
import type { Company } from "../company/company.ts";
import type { Simulator } from "../simulator.ts";

export async function idempotent(
	c: Context,
	sim: Simulator,
	company: Company,
	produce: () => Promise<Response>,
): Promise<Response> {
	const requestId = c.req.query("requestid");
	if (!requestId) return produce();
	const key = `${company.realmId}:${requestId}`;
	const stored = sim.idempotency.get(key);
	if (stored)
		return new Response(stored.body, { status: stored.status, headers: { "content-type": "application/json" } });
	const response = await produce();
	if (response.status < 500) sim.idempotency.set(key, { status: response.status, body: await response.clone().text() });
	return response;
}
