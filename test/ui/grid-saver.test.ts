/**
 * The grid's save batching: the edits of one action and of the actions right after it go in one
 * PATCH /api/v1/levels, each row with its version; network failures are kept for a retry. The API
 * client is the real one over a scripted fetch that plays the server.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiClient } from "../../ui/src/api/api-client";
import type { LevelPatch, LevelPatchResult } from "../../ui/src/api/types";
import { GridSaver, SAVE_DELAY_MS } from "../../ui/src/grid/grid-saver";
import type { CellEdit } from "../../ui/src/grid/model/cell-edits";

type Answer = { status: number; body: unknown } | "network";

function edit(productId: string, field: CellEdit["field"], value: CellEdit["value"], locationId = "L1"): CellEdit {
	return { productId, locationId, field, value };
}

/** A saver over a server that answers each request with the next scripted answer (or "updated" for every row). */
function harness(answers: Answer[] = []) {
	const requests: LevelPatch[][] = [];
	const fetch = (async (_url: string, init?: RequestInit) => {
		const { items } = JSON.parse(String(init?.body)) as { items: LevelPatch[] };
		requests.push(items);
		const answer = answers.shift();
		if (answer === "network") throw new TypeError("Failed to fetch");
		const body =
			answer?.body ??
			({
				items: items.map((p) => ({ productId: p.productId, locationId: p.locationId, status: "updated" })),
			} satisfies { items: LevelPatchResult[] });
		return new Response(JSON.stringify(body), {
			status: answer?.status ?? 200,
			headers: { "content-type": "application/json" },
		});
	}) as typeof globalThis.fetch;
	const api = new ApiClient({ baseUrl: "https://stockroom.test", token: "srk_test", fetch });
	const results: LevelPatchResult[] = [];
	const failures: { edits: CellEdit[]; status: number; retryable: boolean }[] = [];
	const saver = new GridSaver(() => api, {
		versionOf: (productId) => (productId === "P2" ? 7 : 3),
		onSaving: () => {},
		onResults: (items) => results.push(...items.map((i) => i.result)),
		onFailure: (edits, error, retryable) => failures.push({ edits, status: error.status, retryable }),
	});
	return { saver, requests, results, failures };
}

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

describe("GridSaver", () => {
	it("sends the edits of actions a moment apart in one request, one patch per row with its version", async () => {
		const { saver, requests, results } = harness();
		saver.save([edit("P1", "reorderPoint", 5), edit("P1", "reorderQty", 40)]);
		await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS / 2);
		saver.save([edit("P2", "bin", "A-1")]);
		await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2);

		expect(requests).toEqual([
			[
				{ productId: "P1", locationId: "L1", version: 3, reorderPoint: 5, reorderQty: 40 },
				{ productId: "P2", locationId: "L1", version: 7, bin: "A-1" },
			],
		]);
		expect(results.map((r) => r.status)).toEqual(["updated", "updated"]);
	});

	it("sends only the last value of a cell edited twice before leaving", async () => {
		const { saver, requests } = harness();
		saver.save([edit("P1", "reorderPoint", 5)]);
		saver.save([edit("P1", "reorderPoint", 6)]);
		await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2);
		expect(requests).toEqual([[{ productId: "P1", locationId: "L1", version: 3, reorderPoint: 6 }]]);
	});

	it("keeps edits that failed on the network and sends them again with the next edit", async () => {
		const { saver, requests, failures } = harness(["network"]);
		saver.save([edit("P1", "reorderPoint", 5)]);
		await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2);
		expect(failures).toEqual([{ edits: [edit("P1", "reorderPoint", 5)], status: 0, retryable: true }]);
		expect(saver.failedCount).toBe(1);

		saver.save([edit("P2", "reorderQty", 8)]);
		await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2);
		expect(requests[1]).toEqual([
			{ productId: "P1", locationId: "L1", version: 3, reorderPoint: 5 },
			{ productId: "P2", locationId: "L1", version: 7, reorderQty: 8 },
		]);
		expect(saver.failedCount).toBe(0);
	});

	it("sends failed edits again at once on retry()", async () => {
		const { saver, requests } = harness(["network"]);
		saver.save([edit("P1", "bin", "B-2")]);
		await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2);
		saver.retry();
		await vi.advanceTimersByTimeAsync(0);
		expect(requests).toHaveLength(2);
		expect(requests[1]).toEqual([{ productId: "P1", locationId: "L1", version: 3, bin: "B-2" }]);
	});

	it("reports the row the server refused as invalid and still saves the others", async () => {
		const problem = {
			type: "about:blank",
			title: "Invalid request",
			status: 400,
			errors: [{ field: "body.items.1.reorderPoint", message: "must not be negative" }],
		};
		const { saver, requests, failures, results } = harness([{ status: 400, body: problem }]);
		saver.save([edit("P1", "reorderPoint", 1), edit("P2", "reorderPoint", 2)]);
		await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2);

		expect(failures).toEqual([{ edits: [edit("P2", "reorderPoint", 2)], status: 400, retryable: false }]);
		expect(requests[1]).toEqual([{ productId: "P1", locationId: "L1", version: 3, reorderPoint: 1 }]);
		expect(results.map((r) => r.productId)).toEqual(["P1"]);
		expect(saver.failedCount).toBe(0);
	});

	it("splits a paste of more than 1000 rows into requests of at most 1000 rows", async () => {
		const { saver, requests } = harness();
		saver.save(Array.from({ length: 1500 }, (_, i) => edit(`P${i}`, "reorderQty", i)));
		await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS * 2);
		expect(requests.map((r) => r.length)).toEqual([1000, 500]);
	});
});
