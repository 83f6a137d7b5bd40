import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Client, entityOf, expenseLines, faultCode, invoiceLines, type Line, setup } from "./helpers.ts";

let client: Client;
let start: Record<string, number>;

beforeEach(async () => {
	client = setup();
	start = {};
	for (const id of ["1", "2", "3", "7", "8"]) start[id] = (await client.qty(id)) ?? Number.NaN;
});
afterEach(() => client.sim.close());

/** QtyOnHand of an item relative to its opening stock. */
async function moved(itemId: string): Promise<number | undefined> {
	const qty = await client.qty(itemId);
	return qty === undefined ? undefined : Math.round((qty - (start[itemId] ?? 0)) * 1e6) / 1e6;
}

const customer = { CustomerRef: { value: "1" } };
const vendor = { VendorRef: { value: "1" } };

describe("QtyOnHand: documents move stock the way QBO does", () => {
	it("takes stock out on invoices and sales receipts, puts it back on credit memos and refunds", async () => {
		await client.save("Invoice", { ...customer, Line: invoiceLines([["1", 3]]) });
		await client.save("SalesReceipt", { ...customer, Line: invoiceLines([["1", 2]]) });
		expect(await moved("1")).toBe(-5);
		await client.save("CreditMemo", { ...customer, Line: invoiceLines([["1", 1]]) });
		await client.save("RefundReceipt", { ...customer, Line: invoiceLines([["1", 1.5]]) });
		expect(await moved("1")).toBe(-2.5);
	});

	it("brings stock in on bills and item-based purchases, sends it back on vendor credits and card credits", async () => {
		await client.save("Bill", { ...vendor, Line: expenseLines([["2", 10]]) });
		await client.save("Purchase", {
			AccountRef: { value: "1" },
			PaymentType: "Check",
			EntityRef: { value: "1", type: "Vendor" },
			Line: expenseLines([["2", 4]]),
		});
		expect(await moved("2")).toBe(14);
		await client.save("VendorCredit", { ...vendor, Line: expenseLines([["2", 3]]) });
		await client.save("Purchase", {
			AccountRef: { value: "1" },
			PaymentType: "CreditCard",
			Credit: true,
			Line: expenseLines([["2", 1]]),
		});
		expect(await moved("2")).toBe(10);
	});

	it("applies inventory adjustments by QtyDiff; estimates and purchase orders move nothing", async () => {
		const adjustment = await client.save("InventoryAdjustment", {
			AdjustAccountRef: { value: "10" },
			Line: [
				{ DetailType: "ItemAdjustmentLineDetail", ItemAdjustmentLineDetail: { ItemRef: { value: "3" }, QtyDiff: -2 } },
				{ DetailType: "ItemAdjustmentLineDetail", ItemAdjustmentLineDetail: { ItemRef: { value: "1" }, QtyDiff: 5 } },
			],
		});
		expect([await moved("3"), await moved("1")]).toEqual([-2, 5]);
		const full = await client.post("inventoryadjustment", { ...adjustment });
		expect(faultCode(full.body)).toBe("500");
		const [first] = adjustment.Line ?? [];
		await client.save("InventoryAdjustment", {
			Id: adjustment.Id,
			SyncToken: adjustment.SyncToken,
			sparse: true,
			Line: [{ ...first, ItemAdjustmentLineDetail: { ItemRef: { value: "3" }, QtyDiff: -7 } }],
		});
		expect([await moved("3"), await moved("1")]).toEqual([-7, 0]);
		await client.save("Estimate", { ...customer, Line: invoiceLines([["3", 50]]) });
		await client.save("PurchaseOrder", { ...vendor, Line: expenseLines([["3", 50]]) });
		expect(await moved("3")).toBe(-7);
		const service = await client.post("inventoryadjustment", {
			AdjustAccountRef: { value: "10" },
			Line: [
				{ DetailType: "ItemAdjustmentLineDetail", ItemAdjustmentLineDetail: { ItemRef: { value: "7" }, QtyDiff: 1 } },
			],
		});
		expect(faultCode(service.body)).toBe("2010");
	});

	it("never tracks services or non-inventory items", async () => {
		await client.save("Invoice", {
			...customer,
			Line: invoiceLines([
				["7", 2],
				["8", 3],
			]),
		});
		expect(await client.qty("7")).toBeUndefined();
		expect(await client.qty("8")).toBeUndefined();
	});

	it("keeps quantities exact with decimals", async () => {
		for (const qty of [0.1, 0.2, 0.3]) await client.save("Invoice", { ...customer, Line: invoiceLines([["1", qty]]) });
		expect(await moved("1")).toBe(-0.6);
	});
});

describe("QtyOnHand: edits, voids and deletes move it back", () => {
	it("moves only the difference when a quantity or an item changes", async () => {
		const invoice = await client.save("Invoice", { ...customer, Line: invoiceLines([["1", 3]]) });
		const more = await client.save("Invoice", { ...invoice, Line: invoiceLines([["1", 5]]) });
		expect(await moved("1")).toBe(-5);
		await client.save("Invoice", { ...more, Line: invoiceLines([["2", 5]]) });
		expect([await moved("1"), await moved("2")]).toEqual([0, -5]);
	});

	it("restores stock on void and on delete", async () => {
		const sale = await client.save("SalesReceipt", { ...customer, Line: invoiceLines([["1", 4]]) });
		const bill = await client.save("Bill", { ...vendor, Line: expenseLines([["2", 6]]) });
		expect([await moved("1"), await moved("2")]).toEqual([-4, 6]);
		await client.post("salesreceipt?operation=void", { Id: sale.Id, SyncToken: sale.SyncToken });
		await client.post("bill?operation=delete", { Id: bill.Id, SyncToken: bill.SyncToken });
		expect([await moved("1"), await moved("2")]).toEqual([0, 0]);
	});

	it("moves nothing for a refused write", async () => {
		const invoice = await client.save("Invoice", { ...customer, Line: invoiceLines([["1", 1]]) });
		const stale = await client.post("invoice", { ...invoice, SyncToken: "9", Line: invoiceLines([["1", 50]]) });
		expect(faultCode(stale.body)).toBe("5010");
		expect(await moved("1")).toBe(-1);
	});
});

describe("QtyOnHand: bundles", () => {
	const bundleLine = (quantity: number): Line => ({
		DetailType: "GroupLineDetail",
		GroupLineDetail: { GroupItemRef: { value: "9" }, Quantity: quantity, Line: [] },
	});

	it("expands a bundle line into nested component lines and moves the components", async () => {
		const bundle = await client.read("Item", "9");
		expect(bundle).toMatchObject({ Type: "Group", TrackQtyOnHand: false });
		expect(bundle.QtyOnHand).toBeUndefined();
		const invoice = await client.save("Invoice", { ...customer, Line: [bundleLine(2)] });
		const group = invoice.Line?.[0];
		expect(group?.DetailType).toBe("GroupLineDetail");
		expect(group?.GroupLineDetail?.GroupItemRef.name).toBe("Starter Kit");
		const nested = group?.GroupLineDetail?.Line ?? [];
		expect(nested.map((l) => [l.DetailType, l.SalesItemLineDetail?.ItemRef.value, l.SalesItemLineDetail?.Qty])).toEqual(
			[
				["SalesItemLineDetail", "1", 2],
				["SalesItemLineDetail", "2", 4],
				["SalesItemLineDetail", "7", 2],
			],
		);
		expect(group?.Amount).toBe(nested.reduce((sum, l) => sum + (l.Amount ?? 0), 0));
		expect(invoice.TotalAmt).toBe(group?.Amount);
		expect([await moved("1"), await moved("2")]).toEqual([-2, -4]);
		expect(await client.qty("9")).toBeUndefined();
	});

	it("keeps nested lines sent back unchanged, re-expands when the bundle quantity changes, reverses on delete", async () => {
		const invoice = await client.save("Invoice", { ...customer, Line: [bundleLine(1)] });
		const same = await client.save("Invoice", { ...invoice });
		expect(same.Line?.[0]?.GroupLineDetail?.Line.map((l) => l.Id)).toEqual(
			invoice.Line?.[0]?.GroupLineDetail?.Line.map((l) => l.Id),
		);
		expect([await moved("1"), await moved("2")]).toEqual([-1, -2]);
		const group = same.Line?.[0];
		const tripled = await client.save("Invoice", {
			...same,
			Line: [{ ...group, GroupLineDetail: { ...group?.GroupLineDetail, Quantity: 3 } }],
		});
		expect(tripled.Line?.[0]?.GroupLineDetail?.Line.map((l) => l.SalesItemLineDetail?.Qty)).toEqual([3, 6, 3]);
		expect([await moved("1"), await moved("2")]).toEqual([-3, -6]);
		const res = await client.post("invoice?operation=delete", { Id: tripled.Id, SyncToken: tripled.SyncToken });
		expect(entityOf(res.body, "Invoice").status).toBe("Deleted");
		expect([await moved("1"), await moved("2")]).toEqual([0, 0]);
	});

	it("refuses a bundle on a plain item line", async () => {
		const res = await client.post("invoice", { ...customer, Line: invoiceLines([["9", 1]]) });
		expect(faultCode(res.body)).toBe("2010");
	});
});
