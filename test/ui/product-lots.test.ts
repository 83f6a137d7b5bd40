import { describe, expect, it } from "vitest";
import type { LocationLots } from "../../ui/src/api/types";
import { knownLots, lotSections } from "../../ui/src/lots/product-lots";

const lot = (name: string, expiry: string | null, onHand = 1) => ({
	lot: name,
	expiry,
	onHand,
	batch: null,
	expired: false,
	expiring: false,
});

describe("a product's lots on its page", () => {
	const items: LocationLots[] = [
		{ locationId: "b-shop", onHand: 5, unassigned: 5, lots: [] },
		{ locationId: "a-van", onHand: 0, unassigned: 0, lots: [] },
		{ locationId: "c-warehouse", onHand: 10, unassigned: 0, lots: [lot("B2", "2027-01-01", 4), lot("A1", null, 6)] },
		{ locationId: "z-gone", onHand: 0, unassigned: -2, lots: [lot("A1", null, 2)] },
	];

	it("shows the locations that hold something, in the app's order, unknown ones after", () => {
		expect(lotSections(items, ["c-warehouse", "b-shop", "a-van"]).map((s) => s.locationId)).toEqual([
			"c-warehouse",
			"b-shop",
			"z-gone",
		]);
		expect(lotSections([], ["c-warehouse"])).toEqual([]);
	});

	it("offers each lot once, with its expiry, by name", () => {
		expect(knownLots(items)).toEqual([
			{ lot: "A1", expiry: null },
			{ lot: "B2", expiry: "2027-01-01" },
		]);
	});
});
