/**
 * Builds and unbuilds through the API and the real product objects: levels exact on every product,
 * the availability check and its override, idempotent replay (also under concurrency), past builds
 * unchanged by later BOM edits, tenant isolation.
 */
import { describe, expect, it } from "vitest";
import { adjust, allPages, expectProblem, type LevelRow, type Movement, type Schemas, stateOf } from "./api-checks";
import { makeCompany, type TestCompany } from "./helpers";

/** A build as listed or shown; POST /builds answers it with the level rows it touched. */
type Build = Schemas["Build"] & Partial<Pick<Schemas["BuildResult"], "levels">>;

async function onHandAt(co: TestCompany, locationId: string): Promise<Record<string, number>> {
	const rows = await allPages<LevelRow>(co.api, `/api/v1/levels?location=${locationId}&limit=1000`);
	return Object.fromEntries(rows.map((r) => [r.productId, r.onHand]));
}

async function saveBom(co: TestCompany, productId: string, components: { productId: string; quantity: number }[]) {
	const version = (await co.api.get(`/api/v1/assemblies/${productId}`)).json<{ version: number }>().version;
	const res = await co.api.call("PUT", `/api/v1/assemblies/${productId}`, { components, version });
	expect(res.status, JSON.stringify(res.body)).toBe(200);
}

function postBuild(
	co: TestCompany,
	body: { productId: string; locationId?: string; quantity: number; kind?: string; override?: boolean },
	key?: string,
) {
	return co.api.post("/api/v1/builds", {
		locationId: co.locationIds[0],
		...body,
		idempotencyKey: key ?? `bd-${crypto.randomUUID()}`,
	});
}

async function expectReconciled(co: TestCompany) {
	expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true, mismatches: [] });
}

/** A bike (product 0) from 2 wheels (1) and 1.5 m of cable (2), with stock of both at the first location. */
async function bikeShop(stock: { wheels: number; cable: number }) {
	const co = await makeCompany({ products: 3 });
	const [bike, wheel, cable] = co.productIds as [string, string, string];
	const [warehouse] = co.locationIds as [string];
	await saveBom(co, bike, [
		{ productId: wheel, quantity: 2 },
		{ productId: cable, quantity: 1.5 },
	]);
	if (stock.wheels) await adjust(co, wheel, warehouse, stock.wheels);
	if (stock.cable) await adjust(co, cable, warehouse, stock.cable);
	return { co, bike, wheel, cable, warehouse, shop: co.locationIds[1] as string };
}

describe("builds", () => {
	it("a build consumes the components and produces the assembly at its location, exactly", async () => {
		const { co, bike, wheel, cable, warehouse, shop } = await bikeShop({ wheels: 10, cable: 7.5 });
		const res = await postBuild(co, { productId: bike, quantity: 3 });
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		const build = res.json<Build>();
		expect(build).toMatchObject({
			number: "BD-0001",
			kind: "build",
			status: "completed",
			quantity: 3,
			override: false,
			components: [
				{ productId: wheel, quantity: 6 },
				{ productId: cable, quantity: 4.5 },
			],
		});
		expect(Object.fromEntries((build.levels ?? []).map((l) => [l.productId, l.onHand]))).toEqual({
			[bike]: 3,
			[wheel]: 4,
			[cable]: 3,
		});
		expect(await onHandAt(co, warehouse)).toEqual({ [bike]: 3, [wheel]: 4, [cable]: 3 });
		expect(await onHandAt(co, shop)).toEqual({ [bike]: 0, [wheel]: 0, [cable]: 0 });

		// The ledger shows one movement per product under the build's source.
		const ledger = await allPages<Movement>(co.api, "/api/v1/movements?limit=1000");
		const ofBuild = ledger.filter((m) => m.source === `build:${build.id}`);
		expect(ofBuild.map((m) => [m.productId, m.onHandDelta]).sort()).toEqual(
			[
				[bike, 3],
				[wheel, -6],
				[cable, -4.5],
			].sort(),
		);
		await expectReconciled(co);
	});

	it("an unbuild takes the assembly apart: the components come back", async () => {
		const { co, bike, wheel, cable, warehouse } = await bikeShop({ wheels: 4, cable: 3 });
		expect((await postBuild(co, { productId: bike, quantity: 2 })).status).toBe(201);
		const res = await postBuild(co, { productId: bike, quantity: 1, kind: "unbuild" });
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.json<Build>()).toMatchObject({ number: "BD-0002", kind: "unbuild", status: "completed" });
		expect(await onHandAt(co, warehouse)).toEqual({ [bike]: 1, [wheel]: 2, [cable]: 1.5 });
		await expectReconciled(co);
	});

	it("a build short of stock is refused per component and changes nothing, unless overridden", async () => {
		const { co, bike, wheel, cable, warehouse } = await bikeShop({ wheels: 3, cable: 10 });
		const before = await stateOf(co.api);
		const refused = await postBuild(co, { productId: bike, quantity: 2 }, "short-1");
		const problem = expectProblem(refused, 409, "insufficient_stock", `components.${wheel}`);
		expect(problem.errors).toEqual([
			{ in: "body", field: `components.${wheel}`, message: expect.stringMatching(/^short by 1\b/) },
		]);
		expect(await stateOf(co.api)).toEqual(before);
		expect((await co.api.get("/api/v1/builds")).json<{ items: Build[] }>().items).toEqual([]);

		// The refused key is not used up: the same key with override builds, and available goes negative.
		const forced = await postBuild(co, { productId: bike, quantity: 2, override: true }, "short-1");
		expect(forced.status, JSON.stringify(forced.body)).toBe(201);
		expect(forced.json<Build>()).toMatchObject({ override: true, status: "completed" });
		expect(await onHandAt(co, warehouse)).toEqual({ [bike]: 2, [wheel]: -1, [cable]: 7 });
		await expectReconciled(co);
	});

	it("reserved stock is not available to a build; an unbuild needs the assembly available", async () => {
		const { co, bike, wheel } = await bikeShop({ wheels: 0, cable: 0 });
		const refused = await postBuild(co, { productId: bike, quantity: 1, kind: "unbuild" });
		expectProblem(refused, 409, "insufficient_stock", "productId");
		const both = expectProblem(await postBuild(co, { productId: bike, quantity: 1 }), 409, "insufficient_stock");
		expect(both.errors?.map((e) => e.field)).toContain(`components.${wheel}`);
		expect(both.errors).toHaveLength(2);
	});

	it("the same key again answers the first build (200) and builds nothing more; another body is refused (422)", async () => {
		const { co, bike, warehouse } = await bikeShop({ wheels: 10, cable: 10 });
		const first = await postBuild(co, { productId: bike, quantity: 1 }, "key-1");
		expect(first.status).toBe(201);
		const again = await postBuild(co, { productId: bike, quantity: 1 }, "key-1");
		expect(again.status).toBe(200);
		expect(again.body).toEqual(first.body);
		expectProblem(
			await postBuild(co, { productId: bike, quantity: 2 }, "key-1"),
			422,
			"idempotency_key_reused",
			"idempotencyKey",
		);
		expect((await onHandAt(co, warehouse))[bike]).toBe(1);
	});

	it("concurrent requests with one key build once", async () => {
		const { co, bike, wheel, warehouse } = await bikeShop({ wheels: 20, cable: 20 });
		const answers = await Promise.all(
			Array.from({ length: 5 }, () => postBuild(co, { productId: bike, quantity: 2 }, "same-key")),
		);
		expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
		const ids = new Set(answers.map((a) => a.json<Build>().id));
		expect(ids.size).toBe(1);
		expect(await onHandAt(co, warehouse)).toMatchObject({ [bike]: 2, [wheel]: 16 });
		expect((await co.api.get("/api/v1/builds")).json<{ items: Build[] }>().items).toHaveLength(1);
		await expectReconciled(co);
	});

	it("concurrent builds with different keys are numbered apart and all counted", async () => {
		const { co, bike, wheel, warehouse } = await bikeShop({ wheels: 20, cable: 20 });
		const answers = await Promise.all(Array.from({ length: 4 }, () => postBuild(co, { productId: bike, quantity: 1 })));
		expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
		expect(answers.map((a) => a.json<Build>().number).sort()).toEqual(["BD-0001", "BD-0002", "BD-0003", "BD-0004"]);
		expect(await onHandAt(co, warehouse)).toMatchObject({ [bike]: 4, [wheel]: 12 });
		await expectReconciled(co);
	});

	it("a past build keeps the BOM it was made with; a later build uses the BOM of its day", async () => {
		const { co, bike, wheel, cable, warehouse } = await bikeShop({ wheels: 10, cable: 10 });
		const first = (await postBuild(co, { productId: bike, quantity: 1 })).json<Build>();
		await saveBom(co, bike, [{ productId: wheel, quantity: 3 }]);
		const shown = (await co.api.get(`/api/v1/builds/${first.id}`)).json<Build>();
		expect(shown.components).toEqual([
			{ productId: wheel, quantity: 2 },
			{ productId: cable, quantity: 1.5 },
		]);
		const second = (await postBuild(co, { productId: bike, quantity: 1 })).json<Build>();
		expect(second.components).toEqual([{ productId: wheel, quantity: 3 }]);
		expect(await onHandAt(co, warehouse)).toEqual({ [bike]: 2, [wheel]: 5, [cable]: 8.5 });
	});

	it("nested: a sub-assembly is built first, then consumed like any component", async () => {
		const co = await makeCompany({ products: 3 });
		const [bike, wheel, spoke] = co.productIds as [string, string, string];
		const [warehouse] = co.locationIds as [string];
		await saveBom(co, wheel, [{ productId: spoke, quantity: 32 }]);
		await saveBom(co, bike, [{ productId: wheel, quantity: 2 }]);
		await adjust(co, spoke, warehouse, 64);
		expect((await postBuild(co, { productId: wheel, quantity: 2 })).status).toBe(201);
		expect((await postBuild(co, { productId: bike, quantity: 1 })).status).toBe(201);
		expect(await onHandAt(co, warehouse)).toEqual({ [bike]: 1, [wheel]: 0, [spoke]: 0 });
	});

	it("refuses a product without a BOM (422), unknown ids (404), an archived location (409), and bad input (400)", async () => {
		const { co, bike, wheel, shop } = await bikeShop({ wheels: 10, cable: 10 });
		expectProblem(await postBuild(co, { productId: wheel, quantity: 1 }), 422, "not_an_assembly", "productId");
		expectProblem(await postBuild(co, { productId: "01NOSUCH", quantity: 1 }), 404, "not_found");
		expectProblem(await postBuild(co, { productId: bike, quantity: 1, locationId: "01NOSUCH" }), 404, "not_found");
		expectProblem(await postBuild(co, { productId: bike, quantity: 0 }), 400, "validation_failed", "quantity");
		expectProblem(
			await postBuild(co, { productId: bike, quantity: 1, kind: "melt" }),
			400,
			"validation_failed",
			"kind",
		);
		// 0.3333 × 1.5 m of cable has more than 4 decimals: refused rather than rounded.
		expectProblem(await postBuild(co, { productId: bike, quantity: 0.3333 }), 400, "validation_failed", "quantity");
		const version = (await co.api.get(`/api/v1/locations/${shop}`)).json<{ version: number }>().version;
		expect((await co.api.patch(`/api/v1/locations/${shop}`, { archived: true, version })).status).toBe(200);
		expectProblem(await postBuild(co, { productId: bike, quantity: 1, locationId: shop }), 409, "conflict");
	});

	it("lists builds newest first, by product, page by page; another company sees none of them", async () => {
		const { co, bike, wheel } = await bikeShop({ wheels: 100, cable: 100 });
		await saveBom(co, wheel, [{ productId: co.productIds[2] as string, quantity: 1 }]);
		for (let i = 0; i < 3; i++) expect((await postBuild(co, { productId: bike, quantity: 1 })).status).toBe(201);
		expect((await postBuild(co, { productId: wheel, quantity: 1 })).status).toBe(201);
		const all = await allPages<Build>(co.api, "/api/v1/builds?limit=2");
		expect(all.map((b) => b.number)).toEqual(["BD-0004", "BD-0003", "BD-0002", "BD-0001"]);
		const ofBike = await allPages<Build>(co.api, `/api/v1/builds?productId=${bike}`);
		expect(ofBike.map((b) => b.number)).toEqual(["BD-0003", "BD-0002", "BD-0001"]);

		const other = await makeCompany();
		expect((await other.api.get("/api/v1/builds")).json<{ items: Build[] }>().items).toEqual([]);
		expectProblem(await other.api.get(`/api/v1/builds/${all[0]?.id}`), 404, "not_found");
		expectProblem(
			await other.api.post("/api/v1/builds", {
				productId: bike,
				locationId: other.locationIds[0],
				quantity: 1,
				idempotencyKey: "x",
			}),
			404,
			"not_found",
		);
	});
});
