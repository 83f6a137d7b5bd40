/**
 * The order locations are shown in (issue 15, "A grid that reads at once"): the default first,
 * then the order a manager sets with PUT /api/v1/locations/order, then by name — in the list of
 * locations and its pages (the grid's location columns come from that list, ui/src/grid/grid-loader.ts).
 */
import { describe, expect, it } from "vitest";
import { roleToken } from "./access-fixtures";
import { allPages, expectProblem, type Page, type Schemas } from "./api-checks";
import { makeCompany, type TestCompany } from "./helpers";

type Location = Schemas["Location"];

async function shownNames(co: TestCompany, query = "") {
	const res = await co.api.get(`/api/v1/locations${query}`);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.json<Page<Location>>().items.map((l) => l.name);
}

async function putOrder(co: TestCompany, locationIds: string[]) {
	return co.api.call("PUT", "/api/v1/locations/order", { locationIds });
}

/** Location 1 (default), Location 2, Location 3, Location 4. */
async function fourLocations() {
	const co = await makeCompany({ locations: 4, products: 1 });
	const [l1 = "", l2 = "", l3 = "", l4 = ""] = co.locationIds;
	return { co, l1, l2, l3, l4 };
}

describe("the order of locations", () => {
	it("comes as set: the default first, then the order given; pages follow it too", async () => {
		const { co, l1, l2, l3, l4 } = await fourLocations();
		const res = await putOrder(co, [l4, l1, l3, l2]);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		// The default stays first even when the list puts it second.
		const expected = ["Location 1", "Location 4", "Location 3", "Location 2"];
		expect(res.json<{ items: Location[] }>().items.map((l) => l.name)).toEqual(expected);
		expect(await shownNames(co)).toEqual(expected);
		const paged = await allPages<Location>(co.api, "/api/v1/locations?limit=1");
		expect(paged.map((l) => l.name)).toEqual(expected);
	});

	it("making another location the default moves it first, the rest keep their order", async () => {
		const { co, l1, l2, l3, l4 } = await fourLocations();
		expect((await putOrder(co, [l1, l2, l3, l4])).status).toBe(200);
		const version = (await co.api.get(`/api/v1/locations/${l3}`)).json<Location>().version;
		const res = await co.api.patch(`/api/v1/locations/${l3}`, { isDefault: true, version });
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(await shownNames(co)).toEqual(["Location 3", "Location 1", "Location 2", "Location 4"]);
	});

	it("a location added later comes after those already ordered", async () => {
		const { co, l1, l2, l3, l4 } = await fourLocations();
		expect((await putOrder(co, [l1, l4, l3, l2])).status).toBe(200);
		const added = await co.api.post("/api/v1/locations", { name: "A van" });
		expect(added.status).toBe(201);
		expect(await shownNames(co)).toEqual(["Location 1", "Location 4", "Location 3", "Location 2", "A van"]);
	});

	it("refuses a list that is not every active location once, naming locationIds, and changes nothing", async () => {
		const { co, l1, l2, l3, l4 } = await fourLocations();
		const before = await shownNames(co);
		expectProblem(await putOrder(co, [l1, l2, l3]), 400, "validation_failed", "locationIds");
		expectProblem(await putOrder(co, [l1, l2, l3, l3]), 400, "validation_failed", "locationIds");
		expectProblem(
			await putOrder(co, [l1, l2, l3, l4, "01HZZZZZZZZZZZZZZZZZZZZZZZ"]),
			400,
			"validation_failed",
			"locationIds",
		);
		const other = await makeCompany({ locations: 1 });
		expectProblem(
			await putOrder(co, [l1, l2, l3, other.locationIds[0] ?? ""]),
			400,
			"validation_failed",
			"locationIds",
		);
		expectProblem(
			await co.api.call("PUT", "/api/v1/locations/order", { locationIds: "l1" }),
			400,
			"validation_failed",
			"locationIds",
		);
		expect(await shownNames(co)).toEqual(before);
	});

	it("is for managers and owners, and is on the audit trail", async () => {
		const { co, l1, l2, l3, l4 } = await fourLocations();
		const staff = await roleToken(co, "staff");
		expectProblem(
			await staff.api.call("PUT", "/api/v1/locations/order", { locationIds: [l1, l4, l3, l2] }),
			403,
			"forbidden",
		);
		const manager = await roleToken(co, "manager", null, "Floor manager");
		expect((await manager.api.call("PUT", "/api/v1/locations/order", { locationIds: [l1, l4, l3, l2] })).status).toBe(
			200,
		);
		const trail = await allPages<Schemas["AuditEntry"]>(co.api, "/api/v1/audit?limit=100&action=location.reordered");
		expect(trail).toHaveLength(1);
		expect(trail[0]).toMatchObject({ action: "location.reordered", actor: { label: "Floor manager" } });
	});
});
