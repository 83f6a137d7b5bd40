/**
 * Storage locations through the API: exactly one default per company, renames, unique names,
 * archive instead of delete (never the default, never with stock), optimistic versions.
 */
import { describe, expect, it } from "vitest";
import { adjust, allPages, expectProblem, type LevelRow, type Page, type Schemas, stateOf } from "./api-checks";
import { makeCompany, type TestCompany } from "./helpers";

type Location = Schemas["Location"];

async function createLocation(co: TestCompany, body: { name: string; isDefault?: boolean }) {
	const res = await co.api.post("/api/v1/locations", body);
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.json<Location>();
}

async function listLocations(co: TestCompany, includeArchived = false) {
	const res = await co.api.get(`/api/v1/locations${includeArchived ? "?includeArchived=true" : ""}`);
	expect(res.status).toBe(200);
	return res.json<Page<Location>>().items;
}

async function getLocation(co: TestCompany, id: string) {
	const res = await co.api.get(`/api/v1/locations/${id}`);
	expect(res.status).toBe(200);
	return res.json<Location>();
}

function patchLocation(co: TestCompany, id: string, body: Record<string, unknown>) {
	return co.api.patch(`/api/v1/locations/${id}`, body);
}

async function patchedLocation(co: TestCompany, id: string, body: Record<string, unknown>) {
	const res = await patchLocation(co, id, body);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Location>();
}

function defaultsOf(locations: Location[]) {
	return locations.filter((l) => l.isDefault).map((l) => l.id);
}

/** A company with products but no locations yet, so the API creates the first one. */
function companyWithoutLocations(products = 2) {
	return makeCompany({ locations: 0, products });
}

describe("creating locations", () => {
	it("the company's first location becomes its default, later ones do not", async () => {
		const co = await companyWithoutLocations();
		const first = await createLocation(co, { name: "Warehouse" });
		expect(first).toMatchObject({ name: "Warehouse", isDefault: true, archived: false, archivedAt: null, version: 1 });
		const second = await createLocation(co, { name: "Shop" });
		expect(second.isDefault).toBe(false);
		expect(defaultsOf(await listLocations(co))).toEqual([first.id]);
	});

	it("a new location gets a zero level row for every product", async () => {
		const co = await companyWithoutLocations(3);
		const van = await createLocation(co, { name: "Van" });
		const rows = (await co.api.get(`/api/v1/levels?location=${van.id}`)).json<Page<LevelRow>>().items;
		expect(rows.map((r) => r.productId).sort()).toEqual([...co.productIds].sort());
		for (const row of rows) expect(row).toMatchObject({ onHand: 0, reserved: 0, available: 0, version: 1 });
	});

	it("a location created as the default takes it from the previous default", async () => {
		const co = await companyWithoutLocations();
		const first = await createLocation(co, { name: "Warehouse" });
		const second = await createLocation(co, { name: "Shop", isDefault: true });
		expect(second.isDefault).toBe(true);
		expect(defaultsOf(await listLocations(co))).toEqual([second.id]);
		expect((await getLocation(co, first.id)).isDefault).toBe(false);
	});

	it("a name already taken answers 409, whatever its case or surrounding spaces", async () => {
		const co = await companyWithoutLocations();
		await createLocation(co, { name: "Warehouse" });
		for (const name of ["Warehouse", "  Warehouse ", "WAREHOUSE"])
			expectProblem(await co.api.post("/api/v1/locations", { name }), 409, "conflict");
		expect((await listLocations(co, true)).map((l) => l.name)).toEqual(["Warehouse"]);
	});

	it("the same name created twice at once makes one location and one 409", async () => {
		const co = await companyWithoutLocations();
		const answers = await Promise.all([
			co.api.post("/api/v1/locations", { name: "Van" }),
			co.api.post("/api/v1/locations", { name: "Van" }),
		]);
		expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
		for (const a of answers) if (a.status === 409) expectProblem(a, 409, "conflict");
		const listed = await listLocations(co);
		expect(listed).toHaveLength(1);
		expect(listed[0]?.isDefault).toBe(true);
	});

	it("the same name in two cases created at once makes one location and one 409", async () => {
		const co = await companyWithoutLocations();
		const answers = await Promise.all([
			co.api.post("/api/v1/locations", { name: "Van" }),
			co.api.post("/api/v1/locations", { name: "VAN" }),
		]);
		expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
		expect(await listLocations(co)).toHaveLength(1);
	});

	it("two first locations created at once leave exactly one default", async () => {
		const co = await companyWithoutLocations();
		const answers = await Promise.all([
			co.api.post("/api/v1/locations", { name: "Warehouse" }),
			co.api.post("/api/v1/locations", { name: "Shop" }),
		]);
		expect(answers.map((a) => a.status)).toEqual([201, 201]);
		expect(defaultsOf(await listLocations(co))).toHaveLength(1);
	});

	it("an empty name or an unknown field is refused naming the field", async () => {
		const co = await companyWithoutLocations();
		expectProblem(await co.api.post("/api/v1/locations", { name: "   " }), 400, "validation_failed", "name");
		expectProblem(
			await co.api.post("/api/v1/locations", { name: "Shop", archived: true }),
			400,
			"validation_failed",
			"archived",
		);
		expect(await listLocations(co, true)).toEqual([]);
	});
});

describe("listing locations", () => {
	// The default first, then the order set (test/worker/location-order.test.ts): new ones come last.
	it("pages in the order shown with limit and cursor, like every list", async () => {
		const co = await companyWithoutLocations();
		for (const name of ["Van 3", "Annex", "Shop", "Warehouse", "Van 1"]) await createLocation(co, { name });
		const first = await co.api.get("/api/v1/locations?limit=2");
		expect(first.status).toBe(200);
		expect(first.json<Page<Location>>().items.map((l) => l.name)).toEqual(["Van 3", "Annex"]);
		const all = await allPages<Location>(co.api, "/api/v1/locations?limit=2");
		expect(all.map((l) => l.name)).toEqual(["Van 3", "Annex", "Shop", "Warehouse", "Van 1"]);
		expectProblem(await co.api.get("/api/v1/locations?limit=1001"), 400, "validation_failed", "limit");
		expectProblem(await co.api.get("/api/v1/locations?cursor=nope"), 400, "validation_failed", "cursor");
	});
});

describe("changing the default", () => {
	it("leaves exactly one default, and the previous default's version moves on", async () => {
		const co = await makeCompany({ locations: 3 });
		const [l1, l2, l3] = co.locationIds as [string, string, string];
		const before = await getLocation(co, l1);
		expect(before.isDefault).toBe(true);
		const made = await patchedLocation(co, l2, { isDefault: true, version: 1 });
		expect(made).toMatchObject({ id: l2, isDefault: true, version: 2 });
		const locations = await listLocations(co);
		expect(defaultsOf(locations)).toEqual([l2]);
		const previous = await getLocation(co, l1);
		expect(previous.isDefault).toBe(false);
		expect(previous.version).toBe(before.version + 1);
		// And once more, to a third one.
		await patchedLocation(co, l3, { isDefault: true, version: 1 });
		expect(defaultsOf(await listLocations(co))).toEqual([l3]);
	});

	it("making the default the default again changes nothing but its version", async () => {
		const co = await makeCompany({ locations: 2 });
		const [l1] = co.locationIds as [string];
		const made = await patchedLocation(co, l1, { isDefault: true, version: 1 });
		expect(made).toMatchObject({ isDefault: true, version: 2 });
		expect(defaultsOf(await listLocations(co))).toEqual([l1]);
	});

	it("two concurrent requests to make a location the default leave exactly one default", async () => {
		const co = await makeCompany({ locations: 3 });
		const [l1, l2] = co.locationIds as [string, string];
		const answers = await Promise.all([
			patchLocation(co, l2, { isDefault: true, version: 1 }),
			patchLocation(co, l2, { isDefault: true, version: 1 }),
		]);
		expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
		for (const a of answers) if (a.status === 409) expectProblem(a, 409, "version_conflict");
		expect(defaultsOf(await listLocations(co))).toEqual([l2]);
		expect((await getLocation(co, l1)).isDefault).toBe(false);
	});

	it("making a location the default while someone renames it leaves exactly one default", async () => {
		const co = await makeCompany({ locations: 3 });
		const [l1, l2] = co.locationIds as [string, string];
		const [makeDefault] = await Promise.all([
			patchLocation(co, l2, { isDefault: true, version: 1 }),
			patchLocation(co, l2, { name: "Renamed", version: 1 }),
		]);
		const defaults = defaultsOf(await listLocations(co));
		expect(defaults).toEqual([makeDefault.status === 200 ? l2 : l1]);
	});

	it("a location cannot stop being the default by itself: isDefault false is refused", async () => {
		const co = await makeCompany({ locations: 2 });
		const [l1] = co.locationIds as [string];
		expectProblem(await patchLocation(co, l1, { isDefault: false, version: 1 }), 400, "validation_failed", "isDefault");
		expect(defaultsOf(await listLocations(co))).toEqual([l1]);
	});
});

describe("renaming", () => {
	it("renames and bumps the version", async () => {
		const co = await makeCompany({ locations: 2 });
		const [, l2] = co.locationIds as [string, string];
		const renamed = await patchedLocation(co, l2, { name: "  Back room ", version: 1 });
		expect(renamed).toMatchObject({ id: l2, name: "Back room", version: 2 });
		expect(await getLocation(co, l2)).toEqual(renamed);
	});

	it("renaming to another location's name answers 409 and changes nothing", async () => {
		const co = await makeCompany({ locations: 2 });
		const [, l2] = co.locationIds as [string, string];
		expectProblem(await patchLocation(co, l2, { name: "location 1", version: 1 }), 409, "conflict");
		expect(await getLocation(co, l2)).toMatchObject({ name: "Location 2", version: 1 });
	});

	it("two locations renamed to the same name at once: one is renamed, the other answers 409", async () => {
		const co = await makeCompany({ locations: 3 });
		const [, l2, l3] = co.locationIds as [string, string, string];
		const answers = await Promise.all([
			patchLocation(co, l2, { name: "Shop", version: 1 }),
			patchLocation(co, l3, { name: "Shop", version: 1 }),
		]);
		expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
		for (const a of answers) if (a.status === 409) expectProblem(a, 409, "conflict");
		expect((await listLocations(co)).filter((l) => l.name === "Shop")).toHaveLength(1);
	});

	it("a location may be renamed to its own name in another case", async () => {
		const co = await makeCompany({ locations: 2 });
		const [, l2] = co.locationIds as [string, string];
		expect(await patchedLocation(co, l2, { name: "LOCATION 2", version: 1 })).toMatchObject({ name: "LOCATION 2" });
	});
});

describe("versions", () => {
	it("a stale version answers 409 version_conflict and changes nothing", async () => {
		const co = await makeCompany({ locations: 2 });
		const [, l2] = co.locationIds as [string, string];
		await patchedLocation(co, l2, { name: "Shop", version: 1 });
		const current = await getLocation(co, l2);
		for (const patch of [{ name: "Stale rename" }, { archived: true }, { isDefault: true }])
			expectProblem(await patchLocation(co, l2, { ...patch, version: 1 }), 409, "version_conflict");
		expect(await getLocation(co, l2)).toEqual(current);
		expect(defaultsOf(await listLocations(co))).toEqual([co.locationIds[0]]);
	});

	it("a patch without a version is refused naming version", async () => {
		const co = await makeCompany({ locations: 2 });
		const [, l2] = co.locationIds as [string, string];
		expectProblem(await patchLocation(co, l2, { name: "Shop" }), 400, "validation_failed", "version");
	});
});

describe("archiving", () => {
	it("the default location cannot be archived", async () => {
		const co = await makeCompany({ locations: 2 });
		const [l1] = co.locationIds as [string];
		const before = await stateOf(co.api);
		expectProblem(await patchLocation(co, l1, { archived: true, version: 1 }), 409, "conflict");
		expect(await stateOf(co.api)).toEqual(before);
	});

	it("a location holding stock cannot be archived", async () => {
		const co = await makeCompany({ locations: 2 });
		const [p1] = co.productIds as [string];
		const [, l2] = co.locationIds as [string, string];
		await adjust(co, p1, l2, 3);
		const before = await stateOf(co.api);
		expectProblem(await patchLocation(co, l2, { archived: true, version: 1 }), 409, "conflict");
		expect(await stateOf(co.api)).toEqual(before);
	});

	it("a location whose stock was moved away can be archived; its ledger stays", async () => {
		const co = await makeCompany({ locations: 2 });
		const [p1] = co.productIds as [string];
		const [l1, l2] = co.locationIds as [string, string];
		await adjust(co, p1, l2, 3);
		const moved = await co.api.post("/api/v1/transfers", {
			productId: p1,
			fromLocationId: l2,
			toLocationId: l1,
			quantity: 3,
			idempotencyKey: "empty-l2",
		});
		expect(moved.status).toBe(201);
		const archived = await patchedLocation(co, l2, { archived: true, version: 1 });
		expect(archived.archived).toBe(true);
		const ledger = await allPages<{ locationId: string }>(co.api, `/api/v1/movements?locationId=${l2}`);
		expect(ledger).toHaveLength(2);
	});

	it("an empty location is archived and hidden from levels, products and locations unless asked", async () => {
		const co = await makeCompany({ locations: 2, products: 2 });
		const [l1, l2] = co.locationIds as [string, string];
		const archived = await patchedLocation(co, l2, { archived: true, version: 1 });
		expect(archived).toMatchObject({ id: l2, archived: true, isDefault: false, version: 2 });
		expect(Date.parse(archived.archivedAt ?? "")).toBeGreaterThan(0);

		expect((await listLocations(co)).map((l) => l.id)).toEqual([l1]);
		expect((await listLocations(co, true)).map((l) => l.id).sort()).toEqual([l1, l2].sort());
		expect(await getLocation(co, l2)).toEqual(archived);

		const rows = await allPages<LevelRow>(co.api, "/api/v1/levels");
		expect(rows).toHaveLength(2);
		expect(rows.every((r) => r.locationId === l1)).toBe(true);
		expect((await co.api.get(`/api/v1/levels?location=${l2}`)).json<Page<LevelRow>>().items).toEqual([]);

		const products = (await co.api.get("/api/v1/products")).json<Page<{ levels: { locationId: string }[] }>>();
		for (const p of products.items) expect(p.levels.map((l) => l.locationId)).toEqual([l1]);
	});

	it("an archived location takes no stock commands", async () => {
		const co = await makeCompany({ locations: 2 });
		const [p1] = co.productIds as [string];
		const [l1, l2] = co.locationIds as [string, string];
		await adjust(co, p1, l1, 5);
		await patchedLocation(co, l2, { archived: true, version: 1 });
		const before = await stateOf(co.api);
		const refused = [
			co.api.post("/api/v1/adjustments", { productId: p1, locationId: l2, quantity: 1, idempotencyKey: "a" }),
			co.api.post("/api/v1/counts", { productId: p1, locationId: l2, onHand: 1, idempotencyKey: "c" }),
			co.api.post("/api/v1/transfers", {
				productId: p1,
				fromLocationId: l1,
				toLocationId: l2,
				quantity: 1,
				idempotencyKey: "t-in",
			}),
			co.api.post("/api/v1/transfers", {
				productId: p1,
				fromLocationId: l2,
				toLocationId: l1,
				quantity: 1,
				idempotencyKey: "t-out",
			}),
		];
		for (const res of await Promise.all(refused)) expectProblem(res, 409, "conflict");
		expect(await stateOf(co.api)).toEqual(before);
	});

	it("an archived location cannot become the default, and can be restored", async () => {
		const co = await makeCompany({ locations: 2 });
		const [l1, l2] = co.locationIds as [string, string];
		await patchedLocation(co, l2, { archived: true, version: 1 });
		expectProblem(await patchLocation(co, l2, { isDefault: true, version: 2 }), 409, "conflict");
		expect(defaultsOf(await listLocations(co, true))).toEqual([l1]);
		const restored = await patchedLocation(co, l2, { archived: false, version: 2 });
		expect(restored).toMatchObject({ archived: false, archivedAt: null, version: 3 });
		expect((await listLocations(co)).map((l) => l.id).sort()).toEqual([l1, l2].sort());
		expect(await adjust(co, co.productIds[0] as string, l2, 1)).toMatchObject({ levels: [{ onHand: 1 }] });
	});

	it("archiving and making default in one patch is refused", async () => {
		const co = await makeCompany({ locations: 2 });
		const [l1, l2] = co.locationIds as [string, string];
		expectProblem(await patchLocation(co, l2, { archived: true, isDefault: true, version: 1 }), 409, "conflict");
		expect(defaultsOf(await listLocations(co))).toEqual([l1]);
		expect((await getLocation(co, l2)).archived).toBe(false);
	});
});
