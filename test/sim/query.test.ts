import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Body, type Client, entityOf, faultCode, invoiceLines, rows, setup } from "./helpers.ts";

let client: Client;
beforeAll(async () => {
	client = setup({ company: { items: 30 } });
	await client.save("Invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 1]]) });
	await client.save("Invoice", { CustomerRef: { value: "2" }, Line: invoiceLines([["1", 40]]) });
});
afterAll(() => client.sim.close());

const ids = (statement: string) => client.query(statement).then((res) => rows(res.body, "Item").map((i) => i.Id));

describe("query: the SQL subset", () => {
	it("answers Intuit's QueryResponse shape", async () => {
		const res = await client.query("SELECT * FROM Item WHERE Type = 'Inventory' MAXRESULTS 5");
		expect(res.status).toBe(200);
		expect(res.body.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 5 });
		expect(rows(res.body, "Item").map((i) => i.Type)).toEqual(Array(5).fill("Inventory"));
		expect(res.body.time).toBeTypeOf("string");
	});

	it("filters with =, <, >, <=, >= on numbers, strings and references", async () => {
		expect(await ids("select * from Item where Id = '3'")).toEqual(["3"]);
		expect(await ids("select * from Item where Id < '3'")).toEqual(["1", "2"]);
		expect(await ids("select * from Item where Id >= '30' and Type = 'Inventory'")).toEqual(["30"]);
		const cheap = rows(
			(await client.query("select * from Item where UnitPrice <= 50 and Type = 'Inventory'")).body,
			"Item",
		);
		expect(cheap.length).toBeGreaterThan(0);
		expect(cheap.every((i) => Number(i.UnitPrice) <= 50)).toBe(true);
		const invoices = await client.query("select * from Invoice where CustomerRef = '2'");
		expect(rows(invoices.body, "Invoice").map((i) => i.CustomerRef?.value)).toEqual(["2"]);
		const big = await client.query("select * from Invoice where TotalAmt > '300.00'");
		expect(rows(big.body, "Invoice")).toHaveLength(1);
	});

	it("supports IN, LIKE with %, and case-insensitive keywords and values", async () => {
		expect(await ids("select * from Item where Id in ('2', '4', '99')")).toEqual(["2", "4"]);
		expect(await ids("SeLeCt * FrOm item WHERE name LIKE '%nut%'")).toEqual(["2"]);
		expect(await ids("select * from Item where Name like 'hex%'")).toEqual(["1", "2"]);
		expect(await ids("select * from Item where Name = 'HEX BOLT M6'")).toEqual(["1"]);
		expect(await ids("select * from Item where Type in ('Group', 'Service')")).toEqual(["31", "33"]);
	});

	it("orders, pages from a 1-based STARTPOSITION and counts", async () => {
		const desc = await ids("select * from Item where Type = 'Inventory' orderby Id desc maxresults 3");
		expect(desc).toEqual(["30", "29", "28"]);
		const byName = rows((await client.query("select * from Item order by Name")).body, "Item").map((i) => i.Name);
		expect(byName).toEqual([...byName].sort((a, b) => String(a).toLowerCase().localeCompare(String(b).toLowerCase())));
		const page2 = await client.query("select * from Item startposition 11 maxresults 10");
		expect(page2.body.QueryResponse).toMatchObject({ startPosition: 11, maxResults: 10 });
		expect(rows(page2.body, "Item")[0]?.Id).toBe("11");
		const count = await client.query("select count(*) from Item where Type = 'Inventory'");
		expect(count.body.QueryResponse).toEqual({ totalCount: 30 });
	});

	it("answers an empty QueryResponse when nothing matches", async () => {
		const res = await client.query("select * from Item where Name = 'nothing'");
		expect(res.body.QueryResponse).toEqual({});
	});

	it("compares MetaData times as instants, whatever their offset", async () => {
		const invoice = rows((await client.query("select * from Invoice")).body, "Invoice")[0];
		const created = Date.parse(String(invoice?.MetaData.LastUpdatedTime));
		const earlier = new Date(created - 1000).toISOString();
		const later = new Date(created + 1000).toISOString();
		const after = await client.query(`select * from Invoice where Metadata.LastUpdatedTime >= '${earlier}'`);
		expect(rows(after.body, "Invoice")).toHaveLength(2);
		const none = await client.query(`select * from Invoice where MetaData.LastUpdatedTime > '${later}'`);
		expect(none.body.QueryResponse).toEqual({});
	});

	it("accepts POST with the statement as application/text, and escaped quotes", async () => {
		await client.save("Customer", { DisplayName: "O'Brien Hardware" });
		const res = await client.post("query", "select * from Customer where DisplayName = 'O\\'Brien Hardware'", {
			contentType: "application/text",
		});
		expect(rows(res.body, "Customer").map((c) => c.DisplayName)).toEqual(["O'Brien Hardware"]);
	});

	it("fails like QBO: 4000 for what it cannot parse, 4001 for unknown entities and properties", async () => {
		for (const bad of [
			"select * from Item where Id = '1' or Id = '2'",
			"select Id, Name from Item",
			"select * from Item where",
			"delete from Item",
		]) {
			const res = await client.query(bad);
			expect([res.status, faultCode(res.body)], bad).toEqual([400, "4000"]);
			expect(res.body.Fault?.Error[0]?.Message).toBe("Error parsing query");
		}
		const entity = await client.query("select * from Custmoer");
		expect([entity.status, faultCode(entity.body)]).toEqual([400, "4001"]);
		expect(entity.body.Fault?.Error[0]?.Detail).toBe("QueryValidationError: invalid context declaration: Custmoer");
		expect(faultCode((await client.query("select * from Item where Colour = 'red'")).body)).toBe("4001");
	});

	it("returns at most 1000 rows, 100 by default", async () => {
		const big = setup({ company: { items: 1100, bundles: 0, services: 0, nonInventory: 0 } });
		try {
			const byDefault = await big.query("select * from Item");
			expect(byDefault.body.QueryResponse?.maxResults).toBe(100);
			const capped = await big.query("select * from Item maxresults 5000");
			expect(rows(capped.body, "Item")).toHaveLength(1000);
			const rest = await big.query("select * from Item startposition 1001 maxresults 1000");
			expect(rows(rest.body, "Item")).toHaveLength(100);
		} finally {
			big.sim.close();
		}
	});
});

describe("batch", () => {
	it("runs independent items with per-item results and faults in one HTTP 200", async () => {
		const invoice = await client.save("Invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["2", 1]]) });
		const res = await client.post("batch", {
			BatchItemRequest: [
				{ bId: "bid1", operation: "create", Vendor: { DisplayName: "Boraski Family Store" } },
				{ bId: "bid2", operation: "delete", Invoice: { Id: "4242", SyncToken: "0" } },
				{
					bId: "bid3",
					operation: "update",
					Invoice: { Id: invoice.Id, SyncToken: "5", sparse: true, PrivateNote: "x" },
				},
				{ bId: "bid4", Query: "select * from Invoice where TotalAmt > '300.00'" },
				{
					bId: "bid5",
					operation: "update",
					Invoice: { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, PrivateNote: "ok" },
				},
			],
		});
		expect(res.status).toBe(200);
		const items = res.body.BatchItemResponse as {
			bId: string;
			Fault?: { Error: { code: string }[] };
			[k: string]: unknown;
		}[];
		expect(items.map((i) => i.bId)).toEqual(["bid1", "bid2", "bid3", "bid4", "bid5"]);
		expect(items[0]?.Vendor).toMatchObject({ DisplayName: "Boraski Family Store", SyncToken: "0" });
		expect(items[1]?.Fault?.Error[0]?.code).toBe("610");
		expect(items[2]?.Fault?.Error[0]?.code).toBe("5010");
		expect(rows({ QueryResponse: items[3]?.QueryResponse as never }, "Invoice")).toHaveLength(1);
		expect(items[4]?.Invoice).toMatchObject({ PrivateNote: "ok", SyncToken: "1" });
	});

	it("refuses more than 30 items", async () => {
		const items = Array.from({ length: 31 }, (_, i) => ({ bId: `q${i}`, Query: "select * from Item maxresults 1" }));
		const res = await client.post("batch", { BatchItemRequest: items });
		expect(res.status).toBe(400);
		expect(res.body.Fault?.type).toBe("ValidationFault");
		const ok = await client.post("batch", { BatchItemRequest: items.slice(0, 30) });
		expect((ok.body.BatchItemResponse as unknown[]).length).toBe(30);
	});

	it("is idempotent with a requestid", async () => {
		const body = { BatchItemRequest: [{ bId: "1", operation: "create", Customer: { DisplayName: "Batch Once" } }] };
		const first = await client.post("batch?requestid=batch-1", body);
		const again = await client.post("batch?requestid=batch-1", body);
		expect(again.body).toEqual(first.body);
		const count = await client.query("select count(*) from Customer where DisplayName = 'Batch Once'");
		expect(count.body.QueryResponse?.totalCount).toBe(1);
		const [item] = first.body.BatchItemResponse as Body[];
		expect(entityOf(item ?? {}, "Customer").DisplayName).toBe("Batch Once");
	});
});
