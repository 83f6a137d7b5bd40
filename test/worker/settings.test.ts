import { describe, expect, it } from "vitest";
import { createApiToken } from "../../worker/auth/api-tokens";
import { expectProblem } from "./api-checks";
import { apiClient, db, makeCompany } from "./helpers";

type Settings = {
	orderMode: string;
	estimatesCreateOrders: boolean;
	defaultLocationId: string | null;
	stockSyncToQbo: boolean;
	version: number;
};

describe("settings", () => {
	it("start at the defaults: ship on invoice, estimates off, stock sync off, the default location", async () => {
		const co = await makeCompany({ locations: 2 });
		const res = await co.api.get("/api/v1/settings");
		expect(res.status).toBe(200);
		expect(res.json<Settings>()).toEqual({
			orderMode: "ship_on_invoice",
			estimatesCreateOrders: false,
			defaultLocationId: co.locationIds[0],
			stockSyncToQbo: false,
			stockSyncAvailable: true,
			stockSyncNote: null,
			purchasesToQbo: false,
			expiredNotAvailable: true,
			expiringWithinDays: 30,
			negativeStockAllowed: true,
			homeCurrency: null,
			version: 1,
		});
	});

	it("a patch changes only what it names and bumps the version", async () => {
		const co = await makeCompany();
		const res = await co.api.patch("/api/v1/settings", { orderMode: "reserve_until_delivery" });
		expect(res.status).toBe(200);
		expect(res.json<Settings>()).toMatchObject({
			orderMode: "reserve_until_delivery",
			estimatesCreateOrders: false,
			stockSyncToQbo: false,
			version: 2,
		});
		expect((await co.api.get("/api/v1/settings")).json<Settings>().orderMode).toBe("reserve_until_delivery");
	});

	it("changing the default location moves the default mark to it", async () => {
		const co = await makeCompany({ locations: 2 });
		const [first, second] = co.locationIds;
		const res = await co.api.patch("/api/v1/settings", { defaultLocationId: second });
		expect(res.json<Settings>().defaultLocationId).toBe(second);
		const locations = (await co.api.get("/api/v1/locations")).json<{ items: { id: string; isDefault: boolean }[] }>();
		expect(locations.items.filter((l) => l.isDefault).map((l) => l.id)).toEqual([second]);
		expect(locations.items.find((l) => l.id === first)?.isDefault).toBe(false);
	});

	it("a stale version answers 409 and changes nothing", async () => {
		const co = await makeCompany();
		await co.api.patch("/api/v1/settings", { estimatesCreateOrders: true });
		expectProblem(
			await co.api.patch("/api/v1/settings", { stockSyncToQbo: true, version: 1 }),
			409,
			"version_conflict",
		);
		expect((await co.api.get("/api/v1/settings")).json<Settings>()).toMatchObject({
			estimatesCreateOrders: true,
			stockSyncToQbo: false,
			version: 2,
		});
	});

	it("bad values are refused naming the field, and change nothing", async () => {
		const co = await makeCompany();
		expectProblem(
			await co.api.patch("/api/v1/settings", { orderMode: "ship_later" }),
			400,
			"validation_failed",
			"orderMode",
		);
		expectProblem(await co.api.patch("/api/v1/settings", { colour: "blue" }), 400, "validation_failed", "colour");
		expect((await co.api.get("/api/v1/settings")).json<Settings>().version).toBe(1);
	});

	it("another company's location cannot become the default: 404, nothing changes", async () => {
		const co = await makeCompany();
		const other = await makeCompany();
		expectProblem(
			await co.api.patch("/api/v1/settings", { defaultLocationId: other.locationIds[0] }),
			404,
			"not_found",
		);
		expect((await co.api.get("/api/v1/settings")).json<Settings>().defaultLocationId).toBe(co.locationIds[0]);
		expect((await other.api.get("/api/v1/settings")).json<Settings>().defaultLocationId).toBe(other.locationIds[0]);
	});

	it("a viewer reads the settings; only managers and owners change them", async () => {
		const co = await makeCompany();
		const { token } = await createApiToken(db, co.companyId, { name: "clerk", role: "viewer" });
		const member = apiClient(token);
		expect((await member.get("/api/v1/settings")).status).toBe(200);
		expectProblem(await member.patch("/api/v1/settings", { orderMode: "reserve_until_delivery" }), 403, "forbidden");
		expect((await co.api.get("/api/v1/settings")).json<Settings>().orderMode).toBe("ship_on_invoice");
	});
});
