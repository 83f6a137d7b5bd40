/**
 * Quantities made of quantities stay within the single quantity's maximum (±1 000 000 000): a build
 * × its bill of materials, levels summed over many changes, available = on hand − reserved. Every
 * refusal is a 422 naming the field and changes nothing; the product object refuses whatever
 * reaches it from any path; and the reconciliation is not ok when a stored level is beyond the
 * bounds or not exact, even when every view of it agrees (the security probe of issue 10 §2).
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { statusOf } from "../../worker/api/problem";
import { AppError } from "../../worker/core/app-error";
import { stockLevels } from "../../worker/db/schema";
import type { ProductStock } from "../../worker/stock/product-stock";
import {
	enqueueStockCommand,
	executeStockCommand,
	readProductStockState,
} from "../../worker/stock/product-stock-client";
import { MAX_SCALED } from "../../worker/stock/quantity-bounds";
import type { ProductRef, StockCommand } from "../../worker/stock/stock-command";
import { adjust, expectProblem, stateOf } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

const MAX = 1_000_000_000;

type Reconciliation = {
	ok: boolean;
	mismatches: unknown[];
	outOfBounds: { productId: string; locationId: string; store: string; field: string; value: number }[];
};

async function saveBom(co: TestCompany, productId: string, components: { productId: string; quantity: number }[]) {
	const version = (await co.api.get(`/api/v1/assemblies/${productId}`)).json<{ version: number }>().version;
	return co.api.call("PUT", `/api/v1/assemblies/${productId}`, { components, version });
}

function postBuild(co: TestCompany, body: { productId: string; quantity: number; kind?: string; override?: boolean }) {
	return co.api.post("/api/v1/builds", {
		locationId: co.locationIds[0],
		...body,
		idempotencyKey: `bd-${crypto.randomUUID()}`,
	});
}

/** Everything a company can see of its stock and builds, to prove a refusal changed nothing. */
async function everything(co: TestCompany) {
	return {
		...(await stateOf(co.api)),
		builds: (await co.api.get("/api/v1/builds")).json<{ items: unknown[] }>().items,
	};
}

async function reconciliation(co: TestCompany): Promise<Reconciliation> {
	const res = await co.api.get("/api/v1/reconciliation?limit=100");
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Reconciliation>();
}

function stubOf(ref: ProductRef) {
	return env.PRODUCT_STOCK.get(env.PRODUCT_STOCK.idFromName(`${ref.companyId}/${ref.productId}`));
}

/** Runs `command` on the product's object and answers the AppError it was refused with. */
async function refusal(ref: ProductRef, command: StockCommand, send = executeStockCommand): Promise<AppError> {
	const error = await send(env, ref, command).then(
		() => null,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(AppError);
	return error as AppError;
}

describe("builds within the bounds", () => {
	it("a build of 1e9 × a BOM amount of 1e9 is refused naming `quantity`, and changes nothing", async () => {
		const co = await makeCompany({ products: 2 });
		const [assembly, part] = co.productIds as [string, string];
		expect((await saveBom(co, assembly, [{ productId: part, quantity: MAX }])).status).toBe(200);
		await adjust(co, part, co.locationIds[0] as string, 5);
		const before = await everything(co);

		for (const override of [false, true]) {
			const problem = expectProblem(
				await postBuild(co, { productId: assembly, quantity: MAX, override }),
				422,
				"quantity_out_of_bounds",
				"quantity",
			);
			expect(problem.errors?.[0]?.message).toContain("SKU-0001");
		}
		// Taken apart, the same amounts would put the components beyond the maximum just as well.
		expectProblem(
			await postBuild(co, { productId: assembly, quantity: MAX, kind: "unbuild", override: true }),
			422,
			"quantity_out_of_bounds",
			"quantity",
		);

		expect(await everything(co)).toEqual(before);
		expect(await reconciliation(co)).toMatchObject({ ok: true, mismatches: [], outOfBounds: [] });
		// An adjustment afterwards moves on hand by exactly what it says.
		const after = await adjust(co, part, co.locationIds[0] as string, 1);
		expect(after.levels[0]?.onHand).toBe(6);
	});

	it("a BOM line beyond the maximum is refused at its field, and the BOM stays as it was", async () => {
		const co = await makeCompany({ products: 3 });
		const [assembly, a, b] = co.productIds as [string, string, string];
		const refused = await saveBom(co, assembly, [
			{ productId: a, quantity: 1 },
			{ productId: b, quantity: 2 * MAX },
		]);
		expectProblem(refused, 400, "validation_failed", "components.1.quantity");
		expect((await co.api.get(`/api/v1/assemblies/${assembly}`)).json()).toMatchObject({ components: [], version: 0 });
	});

	it("builds that are each valid are refused once the assembly's level would pass the maximum", async () => {
		const co = await makeCompany({ products: 2 });
		const [assembly, part] = co.productIds as [string, string];
		expect((await saveBom(co, assembly, [{ productId: part, quantity: 0.5 }])).status).toBe(200);
		const first = await postBuild(co, { productId: assembly, quantity: 600_000_000, override: true });
		expect(first.status, JSON.stringify(first.body)).toBe(201);
		const before = await everything(co);

		const problem = expectProblem(
			await postBuild(co, { productId: assembly, quantity: 600_000_000, override: true }),
			422,
			"quantity_out_of_bounds",
			"quantity",
		);
		expect(problem.detail).toContain("SKU-0000");
		expect(await everything(co)).toEqual(before);
		expect(await reconciliation(co)).toMatchObject({ ok: true, outOfBounds: [] });

		// Up to the maximum exactly is fine.
		const last = await postBuild(co, { productId: assembly, quantity: 400_000_000, override: true });
		expect(last.status, JSON.stringify(last.body)).toBe(201);
		const levels = (await stateOf(co.api)).levels.filter((l) => l.locationId === co.locationIds[0]);
		expect(Object.fromEntries(levels.map((l) => [l.productId, l.onHand]))).toEqual({
			[assembly]: MAX,
			[part]: -MAX / 2,
		});
	});
});

describe("stock commands within the bounds", () => {
	it("adjustments, counts and transfers that would pass the maximum are refused; the key stays free", async () => {
		const co = await makeCompany({ products: 1 });
		const [product] = co.productIds as [string];
		const [warehouse, shop] = co.locationIds as [string, string];
		await adjust(co, product, warehouse, 900_000_000);
		await adjust(co, product, shop, -900_000_000);
		const before = await stateOf(co.api);

		const send = (path: string, body: Record<string, unknown>, key: string) =>
			co.api.post(path, { productId: product, ...body, idempotencyKey: key });
		expectProblem(
			await send("/api/v1/adjustments", { locationId: warehouse, quantity: 200_000_000 }, "big-adj"),
			422,
			"quantity_out_of_bounds",
			"quantity",
		);
		// From −900 000 000 to 900 000 000 is one movement of 1 800 000 000.
		expectProblem(
			await send("/api/v1/counts", { locationId: shop, onHand: 900_000_000 }, "big-count"),
			422,
			"quantity_out_of_bounds",
			"onHand",
		);
		expectProblem(
			await send(
				"/api/v1/transfers",
				{ fromLocationId: shop, toLocationId: warehouse, quantity: 200_000_000 },
				"big-transfer",
			),
			422,
			"quantity_out_of_bounds",
			"quantity",
		);
		expect(await stateOf(co.api)).toEqual(before);

		// A refused request did not use up its key: the same key serves a request that fits.
		const fits = await send("/api/v1/adjustments", { locationId: warehouse, quantity: 100_000_000 }, "big-adj");
		expect(fits.status, JSON.stringify(fits.body)).toBe(201);
		expect(fits.json<{ levels: { onHand: number }[] }>().levels[0]?.onHand).toBe(MAX);
	});
});

describe("the product object refuses any quantity out of bounds, whoever sends it", () => {
	it("effects, movements and levels beyond ±1e9 or not exact: refused whole, nothing kept", async () => {
		const co = await makeCompany({ products: 1 });
		const ref: ProductRef = { companyId: co.companyId, productId: co.productIds[0] as string };
		const [warehouse, shop] = co.locationIds as [string, string];
		const set = (source: string, effect: Partial<Record<"onHand" | "reserved" | "incoming", number>>, version = 1) =>
			({
				type: "set",
				source,
				kind: "invoice",
				locationId: warehouse,
				effect: { onHand: 0, reserved: 0, incoming: 0, ...effect },
				version,
			}) satisfies StockCommand;
		await executeStockCommand(env, ref, set("doc:1", { onHand: MAX_SCALED, reserved: 10_000 }));
		const before = await readProductStockState(env, ref);

		// A single effect out of bounds (a QBO quantity, a kit count × a component…).
		const effect = await refusal(ref, set("doc:2", { incoming: MAX_SCALED + 1 }));
		expect(effect).toMatchObject({ code: "quantity_out_of_bounds" });
		expect(statusOf(effect as AppError)).toBe(422);
		expect(effect.errors).toContainEqual(expect.objectContaining({ field: "incoming" }));
		// Not an exact integer of the scale, and far beyond 2^53: both refused, also on sync traffic.
		await refusal(ref, set("doc:2", { onHand: 1.5 }), enqueueStockCommand);
		await refusal(ref, set("doc:2", { onHand: -1e22 }), enqueueStockCommand);
		// Each effect in bounds, but their sum at the location is not.
		expect((await refusal(ref, set("doc:2", { onHand: 1 }))).errors).toContainEqual(
			expect.objectContaining({ field: "onHand" }),
		);
		// Available = on hand − reserved is a total too.
		expect((await refusal(ref, set("doc:2", { reserved: -MAX_SCALED }))).errors).toContainEqual(
			expect.objectContaining({ field: "available" }),
		);
		// A transfer's leg, a count's difference: refused on the object as well, both legs or none.
		await refusal(ref, { type: "transfer", source: "t:1", fromLocationId: shop, toLocationId: warehouse, quantity: 1 });
		await refusal(ref, { type: "count", source: "c:1", locationId: warehouse, onHand: -MAX_SCALED });
		// The first document edited from +1e9 to −1e9 would move 2e9 at once.
		await refusal(ref, set("doc:1", { onHand: -MAX_SCALED }, 2));

		const after = await readProductStockState(env, ref);
		expect(after).toEqual(before);
		expect(after.effects.map((e) => e.source)).toEqual(["doc:1"]);
		// Refused, not remembered: the same sources apply once they fit.
		await executeStockCommand(env, ref, set("doc:2", { onHand: -10_000 }));
		await executeStockCommand(env, ref, { type: "count", source: "c:1", locationId: warehouse, onHand: 0 });
		expect((await reconciliation(co)).ok).toBe(true);
	});
});

describe("the reconciliation checks that every level is within the bounds and exact", () => {
	it("flags a level that every view agrees on but that is beyond 2^53 (a corrupted object and its flush)", async () => {
		const co = await makeCompany({ products: 2 });
		const [product] = co.productIds as [string];
		const [warehouse] = co.locationIds as [string];
		const ref: ProductRef = { companyId: co.companyId, productId: product };
		await adjust(co, product, warehouse, 5);
		expect(await reconciliation(co)).toMatchObject({ ok: true, outOfBounds: [] });

		// What the probe left behind: an effect of −1e18, its level and its movement, flushed to D1 as
		// the object flushes any movement. Written under the checks, as data from before them.
		const huge = -1e22; // scaled: −1e18 units
		await runInDurableObject(stubOf(ref), async (_: ProductStock, state) => {
			const sql = state.storage.sql;
			const seq = Number(sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'seq'").one().value) + 1;
			const level = sql.exec<{ on_hand: number }>("SELECT on_hand FROM levels WHERE location_id = ?", warehouse).one();
			const after = level.on_hand + huge;
			sql.exec(
				"INSERT INTO effects (source, location_id, on_hand, reserved, incoming, version, deleted) VALUES ('build:probe', ?, ?, 0, 0, 1, 0)",
				warehouse,
				huge,
			);
			sql.exec("UPDATE levels SET on_hand = ? WHERE location_id = ?", after, warehouse);
			sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq', ?)", String(seq));
			const movement = {
				id: `probe-${crypto.randomUUID()}`,
				seq,
				source: "build:probe",
				kind: "build",
				reason: null,
				locationId: warehouse,
				delta: { onHand: huge, reserved: 0, incoming: 0 },
				after: { onHand: after, reserved: 0, incoming: 0 },
				at: Date.now(),
			};
			sql.exec("INSERT INTO outbox (seq, movement) VALUES (?, ?)", seq, JSON.stringify(movement));
		});
		expect((await readProductStockState(env, ref)).pendingMovements).toBe(0);

		const report = await reconciliation(co);
		// Beyond 2^53 the sums agree with the levels: only the bounds tell.
		expect(report.mismatches).toEqual([]);
		expect(report.ok).toBe(false);
		for (const store of ["object", "d1"])
			for (const field of ["onHand", "available"])
				expect(report.outOfBounds).toContainEqual({
					productId: product,
					locationId: warehouse,
					store,
					field,
					value: expect.any(Number),
				});
		expect(report.outOfBounds.every((o) => o.productId === product && o.locationId === warehouse)).toBe(true);

		// Nothing moves such a level any more, instead of answering it unchanged.
		const res = await co.api.post("/api/v1/adjustments", {
			productId: product,
			locationId: warehouse,
			quantity: 1,
			idempotencyKey: `after-probe-${product}`,
		});
		expectProblem(res, 422, "quantity_out_of_bounds", "quantity");
	});

	it("flags a level written into D1 that is not an exact integer of the scale, or beyond the maximum", async () => {
		const co = await makeCompany({ products: 2 });
		const [product, other] = co.productIds as [string, string];
		const [warehouse, shop] = co.locationIds as [string, string];
		await adjust(co, product, warehouse, 5);
		const level = (productId: string, locationId: string) =>
			and(eq(stockLevels.productId, productId), eq(stockLevels.locationId, locationId));
		await db.update(stockLevels).set({ onHand: 1.5 }).where(level(product, shop));
		await db
			.update(stockLevels)
			.set({ reserved: MAX_SCALED + 10_000 })
			.where(level(other, warehouse));

		const report = await reconciliation(co);
		expect(report.ok).toBe(false);
		expect(report.outOfBounds).toEqual(
			expect.arrayContaining([
				{ productId: product, locationId: shop, store: "d1", field: "onHand", value: 0.00015 },
				{ productId: product, locationId: shop, store: "d1", field: "available", value: 0.00015 },
				{ productId: other, locationId: warehouse, store: "d1", field: "reserved", value: MAX + 1 },
				{ productId: other, locationId: warehouse, store: "d1", field: "available", value: -(MAX + 1) },
			]),
		);
		expect(report.outOfBounds).toHaveLength(4);
	});
});
