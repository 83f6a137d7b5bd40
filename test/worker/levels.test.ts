/**
 * The grid through the API: GET /levels (paging, filters) and PATCH /levels (bulk edit of reorder
 * point, reorder quantity and bin, each row guarded by its version, results per row).
 */
import { describe, expect, it } from "vitest";
import { createProducts } from "../../worker/catalogue/products";
import { adjust, allPages, expectProblem, type LevelRow, type Page, stateOf } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

type PatchResult = {
	productId: string;
	locationId: string;
	status: "updated" | "conflict" | "not_found";
	row?: LevelRow;
};

async function levelsPage(co: TestCompany, query: string) {
	const res = await co.api.get(`/api/v1/levels?${query}`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Page<LevelRow>>();
}

async function levelRow(co: TestCompany, productId: string, locationId: string) {
	const rows = await allPages<LevelRow>(co.api, `/api/v1/levels?location=${locationId}`);
	const row = rows.find((r) => r.productId === productId);
	if (!row) throw new Error(`no row ${productId} at ${locationId}`);
	return row;
}

async function patchLevels(co: TestCompany, items: Record<string, unknown>[]) {
	const res = await co.api.patch("/api/v1/levels", { items });
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<{ items: PatchResult[] }>().items;
}

/** A company whose products have the given SKUs and names (one location unless told). */
async function companyWithProducts(products: { sku: string; name: string }[], locations = 1) {
	const co = await makeCompany({ locations, products: 0 });
	const created = await createProducts(db, co.companyId, products);
	return { ...co, productIds: created.map((p) => p.id) };
}

describe("GET /levels paging", () => {
	it("pages of 7 cover every product × location row exactly once, in SKU order", async () => {
		const co = await makeCompany({ products: 25, locations: 2 });
		const seen: string[] = [];
		const skus: string[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const page = await levelsPage(co, `limit=7${cursor ? `&cursor=${cursor}` : ""}`);
			pages++;
			expect(page.items.length).toBe(pages <= 7 ? 7 : 1);
			for (const row of page.items) {
				seen.push(`${row.productId}@${row.locationId}`);
				skus.push(row.sku);
			}
			cursor = page.nextCursor;
		} while (cursor);
		expect(pages).toBe(8);
		expect(new Set(seen).size).toBe(50);
		expect(seen).toHaveLength(50);
		const expected = co.productIds.flatMap((p) => co.locationIds.map((l) => `${p}@${l}`));
		expect([...seen].sort()).toEqual(expected.sort());
		expect(skus).toEqual([...skus].sort());
	});

	it("a page exactly as long as what is left has no next cursor", async () => {
		const co = await makeCompany({ products: 3, locations: 2 });
		expect(await levelsPage(co, "limit=6")).toMatchObject({ nextCursor: null });
		const first = await levelsPage(co, "limit=3");
		expect(first.nextCursor).toEqual(expect.any(String));
		const second = await levelsPage(co, `limit=3&cursor=${first.nextCursor}`);
		expect(second.items).toHaveLength(3);
		expect(second.nextCursor).toBeNull();
	});

	it("rows answer the core shape with available = on hand - reserved", async () => {
		const co = await makeCompany({ products: 1, locations: 1 });
		const [p] = co.productIds as [string];
		const [l] = co.locationIds as [string];
		await adjust(co, p, l, 7.25);
		const { items } = await levelsPage(co, "");
		expect(items).toEqual([
			{
				productId: p,
				sku: "SKU-0000",
				name: "Product 0",
				type: "inventory",
				tracking: "none",
				purchaseCost: null,
				locationId: l,
				onHand: 7.25,
				reserved: 0,
				available: 7.25,
				incoming: 0,
				expired: 0,
				expiring: 0,
				reorderPoint: null,
				reorderQty: null,
				bin: null,
				version: 1,
			},
		]);
	});
});

describe("GET /levels filters", () => {
	it("q matches SKU or name, ignoring case", async () => {
		const co = await companyWithProducts([
			{ sku: "BOLT-10", name: "Hex bolt" },
			{ sku: "NUT-10", name: "Nut for bolts" },
			{ sku: "WASHER", name: "Washer" },
		]);
		const skus = async (q: string) =>
			(await levelsPage(co, `q=${encodeURIComponent(q)}`)).items.map((r) => r.sku).sort();
		expect(await skus("bolt")).toEqual(["BOLT-10", "NUT-10"]);
		expect(await skus("-10")).toEqual(["BOLT-10", "NUT-10"]);
		expect(await skus("washer")).toEqual(["WASHER"]);
		expect(await skus("nothing like it")).toEqual([]);
	});

	it("q takes % and _ literally, not as wildcards", async () => {
		const co = await companyWithProducts([
			{ sku: "A_1", name: "Underscore" },
			{ sku: "AB1", name: "Letter" },
			{ sku: "50%", name: "Half" },
			{ sku: "500", name: "Five hundred" },
			{ sku: "BACK\\SLASH", name: "Backslash" },
		]);
		const skus = async (q: string) =>
			(await levelsPage(co, `q=${encodeURIComponent(q)}`)).items.map((r) => r.sku).sort();
		expect(await skus("A_1")).toEqual(["A_1"]);
		expect(await skus("_")).toEqual(["A_1"]);
		expect(await skus("50%")).toEqual(["50%"]);
		expect(await skus("%")).toEqual(["50%"]);
		expect(await skus("\\")).toEqual(["BACK\\SLASH"]);
	});

	it("location= answers only that location's rows", async () => {
		const co = await makeCompany({ products: 4, locations: 3 });
		const [, l2] = co.locationIds as [string, string];
		const rows = await allPages<LevelRow>(co.api, `/api/v1/levels?location=${l2}&limit=3`);
		expect(rows).toHaveLength(4);
		expect(new Set(rows.map((r) => r.locationId))).toEqual(new Set([l2]));
	});

	it("below=reorder answers the rows whose available stock is at or under their reorder point", async () => {
		const co = await makeCompany({ products: 4, locations: 2 });
		const [p1, p2, p3, p4] = co.productIds as [string, string, string, string];
		const [l1, l2] = co.locationIds as [string, string];
		await adjust(co, p1, l1, 2);
		await adjust(co, p2, l1, 5);
		await adjust(co, p3, l1, 10);
		await adjust(co, p4, l1, 1);
		await patchLevels(co, [
			{ productId: p1, locationId: l1, version: 1, reorderPoint: 5 }, // 2 <= 5: below
			{ productId: p2, locationId: l1, version: 1, reorderPoint: 5 }, // 5 <= 5: at, counts
			{ productId: p3, locationId: l1, version: 1, reorderPoint: 5 }, // 10 > 5: fine
			{ productId: p1, locationId: l2, version: 1, reorderPoint: 0 }, // 0 <= 0: at zero
			// p4 has no reorder point: never below it.
		]);
		const rows = await allPages<LevelRow>(co.api, "/api/v1/levels?below=reorder");
		expect(rows.map((r) => `${r.productId}@${r.locationId}`).sort()).toEqual(
			[`${p1}@${l1}`, `${p2}@${l1}`, `${p1}@${l2}`].sort(),
		);
		const atL1 = await allPages<LevelRow>(co.api, `/api/v1/levels?below=reorder&location=${l1}`);
		expect(atL1.map((r) => r.productId).sort()).toEqual([p1, p2].sort());
	});

	it("filters combine with paging without losing rows", async () => {
		const co = await companyWithProducts(
			Array.from({ length: 12 }, (_, i) => ({
				sku: `${i % 2 ? "ODD" : "EVEN"}-${String(i).padStart(2, "0")}`,
				name: `P${i}`,
			})),
			2,
		);
		const rows = await allPages<LevelRow>(co.api, "/api/v1/levels?q=ODD&limit=5");
		expect(rows).toHaveLength(12);
		expect(rows.every((r) => r.sku.startsWith("ODD-"))).toBe(true);
		expect(new Set(rows.map((r) => `${r.productId}@${r.locationId}`)).size).toBe(12);
	});
});

describe("PATCH /levels", () => {
	it("updates the fields sent, keeps the others, and bumps each row's version", async () => {
		const co = await makeCompany({ products: 2, locations: 1 });
		const [p1, p2] = co.productIds as [string, string];
		const [l] = co.locationIds as [string];
		const results = await patchLevels(co, [
			{ productId: p1, locationId: l, version: 1, reorderPoint: 4.5, reorderQty: 20, bin: " A-01 " },
			{ productId: p2, locationId: l, version: 1, bin: "B-02" },
		]);
		expect(results).toEqual([
			{
				productId: p1,
				locationId: l,
				status: "updated",
				row: expect.objectContaining({ reorderPoint: 4.5, reorderQty: 20, bin: "A-01", version: 2 }),
			},
			{
				productId: p2,
				locationId: l,
				status: "updated",
				row: expect.objectContaining({ reorderPoint: null, reorderQty: null, bin: "B-02", version: 2 }),
			},
		]);
		expect(await levelRow(co, p1, l)).toEqual(results[0]?.row);
		// Only the bin this time: the reorder fields stay.
		const [again] = await patchLevels(co, [{ productId: p1, locationId: l, version: 2, bin: "A-02" }]);
		expect(again?.row).toMatchObject({ reorderPoint: 4.5, reorderQty: 20, bin: "A-02", version: 3 });
	});

	it("a stale version is a conflict answering the current row, which stays as it was", async () => {
		const co = await makeCompany({ products: 1, locations: 1 });
		const [p] = co.productIds as [string];
		const [l] = co.locationIds as [string];
		await patchLevels(co, [{ productId: p, locationId: l, version: 1, reorderPoint: 3 }]);
		const current = await levelRow(co, p, l);
		const [result] = await patchLevels(co, [{ productId: p, locationId: l, version: 1, reorderPoint: 99 }]);
		expect(result).toEqual({ productId: p, locationId: l, status: "conflict", row: current });
		expect(await levelRow(co, p, l)).toEqual(current);
	});

	it("stock moving does not make a planning edit conflict", async () => {
		const co = await makeCompany({ products: 1, locations: 1 });
		const [p] = co.productIds as [string];
		const [l] = co.locationIds as [string];
		await adjust(co, p, l, 8);
		const [result] = await patchLevels(co, [{ productId: p, locationId: l, version: 1, reorderPoint: 2 }]);
		expect(result).toMatchObject({ status: "updated", row: { onHand: 8, reorderPoint: 2, version: 2 } });
	});

	it("a row that does not exist is not_found, with no row", async () => {
		const co = await makeCompany({ products: 1, locations: 1 });
		const [p] = co.productIds as [string];
		const results = await patchLevels(co, [{ productId: p, locationId: "no-such-location", version: 1, bin: "X" }]);
		expect(results).toEqual([{ productId: p, locationId: "no-such-location", status: "not_found" }]);
	});

	it("a mixed batch succeeds row by row and reports each in order", async () => {
		const co = await makeCompany({ products: 3, locations: 1 });
		const [p1, p2, p3] = co.productIds as [string, string, string];
		const [l] = co.locationIds as [string];
		await patchLevels(co, [{ productId: p2, locationId: l, version: 1, bin: "taken" }]);
		const results = await patchLevels(co, [
			{ productId: p1, locationId: l, version: 1, reorderPoint: 1 },
			{ productId: p2, locationId: l, version: 1, reorderPoint: 2 },
			{ productId: "nope", locationId: l, version: 1, reorderPoint: 3 },
			{ productId: p3, locationId: l, version: 1, reorderPoint: 4 },
		]);
		expect(results.map((r) => [r.productId, r.status])).toEqual([
			[p1, "updated"],
			[p2, "conflict"],
			["nope", "not_found"],
			[p3, "updated"],
		]);
		expect((await levelRow(co, p1, l)).reorderPoint).toBe(1);
		expect(await levelRow(co, p2, l)).toMatchObject({ reorderPoint: null, bin: "taken", version: 2 });
		expect((await levelRow(co, p3, l)).reorderPoint).toBe(4);
	});

	it("an invalid row refuses the whole batch with 400 naming it, and nothing changes", async () => {
		const co = await makeCompany({ products: 2, locations: 1 });
		const [p1, p2] = co.productIds as [string, string];
		const [l] = co.locationIds as [string];
		const before = await stateOf(co.api);
		const valid = { productId: p1, locationId: l, version: 1, reorderPoint: 5 };
		for (const [bad, field] of [
			[{ reorderPoint: -1 }, "items.1.reorderPoint"],
			[{ reorderQty: 1.23456 }, "items.1.reorderQty"],
			[{ reorderPoint: "5" }, "items.1.reorderPoint"],
			[{ bin: "x".repeat(65) }, "items.1.bin"],
			[{ version: 0 }, "items.1.version"],
		] as const) {
			const res = await co.api.patch("/api/v1/levels", {
				items: [valid, { productId: p2, locationId: l, version: 1, ...bad }],
			});
			expectProblem(res, 400, "validation_failed", field);
		}
		expectProblem(await co.api.patch("/api/v1/levels", { items: [] }), 400, "validation_failed", "items");
		expect(await stateOf(co.api)).toEqual(before);
	});

	it('bin "" clears the bin to null, and null clears a reorder point', async () => {
		const co = await makeCompany({ products: 1, locations: 1 });
		const [p] = co.productIds as [string];
		const [l] = co.locationIds as [string];
		await patchLevels(co, [{ productId: p, locationId: l, version: 1, bin: "A-01", reorderPoint: 3 }]);
		const [cleared] = await patchLevels(co, [{ productId: p, locationId: l, version: 2, bin: "", reorderPoint: null }]);
		expect(cleared?.row).toMatchObject({ bin: null, reorderPoint: null, version: 3 });
		expect(await levelRow(co, p, l)).toMatchObject({ bin: null, reorderPoint: null });
		const [blank] = await patchLevels(co, [{ productId: p, locationId: l, version: 3, bin: "   " }]);
		expect(blank?.row?.bin).toBeNull();
	});

	it("a 1000-row edit fits the body limit and is applied", async () => {
		const co = await makeCompany({ products: 500, locations: 2 });
		const items = co.productIds.flatMap((productId) =>
			co.locationIds.map((locationId) => ({
				productId,
				locationId,
				version: 1,
				reorderPoint: 1,
				reorderQty: 12,
				bin: "SHELF-000001",
			})),
		);
		expect(items).toHaveLength(1000);
		const results = await patchLevels(co, items);
		expect(results).toHaveLength(1000);
		expect(results.every((r) => r.status === "updated" && r.row?.version === 2)).toBe(true);
		const rows = await allPages<LevelRow>(co.api, "/api/v1/levels?limit=1000");
		expect(rows.every((r) => r.reorderQty === 12 && r.bin === "SHELF-000001")).toBe(true);
		expectProblem(
			await co.api.patch("/api/v1/levels", { items: [...items, items[0]] }),
			400,
			"validation_failed",
			"items",
		);
	});
});
