import { describe, expect, it } from "vitest";
import { parseRoute } from "../../ui/src/app/router";
import { stockFilterHash, stockFilterOf } from "../../ui/src/app/stock-filter-hash";

describe("the grid's filter in the stock page's address", () => {
	it("opens the stock page with the start page's filter ticked", () => {
		expect(parseRoute(stockFilterHash("below-reorder"))).toEqual({ page: "stock" });
		expect(stockFilterOf(stockFilterHash("below-reorder"))).toEqual({ belowReorder: true });
		expect(stockFilterOf(stockFilterHash("negative"))).toEqual({ negativeAvailable: true });
	});

	it("is no filter when the address names none or an unknown one", () => {
		expect(stockFilterOf("#/stock")).toBeNull();
		expect(stockFilterOf("#/stock?filter=toString")).toBeNull();
		expect(stockFilterOf("#/stock?filter=")).toBeNull();
	});
});
