/**
 * Bad input through HTTP: every malformed, mistyped, unknown, oversize or out-of-range request
 * answers a clear 4xx as problem+json naming the field at fault, and changes nothing.
 */
import { exports } from "cloudflare:workers";
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import {
	adjust,
	type CommandAnswer,
	expectProblem,
	type Movement,
	type Page,
	type Problem,
	stateOf,
} from "./api-checks";
import { type ApiResponse, makeCompany, type TestCompany } from "./helpers";

/** A company with two locations, two products and a little history in its ledger. */
async function stockedCompany() {
	const co = await makeCompany({ locations: 2, products: 2 });
	const [p1, p2] = co.productIds as [string, string];
	const [l1, l2] = co.locationIds as [string, string];
	await adjust(co, p1, l1, 10);
	await adjust(co, p2, l2, 3.5);
	return { co, p1, p2, l1, l2 };
}

/** Sends `request`, expects the problem and checks that the company's levels and ledger did not move. */
async function expectRefusedWithoutChange(
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
function postRaw(co: TestCompany, path: string, text: string, contentType = "application/json") {
	return co.api.call("POST", path, text, { "content-type": contentType });
}

function adjustment(p: { productId: unknown; locationId: unknown }, extra: Record<string, unknown> = {}) {
	return { ...p, quantity: 2, idempotencyKey: `k-${crypto.randomUUID()}`, ...extra };
}

describe("malformed bodies", () => {
	it("a body that is not JSON answers 400 malformed_json", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => postRaw(co, "/api/v1/adjustments", `{"productId": "${p1}", "locationId": "${l1}", "quantity": `),
			400,
			"malformed_json",
		);
	});

	it("NaN and Infinity cannot be sent: JSON has no such numbers, so the body is malformed", async () => {
		const { co, p1, l1 } = await stockedCompany();
		for (const literal of ["NaN", "Infinity", "-Infinity"])
			await expectRefusedWithoutChange(
				co,
				() =>
					postRaw(
						co,
						"/api/v1/adjustments",
						`{"productId": "${p1}", "locationId": "${l1}", "quantity": ${literal}, "idempotencyKey": "nan"}`,
					),
				400,
				"malformed_json",
			);
	});

	it("a number too large for a double (1e400 parses as Infinity) is refused naming quantity", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() =>
				postRaw(
					co,
					"/api/v1/adjustments",
					`{"productId": "${p1}", "locationId": "${l1}", "quantity": 1e400, "idempotencyKey": "huge"}`,
				),
			400,
			"validation_failed",
			"quantity",
		);
	});

	it("JSON that is not an object (an array, a number, null) is refused as invalid", async () => {
		const { co } = await stockedCompany();
		for (const text of ["[]", "5", "null"])
			await expectRefusedWithoutChange(co, () => postRaw(co, "/api/v1/adjustments", text), 400, "validation_failed");
	});

	it("an empty body with a JSON content type is refused", async () => {
		const { co } = await stockedCompany();
		const problem = await expectRefusedWithoutChange(
			co,
			() => postRaw(co, "/api/v1/counts", ""),
			400,
			"malformed_json",
		);
		expect(problem.status).toBe(400);
	});
});

describe("content type and size", () => {
	it("a body sent as text/plain or form data answers 415; a POST with no body at all names the missing fields", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const body = JSON.stringify(adjustment({ productId: p1, locationId: l1 }));
		for (const type of ["text/plain", "application/x-www-form-urlencoded"])
			await expectRefusedWithoutChange(
				co,
				() => postRaw(co, "/api/v1/adjustments", body, type),
				415,
				"unsupported_media_type",
			);
		// No body is not a wrong media type (actions like a retry take none): the fields are missing.
		await expectRefusedWithoutChange(
			co,
			() => co.api.call("POST", "/api/v1/adjustments"),
			400,
			"validation_failed",
			"productId",
		);
	});

	it("application/json with a charset parameter is accepted", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const body = JSON.stringify(adjustment({ productId: p1, locationId: l1 }));
		const res = await postRaw(co, "/api/v1/adjustments", body, "application/json; charset=utf-8");
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.json<CommandAnswer>().levels[0]?.onHand).toBe(12);
	});

	it("a body over 512 KiB answers 413 before it is parsed", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const big = JSON.stringify(adjustment({ productId: p1, locationId: l1 }, { reason: "x".repeat(513 * 1024) }));
		await expectRefusedWithoutChange(co, () => postRaw(co, "/api/v1/adjustments", big), 413, "payload_too_large");
	});

	it("an oversize body streamed without a length is refused too", async () => {
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

	it("a body just under the limit is read and judged on its fields", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const body = JSON.stringify(adjustment({ productId: p1, locationId: l1 }, { reason: "x".repeat(500 * 1024) }));
		await expectRefusedWithoutChange(
			co,
			() => postRaw(co, "/api/v1/adjustments", body),
			400,
			"validation_failed",
			"reason",
		);
	});
});

describe("field types and shapes", () => {
	it('a quantity sent as the string "5" is refused naming quantity', async () => {
		const { co, p1, l1 } = await stockedCompany();
		const problem = await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", adjustment({ productId: p1, locationId: l1 }, { quantity: "5" })),
			400,
			"validation_failed",
			"quantity",
		);
		expect(problem.errors).toEqual([expect.objectContaining({ in: "body", field: "quantity" })]);
	});

	it("wrong types on counts and transfers name their fields", async () => {
		const { co, p1, l1, l2 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/counts", { productId: p1, locationId: l1, onHand: "7", idempotencyKey: "c1" }),
			400,
			"validation_failed",
			"onHand",
		);
		await expectRefusedWithoutChange(
			co,
			() =>
				co.api.post("/api/v1/transfers", {
					productId: p1,
					fromLocationId: l1,
					toLocationId: l2,
					quantity: true,
					idempotencyKey: "t1",
				}),
			400,
			"validation_failed",
			"quantity",
		);
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", adjustment({ productId: 42, locationId: l1 })),
			400,
			"validation_failed",
			"productId",
		);
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", adjustment({ productId: p1, locationId: l1 }, { quantity: null })),
			400,
			"validation_failed",
			"quantity",
		);
	});

	it("an unknown field is refused by name rather than silently dropped", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const problem = await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", adjustment({ productId: p1, locationId: l1 }, { qty: 2 })),
			400,
			"validation_failed",
			"qty",
		);
		expect(problem.errors?.map((e) => e.field)).toEqual(["qty"]);
	});

	it("an unknown field inside a bulk-edit row is named with its row", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() =>
				co.api.patch("/api/v1/levels", {
					items: [{ productId: p1, locationId: l1, version: 1, reorderPoint: 2, colour: "red" }],
				}),
			400,
			"validation_failed",
			"items.0.colour",
		);
	});

	it("missing fields are each named", async () => {
		const { co, p1 } = await stockedCompany();
		const problem = await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", { productId: p1 }),
			400,
			"validation_failed",
		);
		expect(problem.errors?.map((e) => e.field).sort()).toEqual(["idempotencyKey", "locationId", "quantity"]);
	});

	it("a quantity with 5 decimals (1.23456) is refused naming quantity", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", adjustment({ productId: p1, locationId: l1 }, { quantity: 1.23456 })),
			400,
			"validation_failed",
			"quantity",
		);
	});

	it("float noise such as 0.1 + 0.2 is refused rather than rounded", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", adjustment({ productId: p1, locationId: l1 }, { quantity: 0.1 + 0.2 })),
			400,
			"validation_failed",
			"quantity",
		);
	});

	it("four decimals are accepted and kept exactly", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const answer = await adjust(co, p1, l1, 1.2345);
		expect(answer.levels[0]?.onHand).toBe(11.2345);
	});

	it("a quantity beyond a billion is refused naming quantity", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", adjustment({ productId: p1, locationId: l1 }, { quantity: 1e10 })),
			400,
			"validation_failed",
			"quantity",
		);
	});
});

describe("values a stock command cannot mean", () => {
	it("an adjustment of zero is refused naming quantity", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", adjustment({ productId: p1, locationId: l1 }, { quantity: 0 })),
			400,
			"validation_failed",
			"quantity",
		);
	});

	it("a negative count is refused naming onHand", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/counts", { productId: p1, locationId: l1, onHand: -1, idempotencyKey: "neg" }),
			400,
			"validation_failed",
			"onHand",
		);
	});

	it("a transfer to the location it comes from is refused naming toLocationId", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() =>
				co.api.post("/api/v1/transfers", {
					productId: p1,
					fromLocationId: l1,
					toLocationId: l1,
					quantity: 1,
					idempotencyKey: "same",
				}),
			400,
			"validation_failed",
			"toLocationId",
		);
	});

	it("a transfer of a negative or zero quantity is refused naming quantity", async () => {
		const { co, p1, l1, l2 } = await stockedCompany();
		for (const quantity of [-1, 0])
			await expectRefusedWithoutChange(
				co,
				() =>
					co.api.post("/api/v1/transfers", {
						productId: p1,
						fromLocationId: l1,
						toLocationId: l2,
						quantity,
						idempotencyKey: `t-${quantity}`,
					}),
				400,
				"validation_failed",
				"quantity",
			);
	});

	it("an empty idempotency key is refused naming idempotencyKey", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", adjustment({ productId: p1, locationId: l1 }, { idempotencyKey: "" })),
			400,
			"validation_failed",
			"idempotencyKey",
		);
	});
});

describe("list queries", () => {
	it("a cursor this API did not give out is refused naming cursor", async () => {
		const { co } = await stockedCompany();
		for (const path of ["/api/v1/levels", "/api/v1/movements", "/api/v1/products", "/api/v1/reconciliation"])
			await expectRefusedWithoutChange(
				co,
				() => co.api.get(`${path}?cursor=not-a-cursor`),
				400,
				"validation_failed",
				"cursor",
			);
	});

	it("a cursor of one list is refused by another", async () => {
		const { co } = await stockedCompany();
		const movements = await co.api.get("/api/v1/movements?limit=1");
		const cursor = movements.json<Page<Movement>>().nextCursor;
		expect(cursor).toEqual(expect.any(String));
		await expectRefusedWithoutChange(
			co,
			() => co.api.get(`/api/v1/levels?cursor=${cursor}`),
			400,
			"validation_failed",
			"cursor",
		);
	});

	it("a forged cursor of the right shape but impossible values is refused naming cursor", async () => {
		const { co } = await stockedCompany();
		const forge = (json: string) => btoa(json).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
		// 1e400 parses to Infinity, 1e300 and 0.5 are no row's key, -0 and huge strings neither.
		for (const json of ['[1e400,"x"]', '[1e300,"x"]', '[0.5,"x"]', `[1,"${"x".repeat(2000)}"]`])
			await expectRefusedWithoutChange(
				co,
				() => co.api.get(`/api/v1/movements?cursor=${forge(json)}`),
				400,
				"validation_failed",
				"cursor",
			);
	});

	it("a limit over 1000, under 1 or not an integer is refused naming limit", async () => {
		const { co } = await stockedCompany();
		for (const limit of ["1001", "0", "-5", "2.5", "ten"])
			await expectRefusedWithoutChange(
				co,
				() => co.api.get(`/api/v1/levels?limit=${limit}`),
				400,
				"validation_failed",
				"limit",
			);
		expect((await co.api.get("/api/v1/levels?limit=1000")).status).toBe(200);
	});

	it("an unknown query parameter is refused by name", async () => {
		const { co } = await stockedCompany();
		const problem = await expectRefusedWithoutChange(
			co,
			() => co.api.get("/api/v1/levels?colour=red"),
			400,
			"validation_failed",
			"colour",
		);
		expect(problem.errors).toEqual([expect.objectContaining({ in: "query", field: "colour" })]);
		await expectRefusedWithoutChange(
			co,
			() => co.api.get("/api/v1/movements?product=x"),
			400,
			"validation_failed",
			"product",
		);
	});

	it("an unknown query parameter on a command is refused, not ignored (no silent ?dryRun=true)", async () => {
		const { co, p1, l1, l2 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments?dryRun=true", adjustment({ productId: p1, locationId: l1 })),
			400,
			"validation_failed",
			"dryRun",
		);
		await expectRefusedWithoutChange(
			co,
			() =>
				co.api.post("/api/v1/transfers?dryRun=1", {
					productId: p1,
					fromLocationId: l1,
					toLocationId: l2,
					quantity: 1,
					idempotencyKey: "dry",
				}),
			400,
			"validation_failed",
			"dryRun",
		);
		await expectRefusedWithoutChange(
			co,
			() => co.api.patch(`/api/v1/locations/${l2}?force=true`, { archived: true, version: 1 }),
			400,
			"validation_failed",
			"force",
		);
		await expectRefusedWithoutChange(
			co,
			() => co.api.get(`/api/v1/products/${p1}?expand=all`),
			400,
			"validation_failed",
			"expand",
		);
	});

	it("a time that is not ISO-8601 is refused naming from", async () => {
		const { co } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.get("/api/v1/movements?from=yesterday"),
			400,
			"validation_failed",
			"from",
		);
	});

	it("an unknown value of below= is refused naming below", async () => {
		const { co } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.get("/api/v1/levels?below=zero"),
			400,
			"validation_failed",
			"below",
		);
	});
});

describe("idempotency keys", () => {
	it("the same key with a different body answers 422 and changes nothing", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await adjust(co, p1, l1, 4, "restock-1");
		await expectRefusedWithoutChange(
			co,
			() =>
				co.api.post("/api/v1/adjustments", {
					productId: p1,
					locationId: l1,
					quantity: 5,
					idempotencyKey: "restock-1",
				}),
			422,
			"idempotency_key_reused",
			"idempotencyKey",
		);
	});

	it("the same key for another kind of command answers 422", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await adjust(co, p1, l1, 4, "shared-key");
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/counts", { productId: p1, locationId: l1, onHand: 4, idempotencyKey: "shared-key" }),
			422,
			"idempotency_key_reused",
		);
	});

	it("the same key with the same body answers 200 with the first result and no new movement", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const request = { productId: p1, locationId: l1, quantity: -2.5, reason: "damaged", idempotencyKey: "dmg-1" };
		const first = await co.api.post("/api/v1/adjustments", request);
		expect(first.status).toBe(201);
		const before = await stateOf(co.api);
		// The same request, its fields in another order.
		const again = await co.api.post("/api/v1/adjustments", {
			idempotencyKey: "dmg-1",
			reason: "damaged",
			quantity: -2.5,
			locationId: l1,
			productId: p1,
		});
		expect(again.status).toBe(200);
		expect(again.json<CommandAnswer>().movementId).toBe(first.json<CommandAnswer>().movementId);
		expect(again.json<CommandAnswer>()).toEqual(first.json<CommandAnswer>());
		expect(await stateOf(co.api)).toEqual(before);
		expect(before.movements.filter((m) => m.source === "adjustment:dmg-1")).toHaveLength(1);
	});

	it("a replay after later changes still answers the first result and moves nothing", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const request = { productId: p1, locationId: l1, quantity: 5, idempotencyKey: "early" };
		const first = await co.api.post("/api/v1/adjustments", request);
		expect(first.json<CommandAnswer>().levels[0]?.onHand).toBe(15);
		await adjust(co, p1, l1, 1);
		// Someone edits the row's planning fields meanwhile: the replay still answers the first body.
		const row = first.json<CommandAnswer>().levels[0];
		const edit = await co.api.patch("/api/v1/levels", {
			items: [{ productId: p1, locationId: l1, version: row?.version, reorderPoint: 3, bin: "Z-9" }],
		});
		expect(edit.json<{ items: { status: string }[] }>().items[0]?.status).toBe("updated");
		const before = await stateOf(co.api);
		const replay = await co.api.post("/api/v1/adjustments", request);
		expect(replay.status).toBe(200);
		expect(replay.json<CommandAnswer>()).toEqual(first.json<CommandAnswer>());
		expect(replay.json<CommandAnswer>()).toMatchObject({ levels: [{ onHand: 15 }] });
		expect(await stateOf(co.api)).toEqual(before);
		expect(before.levels.find((r) => r.productId === p1 && r.locationId === l1)?.onHand).toBe(16);
	});

	it("a refused request does not use up its key", async () => {
		const { co, p1, l1 } = await stockedCompany();
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", { productId: p1, locationId: l1, quantity: 0, idempotencyKey: "k" }),
			400,
			"validation_failed",
		);
		await expectRefusedWithoutChange(
			co,
			() => co.api.post("/api/v1/adjustments", { productId: ulid(), locationId: l1, quantity: 1, idempotencyKey: "k" }),
			404,
			"not_found",
		);
		const answer = await adjust(co, p1, l1, 1, "k");
		expect(answer.levels[0]?.onHand).toBe(11);
	});
});

/** The two answers are the same 404, told apart only by the id they name. */
function expectSameNotFound(foreign: ApiResponse, foreignId: string, unknown: ApiResponse, unknownId: string) {
	const a = expectProblem(foreign, 404, "not_found");
	const b = expectProblem(unknown, 404, "not_found");
	const blind = (p: Problem, id: string) => JSON.parse(JSON.stringify(p).replaceAll(id, "<id>"));
	expect(blind(a, foreignId)).toEqual(blind(b, unknownId));
	expect(foreign.headers.get("content-type")).toBe(unknown.headers.get("content-type"));
}

describe("ids of another company", () => {
	async function twoCompanies() {
		const mine = await stockedCompany();
		const theirs = await stockedCompany();
		return { mine, theirs, unknown: ulid() };
	}

	it("another company's product answers 404 exactly like a product that does not exist", async () => {
		const { mine, theirs, unknown } = await twoCompanies();
		const theirsBefore = await stateOf(theirs.co.api);
		expectSameNotFound(
			await mine.co.api.get(`/api/v1/products/${theirs.p1}`),
			theirs.p1,
			await mine.co.api.get(`/api/v1/products/${unknown}`),
			unknown,
		);
		const adjustOf = (productId: string) =>
			mine.co.api.post("/api/v1/adjustments", adjustment({ productId, locationId: mine.l1 }));
		expectSameNotFound(await adjustOf(theirs.p1), theirs.p1, await adjustOf(unknown), unknown);
		const countOf = (productId: string) =>
			mine.co.api.post("/api/v1/counts", { productId, locationId: mine.l1, onHand: 1, idempotencyKey: ulid() });
		expectSameNotFound(await countOf(theirs.p1), theirs.p1, await countOf(unknown), unknown);
		expect(await stateOf(theirs.co.api)).toEqual(theirsBefore);
	});

	it("another company's location answers 404 exactly like a location that does not exist", async () => {
		const { mine, theirs, unknown } = await twoCompanies();
		const mineBefore = await stateOf(mine.co.api);
		const theirsBefore = await stateOf(theirs.co.api);
		expectSameNotFound(
			await mine.co.api.get(`/api/v1/locations/${theirs.l1}`),
			theirs.l1,
			await mine.co.api.get(`/api/v1/locations/${unknown}`),
			unknown,
		);
		const rename = (id: string) => mine.co.api.patch(`/api/v1/locations/${id}`, { name: "Mine now", version: 1 });
		expectSameNotFound(await rename(theirs.l1), theirs.l1, await rename(unknown), unknown);
		const adjustAt = (locationId: string) =>
			mine.co.api.post("/api/v1/adjustments", adjustment({ productId: mine.p1, locationId }));
		expectSameNotFound(await adjustAt(theirs.l1), theirs.l1, await adjustAt(unknown), unknown);
		const transferTo = (toLocationId: string) =>
			mine.co.api.post("/api/v1/transfers", {
				productId: mine.p1,
				fromLocationId: mine.l1,
				toLocationId,
				quantity: 1,
				idempotencyKey: ulid(),
			});
		expectSameNotFound(await transferTo(theirs.l2), theirs.l2, await transferTo(unknown), unknown);
		expect(await stateOf(mine.co.api)).toEqual(mineBefore);
		expect(await stateOf(theirs.co.api)).toEqual(theirsBefore);
	});

	it("another company's level row is not_found in a bulk edit, exactly like a row that does not exist", async () => {
		const { mine, theirs, unknown } = await twoCompanies();
		const theirsBefore = await stateOf(theirs.co.api);
		const res = await mine.co.api.patch("/api/v1/levels", {
			items: [
				{ productId: theirs.p1, locationId: theirs.l1, version: 1, reorderPoint: 1 },
				{ productId: unknown, locationId: theirs.l1, version: 1, reorderPoint: 1 },
			],
		});
		expect(res.status).toBe(200);
		expect(res.json()).toEqual({
			items: [
				{ productId: theirs.p1, locationId: theirs.l1, status: "not_found" },
				{ productId: unknown, locationId: theirs.l1, status: "not_found" },
			],
		});
		expect(await stateOf(theirs.co.api)).toEqual(theirsBefore);
	});

	it("another company's token id answers 404 exactly like a token that does not exist", async () => {
		const { mine, theirs, unknown } = await twoCompanies();
		const theirTokens = (await theirs.co.api.get("/api/v1/tokens")).json<Page<{ id: string }>>().items;
		const theirTokenId = theirTokens[0]?.id ?? "";
		expect(theirTokenId).not.toBe("");
		expectSameNotFound(
			await mine.co.api.delete(`/api/v1/tokens/${theirTokenId}`),
			theirTokenId,
			await mine.co.api.delete(`/api/v1/tokens/${unknown}`),
			unknown,
		);
		expect((await theirs.co.api.get("/api/v1/levels")).status).toBe(200);
	});
});
