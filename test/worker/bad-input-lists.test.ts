/**
 * Bad query strings through HTTP: cursors not given out, limits out of range, unknown parameters
 * (also on commands), times and filters that mean nothing, each answers 400 as problem+json naming
 * the parameter at fault, and changes nothing.
 */
import { describe, expect, it } from "vitest";
import type { Movement, Page } from "./api-checks";
import { adjustment, invalid, itRefuses, type Refusal, stockedCompany, transfer } from "./bad-input-cases";

/** A cursor of the right shape (base64url JSON) holding `json`. */
const forge = (json: string) => btoa(json).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");

describe("list queries", () => {
	itRefuses([
		...["/api/v1/levels", "/api/v1/movements", "/api/v1/products", "/api/v1/reconciliation"].map(
			(path): Refusal => ({
				name: `a cursor this API did not give out, on ${path}`,
				method: "GET",
				path: `${path}?cursor=not-a-cursor`,
				...invalid("cursor"),
			}),
		),
		{
			name: "a cursor of the movements list, on the levels list",
			method: "GET",
			path: async (s) => {
				const cursor = (await s.co.api.get("/api/v1/movements?limit=1")).json<Page<Movement>>().nextCursor;
				expect(cursor).toEqual(expect.any(String));
				return `/api/v1/levels?cursor=${cursor}`;
			},
			...invalid("cursor"),
		},
		// 1e400 parses to Infinity, 1e300 and 0.5 are no row's key, -0 and huge strings neither.
		...(
			[
				['[1e400,"x"]', "a key of 1e400"],
				['[1e300,"x"]', "a key of 1e300"],
				['[0.5,"x"]', "a key of 0.5"],
				[`[1,"${"x".repeat(2000)}"]`, "an id of 2000 characters"],
			] as [json: string, what: string][]
		).map(
			([json, what]): Refusal => ({
				name: `a forged cursor of the right shape but impossible values (${what})`,
				method: "GET",
				path: `/api/v1/movements?cursor=${forge(json)}`,
				...invalid("cursor"),
			}),
		),
		...["1001", "0", "-5", "2.5", "ten"].map(
			(limit): Refusal => ({
				name: `a limit of ${limit} (over 1000, under 1 or not an integer)`,
				method: "GET",
				path: `/api/v1/levels?limit=${limit}`,
				...invalid("limit"),
			}),
		),
		{
			name: "an unknown query parameter on levels, refused by name",
			method: "GET",
			path: "/api/v1/levels?colour=red",
			...invalid("colour"),
			check: (problem) => expect(problem.errors).toEqual([expect.objectContaining({ in: "query", field: "colour" })]),
		},
		{
			name: "an unknown query parameter on movements, refused by name",
			method: "GET",
			path: "/api/v1/movements?product=x",
			...invalid("product"),
		},
		{
			name: "a time that is not ISO-8601",
			method: "GET",
			path: "/api/v1/movements?from=yesterday",
			...invalid("from"),
		},
		{
			name: "an unknown value of below=",
			method: "GET",
			path: "/api/v1/levels?below=zero",
			...invalid("below"),
		},
	]);

	it("a limit of exactly 1000 is accepted", async () => {
		const { co } = await stockedCompany();
		expect((await co.api.get("/api/v1/levels?limit=1000")).status).toBe(200);
	});
});

describe("unknown query parameters on commands are refused, not ignored (no silent ?dryRun=true)", () => {
	itRefuses([
		{
			name: "an adjustment with ?dryRun=true",
			method: "POST",
			path: "/api/v1/adjustments?dryRun=true",
			body: (s) => adjustment(s),
			...invalid("dryRun"),
		},
		{
			name: "a transfer with ?dryRun=1",
			method: "POST",
			path: "/api/v1/transfers?dryRun=1",
			body: (s) => transfer(s, { quantity: 1, idempotencyKey: "dry" }),
			...invalid("dryRun"),
		},
		{
			name: "archiving a location with ?force=true",
			method: "PATCH",
			path: (s) => `/api/v1/locations/${s.l2}?force=true`,
			body: { archived: true, version: 1 },
			...invalid("force"),
		},
		{
			name: "reading a product with ?expand=all",
			method: "GET",
			path: (s) => `/api/v1/products/${s.p1}?expand=all`,
			...invalid("expand"),
		},
	]);
});
