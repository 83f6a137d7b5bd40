/**
 * The demo company `npm start` serves: a hardware shop on QBO Plus with locations "Warehouse" and
 * "Shop", a few dozen inventory items with stock, a bundle, a service, a non-inventory item, customers
 * and vendors.
 */
import type { Company } from "./company/company.ts";
import type { IntuitUser } from "./oauth/openid-provider.ts";
import type { Simulator } from "./simulator.ts";

export const DEMO_REALM_ID = "9341453050964920";

/** The demo company's owner at "Intuit": who "Sign in with Intuit" approves as, unless told otherwise. */
export const DEMO_OWNER: IntuitUser = {
	sub: "7f3c1a52-9e4b-4d0a-b6c8-2a1e5d9f0b37",
	email: "alex@example.com",
	emailVerified: true,
	givenName: "Alex",
	familyName: "Martin",
};

export function createDemoCompany(sim: Simulator, realmId = DEMO_REALM_ID, items = 36): Company {
	sim.openid.signIn(realmId, DEMO_OWNER);
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
