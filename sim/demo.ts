/**
 * The demo company `npm start` serves: a hardware shop on QBO Plus with locations "Warehouse" and
 * "Shop", a few dozen inventory items with stock, a bundle, a service, a non-inventory item, customers
 * and vendors.
 */
import type { Company } from "./company/company.ts";
import type { Simulator } from "./simulator.ts";

export const DEMO_REALM_ID = "9341453050964920";

export function createDemoCompany(sim: Simulator, realmId = DEMO_REALM_ID, items = 36): Company {
	return sim.createCompany({
		realmId,
		companyName: "Craig's Hardware (demo)",
		items,
		services: 1,
		nonInventory: 1,
		bundles: 1,
		customers: 5,
		vendors: 3,
		departments: ["Warehouse", "Shop"],
		trackDepartments: true,
	});
}
