/**
 * Counts the API calls each company receives, by kind, for tests and benchmarks that check how many
 * calls the app makes (not something QBO has): `GET /admin/companies/{realmId}/calls` answers them,
 * `DELETE` of the same path sets them back to zero. A query selecting by `Id` counts both as a query
 * and as a `queryById`: it is how an app reads entities again by id in few calls.
 */
import type { MiddlewareHandler } from "hono";

export const CALL_KINDS = ["read", "query", "queryById", "cdc", "batch", "write"] as const;
export type CallKind = (typeof CALL_KINDS)[number];
export type CallCounts = Record<CallKind, number>;

const BY_ID = /\bwhere\s+id\s*(=|in\b)/i;

export class CallCounter {
	private readonly counts = new Map<string, CallCounts>();

	add(realmId: string, kind: CallKind): void {
		let counts = this.counts.get(realmId);
		if (!counts) {
			counts = CallCounter.zero();
			this.counts.set(realmId, counts);
		}
		counts[kind] += 1;
	}

	of(realmId: string): CallCounts {
		return { ...(this.counts.get(realmId) ?? CallCounter.zero()) };
	}

	reset(realmId: string): void {
		this.counts.delete(realmId);
	}

	private static zero(): CallCounts {
		return Object.fromEntries(CALL_KINDS.map((k) => [k, 0])) as CallCounts;
	}
}

/** Counts each request to `/v3/company/{realmId}/…` by kind, before anything answers it. */
export function countCalls(counter: CallCounter): MiddlewareHandler {
	return async (c, next) => {
		const realmId = c.req.param("realmId") ?? "";
		const parts = new URL(c.req.url).pathname.split("/").filter(Boolean);
		const first = parts[parts.indexOf(realmId) + 1];
		if (first === "query") {
			counter.add(realmId, "query");
			const statement = c.req.method === "GET" ? (c.req.query("query") ?? "") : await c.req.raw.clone().text();
			if (BY_ID.test(statement)) counter.add(realmId, "queryById");
		} else if (first === "cdc") counter.add(realmId, "cdc");
		else if (first === "batch") counter.add(realmId, "batch");
		else counter.add(realmId, c.req.method === "GET" ? "read" : "write");
		await next();
	};
}
