import { describe, expect, it } from "vitest";
import {
	chooseProduct,
	type LotFilters,
	lotListHash,
	lotQuery,
	NO_LOT_FILTERS,
	readLotFilters,
} from "../../ui/src/lots/lot-list-query";

const filters = (f: Partial<LotFilters>): LotFilters => ({ ...NO_LOT_FILTERS, ...f });

describe("the Lots page's filters", () => {
	it("asks for every lot with stock by default, expiring within 30 days when chosen", () => {
		expect(NO_LOT_FILTERS.days).toBe("30");
		expect(lotQuery(NO_LOT_FILTERS)).toEqual({ ok: true, query: {} });
		expect(lotQuery(filters({ status: "expiring" }))).toEqual({ ok: true, query: { expiringWithinDays: 30 } });
		expect(lotQuery(filters({ status: "expired", days: "x" }))).toEqual({ ok: true, query: { expired: "true" } });
		expect(lotQuery(filters({ status: "current", productId: "p1", locationId: "l1" }))).toEqual({
			ok: true,
			query: { expired: "false", productId: "p1", locationId: "l1" },
		});
	});

	it("refuses a span that is no whole number of days from 0 to 3650", () => {
		for (const days of ["", "-1", "2.5", "3651", "ten"])
			expect(lotQuery(filters({ status: "expiring", days }))).toEqual({ ok: false, errors: { days: "daysFormat" } });
		expect(lotQuery(filters({ status: "expiring", days: " 0 " }))).toEqual({
			ok: true,
			query: { expiringWithinDays: 0 },
		});
	});

	it("keeps the filters in the address and reads them back", () => {
		expect(lotListHash(NO_LOT_FILTERS)).toBe("#/lots");
		const chosen = filters({
			status: "expiring",
			days: "7",
			productId: "p 1",
			product: "SKU-1 — Gloves",
			locationId: "l1",
		});
		const hash = lotListHash(chosen);
		expect(hash).toMatch(/^#\/lots\?/);
		expect(readLotFilters(hash)).toEqual(chosen);
		// The span only with expiring lots; the default span is not written.
		expect(lotListHash(filters({ status: "expired", days: "7" }))).toBe("#/lots?status=expired");
		expect(lotListHash(filters({ status: "expiring" }))).toBe("#/lots?status=expiring");
	});

	it("reads an unknown status as none, and a product's text only with its id", () => {
		expect(readLotFilters("#/lots?status=mouldy&product=SKU-1")).toEqual(NO_LOT_FILTERS);
	});

	it("finds the product a text names: its label, its SKU, or the only one found", () => {
		const a = { id: "a", sku: "SKU-1", name: "Gloves" };
		const b = { id: "b", sku: "SKU-10", name: "Gloves, large" };
		const label = (p: typeof a) => `${p.sku} — ${p.name}`;
		expect(chooseProduct("", [a, b], label)).toBeNull();
		expect(chooseProduct("SKU-10 — Gloves, large", [a, b], label)).toBe(b);
		expect(chooseProduct("sku-1", [a, b], label)).toBe(a);
		expect(chooseProduct("large", [b], label)).toBe(b);
		expect(chooseProduct("gloves", [a, b], label)).toBe("several");
		expect(chooseProduct("hats", [], label)).toBe("none");
	});
});
