/**
 * Bad request bodies through HTTP: malformed, mistyped, unknown, missing, oversize or of the wrong
 * media type, each answers a clear 4xx as problem+json naming the field at fault, and changes nothing.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { adjust, type CommandAnswer } from "./api-checks";
import {
	ADJUSTMENTS,
	adjustment,
	adjustmentWith,
	count,
	expectRefusedWithoutChange,
	invalid,
	itRefuses,
	postRaw,
	type Refusal,
	stockedCompany,
	transfer,
} from "./bad-input-cases";

describe("malformed bodies", () => {
	itRefuses([
		{
			name: "a body that is not JSON",
			method: "POST",
			path: ADJUSTMENTS,
			text: (s) => `{"productId": "${s.p1}", "locationId": "${s.l1}", "quantity": `,
			status: 400,
			code: "malformed_json",
		},
		// JSON has no such numbers, so the body is malformed.
		...["NaN", "Infinity", "-Infinity"].map(
			(literal): Refusal => ({
				name: `a quantity of ${literal}, which JSON cannot send`,
				method: "POST",
				path: ADJUSTMENTS,
				text: (s) =>
					`{"productId": "${s.p1}", "locationId": "${s.l1}", "quantity": ${literal}, "idempotencyKey": "nan"}`,
				status: 400,
				code: "malformed_json",
			}),
		),
		{
			name: "a number too large for a double (1e400 parses as Infinity)",
			method: "POST",
			path: ADJUSTMENTS,
			text: (s) => `{"productId": "${s.p1}", "locationId": "${s.l1}", "quantity": 1e400, "idempotencyKey": "huge"}`,
			...invalid("quantity"),
		},
		...["[]", "5", "null"].map(
			(text): Refusal => ({
				name: `JSON that is not an object (${text})`,
				method: "POST",
				path: ADJUSTMENTS,
				text,
				...invalid(),
			}),
		),
		{
			name: "an empty body with a JSON content type",
			method: "POST",
			path: "/api/v1/counts",
			text: "",
			status: 400,
			code: "malformed_json",
			check: (problem) => expect(problem.status).toBe(400),
		},
	]);
});

describe("content type and size", () => {
	itRefuses([
		...["text/plain", "application/x-www-form-urlencoded"].map(
			(contentType): Refusal => ({
				name: `a JSON body sent as ${contentType}`,
				method: "POST",
				path: ADJUSTMENTS,
				text: (s) => JSON.stringify(adjustment(s)),
				contentType,
				status: 415,
				code: "unsupported_media_type",
			}),
		),
		{
			// No body is not a wrong media type (actions like a retry take none): the fields are missing.
			name: "a POST with no body at all names the missing fields",
			method: "POST",
			path: ADJUSTMENTS,
			...invalid("productId"),
		},
		adjustmentWith(
			"a body over 512 KiB, before it is parsed",
			{ reason: "x".repeat(513 * 1024) },
			{ status: 413, code: "payload_too_large" },
		),
		adjustmentWith(
			"a body just under the limit is read and judged on its fields",
			{ reason: "x".repeat(500 * 1024) },
			invalid("reason"),
		),
	]);

	it("application/json with a charset parameter is accepted", async () => {
		const s = await stockedCompany();
		const res = await postRaw(s.co, ADJUSTMENTS, JSON.stringify(adjustment(s)), "application/json; charset=utf-8");
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.json<CommandAnswer>().levels[0]?.onHand).toBe(12);
	});

	it("an oversize body streamed without a length is refused too: 413 payload_too_large", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const big = new TextEncoder().encode(
			JSON.stringify({ items: [{ productId: p1, locationId: l1, version: 1, bin: "x".repeat(600 * 1024) }] }),
		);
		await expectRefusedWithoutChange(
			co,
			async () => {
				const stream = new ReadableStream<Uint8Array>({
					start(controller) {
						for (let i = 0; i < big.length; i += 64 * 1024) controller.enqueue(big.slice(i, i + 64 * 1024));
						controller.close();
					},
				});
				const response = await exports.default.fetch(
					new Request("http://stockroom.test/api/v1/levels", {
						method: "PATCH",
						headers: { authorization: `Bearer ${co.token}`, "content-type": "application/json" },
						body: stream,
					}),
				);
				const text = await response.text();
				return {
					status: response.status,
					headers: response.headers,
					body: JSON.parse(text),
					json: () => JSON.parse(text),
				};
			},
			413,
			"payload_too_large",
		);
	});
});

describe("field types and shapes", () => {
	itRefuses([
		{
			...adjustmentWith('a quantity sent as the string "5"', { quantity: "5" }, invalid("quantity")),
			check: (problem) => expect(problem.errors).toEqual([expect.objectContaining({ in: "body", field: "quantity" })]),
		},
		{
			name: 'a count with onHand sent as the string "7"',
			method: "POST",
			path: "/api/v1/counts",
			body: (s) => count(s, { onHand: "7", idempotencyKey: "c1" }),
			...invalid("onHand"),
		},
		{
			name: "a transfer with a boolean quantity",
			method: "POST",
			path: "/api/v1/transfers",
			body: (s) => transfer(s, { quantity: true, idempotencyKey: "t1" }),
			...invalid("quantity"),
		},
		adjustmentWith("a numeric productId", { productId: 42 }, invalid("productId")),
		adjustmentWith("a null quantity", { quantity: null }, invalid("quantity")),
		{
			...adjustmentWith("an unknown field, refused by name rather than silently dropped", { qty: 2 }, invalid("qty")),
			check: (problem) => expect(problem.errors?.map((e) => e.field)).toEqual(["qty"]),
		},
		{
			name: "an unknown field inside a bulk-edit row, named with its row",
			method: "PATCH",
			path: "/api/v1/levels",
			body: (s) => ({ items: [{ productId: s.p1, locationId: s.l1, version: 1, reorderPoint: 2, colour: "red" }] }),
			...invalid("items.0.colour"),
		},
		{
			name: "missing fields, each named",
			method: "POST",
			path: ADJUSTMENTS,
			body: (s) => ({ productId: s.p1 }),
			...invalid(),
			check: (problem) =>
				expect(problem.errors?.map((e) => e.field).sort()).toEqual(["idempotencyKey", "locationId", "quantity"]),
		},
		adjustmentWith("a quantity with 5 decimals (1.23456)", { quantity: 1.23456 }, invalid("quantity")),
		adjustmentWith(
			"float noise such as 0.1 + 0.2, refused rather than rounded",
			{ quantity: 0.1 + 0.2 },
			invalid("quantity"),
		),
		adjustmentWith("a quantity beyond a billion", { quantity: 1e10 }, invalid("quantity")),
	]);

	it("four decimals are accepted and kept exactly", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const answer = await adjust(co, p1, l1, 1.2345);
		expect(answer.levels[0]?.onHand).toBe(11.2345);
	});
});
