import { afterEach, describe, expect, it } from "vitest";
import { type Client, entityOf, faultCode, invoiceLines, rows, setup } from "./helpers.ts";

let client: Client;
afterEach(() => client?.sim.close());

const META_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe("entities: create and read", () => {
	it("creates a customer and reads it back in Intuit's envelope", async () => {
		client = setup();
		const created = await client.post("customer", { DisplayName: "Wile E. Coyote", CompanyName: "Acme" });
		expect(created.status).toBe(200);
		const customer = entityOf(created.body, "Customer");
		expect(customer).toMatchObject({ DisplayName: "Wile E. Coyote", SyncToken: "0", domain: "QBO", Active: true });
		expect(customer.Id).toMatch(/^\d+$/);
		expect(customer.MetaData.CreateTime).toMatch(META_TIME);
		expect(created.body.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
		const read = await client.get(`customer/${customer.Id}?minorversion=75`);
		expect(read.status).toBe(200);
		expect(entityOf(read.body, "Customer")).toEqual(customer);
		expect(read.headers.get("intuit_tid")).toBeTruthy();
	});

	it("fills reference names, numbers documents and computes totals", async () => {
		client = setup();
		const invoice = await client.save("Invoice", {
			CustomerRef: { value: "1" },
			DepartmentRef: { value: "2" },
			Line: invoiceLines([
				["1", 2],
				["2", 1.5],
			]),
		});
		expect(invoice.CustomerRef?.name).toBe("Amy's Bird Sanctuary");
		expect(invoice.DepartmentRef).toEqual({ value: "2", name: "Shop" });
		expect(invoice.DocNumber).toBe("1001");
		expect(invoice.TotalAmt).toBe(35);
		expect(invoice.Balance).toBe(35);
		expect(invoice.Line?.map((l) => l.DetailType)).toEqual([
			"SalesItemLineDetail",
			"SalesItemLineDetail",
			"SubTotalLineDetail",
		]);
		expect(invoice.Line?.[0]).toMatchObject({ Id: "1", LineNum: 1, Amount: 20 });
		expect(invoice.Line?.[0]?.SalesItemLineDetail?.ItemRef.name).toBe("Hex Bolt M6");
		const next = await client.save("Invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 1]]) });
		expect(next.DocNumber).toBe("1002");
	});

	it("answers 610 Object Not Found with HTTP 400 for an unknown id", async () => {
		client = setup();
		const res = await client.get("invoice/4242");
		expect(res.status).toBe(400);
		expect(res.body.Fault?.type).toBe("ValidationFault");
		expect(faultCode(res.body)).toBe("610");
	});

	it("refuses unknown properties (2010), missing required fields (2020) and bad references (2500)", async () => {
		client = setup();
		const unknown = await client.post("invoice", { CustomerRef: { value: "1" }, Line: [], BadJson: 1 });
		expect([unknown.status, faultCode(unknown.body)]).toEqual([400, "2010"]);
		const missing = await client.post("invoice", { Line: invoiceLines([["1", 1]]) });
		expect([missing.status, faultCode(missing.body), missing.body.Fault?.Error[0]?.element]).toEqual([
			400,
			"2020",
			"CustomerRef",
		]);
		const badRef = await client.post("invoice", { CustomerRef: { value: "999" }, Line: invoiceLines([["1", 1]]) });
		expect(faultCode(badRef.body)).toBe("2500");
		const noLines = await client.post("invoice", { CustomerRef: { value: "1" }, Line: [] });
		expect(faultCode(noLines.body)).toBe("6000");
		const malformed = await client.post("invoice", "{not json");
		expect(malformed.status).toBe(400);
		expect(await client.query("SELECT COUNT(*) FROM Invoice")).toMatchObject({
			body: { QueryResponse: { totalCount: 0 } },
		});
	});

	it("keeps DisplayName unique across customers and vendors (6240)", async () => {
		client = setup();
		await client.save("Vendor", { DisplayName: "Road Runner Supplies" });
		const clash = await client.post("customer", { DisplayName: "road runner supplies" });
		expect([clash.status, faultCode(clash.body)]).toEqual([400, "6240"]);
		const item = await client.post("item", { Name: "Hex Bolt M6", Type: "Service", IncomeAccountRef: { value: "7" } });
		expect(faultCode(item.body)).toBe("6240");
	});
});

describe("entities: updates and SyncToken", () => {
	it("bumps SyncToken on each write and refuses a stale one with 5010", async () => {
		client = setup();
		const vendor = await client.save("Vendor", { DisplayName: "Acme", CompanyName: "Acme Corp" });
		const updated = await client.save("Vendor", { ...vendor, DisplayName: "Acme Ltd" });
		expect(updated.SyncToken).toBe("1");
		expect(updated.MetaData.CreateTime).toBe(vendor.MetaData.CreateTime);
		const stale = await client.post("vendor", { ...vendor, DisplayName: "Lost write" });
		expect(stale.status).toBe(400);
		expect(stale.body.Fault).toMatchObject({
			type: "ValidationFault",
			Error: [{ code: "5010", Message: "Stale Object Error" }],
		});
		expect((await client.read("Vendor", vendor.Id)).DisplayName).toBe("Acme Ltd");
		const noToken = await client.post("vendor", { Id: vendor.Id, DisplayName: "x" });
		expect(faultCode(noToken.body)).toBe("2020");
	});

	it("nulls omitted fields on a full update and keeps them on a sparse one", async () => {
		client = setup();
		const customer = await client.save("Customer", { DisplayName: "Bugs", CompanyName: "Carrots Inc", Notes: "VIP" });
		const sparse = await client.save("Customer", { Id: customer.Id, SyncToken: "0", sparse: true, Notes: "VVIP" });
		expect(sparse).toMatchObject({ CompanyName: "Carrots Inc", Notes: "VVIP", SyncToken: "1" });
		const full = await client.save("Customer", { Id: customer.Id, SyncToken: "1", DisplayName: "Bugs" });
		expect(full.CompanyName).toBeUndefined();
		expect(full.Notes).toBeUndefined();
	});

	it("replaces all lines on a sparse update that sends Line, keeping Ids of lines sent back", async () => {
		client = setup();
		const invoice = await client.save("Invoice", {
			CustomerRef: { value: "1" },
			Line: invoiceLines([
				["1", 1],
				["2", 1],
			]),
		});
		const [first] = invoice.Line ?? [];
		const updated = await client.save("Invoice", {
			Id: invoice.Id,
			SyncToken: invoice.SyncToken,
			sparse: true,
			Line: [first, ...invoiceLines([["3", 2]])],
		});
		expect(updated.Line?.filter((l) => l.DetailType === "SalesItemLineDetail").map((l) => l.Id)).toEqual(["1", "3"]);
		expect(updated.TotalAmt).toBe(30);
	});

	it("renames a deactivated item '(deleted)' and hides it from queries until asked", async () => {
		client = setup();
		const item = await client.read("Item", "3");
		const inactive = await client.save("Item", { Id: "3", SyncToken: item.SyncToken, sparse: true, Active: false });
		expect(inactive.Name).toBe(`${item.Name} (deleted)`);
		const visible = await client.query("select * from Item where Id = '3'");
		expect(visible.body.QueryResponse).toEqual({});
		const all = await client.query("select * from Item where Id = '3' and Active in (true, false)");
		expect(rows(all.body, "Item")).toHaveLength(1);
		const sale = await client.post("invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["3", 1]]) });
		expect(faultCode(sale.body)).toBe("610");
		const back = await client.save("Item", { Id: "3", SyncToken: inactive.SyncToken, sparse: true, Active: true });
		expect(back.Name).toBe(item.Name);
	});

	it("applies QBO's item rules: accounts and opening stock, type locks, read-only bundles", async () => {
		client = setup();
		const incomplete = await client.post("item", {
			Name: "Widget",
			Type: "Inventory",
			IncomeAccountRef: { value: "6" },
		});
		expect([faultCode(incomplete.body), incomplete.body.Fault?.Error[0]?.element]).toEqual([
			"2020",
			"ExpenseAccountRef",
		]);
		const widget = await client.save("Item", {
			Name: "Widget",
			Type: "Inventory",
			IncomeAccountRef: { value: "6" },
			ExpenseAccountRef: { value: "9" },
			AssetAccountRef: { value: "4" },
			QtyOnHand: 12,
			InvStartDate: "2026-01-01",
		});
		expect(widget).toMatchObject({ TrackQtyOnHand: true, QtyOnHand: 12, FullyQualifiedName: "Widget" });
		const toService = await client.post("item", { ...widget, Type: "Service" });
		expect(faultCode(toService.body)).toBe("6000");
		const bundle = await client.post("item", { Name: "My kit", Type: "Group" });
		expect([bundle.status, faultCode(bundle.body)]).toEqual([400, "500"]);
		const fullUpdate = await client.save("Item", {
			Id: widget.Id,
			SyncToken: widget.SyncToken,
			Name: "Widget 2",
			IncomeAccountRef: { value: "6" },
			ExpenseAccountRef: { value: "9" },
			AssetAccountRef: { value: "4" },
		});
		expect(fullUpdate).toMatchObject({ Type: "Inventory", QtyOnHand: 12, Name: "Widget 2" });
	});

	it("refuses Inventory items where the edition does not track quantity", async () => {
		client = setup({ company: { trackInventory: false, items: 0, bundles: 0 } });
		const prefs = await client.get("preferences");
		expect(entityOf(prefs.body, "Preferences").ProductAndServicesPrefs).toMatchObject({ QuantityOnHand: false });
		const res = await client.post("item", {
			Name: "Widget",
			Type: "Inventory",
			IncomeAccountRef: { value: "6" },
			ExpenseAccountRef: { value: "9" },
			AssetAccountRef: { value: "4" },
			QtyOnHand: 1,
			InvStartDate: "2026-01-01",
		});
		expect(faultCode(res.body)).toBe("6000");
	});
});

describe("entities: delete and void", () => {
	it("deletes a transaction into a stub; it is then gone for reads and writes", async () => {
		client = setup();
		const invoice = await client.save("Invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 1]]) });
		const stale = await client.post("invoice?operation=delete", { Id: invoice.Id, SyncToken: "7" });
		expect(faultCode(stale.body)).toBe("5010");
		const deleted = await client.post("invoice?operation=delete", { Id: invoice.Id, SyncToken: invoice.SyncToken });
		expect(deleted.body.Invoice).toEqual({ domain: "QBO", status: "Deleted", Id: invoice.Id });
		const read = await client.get(`invoice/${invoice.Id}`);
		expect([read.status, faultCode(read.body)]).toEqual([400, "610"]);
		expect(read.body.Fault?.Error[0]?.Detail).toContain("deleted");
		const update = await client.post("invoice", { ...invoice, PrivateNote: "too late" });
		expect(faultCode(update.body)).toBe("610");
	});

	it("deactivates name lists instead of deleting them", async () => {
		client = setup();
		const res = await client.post("customer?operation=delete", { Id: "1", SyncToken: "0" });
		expect([res.status, faultCode(res.body)]).toEqual([400, "500"]);
	});

	it("voids an invoice: same Id, SyncToken+1, amounts and quantities zeroed, 'Voided' note", async () => {
		client = setup();
		const invoice = await client.save("Invoice", {
			CustomerRef: { value: "1" },
			PrivateNote: "rush",
			Line: invoiceLines([["1", 3]]),
		});
		const res = await client.post("invoice?operation=void", { Id: invoice.Id, SyncToken: invoice.SyncToken });
		const voided = entityOf(res.body, "Invoice");
		expect(voided).toMatchObject({
			Id: invoice.Id,
			SyncToken: "1",
			TotalAmt: 0,
			Balance: 0,
			PrivateNote: "Voided - rush",
		});
		expect(voided.Line?.[0]).toMatchObject({ Amount: 0, SalesItemLineDetail: { Qty: 0 } });
		const bill = await client.save("Bill", {
			VendorRef: { value: "1" },
			Line: [
				{
					DetailType: "AccountBasedExpenseLineDetail",
					Amount: 5,
					AccountBasedExpenseLineDetail: { AccountRef: { value: "11" } },
				},
			],
		});
		const billVoid = await client.post("bill?operation=void", { Id: bill.Id, SyncToken: bill.SyncToken });
		expect(faultCode(billVoid.body)).toBe("500");
	});
});

describe("entities: requestid idempotency", () => {
	it("answers a repeated requestid with the first response and writes once", async () => {
		client = setup();
		const before = (await client.qty("1")) ?? 0;
		const body = { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 1]]) };
		const first = await client.post("invoice?requestid=req-1&minorversion=75", body);
		const again = await client.post("invoice?requestid=req-1&minorversion=75", body);
		expect(again).toMatchObject({ status: 200, body: first.body });
		const other = await client.post("invoice?requestid=req-2", body);
		expect(entityOf(other.body, "Invoice").Id).not.toBe(entityOf(first.body, "Invoice").Id);
		const count = await client.query("select count(*) from Invoice");
		expect(count.body.QueryResponse?.totalCount).toBe(2);
		expect(await client.qty("1")).toBe(before - 2);
	});

	it("replays a fault too, and keeps requestids per company", async () => {
		client = setup();
		const bad = await client.post("invoice?requestid=r", { Line: [] });
		const customer = await client.save("Customer", { DisplayName: "Late" });
		const replay = await client.post("invoice?requestid=r", {
			CustomerRef: { value: customer.Id },
			Line: invoiceLines([["1", 1]]),
		});
		expect(replay).toMatchObject({ status: bad.status, body: bad.body });
		const other = client.sim.createCompany({ items: 1 });
		const token = client.sim.oauth.connect(
			other.realmId,
			"test-client",
			"com.intuit.quickbooks.accounting",
		).access_token;
		const elsewhere = await client.sim.app.request(`/v3/company/${other.realmId}/invoice?requestid=r`, {
			method: "POST",
			headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
			body: JSON.stringify({ CustomerRef: { value: "1" }, Line: invoiceLines([["1", 1]]) }),
		});
		expect(elsewhere.status).toBe(200);
	});
});

describe("entities: links and singletons", () => {
	it("closes an estimate converted into an invoice and reopens it when the invoice is deleted", async () => {
		client = setup();
		const estimate = await client.save("Estimate", { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 2]]) });
		expect(estimate.TxnStatus).toBe("Pending");
		const invoice = await client.save("Invoice", {
			CustomerRef: { value: "1" },
			LinkedTxn: [{ TxnId: estimate.Id, TxnType: "Estimate" }],
			Line: invoiceLines([["1", 2]]),
		});
		const closed = await client.read("Estimate", estimate.Id);
		expect(closed).toMatchObject({
			TxnStatus: "Closed",
			SyncToken: "1",
			LinkedTxn: [{ TxnId: invoice.Id, TxnType: "Invoice" }],
		});
		await client.post("invoice?operation=delete", { Id: invoice.Id, SyncToken: invoice.SyncToken });
		expect(await client.read("Estimate", estimate.Id)).toMatchObject({ TxnStatus: "Pending", LinkedTxn: [] });
	});

	it("lists bills on their purchase order and closes it once everything is billed", async () => {
		client = setup();
		const po = await client.save("PurchaseOrder", {
			VendorRef: { value: "1" },
			Line: [
				{ DetailType: "ItemBasedExpenseLineDetail", ItemBasedExpenseLineDetail: { ItemRef: { value: "1" }, Qty: 10 } },
			],
		});
		expect(po).toMatchObject({ POStatus: "Open", DocNumber: "1001" });
		const link = [{ TxnId: po.Id, TxnType: "PurchaseOrder" }];
		const part = { VendorRef: { value: "1" }, LinkedTxn: link };
		await client.save("Bill", {
			...part,
			Line: [
				{ DetailType: "ItemBasedExpenseLineDetail", ItemBasedExpenseLineDetail: { ItemRef: { value: "1" }, Qty: 4 } },
			],
		});
		expect((await client.read("PurchaseOrder", po.Id)).POStatus).toBe("Open");
		await client.save("Bill", {
			...part,
			Line: [
				{ DetailType: "ItemBasedExpenseLineDetail", ItemBasedExpenseLineDetail: { ItemRef: { value: "1" }, Qty: 6 } },
			],
		});
		const closed = await client.read("PurchaseOrder", po.Id);
		expect(closed.POStatus).toBe("Closed");
		expect(closed.LinkedTxn?.map((l) => l.TxnType)).toEqual(["Bill", "Bill"]);
	});

	it("serves Preferences and CompanyInfo, updatable with their SyncToken", async () => {
		client = setup();
		const info = entityOf((await client.get(`companyinfo/${client.realmId}`)).body, "CompanyInfo");
		expect(info.CompanyName).toBe("Sandbox Company_US_1");
		const prefs = entityOf((await client.get("preferences")).body, "Preferences");
		expect(prefs.AccountingInfoPrefs).toMatchObject({ TrackDepartments: true });
		const updated = await client.save("Preferences", {
			Id: prefs.Id,
			SyncToken: prefs.SyncToken,
			sparse: true,
			AccountingInfoPrefs: { TrackDepartments: false },
		});
		expect(updated.AccountingInfoPrefs).toMatchObject({ TrackDepartments: false, DepartmentTerminology: "Location" });
		expect(updated.SyncToken).toBe("1");
		const create = await client.post("preferences", { AccountingInfoPrefs: {} });
		expect(faultCode(create.body)).toBe("500");
	});
});
