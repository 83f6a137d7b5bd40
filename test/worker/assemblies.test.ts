/**
 * Bills of materials through the API: saved and replaced under a version, nested allowed, and every
 * refusal (cycle at any depth, itself, non-inventory, unknown, duplicate, bad quantities) names the
 * field at fault and changes nothing.
 */
import { describe, expect, it } from "vitest";
import { createProducts } from "../../worker/catalogue/products";
import { expectProblem } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

type Bom = {
	productId: string;
	components: { productId: string; sku: string; name: string; quantity: number; isAssembly: boolean }[];
	version: number;
};

async function getBom(co: TestCompany, productId: string) {
	const res = await co.api.get(`/api/v1/assemblies/${productId}`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Bom>();
}

function putBom(
	co: TestCompany,
	productId: string,
	components: { productId: string; quantity: number }[],
	version: number,
) {
	return co.api.call("PUT", `/api/v1/assemblies/${productId}`, { components, version });
}

async function savedBom(
	co: TestCompany,
	productId: string,
	components: { productId: string; quantity: number }[],
): Promise<Bom> {
	const version = (await getBom(co, productId)).version;
	const res = await putBom(co, productId, components, version);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Bom>();
}

describe("bills of materials", () => {
	it("a product never edited has an empty BOM at version 0; saving one lists its components in order", async () => {
		const co = await makeCompany({ products: 3 });
		const [table, top, leg] = co.productIds as [string, string, string];
		expect(await getBom(co, table)).toEqual({ productId: table, components: [], version: 0 });

		const saved = await savedBom(co, table, [
			{ productId: top, quantity: 1 },
			{ productId: leg, quantity: 4.5 },
		]);
		expect(saved).toEqual({
			productId: table,
			version: 1,
			components: [
				{ productId: top, sku: "SKU-0001", name: "Product 1", quantity: 1, isAssembly: false },
				{ productId: leg, sku: "SKU-0002", name: "Product 2", quantity: 4.5, isAssembly: false },
			],
		});
		expect(await getBom(co, table)).toEqual(saved);
		// The catalogue tells assemblies apart.
		const listed = (await co.api.get("/api/v1/products")).json<{ items: { id: string; isAssembly: boolean }[] }>();
		expect(Object.fromEntries(listed.items.map((p) => [p.id, p.isAssembly]))).toEqual({
			[table]: true,
			[top]: false,
			[leg]: false,
		});
		expect((await co.api.get(`/api/v1/products/${table}`)).json()).toMatchObject({ isAssembly: true });
	});

	it("a save replaces the whole list; an empty list removes the BOM; the version rises each time", async () => {
		const co = await makeCompany({ products: 3 });
		const [a, b, c] = co.productIds as [string, string, string];
		await savedBom(co, a, [{ productId: b, quantity: 2 }]);
		const replaced = await savedBom(co, a, [{ productId: c, quantity: 3 }]);
		expect(replaced.components.map((x) => [x.productId, x.quantity])).toEqual([[c, 3]]);
		expect(replaced.version).toBe(2);
		const emptied = await savedBom(co, a, []);
		expect(emptied).toEqual({ productId: a, components: [], version: 3 });
	});

	it("a save with an old version is refused (409) and leaves the other editor's BOM", async () => {
		const co = await makeCompany({ products: 3 });
		const [a, b, c] = co.productIds as [string, string, string];
		await savedBom(co, a, [{ productId: b, quantity: 1 }]);
		const first = await putBom(co, a, [{ productId: c, quantity: 1 }], 1);
		expect(first.status).toBe(200);
		const late = await putBom(co, a, [{ productId: b, quantity: 9 }], 1);
		expectProblem(late, 409, "version_conflict", "version");
		expect((await getBom(co, a)).components.map((x) => x.productId)).toEqual([c]);
		// A first save racing another first save: version 0 is taken once.
		const [p, q] = await Promise.all([
			putBom(co, c, [{ productId: b, quantity: 1 }], 0),
			putBom(co, c, [{ productId: b, quantity: 2 }], 0),
		]);
		expect([p.status, q.status].sort()).toEqual([200, 409]);
	});

	it("nested assemblies are allowed and shown as such", async () => {
		const co = await makeCompany({ products: 3 });
		const [bike, wheel, spoke] = co.productIds as [string, string, string];
		await savedBom(co, wheel, [{ productId: spoke, quantity: 32 }]);
		const bom = await savedBom(co, bike, [{ productId: wheel, quantity: 2 }]);
		expect(bom.components).toEqual([expect.objectContaining({ productId: wheel, isAssembly: true })]);
	});

	it("a cycle is refused at any depth, naming the path, and nothing changes", async () => {
		const co = await makeCompany({ products: 4 });
		const [a, b, c, d] = co.productIds as [string, string, string, string];
		// a needs b, b needs c, c needs d: d needing a would close a cycle of depth 4.
		await savedBom(co, a, [{ productId: b, quantity: 1 }]);
		await savedBom(co, b, [{ productId: c, quantity: 1 }]);
		await savedBom(co, c, [{ productId: d, quantity: 1 }]);

		const direct = await putBom(co, b, [{ productId: a, quantity: 1 }], 1);
		const body = expectProblem(direct, 400, "validation_failed", "components.0.productId");
		expect(body.detail).toContain("SKU-0001 → SKU-0000 → SKU-0001");

		const deep = await putBom(
			co,
			d,
			[
				{ productId: b, quantity: 2 },
				{ productId: a, quantity: 1 },
			],
			0,
		);
		const deepBody = expectProblem(deep, 400, "validation_failed");
		expect(deepBody.detail).toMatch(/SKU-0003 → SKU-000[01] → .* → SKU-0003/);
		expect(await getBom(co, d)).toEqual({ productId: d, components: [], version: 0 });
	});

	it("refuses the product itself, unknown ids, non-inventory products, duplicates and bad quantities at their fields", async () => {
		const co = await makeCompany({ products: 2 });
		const [a, b] = co.productIds as [string, string];
		const [service, kit] = await createProducts(db, co.companyId, [
			{ sku: "SRV", name: "Fitting", type: "service" },
			{ sku: "KIT", name: "Bundle", type: "kit" },
		]);
		if (!service || !kit) throw new Error("no products");

		expectProblem(
			await putBom(co, a, [{ productId: a, quantity: 1 }], 0),
			400,
			"validation_failed",
			"components.0.productId",
		);
		expectProblem(
			await putBom(co, a, [{ productId: "01NOSUCHPRODUCT", quantity: 1 }], 0),
			400,
			"validation_failed",
			"components.0.productId",
		);
		const typed = expectProblem(
			await putBom(
				co,
				a,
				[
					{ productId: b, quantity: 1 },
					{ productId: service.id, quantity: 1 },
					{ productId: kit.id, quantity: 1 },
				],
				0,
			),
			400,
			"validation_failed",
		);
		expect(typed.errors?.map((e) => e.field)).toEqual(["components.1.productId", "components.2.productId"]);
		expectProblem(
			await putBom(
				co,
				a,
				[
					{ productId: b, quantity: 1 },
					{ productId: b, quantity: 2 },
				],
				0,
			),
			400,
			"validation_failed",
			"components.1.productId",
		);
		expectProblem(
			await putBom(co, a, [{ productId: b, quantity: 0 }], 0),
			400,
			"validation_failed",
			"components.0.quantity",
		);
		expectProblem(
			await putBom(co, a, [{ productId: b, quantity: -1 }], 0),
			400,
			"validation_failed",
			"components.0.quantity",
		);
		expectProblem(
			await putBom(co, a, [{ productId: b, quantity: 1.00001 }], 0),
			400,
			"validation_failed",
			"components.0.quantity",
		);
		// A service cannot be an assembly itself.
		expectProblem(
			await putBom(co, service.id, [{ productId: b, quantity: 1 }], 0),
			400,
			"validation_failed",
			"productId",
		);
		expect(await getBom(co, a)).toEqual({ productId: a, components: [], version: 0 });
	});

	it("another company's products are unknown, both as the assembly and as components", async () => {
		const mine = await makeCompany({ products: 1 });
		const theirs = await makeCompany({ products: 2 });
		const [theirA, theirB] = theirs.productIds as [string, string];
		await savedBom(theirs, theirA, [{ productId: theirB, quantity: 1 }]);
		expectProblem(await mine.api.get(`/api/v1/assemblies/${theirA}`), 404, "not_found");
		expectProblem(await putBom(mine, theirA, [], 1), 404, "not_found");
		expectProblem(
			await putBom(mine, mine.productIds[0] as string, [{ productId: theirB, quantity: 1 }], 0),
			400,
			"validation_failed",
			"components.0.productId",
		);
		expect((await getBom(theirs, theirA)).components).toHaveLength(1);
	});
});
