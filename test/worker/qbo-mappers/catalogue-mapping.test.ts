import { describe, expect, it } from "vitest";
import { departmentSchema, itemSchema, preferencesSchema, vendorSchema } from "../../../worker/qbo/catalogue-entities";
import {
	companyFeaturesFromPreferences,
	locationFromDepartment,
	productFromItem,
	vendorFromQbo,
} from "../../../worker/qbo/catalogue-mapping";
import {
	makeBundle,
	makeCategory,
	makeDepartment,
	makeInventoryItem,
	makeNonInventoryItem,
	makePreferences,
	makeServiceItem,
	makeVendor,
} from "../../fixtures/qbo/catalogue";

describe("productFromItem", () => {
	it("imports an inventory item with its cost and opening stock, exactly", () => {
		const item = itemSchema.parse(
			makeInventoryItem({
				id: "11",
				name: "Pump",
				sku: "PMP-1",
				description: "Fountain Pump",
				purchaseCost: 10.125,
				qtyOnHand: 25.5,
				syncToken: 3,
			}),
		);
		expect(productFromItem(item)).toEqual({
			qboId: "11",
			name: "Pump",
			sku: "PMP-1",
			type: "inventory",
			description: "Fountain Pump",
			purchaseCost: 101_250,
			qtyOnHand: 255_000,
			active: true,
			syncToken: 3,
			components: [],
		});
	});

	it("falls back to the Name when the item has no SKU", () => {
		const item = itemSchema.parse({ ...makeInventoryItem({ id: "11", name: "Pump" }), Sku: "  " });
		expect(productFromItem(item)).toMatchObject({ sku: "Pump" });
	});

	it.each([
		["service", makeServiceItem({ id: "7", name: "Installation" })],
		["non_inventory", makeNonInventoryItem({ id: "8", name: "Lighting" })],
	])("imports a %s item without stock", (type, json) => {
		expect(productFromItem(itemSchema.parse(json))).toMatchObject({ type, qtyOnHand: null });
	});

	it("imports a bundle as a kit with its components, an item listed twice summed", () => {
		const bundle = itemSchema.parse(
			makeBundle({
				id: "49",
				name: "Deluxe Fountain",
				sku: "234",
				syncToken: 1,
				components: [
					{ itemId: "11", qty: 1 },
					{ itemId: "5", qty: 1 },
					{ itemId: "8", qty: 2, type: "Service" },
					{ itemId: "11", qty: 0.5 },
				],
			}),
		);
		expect(productFromItem(bundle)).toMatchObject({
			qboId: "49",
			type: "kit",
			sku: "234",
			qtyOnHand: null,
			components: [
				{ qboItemId: "11", quantity: 15_000 },
				{ qboItemId: "5", quantity: 10_000 },
				{ qboItemId: "8", quantity: 20_000 },
			],
		});
	});

	it("keeps a deactivated item, inactive", () => {
		const item = itemSchema.parse(makeServiceItem({ id: "7", name: "Old", active: false, syncToken: 5 }));
		expect(productFromItem(item)).toMatchObject({ active: false, syncToken: 5 });
	});

	it("makes no product of a category", () => {
		expect(productFromItem(itemSchema.parse(makeCategory({ id: "29", name: "Trees" })))).toBeNull();
	});
});

describe("vendorFromQbo", () => {
	it("takes the display name, email, phone and address", () => {
		const vendor = vendorSchema.parse(
			makeVendor({
				id: "30",
				displayName: "Books by Bessie",
				companyName: "Books by Bessie",
				email: "Books@Intuit.com",
				phone: "(650) 555-7745",
				address: {
					Id: "31",
					Line1: "15 Main St.",
					City: "Palo Alto",
					CountrySubDivisionCode: "CA",
					PostalCode: "94303",
					Lat: "37.4",
					Long: "-122.1",
				},
			}),
		);
		expect(vendorFromQbo(vendor)).toEqual({
			qboId: "30",
			name: "Books by Bessie",
			email: "Books@Intuit.com",
			phone: "(650) 555-7745",
			address: { line1: "15 Main St.", city: "Palo Alto", region: "CA", postalCode: "94303" },
			active: true,
			syncToken: 0,
		});
	});

	it("falls back to the company or person name, the mobile phone, and no address", () => {
		const person = vendorSchema.parse(
			makeVendor({ givenName: "Nick", familyName: "Brosnahan", mobile: "(650) 555-9874" }),
		);
		expect(vendorFromQbo(person)).toMatchObject({
			name: "Nick Brosnahan",
			phone: "(650) 555-9874",
			email: null,
			address: null,
		});
		const company = vendorSchema.parse(makeVendor({ companyName: "Hicks Hardware", active: false }));
		expect(vendorFromQbo(company)).toMatchObject({ name: "Hicks Hardware", active: false });
	});
});

describe("locationFromDepartment", () => {
	it("names a location by the department's full path", () => {
		const department = departmentSchema.parse(
			makeDepartment({ id: "3", name: "Van", parent: { id: "2", name: "East" }, syncToken: 2 }),
		);
		expect(locationFromDepartment(department)).toEqual({
			qboDepartmentId: "3",
			name: "East:Van",
			active: true,
			syncToken: 2,
		});
	});

	it("keeps a deactivated department, inactive", () => {
		const department = departmentSchema.parse(makeDepartment({ id: "1", name: "Sales Department", active: false }));
		expect(locationFromDepartment(department)).toMatchObject({ name: "Sales Department", active: false });
	});
});

describe("companyFeaturesFromPreferences", () => {
	it("reads whether the company tracks inventory and locations, and its home currency", () => {
		const on = preferencesSchema.parse(
			makePreferences({ trackDepartments: true, departmentTerm: "Store", homeCurrency: "CAD" }),
		);
		expect(companyFeaturesFromPreferences(on)).toEqual({
			tracksInventory: true,
			tracksLocations: true,
			locationTerm: "Store",
			homeCurrency: "CAD",
		});
		const off = preferencesSchema.parse(makePreferences({ quantityOnHand: false }));
		expect(companyFeaturesFromPreferences(off)).toEqual({
			tracksInventory: false,
			tracksLocations: false,
			locationTerm: null,
			homeCurrency: "USD",
		});
	});
});
