import { describe, expect, it } from "vitest";
import type { LocationLots } from "../../ui/src/api/types";
import { serialsInStock } from "../../ui/src/lots/product-lots";

const serial = (name: string, onHand = 1, batch: string | null = null) => ({
	lot: name,
	expiry: null,
	batch,
	onHand,
	expired: false,
	expiring: false,
});

describe("a serial product's serial numbers on its page", () => {
	it("lists those in stock, by location in the app's order, then as people number them", () => {
		const items: LocationLots[] = [
			{ locationId: "b", onHand: 1, unassigned: 0, lots: [serial("X-1")] },
			{ locationId: "a", onHand: 3, unassigned: 0, lots: [serial("SN-10", 1, "B-7"), serial("SN-9"), serial("SN-2")] },
			{ locationId: "c", onHand: 0, unassigned: 0, lots: [serial("GONE", 0)] },
		];
		expect(serialsInStock(items, ["a", "b", "c"]).map((s) => [s.locationId, s.serial, s.batch])).toEqual([
			["a", "SN-2", null],
			["a", "SN-9", null],
			["a", "SN-10", "B-7"],
			["b", "X-1", null],
		]);
	});
});
