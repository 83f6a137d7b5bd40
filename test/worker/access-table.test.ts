/**
 * Every route of /api/v1, as the served OpenAPI document lists them, called by every role — each
 * unlimited, and staff and viewers also limited to one location — with the access table
 * (worker/api/access-rules.ts) as the expectation: 403 `forbidden` exactly when the role is below
 * the route's least, or a limited caller asks for a route that needs every location; otherwise the
 * gate lets the call through to the route (which may still answer 400/404/409: bodies here are
 * invalid on purpose, so that nothing changes). A route without a rule, or a rule without a route,
 * fails the first test.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS_RULES, type AccessRule } from "../../worker/api/access-rules";
import type { Role } from "../../worker/auth/roles";
import { roleToken, type TwoLocationShop, twoLocationShop } from "./access-fixtures";
import { allPages, expectProblem, stateOf } from "./api-checks";
import { type ApiClient, makeCompany } from "./helpers";

/** Routes of ACCESS_RULES the served document does not list: the development-only bench route and the document itself. */
const NOT_DOCUMENTED = ["POST /_bench/noop", "GET /openapi.json"];

type Operation = { requestBody?: unknown };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/** The routes as the Worker serves its description of them (read once, to name the cases). */
const served = await (async () => {
	const co = await makeCompany({ locations: 1, products: 0 });
	const res = await co.api.get("/api/v1/openapi.json");
	if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
	const doc = res.json<OpenApi>();
	return Object.entries(doc.paths).flatMap(([path, operations]) =>
		Object.entries(operations).map(([method, op]) => ({
			key: `${method.toUpperCase()} ${path}`,
			method: method.toUpperCase(),
			path,
			hasBody: op.requestBody !== undefined,
		})),
	);
})();

const ROLE_ORDER: Role[] = ["viewer", "staff", "manager", "owner"];

type CallerSpec = { name: string; role: Role; limited: boolean };
const CALLERS: CallerSpec[] = [
	{ name: "viewer", role: "viewer", limited: false },
	{ name: "staff", role: "staff", limited: false },
	{ name: "manager", role: "manager", limited: false },
	{ name: "owner", role: "owner", limited: false },
	{ name: "viewer limited to A", role: "viewer", limited: true },
	{ name: "staff limited to A", role: "staff", limited: true },
];

/** What the table says of this caller on this route. */
function forbidden(rule: AccessRule | undefined, caller: CallerSpec): boolean {
	if (!rule) return true;
	if (ROLE_ORDER.indexOf(caller.role) < ROLE_ORDER.indexOf(rule.least)) return true;
	return caller.limited && rule.locations.kind === "all";
}

let shop: TwoLocationShop;
const clients = new Map<string, ApiClient>();
let auditBefore = 0;
let stateBefore: Awaited<ReturnType<typeof stateOf>>;

beforeAll(async () => {
	shop = await twoLocationShop();
	for (const caller of CALLERS)
		clients.set(
			caller.name,
			(await roleToken(shop.co, caller.role, caller.limited ? [shop.a] : null, caller.name)).api,
		);
	auditBefore = (await allPages(shop.co.api, "/api/v1/audit?limit=1000")).length;
	stateBefore = await stateOf(shop.co.api);
});

/**
 * The path with its parameters filled: records at location A (the limited callers' own) — or B —
 * where a record's location decides, so that the gate looks at a real record; an id of nothing elsewhere.
 */
function fill(path: string, at: "a" | "b" = "a"): string {
	const records = shop.at[at];
	const ids: Record<string, string> = {
		"/locations/{id}": shop[at],
		"/products/{id}": shop.ids.PUMP,
		"/assemblies/{productId}": shop.assembly,
		"/orders/{id}": records.order,
		"/orders/{id}/deliveries": records.order,
		"/orders/{id}/pick-proposal": records.order,
		"/deliveries/{id}": records.delivery,
		"/deliveries/{id}/cancel": records.delivery,
		"/purchases/{id}": records.purchase,
		"/purchases/{id}/receipts": records.purchase,
		"/builds/{id}": records.build,
	};
	const id = ids[path] ?? "01NOSUCHRECORD0000000000000";
	return `/api/v1${path.replace(/\{[^}]+\}/g, id)}`;
}

describe("the access table", () => {
	it("has exactly one rule per served route", () => {
		const routes = served.map((r) => r.key).sort();
		const rules = Object.keys(ACCESS_RULES)
			.filter((key) => !NOT_DOCUMENTED.includes(key))
			.sort();
		expect(new Set(routes).size).toBe(routes.length);
		expect(routes).toEqual(rules);
	});

	it("says what the roles mean: people and tokens are the owner's, stock commands staff's, the trail a manager's", () => {
		const least = (key: string) => ACCESS_RULES[key]?.least;
		for (const key of [
			"GET /tokens",
			"POST /tokens",
			"DELETE /tokens/{id}",
			"GET /embed-tokens",
			"POST /embed-tokens",
			"DELETE /embed-tokens/{id}",
			"GET /members",
			"PATCH /members/{id}",
			"DELETE /members/{id}",
			"GET /invites",
			"POST /invites",
			"DELETE /invites/{id}",
		])
			expect(least(key), key).toBe("owner");
		for (const key of [
			"POST /adjustments",
			"POST /counts",
			"POST /transfers",
			"POST /purchases/{id}/receipts",
			"POST /orders/{id}/deliveries",
			"POST /deliveries/{id}/cancel",
		])
			expect(least(key), key).toBe("staff");
		for (const key of ["GET /audit", "PATCH /settings", "POST /locations", "POST /builds", "GET /reconciliation"])
			expect(least(key), key).toBe("manager");
		// Nothing that changes anything is open to a viewer.
		for (const [key, rule] of Object.entries(ACCESS_RULES))
			if (rule.audit !== null) expect(rule.least, key).not.toBe("viewer");
	});
});

describe.each(served)("$key", ({ key, method, path, hasBody }) => {
	const rule = ACCESS_RULES[key];
	const cases = CALLERS.map((caller) => {
		const refused = forbidden(rule, caller);
		return { ...caller, refused, outcome: refused ? "403 forbidden" : "let through" };
	});
	it.each(cases)("$name: $outcome", async (caller) => {
		const api = clients.get(caller.name);
		if (!api) throw new Error(`no client for ${caller.name}`);
		// An unknown field: every body is refused by the route's validation, after the gate.
		const res = await api.call(method, fill(path), hasBody ? { probeOfTheGate: true } : undefined);
		if (caller.refused) expectProblem(res, 403, "forbidden");
		else {
			expect([401, 403], `${key} as ${caller.name}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
			expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
		}
	});
});

/** Limited callers whose role the route admits. */
const limitedAdmitted = (rule: AccessRule) =>
	CALLERS.filter((c) => c.limited && ROLE_ORDER.indexOf(c.role) >= ROLE_ORDER.indexOf(rule.least));

const recordRoutes = served.flatMap(({ key, method, path, hasBody }) => {
	const rule = ACCESS_RULES[key];
	if (rule?.locations.kind !== "checked" || !rule.locations.record) return [];
	return limitedAdmitted(rule).map((caller) => ({ key, method, path, hasBody, caller: caller.name }));
});

describe("a limited caller and a record at another location", () => {
	it("the table names records for the routes that reach one by id", () => {
		expect(new Set(recordRoutes.map((r) => r.key)).size).toBeGreaterThanOrEqual(8);
	});

	it.each(recordRoutes)("$key as $caller: the record at B is refused, the one at A is not", async (route) => {
		const api = clients.get(route.caller);
		if (!api) throw new Error(`no client for ${route.caller}`);
		const body = route.hasBody ? { probeOfTheGate: true } : undefined;
		expectProblem(await api.call(route.method, fill(route.path, "b"), body), 403, "forbidden");
		expect([401, 403]).not.toContain((await api.call(route.method, fill(route.path, "a"), body)).status);
	});
});

const queryRoutes = served.flatMap(({ key, method, path }) => {
	const rule = ACCESS_RULES[key];
	if (rule?.locations.kind !== "checked") return [];
	return (rule.locations.query ?? []).flatMap((name) =>
		limitedAdmitted(rule).map((caller) => ({ key, method, path, name, caller: caller.name })),
	);
});

describe("a limited caller naming another location in the query", () => {
	it.each(queryRoutes)("$key?$name= as $caller: B is refused naming $name, A is not", async (route) => {
		const api = clients.get(route.caller);
		if (!api) throw new Error(`no client for ${route.caller}`);
		const at = (location: string) => `${fill(route.path)}?${route.name}=${location}`;
		expectProblem(await api.call(route.method, at(shop.b)), 403, "forbidden", route.name);
		expect((await api.call(route.method, at(shop.a))).status).toBe(200);
	});
});

describe("after every call of the table", () => {
	it("nothing changed and the audit trail recorded nothing", async () => {
		expect(await stateOf(shop.co.api)).toEqual(stateBefore);
		expect(await allPages(shop.co.api, "/api/v1/audit?limit=1000")).toHaveLength(auditBefore);
	});
});
