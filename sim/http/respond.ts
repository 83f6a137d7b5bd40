/** Response bodies as Intuit shapes them: the payload plus `time` in the company's local time. */
import type { Context } from "hono";
import type { Company } from "../company/company.ts";
import type { JsonObject } from "../lib/json.ts";
import { formatTimestamp } from "../lib/time.ts";
import { QboError, systemFault } from "../qbo/faults.ts";

function stamp(company: Company | undefined, now: number): string {
	return formatTimestamp(now, company?.offsetMinutes ?? -420);
}

export function qboJson(c: Context, company: Company | undefined, body: JsonObject, status = 200): Response {
	const now = company?.now() ?? Date.now();
	return c.json({ ...body, time: stamp(company, now) }, status as 200);
}

export function faultJson(c: Context, company: Company | undefined, error: QboError): Response {
	return qboJson(c, company, { Fault: error.fault() }, error.status);
}

/** Renders a QboError as its Fault; anything else is a bug, logged and answered as a SystemFault. */
export function errorJson(c: Context, company: Company | undefined, error: unknown): Response {
	if (error instanceof QboError) return faultJson(c, company, error);
	console.error("[sim] unexpected error", error);
	return faultJson(c, company, systemFault());
}
