/**
 * Stock commands that cannot mean anything, idempotency keys reused, and ids of another company:
 * each refused as problem+json, changing nothing; a key's replay answers its first result.
 */
import { ulid } from "ulid";
import { describe, expect, it } from "vitest";
import { adjust, type CommandAnswer, expectProblem, type Page, type Problem, stateOf } from "./api-checks";
import {
	ADJUSTMENTS,
	adjustment,
	adjustmentWith,
	count,
	expectRefusedWithoutChange,
	invalid,
	itRefuses,
	type Refusal,
	type Stocked,
	stockedCompany,
	transfer,
} from "./bad-input-cases";
import type { ApiResponse } from "./helpers";

describe("values a stock command cannot mean", () => {
	itRefuses([
		adjustmentWith("an adjustment of zero", { quantity: 0 }, invalid("quantity")),
		{
			name: "a negative count",
			method: "POST",
			path: "/api/v1/counts",
			body: (s) => count(s, { onHand: -1, idempotencyKey: "neg" }),
			...invalid("onHand"),
		},
		{
			name: "a transfer to the location it comes from",
			method: "POST",
			path: "/api/v1/transfers",
			body: (s) => transfer(s, { toLocationId: s.l1, quantity: 1, idempotencyKey: "same" }),
			...invalid("toLocationId"),
		},
		...[-1, 0].map(
			(quantity): Refusal => ({
				name: `a transfer of ${quantity}`,
				method: "POST",
				path: "/api/v1/transfers",
				body: (s) => transfer(s, { quantity, idempotencyKey: `t-${quantity}` }),
				...invalid("quantity"),
			}),
		),
		adjustmentWith("an empty idempotency key", { idempotencyKey: "" }, invalid("idempotencyKey")),
	]);
});

describe("idempotency keys", () => {
	itRefuses([
		{
			name: "the same key with a different body",
			before: (s) => adjust(s.co, s.p1, s.l1, 4, "restock-1"),
			method: "POST",
			path: ADJUSTMENTS,
			body: (s) => ({ productId: s.p1, locationId: s.l1, quantity: 5, idempotencyKey: "restock-1" }),
			status: 422,
			code: "idempotency_key_reused",
			field: "idempotencyKey",
		},
		{
			name: "the same key for another kind of command",
			before: (s) => adjust(s.co, s.p1, s.l1, 4, "shared-key"),
			method: "POST",
			path: "/api/v1/counts",
			body: (s) => count(s, { onHand: 4, idempotencyKey: "shared-key" }),
			status: 422,
			code: "idempotency_key_reused",
		},
	]);

	it("the same key with the same body answers 200 with the first result and no new movement", async () => {
		const { co, p1, l1 } = await stockedCompany();
		const request = { productId: p1, locationId: l1, quantity: -2.5, reason: "damaged", idempotencyKey: "dmg-1" };
		const first = await co.api.post(ADJUSTMENTS, request);
		expect(first.status).toBe(201);
		const before = await stateOf(co.api);
		// The same request, its fields in another order.
		const again = await co.api.post(ADJUSTMENTS, {
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
		const first = await co.api.post(ADJUSTMENTS, request);
		expect(first.json<CommandAnswer>().levels[0]?.onHand).toBe(15);
		await adjust(co, p1, l1, 1);
		// Someone edits the row's planning fields meanwhile: the replay still answers the first body.
		const row = first.json<CommandAnswer>().levels[0];
		const edit = await co.api.patch("/api/v1/levels", {
			items: [{ productId: p1, locationId: l1, version: row?.version, reorderPoint: 3, bin: "Z-9" }],
		});
		expect(edit.json<{ items: { status: string }[] }>().items[0]?.status).toBe("updated");
		const before = await stateOf(co.api);
		const replay = await co.api.post(ADJUSTMENTS, request);
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
			() => co.api.post(ADJUSTMENTS, { productId: p1, locationId: l1, quantity: 0, idempotencyKey: "k" }),
			400,
			"validation_failed",
		);
		await expectRefusedWithoutChange(
			co,
			() => co.api.post(ADJUSTMENTS, { productId: ulid(), locationId: l1, quantity: 1, idempotencyKey: "k" }),
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

/** A request of mine naming an id of theirs, answered exactly as if the id did not exist. */
type Lookalike = {
	name: string;
	/** Which of their ids: product 1, location 1 or 2, or their owner token. */
	their: "p1" | "l1" | "l2" | "token";
	request: (mine: Stocked, id: string) => Promise<ApiResponse>;
};

/** The id a lookalike names of theirs. */
async function theirId(theirs: Stocked, their: Lookalike["their"]) {
	if (their !== "token") return theirs[their];
	const theirTokens = (await theirs.co.api.get("/api/v1/tokens")).json<Page<{ id: string }>>().items;
	const theirTokenId = theirTokens[0]?.id ?? "";
	expect(theirTokenId).not.toBe("");
	return theirTokenId;
}

describe("ids of another company answer 404 exactly like ids that do not exist", () => {
	const lookalikes: Lookalike[] = [
		{
			name: "reading another company's product",
			their: "p1",
			request: (mine, id) => mine.co.api.get(`/api/v1/products/${id}`),
		},
		{
			name: "adjusting another company's product",
			their: "p1",
			request: (mine, productId) => mine.co.api.post(ADJUSTMENTS, adjustment(mine, { productId })),
		},
		{
			name: "counting another company's product",
			their: "p1",
			request: (mine, productId) =>
				mine.co.api.post("/api/v1/counts", count(mine, { productId, onHand: 1, idempotencyKey: ulid() })),
		},
		{
			name: "reading another company's location",
			their: "l1",
			request: (mine, id) => mine.co.api.get(`/api/v1/locations/${id}`),
		},
		{
			name: "renaming another company's location",
			their: "l1",
			request: (mine, id) => mine.co.api.patch(`/api/v1/locations/${id}`, { name: "Mine now", version: 1 }),
		},
		{
			name: "adjusting at another company's location",
			their: "l1",
			request: (mine, locationId) => mine.co.api.post(ADJUSTMENTS, adjustment(mine, { locationId })),
		},
		{
			name: "transferring to another company's location",
			their: "l2",
			request: (mine, toLocationId) =>
				mine.co.api.post("/api/v1/transfers", transfer(mine, { toLocationId, quantity: 1, idempotencyKey: ulid() })),
		},
		{
			name: "revoking another company's token",
			their: "token",
			request: (mine, id) => mine.co.api.delete(`/api/v1/tokens/${id}`),
		},
	];

	for (const { name, their, request } of lookalikes)
		it(`${name}: the same 404 not_found as an unknown id, and neither company changes`, async () => {
			const mine = await stockedCompany();
			const theirs = await stockedCompany();
			const [id, unknown] = [await theirId(theirs, their), ulid()];
			const mineBefore = await stateOf(mine.co.api);
			const theirsBefore = await stateOf(theirs.co.api);
			expectSameNotFound(await request(mine, id), id, await request(mine, unknown), unknown);
			expect(await stateOf(mine.co.api)).toEqual(mineBefore);
			expect(await stateOf(theirs.co.api)).toEqual(theirsBefore);
			// Their token still works.
			expect((await theirs.co.api.get("/api/v1/levels")).status).toBe(200);
		});

	it("another company's level row is not_found in a bulk edit, exactly like a row that does not exist", async () => {
		const mine = await stockedCompany();
		const theirs = await stockedCompany();
		const unknown = ulid();
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
});
