/**
 * Kits (QBO bundles) show the availability their components allow: the pure computation on scaled
 * integers, and a kit's row in GET /levels as the grid reads it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createProducts } from "../../worker/catalogue/products";
import { toScaled } from "../../worker/core/quantity";
import { kitComponents } from "../../worker/db/schema";
import { kitsAllowed } from "../../worker/stock/kit-availability";
import { adjust, allPages, type LevelRow } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

type KitRow = LevelRow & { type: string; components?: { productId: string; quantity: number }[] };

const stock = (quantity: number, available: number) => ({
	quantity: toScaled(quantity),
	available: toScaled(available),
});

describe("kitsAllowed", () => {
	it("is the number of whole kits the scarcest component covers", () => {
		expect(kitsAllowed([stock(2, 10), stock(1, 3)])).toBe(3);
		expect(kitsAllowed([stock(2, 10), stock(1, 30)])).toBe(5);
	});

	it("counts decimal quantities per kit exactly: 2.5 per kit out of 10 makes 4, out of 9.9999 makes 3", () => {
		expect(kitsAllowed([stock(2.5, 10)])).toBe(4);
		expect(kitsAllowed([stock(2.5, 9.9999)])).toBe(3);
		expect(kitsAllowed([stock(0.1, 0.3)])).toBe(3); // 0.3 / 0.1 in floats is 2.9999999999999996
		expect(kitsAllowed([stock(0.0001, 1_000_000_000)])).toBe(10_000_000_000_000);
	});

	it("never goes below 0: a component with nothing or less than nothing available allows no kit", () => {
		expect(kitsAllowed([stock(1, 5), stock(1, 0)])).toBe(0);
		expect(kitsAllowed([stock(1, 5), stock(2, -4)])).toBe(0);
		expect(kitsAllowed([stock(3, 2.9999)])).toBe(0);
	});

	it("a kit without components allows 0; a component line of quantity 0 does not limit the kit", () => {
		expect(kitsAllowed([])).toBe(0);
		expect(kitsAllowed([stock(0, 0), stock(1, 7)])).toBe(7);
		expect(kitsAllowed([stock(0, 5)])).toBe(0);
	});

	it("agrees with exact integer division for any stock and quantities", () => {
		const scaled = fc.integer({ min: -10_000_000_000_000, max: 10_000_000_000_000 });
		const perKit = fc.integer({ min: 1, max: 10_000_000_000_000 });
		fc.assert(
			fc.property(
				fc.array(fc.record({ quantity: perKit, available: scaled }), { minLength: 1, maxLength: 6 }),
				(cs) => {
					// BigInt division is exact; each quotient (≤ 10^13) converts to a number exactly.
					const exact = cs.map((c) => (c.available <= 0 ? 0 : Number(BigInt(c.available) / BigInt(c.quantity))));
					expect(kitsAllowed(cs)).toBe(Math.min(...exact));
				},
			),
		);
	});
});

/**
 * A company with two locations, components A and B and kit K made of 2.5 A + 1 B, shaped as the QBO
 * import makes them (products with QBO ids and a level at every location, `kit_components` rows).
 */
async function companyWithKit() {
	const co = await makeCompany({ locations: 2, products: 0 });
	const [a, b, kit, empty] = await createProducts(db, co.companyId, [
		{ sku: "A-100", name: "Frame", qboId: "11", qboSyncToken: 0 },
		{ sku: "B-200", name: "Wheel", qboId: "12", qboSyncToken: 0 },
		{ sku: "K-900", name: "Bike kit", type: "kit", qboId: "20", qboSyncToken: 0 },
		{ sku: "K-901", name: "Empty bundle", type: "kit", qboId: "21", qboSyncToken: 0 },
	]);
	if (!a || !b || !kit || !empty) throw new Error("products not created");
	await db.insert(kitComponents).values([
		{ companyId: co.companyId, kitProductId: kit.id, componentProductId: a.id, quantity: toScaled(2.5) },
		{ companyId: co.companyId, kitProductId: kit.id, componentProductId: b.id, quantity: toScaled(1) },
	]);
	const [l1, l2] = co.locationIds as [string, string];
	return { co, a: a.id, b: b.id, kit: kit.id, empty: empty.id, l1, l2 };
}

/** Components come in product id order. */
function byId<T extends { productId: string }>(list: T[]): T[] {
	return [...list].sort((x, y) => (x.productId < y.productId ? -1 : 1));
}

async function rowsOf(co: TestCompany, query = "") {
	return allPages<KitRow>(co.api, `/api/v1/levels?limit=3${query}`);
}

function rowAt(rows: KitRow[], productId: string, locationId: string): KitRow {
	const row = rows.find((r) => r.productId === productId && r.locationId === locationId);
	if (!row) throw new Error(`no row ${productId} at ${locationId}`);
	return row;
}

describe("GET /levels for a kit", () => {
	it("answers at each location the kits its components allow, with the components listed", async () => {
		const { co, a, b, kit, l1, l2 } = await companyWithKit();
		await adjust(co, a, l1, 10);
		await adjust(co, b, l1, 3);
		await adjust(co, a, l2, 9.9999);
		await adjust(co, b, l2, 50);
		const rows = await rowsOf(co);
		expect(rowAt(rows, kit, l1)).toMatchObject({
			type: "kit",
			onHand: 0,
			reserved: 0,
			available: 3,
			components: byId([
				{ productId: a, quantity: 2.5 },
				{ productId: b, quantity: 1 },
			]),
		});
		expect(rowAt(rows, kit, l2)).toMatchObject({ onHand: 0, reserved: 0, available: 3 });
		// Components keep their own row, without a components list.
		expect(rowAt(rows, a, l1)).toMatchObject({ available: 10 });
		expect(rowAt(rows, a, l1)).not.toHaveProperty("components");

		await adjust(co, b, l1, 5);
		expect(rowAt(await rowsOf(co), kit, l1).available).toBe(4);
	});

	it("answers 0 where a component is short or negative, and for a bundle without components", async () => {
		const { co, a, b, kit, empty, l1, l2 } = await companyWithKit();
		await adjust(co, a, l1, 100);
		await adjust(co, b, l2, 100);
		await adjust(co, a, l2, -4);
		const rows = await rowsOf(co);
		expect(rowAt(rows, kit, l1).available).toBe(0);
		expect(rowAt(rows, kit, l2).available).toBe(0);
		expect(rowAt(rows, empty, l1)).toMatchObject({ available: 0, components: [] });
	});

	it("location=, below=reorder and a PATCH answer judge a kit by what its components allow", async () => {
		const { co, a, b, kit, l1, l2 } = await companyWithKit();
		await adjust(co, a, l1, 10);
		await adjust(co, b, l1, 3);
		const kitRow = rowAt(await rowsOf(co), kit, l1);
		const res = await co.api.patch("/api/v1/levels", {
			items: [{ productId: kit, locationId: l1, version: kitRow.version, reorderPoint: 3 }],
		});
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		// The edit's answer (and the live change made of it) keeps the kit's availability.
		expect(res.json<{ items: { status: string; row: KitRow }[] }>().items[0]).toMatchObject({
			status: "updated",
			row: { reorderPoint: 3, available: 3 },
		});

		const atL1 = await rowsOf(co, `&location=${l1}`);
		expect(atL1.every((r) => r.locationId === l1)).toBe(true);
		expect(rowAt(atL1, kit, l1).available).toBe(3);
		const below = async () => (await rowsOf(co, "&below=reorder")).map((r) => `${r.productId}@${r.locationId}`);
		expect(await below()).toEqual([`${kit}@${l1}`]);

		await adjust(co, b, l1, 5); // now 4 kits: above the reorder point of 3
		expect(await below()).toEqual([]);
		expect(rowAt(await rowsOf(co, `&location=${l2}`), kit, l2).available).toBe(0);
	});

	it("never counts another company's stock of the same products", async () => {
		const { co, a, b, kit, l1 } = await companyWithKit();
		const other = await makeCompany({ locations: 1, products: 1 });
		const [otherProduct] = other.productIds as [string];
		// Another company's component row naming this kit must change nothing here.
		await db.insert(kitComponents).values({
			companyId: other.companyId,
			kitProductId: kit,
			componentProductId: otherProduct,
			quantity: toScaled(1),
		});
		await adjust(other, otherProduct, other.locationIds[0] ?? "", 50);
		await adjust(co, a, l1, 5);
		await adjust(co, b, l1, 5);
		expect(rowAt(await rowsOf(co), kit, l1)).toMatchObject({
			available: 2,
			components: byId([
				{ productId: a, quantity: 2.5 },
				{ productId: b, quantity: 1 },
			]),
		});
	});
});
