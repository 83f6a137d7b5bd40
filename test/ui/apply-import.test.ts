import { describe, expect, it } from "vitest";
import { ApiClient } from "../../ui/src/api/api-client";
import type { LevelPatch, LevelRow } from "../../ui/src/api/types";
import { setLocale } from "../../ui/src/i18n/locale";
import { applyImportPlan, chunks } from "../../ui/src/import/apply-import";
import type { ImportPlan } from "../../ui/src/import/csv-import-plan";
import { countIdempotencyKey } from "../../ui/src/import/import-file";

/**
 * A small stand-in for the levels API (versions, conflicts, idempotent counts), behind the real
 * ApiClient, so that what the import sends is checked against what the server would do with it.
 */
function levelsServer(rows: LevelRow[]) {
	const levels = new Map(rows.map((r) => [`${r.productId}/${r.locationId}`, { ...r }]));
	const countKeys = new Map<string, unknown>();
	const patchBodies: LevelPatch[][] = [];
	let countRequests = 0;
	const json = (status: number, body: unknown) =>
		new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
	const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const url = new URL(String(input));
		const body = JSON.parse(String(init?.body ?? "null"));
		if (init?.method === "PATCH" && url.pathname === "/api/v1/levels") {
			const items: LevelPatch[] = body.items;
			if (items.length > 1000) return json(400, { type: "about:blank", title: "Too many", status: 400 });
			patchBodies.push(items);
			return json(200, {
				items: items.map((p) => {
					const row = levels.get(`${p.productId}/${p.locationId}`);
					if (!row) return { productId: p.productId, locationId: p.locationId, status: "not_found" };
					if (row.version !== p.version)
						return { productId: p.productId, locationId: p.locationId, status: "conflict", row };
					if (p.reorderPoint !== undefined) row.reorderPoint = p.reorderPoint;
					if (p.bin !== undefined) row.bin = p.bin;
					row.version++;
					return { productId: p.productId, locationId: p.locationId, status: "updated", row: { ...row } };
				}),
			});
		}
		if (init?.method === "POST" && url.pathname === "/api/v1/counts") {
			countRequests++;
			const seen = countKeys.get(body.idempotencyKey);
			if (seen) return json(200, seen);
			const row = levels.get(`${body.productId}/${body.locationId}`);
			if (!row) return json(404, { type: "about:blank", title: "Not found", status: 404, detail: "No such level" });
			row.available += body.onHand - row.onHand;
			row.onHand = body.onHand;
			row.version++;
			const answer = { movementId: "m1", movementIds: ["m1"], levels: [{ ...row }] };
			countKeys.set(body.idempotencyKey, answer);
			return json(201, answer);
		}
		return json(404, { type: "about:blank", title: "Not found", status: 404 });
	};
	return {
		api: new ApiClient({ baseUrl: "http://stockroom.test", fetch }),
		levels,
		patchBodies,
		get countRequests() {
			return countRequests;
		},
	};
}

function row(productId: string, overrides: Partial<LevelRow> = {}): LevelRow {
	return {
		productId,
		sku: productId.toUpperCase(),
		name: productId,
		type: "inventory",
		tracking: "none",
		purchaseCost: null,
		expired: 0,
		expiring: 0,
		locationId: "l1",
		onHand: 10,
		reserved: 0,
		available: 10,
		incoming: 0,
		reorderPoint: null,
		reorderQty: null,
		bin: null,
		version: 1,
		...overrides,
	};
}

function emptyPlan(overrides: Partial<ImportPlan>): ImportPlan {
	return { patches: [], counts: [], changes: [], errors: [], lines: 0, errorLines: 0, ...overrides };
}

describe("applyImportPlan", () => {
	it("sends 2,500 patches as three requests of at most 1,000 and reports every row updated", async () => {
		const products = Array.from({ length: 2500 }, (_, i) => row(`p${i}`));
		const server = levelsServer(products);
		const plan = emptyPlan({
			patches: products.map((p) => ({ productId: p.productId, locationId: "l1", version: 1, reorderPoint: 3 })),
		});
		const progress: number[] = [];
		const result = await applyImportPlan(server.api, plan, {
			fileHash: "h",
			onProgress: (done) => progress.push(done),
		});
		expect(server.patchBodies.map((b) => b.length)).toEqual([1000, 1000, 500]);
		expect(result.updated).toBe(2500);
		expect(result.rows).toHaveLength(2500);
		expect(progress).toEqual([1000, 2000, 2500]);
		expect(server.levels.get("p2499/l1")?.reorderPoint).toBe(3);
	});

	it("reports a row someone else changed as a conflict with its line, and saves the rest", async () => {
		const server = levelsServer([row("a", { version: 5 }), row("b")]);
		const plan = emptyPlan({
			patches: [
				{ productId: "a", locationId: "l1", version: 4, bin: "X" },
				{ productId: "b", locationId: "l1", version: 1, bin: "Y" },
			],
			changes: [
				{ line: 7, sku: "A", location: "Main", field: "bin", from: null, to: "X", productId: "a", locationId: "l1" },
			],
		});
		const result = await applyImportPlan(server.api, plan, { fileHash: "h" });
		expect(result.updated).toBe(1);
		expect(result.conflicts).toMatchObject([{ productId: "a", line: 7, row: { version: 5 } }]);
		expect(server.levels.get("a/l1")?.bin).toBeNull();
		expect(server.levels.get("b/l1")?.bin).toBe("Y");
	});

	it("a second click on Apply (or a retry) does not count twice", async () => {
		const server = levelsServer([row("a", { onHand: 10 })]);
		const plan = emptyPlan({ counts: [{ productId: "a", locationId: "l1", onHand: 4, line: 2 }] });
		const first = await applyImportPlan(server.api, plan, { fileHash: "abc" });
		const second = await applyImportPlan(server.api, plan, { fileHash: "abc" });
		expect(first.counted).toBe(1);
		expect(second.counted).toBe(1);
		expect(server.countRequests).toBe(2);
		expect(server.levels.get("a/l1")).toMatchObject({ onHand: 4, version: 2 });
		expect(first.rows).toMatchObject([{ onHand: 4 }]);
	});

	it("sends each count with the key derived from the file and its line", async () => {
		const sent: string[] = [];
		const api = new ApiClient({
			fetch: async (_input, init) => {
				sent.push(JSON.parse(String(init?.body)).idempotencyKey);
				return new Response(JSON.stringify({ levels: [] }), { status: 201 });
			},
		});
		const counts = [2, 3, 5].map((line) => ({ productId: "a", locationId: `l${line}`, onHand: 1, line }));
		await applyImportPlan(api, emptyPlan({ counts }), { fileHash: "f00d" });
		expect(sent.sort()).toEqual([2, 3, 5].map((line) => countIdempotencyKey("f00d", line)).sort());
	});

	it("says a refused row in the user's language: the problem, then the field at fault worded from its code", async () => {
		const refusal = {
			type: "urn:stockroom:problem:validation_failed",
			title: "Invalid input",
			status: 400,
			code: "validation_failed",
			detail: "Some fields are invalid; see `errors`.",
			errors: [
				{
					in: "body",
					field: "onHand",
					message: "Too big: expected number to be <=1000000000",
					code: "too_big",
					params: { origin: "number", limit: 1_000_000_000, inclusive: 1 },
				},
			],
		};
		const api = new ApiClient({
			fetch: async () =>
				new Response(JSON.stringify(refusal), { status: 400, headers: { "content-type": "application/problem+json" } }),
		});
		const plan = emptyPlan({ counts: [{ productId: "p", locationId: "l1", onHand: 2e9, line: 4 }] });
		setLocale("fr");
		try {
			const result = await applyImportPlan(api, plan, { fileHash: "h" });
			expect(result.failures.map((f) => f.message)).toEqual(["onHand — Au plus 1\u202f000\u202f000\u202f000."]);
		} finally {
			setLocale("en");
		}
	});

	it("lists a count the server refused, with its line and the server's reason", async () => {
		const server = levelsServer([]);
		const plan = emptyPlan({ counts: [{ productId: "gone", locationId: "l1", onHand: 1, line: 9 }] });
		const result = await applyImportPlan(server.api, plan, { fileHash: "h" });
		expect(result.failures).toEqual([{ productId: "gone", locationId: "l1", line: 9, message: "No such level" }]);
		expect(result.counted).toBe(0);
	});

	it("saves the patches before the counts, so a count does not make the same row's patch a conflict", async () => {
		const server = levelsServer([row("a")]);
		const plan = emptyPlan({
			patches: [{ productId: "a", locationId: "l1", version: 1, bin: "Q" }],
			counts: [{ productId: "a", locationId: "l1", onHand: 3, line: 2 }],
		});
		const result = await applyImportPlan(server.api, plan, { fileHash: "h" });
		expect(result.conflicts).toEqual([]);
		expect(server.levels.get("a/l1")).toMatchObject({ bin: "Q", onHand: 3 });
	});
});

describe("chunks", () => {
	it("splits a list into pieces of at most the size, in order", () => {
		expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunks([], 1000)).toEqual([]);
	});
});
