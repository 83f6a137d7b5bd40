/**
 * Builds and unbuilds with lots, through the API and the real product objects: a build consumes
 * component lots first-expiry-first-out or as chosen and produces a typed or generated assembly
 * lot; the build's view shows which lots went in and came out (from the ledger); a build left
 * pending and completed by the cron, or replayed with its key, moves no lot twice; refusals name
 * the field and record nothing; a lot refused by an object after D1's check undoes the build.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ProductObjects } from "../../worker/assemblies/build-completion";
import { repairPendingBuilds } from "../../worker/assemblies/build-repair";
import { createBuild } from "../../worker/assemblies/builds";
import { executeStockCommand } from "../../worker/stock/product-stock-client";
import { adjust, expectProblem, type Schemas, stateOf } from "./api-checks";
import { makeCompany, type TestCompany } from "./helpers";

type Answer = Schemas["BuildResult"];
type LotLine = Schemas["BuildLots"]["consumed"][number];

const key = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

async function patchProduct(co: TestCompany, productId: string, body: Record<string, unknown>) {
	const res = await co.api.patch(`/api/v1/products/${productId}`, body);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function intoLot(co: TestCompany, productId: string, lot: string, quantity: number, expiry?: string) {
	const res = await co.api.post("/api/v1/adjustments", {
		productId,
		locationId: co.locationIds[0],
		quantity,
		lots: [{ lot, quantity, ...(expiry ? { expiry } : {}) }],
		idempotencyKey: key("adj"),
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** Each lot's on hand at the first location and the unassigned rest, as GET /products/{id}/lots answers. */
async function lotsOf(co: TestCompany, productId: string) {
	const res = await co.api.get(`/api/v1/products/${productId}/lots`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	const here = res.json<Schemas["ProductLots"]>().items.find((l) => l.locationId === co.locationIds[0]);
	return {
		unassigned: here?.unassigned ?? 0,
		lots: Object.fromEntries((here?.lots ?? []).filter((l) => l.onHand !== 0).map((l) => [l.lot, l.onHand])),
	};
}

async function expectReconciled(co: TestCompany) {
	const res = await co.api.get("/api/v1/reconciliation");
	expect(res.json()).toMatchObject({ ok: true, mismatches: [], lotMismatches: [] });
}

function postBuild(co: TestCompany, body: Record<string, unknown>, idempotencyKey = key("bd")) {
	return co.api.post("/api/v1/builds", { locationId: co.locationIds[0], ...body, idempotencyKey });
}

const byLot = (lines: LotLine[]) => [...lines].sort((a, b) => (a.lot < b.lot ? -1 : 1));

/**
 * A kit (product 0) from 2 capsules (1) and 1 box (2), all tracked by lot. Capsules: C-SOON (expires
 * 2098-01-31, 5), C-LATE (2099-12-31, 5), C-OLD (expired, 3); boxes: B1 (no expiry, 4) and 2
 * unassigned.
 */
async function kitShop(options: { kitExpiryRequired?: boolean } = {}) {
	const co = await makeCompany({ products: 3 });
	const [kit, capsule, box] = co.productIds as [string, string, string];
	const bom = await co.api.call("PUT", `/api/v1/assemblies/${kit}`, {
		components: [
			{ productId: capsule, quantity: 2 },
			{ productId: box, quantity: 1 },
		],
		version: 0,
	});
	expect(bom.status, JSON.stringify(bom.body)).toBe(200);
	await patchProduct(co, kit, { tracking: "lot", expiryRequired: options.kitExpiryRequired ?? false });
	await patchProduct(co, capsule, { tracking: "lot" });
	await patchProduct(co, box, { tracking: "lot" });
	await intoLot(co, capsule, "C-SOON", 5, "2098-01-31");
	await intoLot(co, capsule, "C-LATE", 5, "2099-12-31");
	await intoLot(co, capsule, "C-OLD", 3, "2020-01-01");
	await intoLot(co, box, "B1", 4);
	await adjust(co, box, co.locationIds[0] as string, 2);
	return { co, kit, capsule, box };
}

describe("builds with lots", () => {
	it("a build consumes component lots first-expiry-first-out and produces the typed lot; its view shows the genealogy", async () => {
		const { co, kit, capsule, box } = await kitShop();
		const res = await postBuild(co, { productId: kit, quantity: 3, lot: { lot: "KIT-A", expiry: "2098-06-30" } });
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		const build = res.json<Answer>();
		// 6 capsules: the 5 of the soonest lot, then 1 of the next; the expired lot is skipped.
		expect(await lotsOf(co, capsule)).toEqual({ unassigned: 0, lots: { "C-LATE": 4, "C-OLD": 3 } });
		expect(await lotsOf(co, box)).toEqual({ unassigned: 2, lots: { B1: 1 } });
		expect(await lotsOf(co, kit)).toEqual({ unassigned: 0, lots: { "KIT-A": 3 } });

		const expected = {
			consumed: [
				{ productId: capsule, lot: "C-LATE", expiry: "2099-12-31", quantity: 1 },
				{ productId: capsule, lot: "C-SOON", expiry: "2098-01-31", quantity: 5 },
				{ productId: box, lot: "B1", expiry: null, quantity: 3 },
			],
			produced: [{ productId: kit, lot: "KIT-A", expiry: "2098-06-30", quantity: 3 }],
		};
		const sorted = (g: Schemas["BuildLots"]) => ({ consumed: byLot(g.consumed), produced: byLot(g.produced) });
		expect(sorted(build.lots)).toEqual(sorted(expected));
		// The same genealogy read back from the ledger.
		const shown = await co.api.get(`/api/v1/builds/${build.id}`);
		expect(shown.status).toBe(200);
		expect(sorted(shown.json<Schemas["BuildDetail"]>().lots)).toEqual(sorted(expected));
		// The ledger's lot movements sit under the build's source, as the trace reads them.
		const movements = (await stateOf(co.api)).movements.filter((m) => m.source === `build:${build.id}`);
		expect(movements).toHaveLength(3);
		await expectReconciled(co);
	});

	it("a build picks the chosen component lots, the rest first-expiry-first-out, and generates its lot numbers", async () => {
		const { co, kit, capsule, box } = await kitShop();
		const first = await postBuild(co, {
			productId: kit,
			quantity: 2,
			componentLots: [{ productId: capsule, lots: [{ lot: "C-LATE", quantity: 3 }] }],
			generateLot: true,
			lot: { expiry: "2098-03-01" },
		});
		expect(first.status, JSON.stringify(first.body)).toBe(201);
		// 4 capsules: 3 from the chosen lot, 1 first-expiry-first-out.
		expect(await lotsOf(co, capsule)).toEqual({ unassigned: 0, lots: { "C-SOON": 4, "C-LATE": 2, "C-OLD": 3 } });
		const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
		const [produced] = first.json<Answer>().lots.produced;
		expect(produced).toEqual({ productId: kit, lot: `SKU-0000-${day}-1`, expiry: "2098-03-01", quantity: 2 });

		// The next generated number is one more; a build naming no lot of a product not requiring expiries stays unassigned.
		const second = await postBuild(co, { productId: kit, quantity: 1, generateLot: true });
		expect(second.status, JSON.stringify(second.body)).toBe(201);
		expect(second.json<Answer>().lots.produced).toEqual([
			{ productId: kit, lot: `SKU-0000-${day}-2`, expiry: null, quantity: 1 },
		]);
		const third = await postBuild(co, { productId: kit, quantity: 1 });
		expect(third.status, JSON.stringify(third.body)).toBe(201);
		expect(third.json<Answer>().lots.produced).toEqual([]);
		expect(await lotsOf(co, kit)).toEqual({
			unassigned: 1,
			lots: { [`SKU-0000-${day}-1`]: 2, [`SKU-0000-${day}-2`]: 1 },
		});
		expect(await lotsOf(co, box)).toEqual({ unassigned: 2, lots: {} });
		await expectReconciled(co);
	});

	it("an unbuild takes the chosen assembly lot apart and puts components into the lots named, the rest unassigned", async () => {
		const { co, kit, capsule, box } = await kitShop();
		expect((await postBuild(co, { productId: kit, quantity: 2, lot: { lot: "K1" } })).status).toBe(201);
		expect((await postBuild(co, { productId: kit, quantity: 1, lot: { lot: "K2" } })).status).toBe(201);
		const res = await postBuild(co, {
			productId: kit,
			quantity: 1,
			kind: "unbuild",
			lot: { lot: "K1" },
			componentLots: [{ productId: capsule, lots: [{ lot: "C-SOON", quantity: 2 }] }],
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(await lotsOf(co, kit)).toEqual({ unassigned: 0, lots: { K1: 1, K2: 1 } });
		expect(res.json<Answer>().lots).toEqual({
			consumed: [{ productId: kit, lot: "K1", expiry: null, quantity: 1 }],
			produced: [{ productId: capsule, lot: "C-SOON", expiry: "2098-01-31", quantity: 2 }],
		});
		// The box comes back unassigned.
		expect(await lotsOf(co, box)).toEqual({ unassigned: 3, lots: { B1: 1 } });
		await expectReconciled(co);
	});

	it("a replayed build, and one left pending then completed by the cron, move no lot twice", async () => {
		const { co, kit, capsule, box } = await kitShop();
		const body = {
			productId: kit,
			quantity: 2,
			componentLots: [{ productId: box, lots: [{ lot: "B1", quantity: 2 }] }],
			generateLot: true,
		};
		const idempotencyKey = key("bd");
		const first = await postBuild(co, body, idempotencyKey);
		expect(first.status, JSON.stringify(first.body)).toBe(201);
		const again = await postBuild(co, body, idempotencyKey);
		expect(again.status).toBe(200);
		expect(again.json()).toEqual(first.json());

		// The kit's object unavailable: the components moved, the generated lot not yet.
		const objects: ProductObjects = {
			execute: (e, ref, command) =>
				ref.productId === kit
					? Promise.reject(new Error("Durable Object is overloaded"))
					: executeStockCommand(e, ref, command),
		};
		const input = {
			productId: kit,
			locationId: co.locationIds[0] as string,
			quantity: 1 * 10_000,
			kind: "build" as const,
			override: false,
			componentLots: [{ productId: box, lots: [{ lot: "B1", quantity: 1 * 10_000 }] }],
			generateLot: true,
			idempotencyKey: key("bd"),
		};
		await expect(createBuild(env, co.companyId, input, objects)).rejects.toMatchObject({ code: "unavailable" });
		expect(await lotsOf(co, box)).toEqual({ unassigned: 2, lots: { B1: 1 } });
		// Sent again by the cron (twice), with the number generated when the build was recorded.
		for (let i = 0; i < 2; i++) await repairPendingBuilds(env, { now: Date.now() + 60_000 });
		const day = new Date().toISOString().slice(0, 10).replaceAll("-", "");
		expect(await lotsOf(co, kit)).toEqual({
			unassigned: 0,
			lots: { [`SKU-0000-${day}-1`]: 2, [`SKU-0000-${day}-2`]: 1 },
		});
		expect(await lotsOf(co, box)).toEqual({ unassigned: 2, lots: { B1: 1 } });
		expect(await lotsOf(co, capsule)).toEqual({ unassigned: 0, lots: { "C-LATE": 4, "C-OLD": 3 } });
		const builds = (await co.api.get("/api/v1/builds")).json<{ items: { id: string; status: string }[] }>().items;
		expect(builds.map((b) => b.status)).toEqual(["completed", "completed"]);
		const repaired = await co.api.get(`/api/v1/builds/${builds[0]?.id}`);
		expect(repaired.json<Schemas["BuildDetail"]>().lots).toEqual({
			consumed: byLot([
				{ productId: capsule, lot: "C-SOON", expiry: "2098-01-31", quantity: 1 },
				{ productId: capsule, lot: "C-LATE", expiry: "2099-12-31", quantity: 1 },
				{ productId: box, lot: "B1", expiry: null, quantity: 1 },
			]).sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0)),
			produced: [{ productId: kit, lot: `SKU-0000-${day}-2`, expiry: null, quantity: 1 }],
		});
		await expectReconciled(co);
	});

	it("refusals name the field, record nothing and leave the key free", async () => {
		const { co, kit, capsule, box } = await kitShop({ kitExpiryRequired: true });
		const before = await stateOf(co.api);
		const idempotencyKey = key("bd");
		const refused = async (body: Record<string, unknown>, status: number, code: string, field: string) => {
			const res = await postBuild(co, { productId: kit, quantity: 4, ...body }, idempotencyKey);
			expectProblem(res, status, code, field);
		};
		const lot = { lot: "K", expiry: "2098-01-01" };
		// A chosen lot holding less than asked (the build needs 8 capsules, C-SOON holds 5).
		await refused(
			{ lot, componentLots: [{ productId: capsule, lots: [{ lot: "C-SOON", quantity: 6 }] }] },
			409,
			"lot_refused",
			"componentLots.0.lots.0.quantity",
		);
		// A lot of the product that is not there at all.
		await refused(
			{ lot, componentLots: [{ productId: box, lots: [{ lot: "B9", quantity: 1 }] }] },
			409,
			"lot_refused",
			"componentLots.0.lots.0.quantity",
		);
		// More chosen than the component's total need.
		await refused(
			{ lot, componentLots: [{ productId: box, lots: [{ lot: "B1", quantity: 5 }] }] },
			400,
			"validation_failed",
			"componentLots.0.lots",
		);
		await refused(
			{ lot, componentLots: [{ productId: kit, lots: [{ lot: "B1", quantity: 1 }] }] },
			400,
			"validation_failed",
			"componentLots.0.productId",
		);
		// The kit requires an expiry: a generated or new typed lot needs one, and a build must name a lot.
		await refused({ generateLot: true }, 400, "validation_failed", "lot.expiry");
		await refused({ lot: { lot: "NEW" } }, 400, "validation_failed", "lot.expiry");
		await refused({}, 400, "validation_failed", "lot");
		await refused({ generateLot: true, lot }, 400, "validation_failed", "lot.lot");
		// An unbuild from a lot that holds none.
		await refused({ kind: "unbuild", override: true, lot: { lot: "K" } }, 409, "lot_refused", "lot.lot");
		// A lot for an assembly not tracked by lot.
		await patchProduct(co, kit, { tracking: "none" });
		await refused({ generateLot: true }, 400, "validation_failed", "generateLot");
		await patchProduct(co, kit, { tracking: "lot", expiryRequired: true });

		const after = await stateOf(co.api);
		expect(after.levels).toEqual(before.levels);
		expect(after.movements).toEqual(before.movements);
		expect((await co.api.get("/api/v1/builds")).json<{ items: unknown[] }>().items).toEqual([]);
		// The key was not used up.
		const res = await postBuild(co, { productId: kit, quantity: 1, lot }, idempotencyKey);
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		await expectReconciled(co);
	});

	it("a lot refused by its object after the check undoes the whole build", async () => {
		const { co, kit, capsule, box } = await kitShop();
		const before = await lotsOf(co, box);
		// Between the check and the build, someone takes the chosen lot: the object refuses the pick.
		const objects: ProductObjects = {
			execute: async (e, ref, command) => {
				if (ref.productId === capsule && command.type === "set")
					await executeStockCommand(e, ref, {
						type: "adjust",
						source: `adjustment:${crypto.randomUUID()}`,
						locationId: command.type === "set" ? command.locationId : "",
						quantity: -4 * 10_000,
						lots: [{ lot: "C-LATE", quantity: -4 * 10_000 }],
					});
				return executeStockCommand(e, ref, command);
			},
		};
		const input = {
			productId: kit,
			locationId: co.locationIds[0] as string,
			quantity: 2 * 10_000,
			kind: "build" as const,
			override: false,
			componentLots: [{ productId: capsule, lots: [{ lot: "C-LATE", quantity: 3 * 10_000 }] }],
			lot: { lot: "KIT-X" },
			idempotencyKey: key("bd"),
		};
		await expect(createBuild(env, co.companyId, input, objects)).rejects.toMatchObject({
			code: "lot_refused",
			errors: [{ in: "body", field: "componentLots.0.lots.0.quantity" }],
		});
		// The kit and the box took the build, then gave it back; the build is gone.
		expect(await lotsOf(co, kit)).toEqual({ unassigned: 0, lots: {} });
		expect(await lotsOf(co, box)).toEqual(before);
		expect(await lotsOf(co, capsule)).toEqual({ unassigned: 0, lots: { "C-SOON": 5, "C-LATE": 1, "C-OLD": 3 } });
		expect((await co.api.get("/api/v1/builds")).json<{ items: unknown[] }>().items).toEqual([]);
		await expectReconciled(co);
	});
});
