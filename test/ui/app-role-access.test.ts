import { describe, expect, it } from "vitest";
import {
	locationLimitFor,
	locationNames,
	mayOpen,
	navPagesFor,
	ROLES,
	roleAtLeast,
} from "../../ui/src/app/role-access";
import { NAV_PAGES } from "../../ui/src/app/router";

describe("what each role may use in the app", () => {
	it("ranks the roles viewer < staff < manager < owner", () => {
		expect(ROLES).toEqual(["viewer", "staff", "manager", "owner"]);
		expect(roleAtLeast("owner", "manager")).toBe(true);
		expect(roleAtLeast("manager", "manager")).toBe(true);
		expect(roleAtLeast("staff", "manager")).toBe(false);
		expect(roleAtLeast("viewer", "staff")).toBe(false);
	});

	it("leaves a role not yet known to the server", () => {
		expect(roleAtLeast(null, "owner")).toBe(true);
		expect(navPagesFor(null)).toEqual([...NAV_PAGES]);
	});

	it("shows a viewer and staff the pages that read, without QuickBooks, the audit trail, members or tokens", () => {
		const reading = ["start", "stock", "lots", "orders", "purchases", "locations", "settings"];
		expect(navPagesFor("viewer")).toEqual(reading);
		expect(navPagesFor("staff")).toEqual(reading);
	});

	it("adds QuickBooks and the audit trail for a manager, members and tokens for an owner", () => {
		expect(navPagesFor("manager")).toEqual([
			"start",
			"stock",
			"lots",
			"orders",
			"purchases",
			"locations",
			"settings",
			"sync",
			"audit",
		]);
		expect(navPagesFor("owner")).toEqual([...NAV_PAGES]);
	});

	it("keeps a role out of a page it reaches by a link, down to the purchasing pages that make purchases", () => {
		expect(mayOpen({ page: "members" }, "manager")).toBe(false);
		expect(mayOpen({ page: "tokens" }, "owner")).toBe(true);
		expect(mayOpen({ page: "audit" }, "staff")).toBe(false);
		expect(mayOpen({ page: "purchase-new" }, "staff")).toBe(false);
		expect(mayOpen({ page: "purchase-suggestions" }, "manager")).toBe(true);
		expect(mayOpen({ page: "purchase", purchaseId: "p" }, "viewer")).toBe(true);
		expect(mayOpen({ page: "product", productId: "p" }, "viewer")).toBe(true);
		expect(mayOpen({ page: "lots" }, "viewer")).toBe(true);
		expect(mayOpen({ page: "not-found", path: "/x" }, "viewer")).toBe(true);
	});

	it("sends a limit for staff and viewers only, and none when no location is ticked", () => {
		expect(locationLimitFor("staff", ["a", "b", "a"])).toEqual(["a", "b"]);
		expect(locationLimitFor("viewer", [])).toBeNull();
		expect(locationLimitFor("manager", ["a"])).toBeNull();
		expect(locationLimitFor("owner", ["a"])).toBeNull();
	});

	it("names a limit's locations, an unknown one as such, and no limit as null", () => {
		const names = new Map([
			["a", "Warehouse"],
			["b", "Shop"],
		]);
		expect(locationNames(["b", "a", "gone"], names, "?")).toEqual(["Shop", "Warehouse", "?"]);
		expect(locationNames(null, names, "?")).toBeNull();
	});
});
