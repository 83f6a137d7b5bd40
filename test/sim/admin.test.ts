import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../sim/simulator.ts";
import { eventually, reply, startReceiver } from "./helpers.ts";

let sim: Simulator;
afterEach(() => sim.close());

async function admin(method: string, path: string, body?: unknown) {
	return reply(
		await sim.app.request(`/admin${path}`, {
			method,
			headers: { "content-type": "application/json" },
			body: body === undefined ? undefined : JSON.stringify(body),
		}),
	);
}

async function api(realmId: string, token: string, path: string, body?: unknown) {
	return reply(
		await sim.app.request(`/v3/company/${realmId}/${path}`, {
			method: body === undefined ? "GET" : "POST",
			headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
			body: body === undefined ? undefined : JSON.stringify(body),
		}),
	);
}

describe("admin API", () => {
	it("creates a company with N items, accounts, a customer and a vendor, and hands out tokens", async () => {
		sim = createSimulator();
		const created = await admin("POST", "/companies", { items: 25, companyName: "Bench Co" });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			companyName: "Bench Co",
			counts: { Item: 25, Customer: 1, Vendor: 1, Account: 11, Preferences: 1, CompanyInfo: 1 },
		});
		const realmId = String(created.body.realmId);
		expect(realmId).toMatch(/^\d{16}$/);
		const tokens = await admin("POST", `/companies/${realmId}/tokens`, {});
		expect(tokens.status).toBe(201);
		const count = await api(realmId, String(tokens.body.access_token), "query?query=select%20count(*)%20from%20Item");
		expect(count.body.QueryResponse).toEqual({ totalCount: 25 });
		expect((await admin("GET", "/companies")).body.companies).toHaveLength(1);
		expect((await admin("POST", "/companies", { realmId })).status).toBe(409);
		expect((await admin("POST", "/companies", { items: -1 })).status).toBe(400);
		expect((await admin("GET", "/companies/123")).status).toBe(404);
	});

	it("counts each company's API calls by kind, and sets them back to zero", async () => {
		sim = createSimulator();
		const realmId = String((await admin("POST", "/companies", { items: 2 })).body.realmId);
		const token = String((await admin("POST", `/companies/${realmId}/tokens`, {})).body.access_token);
		await api(realmId, token, `query?query=${encodeURIComponent("SELECT * FROM Item")}`);
		await api(realmId, token, `query?query=${encodeURIComponent("SELECT * FROM Item WHERE Id IN ('1', '2')")}`);
		await api(realmId, token, "item/1");
		await api(realmId, token, `cdc?entities=Item&changedSince=${encodeURIComponent(new Date(0).toISOString())}`);
		expect((await admin("GET", `/companies/${realmId}/calls`)).body).toEqual({
			realmId,
			calls: { read: 1, query: 2, queryById: 1, cdc: 1, batch: 0, write: 0 },
		});
		expect((await admin("DELETE", `/companies/${realmId}/calls`)).status).toBe(200);
		expect((await admin("GET", `/companies/${realmId}/calls`)).body).toMatchObject({ calls: { query: 0, read: 0 } });
		expect((await admin("GET", "/companies/123/calls")).status).toBe(404);
	});

	it("generates the same company for the same seed", async () => {
		const snapshots: unknown[] = [];
		for (let run = 0; run < 2; run++) {
			sim = createSimulator({ seed: "repeat" });
			const company = sim.createCompany({ items: 5 });
			snapshots.push({
				realmId: company.realmId,
				qty: company.all("Item").map((i) => [i.Name, i.QtyOnHand, i.UnitPrice]),
			});
			sim.close();
		}
		expect(snapshots[0]).toEqual(snapshots[1]);
	});

	it("resets to an empty simulator", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 1 });
		const token = sim.oauth.connect(company.realmId, "c", "com.intuit.quickbooks.accounting").access_token;
		await admin("POST", "/faults", { kind: "fail" });
		expect((await admin("POST", "/reset", { seed: 7 })).status).toBe(200);
		expect((await admin("GET", "/companies")).body.companies).toEqual([]);
		expect((await admin("GET", "/faults")).body.faults).toEqual([]);
		expect((await api(company.realmId, token, "item/1")).status).toBe(401);
	});

	it("configures webhooks, shows their deliveries and validates the configuration", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 1, customers: 2 });
		const receiver = await startReceiver();
		try {
			const bad = await admin("PUT", `/companies/${company.realmId}/webhook`, { url: "not a url", verifier: "v" });
			expect(bad.status).toBe(400);
			const config = await admin("PUT", `/companies/${company.realmId}/webhook`, {
				url: receiver.url,
				verifier: "v",
				batchWindowMs: 60_000,
			});
			expect(config.body).toMatchObject({ format: "cloudevents", maxEventsPerDelivery: 100, deliveryTimeoutMs: 3000 });
			const token = sim.oauth.connect(company.realmId, "c", "com.intuit.quickbooks.accounting").access_token;
			await api(company.realmId, token, "customer", { DisplayName: "Flushed" });
			expect((await admin("GET", `/companies/${company.realmId}/webhook`)).body.status).toMatchObject({ pending: 1 });
			const flushed = await admin("POST", `/companies/${company.realmId}/webhook/flush?waitMs=5000`);
			expect(flushed.body.idle).toBe(true);
			const log = await admin("GET", `/companies/${company.realmId}/webhook/deliveries`);
			expect(log.body.deliveries).toMatchObject([{ attempt: 1, status: 200, ok: true }]);
			expect(receiver.received).toHaveLength(1);
		} finally {
			await receiver.close();
		}
	});

	it("merges two customers as QBO's UI does: references move, a Merge event is sent", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 1, customers: 2 });
		const receiver = await startReceiver();
		try {
			await admin("PUT", `/companies/${company.realmId}/webhook`, {
				url: receiver.url,
				verifier: "v",
				batchWindowMs: 0,
			});
			const token = sim.oauth.connect(company.realmId, "c", "com.intuit.quickbooks.accounting").access_token;
			const invoice = await api(company.realmId, token, "invoice", {
				CustomerRef: { value: "2" },
				Line: [{ DetailType: "SalesItemLineDetail", SalesItemLineDetail: { ItemRef: { value: "1" }, Qty: 1 } }],
			});
			const id = (invoice.body.Invoice as { Id: string }).Id;
			expect(
				(await admin("POST", `/companies/${company.realmId}/merge`, { entity: "Customer", fromId: "2", toId: "1" }))
					.status,
			).toBe(200);
			const read = await api(company.realmId, token, `invoice/${id}`);
			expect(read.body.Invoice).toMatchObject({ CustomerRef: { value: "1", name: "Amy's Bird Sanctuary" } });
			const merged = await api(company.realmId, token, "customer/2");
			expect(merged.body.Customer).toMatchObject({ Active: false });
			await eventually(() => receiver.received.some((r) => r.body.includes("merged")));
			const events = receiver.received.flatMap(
				(r) => JSON.parse(r.body) as { type: string; intuitentityid: string; data: unknown }[],
			);
			expect(events.find((e) => e.type === "qbo.customer.merged.v1")).toMatchObject({
				intuitentityid: "1",
				data: { deletedid: "2" },
			});
		} finally {
			await receiver.close();
		}
	});

	it("stores an entity as given, so that a client meets an answer QBO should not give", async () => {
		sim = createSimulator();
		const company = sim.createCompany({ items: 1, customers: 1 });
		const token = sim.oauth.connect(company.realmId, "c", "com.intuit.quickbooks.accounting").access_token;
		const invoice = await api(company.realmId, token, "invoice", {
			CustomerRef: { value: "1" },
			Line: [{ DetailType: "SalesItemLineDetail", SalesItemLineDetail: { ItemRef: { value: "1" }, Qty: 1 } }],
		});
		const stored = invoice.body.Invoice as { Id: string; Line: { SalesItemLineDetail?: object }[] };
		const broken = { ...stored, Line: [{ DetailType: "SalesItemLineDetail", SalesItemLineDetail: { Qty: 1 } }] };
		const put = await admin("PUT", `/companies/${company.realmId}/entities/invoice/${stored.Id}`, broken);
		expect(put.status).toBe(200);
		const query = `select * from Invoice where Id in ('${stored.Id}')`;
		const read = await api(company.realmId, token, `query?query=${encodeURIComponent(query)}`);
		expect(read.body.QueryResponse?.Invoice).toEqual([broken]);

		expect((await admin("PUT", `/companies/${company.realmId}/entities/widget/1`, {})).status).toBe(404);
		expect((await admin("PUT", "/companies/123/entities/invoice/1", {})).status).toBe(404);
		expect((await admin("PUT", `/companies/${company.realmId}/entities/invoice/1`, [1])).status).toBe(400);
	});

	it("changes settings: token lifetimes and time scale", async () => {
		sim = createSimulator();
		const res = await admin("PATCH", "/settings", { accessTokenTtlSeconds: 5, timeScale: 0.01 });
		expect(res.body).toMatchObject({ timeScale: 0.01, tokens: { accessTokenTtlSeconds: 5 } });
		const company = sim.createCompany({ items: 0 });
		expect(sim.oauth.connect(company.realmId, "c", "s").expires_in).toBe(5);
		expect((await admin("PATCH", "/settings", { timeScale: -1 })).status).toBe(400);
	});
});
