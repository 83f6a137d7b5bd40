import { afterEach, describe, expect, it } from "vitest";
import { type Body, type Client, type Entity, faultCode, invoiceLines, manualClock, setup } from "./helpers.ts";

let client: Client;
afterEach(() => client.sim.close());

type CdcPart = { startPosition?: number; maxResults?: number; totalCount?: number; [entity: string]: unknown };

function parts(body: Body): CdcPart[] {
	const cdc = body.CDCResponse as { QueryResponse: CdcPart[] }[] | undefined;
	return cdc?.[0]?.QueryResponse ?? [];
}

function objects(body: Body, entity: string): Entity[] {
	return parts(body).flatMap((part) => (part[entity] as Entity[] | undefined) ?? []);
}

describe("cdc", () => {
	it("returns what changed since a time, with deleted stubs, per entity", async () => {
		const clock = manualClock();
		client = setup({ sim: { now: clock.now } });
		clock.advance(60_000);
		const since = new Date(clock.now()).toISOString();
		clock.advance(1000);
		const kept = await client.save("Invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 1]]) });
		const gone = await client.save("Invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["2", 1]]) });
		clock.advance(1000);
		await client.post("invoice?operation=delete", { Id: gone.Id, SyncToken: gone.SyncToken });
		const customer = await client.read("Customer", "2");
		await client.save("Customer", { Id: "2", SyncToken: customer.SyncToken, sparse: true, Active: false });

		const res = await client.get(`cdc?entities=Invoice,Customer,Item&changedSince=${encodeURIComponent(since)}`);
		expect(res.status).toBe(200);
		const invoices = objects(res.body, "Invoice");
		expect(invoices.map((i) => i.Id)).toEqual([kept.Id, gone.Id]);
		expect(invoices[1]).toMatchObject({ domain: "QBO", status: "Deleted", Id: gone.Id });
		expect(invoices[1]?.MetaData.LastUpdatedTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-07:00$/);
		expect(invoices[0]?.Line).toBeDefined();
		expect(objects(res.body, "Customer").map((c) => [c.Id, c.Active])).toEqual([["2", false]]);
		expect(objects(res.body, "Item")).toEqual([]);
		const invoicePart = parts(res.body).find((p) => p.Invoice);
		expect(invoicePart).toMatchObject({ startPosition: 1, maxResults: 2, totalCount: 2 });
		expect(res.body.time).toBeTypeOf("string");
	});

	it("answers [{}] when nothing changed, and refuses windows older than 30 days", async () => {
		const clock = manualClock();
		client = setup({ sim: { now: clock.now } });
		clock.advance(5000);
		const none = await client.get(`cdc?entities=Invoice&changedSince=${new Date(clock.now()).toISOString()}`);
		expect(none.body.CDCResponse).toEqual([{ QueryResponse: [{}] }]);
		const old = await client.get(
			`cdc?entities=Invoice&changedSince=${new Date(clock.now() - 31 * 86_400_000).toISOString()}`,
		);
		expect([old.status, faultCode(old.body)]).toEqual([400, "4001"]);
		const missing = await client.get("cdc?entities=Invoice");
		expect(faultCode(missing.body)).toBe("2020");
	});

	it("stops at 1000 objects across entities, oldest changes first", async () => {
		const clock = manualClock();
		client = setup({ sim: { now: clock.now }, company: { items: 0, bundles: 0 } });
		clock.advance(1000);
		const since = new Date(clock.now()).toISOString();
		for (let i = 0; i < 1005; i++) {
			clock.advance(10);
			await client.save(i % 2 === 0 ? "Customer" : "Vendor", { DisplayName: `Party ${i}` });
		}
		const res = await client.get(`cdc?entities=Vendor,Customer&changedSince=${encodeURIComponent(since)}`);
		const customers = objects(res.body, "Customer");
		const vendors = objects(res.body, "Vendor");
		expect(customers.length + vendors.length).toBe(1000);
		const names = [...customers, ...vendors].map((p) => p.DisplayName);
		expect(names).toContain("Party 999");
		expect(names).not.toContain("Party 1000");
		expect(parts(res.body).map((p) => Object.keys(p).find((k) => k === "Vendor" || k === "Customer"))).toEqual([
			"Vendor",
			"Customer",
		]);
	});
});
