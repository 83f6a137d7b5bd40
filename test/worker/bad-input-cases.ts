/**
 * The table the bad-input tests are written in: a row is one request a company must refuse, run as
 * its own test against a fresh stocked company, answering problem+json and changing nothing.
 */
import { expect, it } from "vitest";
import { adjust, expectProblem, type Problem, stateOf } from "./api-checks";
import { type ApiResponse, makeCompany, type TestCompany } from "./helpers";

export const ADJUSTMENTS = "/api/v1/adjustments";

/** A company with two locations, two products and a little history in its ledger. */
export async function stockedCompany() {
	const co = await makeCompany({ locations: 2, products: 2 });
	const [p1, p2] = co.productIds as [string, string];
	const [l1, l2] = co.locationIds as [string, string];
	await adjust(co, p1, l1, 10);
	await adjust(co, p2, l2, 3.5);
	return { co, p1, p2, l1, l2 };
}

export type Stocked = Awaited<ReturnType<typeof stockedCompany>>;

/** Sends `request`, expects the problem and checks that the company's levels and ledger did not move. */
export async function expectRefusedWithoutChange(
	co: TestCompany,
	request: () => Promise<ApiResponse>,
	status: number,
	code: string,
	field?: string,
): Promise<Problem> {
	const before = await stateOf(co.api);
	const problem = expectProblem(await request(), status, code, field);
	expect(await stateOf(co.api)).toEqual(before);
	return problem;
}

/** Posts raw text as the body, with the given content type. */
export function postRaw(co: TestCompany, path: string, text: string, contentType = "application/json") {
	return co.api.call("POST", path, text, { "content-type": contentType });
}

/** A valid adjustment of product 1 at location 1, but for `extra`. */
export function adjustment(s: Pick<Stocked, "p1" | "l1">, extra: Record<string, unknown> = {}) {
	return { productId: s.p1, locationId: s.l1, quantity: 2, idempotencyKey: `k-${crypto.randomUUID()}`, ...extra };
}

/** A valid count of product 1 at location 1, but for `extra`. */
export function count(s: Pick<Stocked, "p1" | "l1">, extra: Record<string, unknown> = {}) {
	return { productId: s.p1, locationId: s.l1, onHand: 4, idempotencyKey: `k-${crypto.randomUUID()}`, ...extra };
}

/** A valid transfer of product 1 from location 1 to location 2, but for `extra`. */
export function transfer(s: Pick<Stocked, "p1" | "l1" | "l2">, extra: Record<string, unknown> = {}) {
	return {
		productId: s.p1,
		fromLocationId: s.l1,
		toLocationId: s.l2,
		quantity: 1,
		idempotencyKey: `k-${crypto.randomUUID()}`,
		...extra,
	};
}

/** A value a row gives as is, or works out from the company it runs against. */
type Of<T> = T | ((s: Stocked) => T | Promise<T>);

async function resolve<T>(value: Of<T>, s: Stocked): Promise<T> {
	return typeof value === "function" ? (value as (s: Stocked) => T | Promise<T>)(s) : value;
}

/** The answer a row expects: its status, problem code and, where one is named, the field at fault. */
export type Expected = { status: number; code: string; field?: string };

/** 400 validation_failed, naming `field` when given. */
export function invalid(field?: string): Expected {
	return { status: 400, code: "validation_failed", field };
}

export type Refusal = Expected & {
	/** What is wrong with the request: the test's name. */
	name: string;
	method: "GET" | "POST" | "PATCH" | "DELETE";
	path: Of<string>;
	/** A body sent as JSON, */
	body?: Of<object | null>;
	/** or raw text sent as `contentType` (JSON unless told). */
	text?: Of<string>;
	contentType?: string;
	/** Done before the state is taken, e.g. a first use of an idempotency key. */
	before?: (s: Stocked) => Promise<unknown>;
	/** Further checks of the problem. */
	check?: (problem: Problem) => void;
};

/** One test a row: the request is refused as the row expects, and the company's stock did not change. */
export function itRefuses(rows: Refusal[]) {
	for (const row of rows)
		it(`${row.name}: ${row.status} ${row.code}${row.field === undefined ? "" : ` naming ${row.field}`}`, async () => {
			const s = await stockedCompany();
			await row.before?.(s);
			const path = await resolve(row.path, s);
			const text = row.text === undefined ? undefined : await resolve(row.text, s);
			const body = row.body === undefined ? text : JSON.stringify(await resolve(row.body, s));
			const headers: Record<string, string> =
				text === undefined ? {} : { "content-type": row.contentType ?? "application/json" };
			const problem = await expectRefusedWithoutChange(
				s.co,
				() => s.co.api.call(row.method, path, body, headers),
				row.status,
				row.code,
				row.field,
			);
			row.check?.(problem);
		});
}

/** A row posting an adjustment of product 1 at location 1 that is valid but for `extra`. */
export function adjustmentWith(name: string, extra: Record<string, unknown>, expected: Expected): Refusal {
	return { name, method: "POST", path: ADJUSTMENTS, body: (s) => adjustment(s, extra), ...expected };
}
