import { afterEach, describe, expect, it } from "vitest";
import { type Client, faultCode, invoiceLines, reply, setup } from "./helpers.ts";

let client: Client;
afterEach(() => client.sim.close());

async function admin(method: string, path: string, body?: unknown) {
	return reply(
		await client.sim.app.request(`/admin${path}`, {
			method,
			headers: { "content-type": "application/json" },
			body: body === undefined ? undefined : JSON.stringify(body),
		}),
	);
}

describe("injected API faults", () => {
	it("throttles the next N requests with 429 and Retry-After, then serves normally", async () => {
		client = setup();
		const rule = await admin("POST", "/faults", { kind: "throttle", count: 2, retryAfterSeconds: 7 });
		expect(rule.status).toBe(201);
		for (let i = 0; i < 2; i++) {
			const res = await client.get("item/1");
			expect(res.status).toBe(429);
			expect(res.headers.get("retry-after")).toBe("7");
			expect(faultCode(res.body)).toBe("003001");
		}
		expect((await client.get("item/1")).status).toBe(200);
		const listed = await admin("GET", "/faults");
		expect(listed.body.faults).toMatchObject([{ kind: "throttle", fired: 2, remaining: 0 }]);
	});

	it("fails with a 500 SystemFault and writes nothing", async () => {
		client = setup();
		await admin("POST", "/faults", { kind: "fail", count: 1, match: "/invoice" });
		const before = await client.qty("1");
		const res = await client.post("invoice?requestid=retry-me", {
			CustomerRef: { value: "1" },
			Line: invoiceLines([["1", 2]]),
		});
		expect(res.status).toBe(500);
		expect(res.body.Fault?.type).toBe("SystemFault");
		expect(await client.qty("1")).toBe(before);
		const retry = await client.post("invoice?requestid=retry-me", {
			CustomerRef: { value: "1" },
			Line: invoiceLines([["1", 2]]),
		});
		expect(retry.status).toBe(200);
		expect(await client.qty("1")).toBe((before ?? 0) - 2);
	});

	it("refuses with a 400 ValidationFault (business validation, 6000) and writes nothing", async () => {
		client = setup();
		await admin("POST", "/faults", { kind: "refuse", count: 1, match: "/invoice" });
		const before = await client.qty("1");
		const res = await client.post("invoice", { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 2]]) });
		expect(res.status).toBe(400);
		expect(res.body.Fault?.type).toBe("ValidationFault");
		expect(res.body.Fault?.Error?.[0]?.code).toBe("6000");
		expect(await client.qty("1")).toBe(before);
	});

	it("loses the answer of a write it did: a retry with the same requestid gets the original, nothing twice", async () => {
		client = setup();
		await admin("POST", "/faults", { kind: "lost_response", count: 1, match: "/invoice" });
		const before = await client.qty("1");
		const invoices = async () => (await client.query("select count(*) from Invoice")).body.QueryResponse?.totalCount;
		const count = await invoices();
		const body = { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 2]]) };
		const lost = await client.post("invoice?requestid=lost-1", body);
		expect(lost.status).toBe(504);
		expect(lost.body.Fault?.type).toBe("SystemFault");
		// The invoice was made all the same…
		expect(await client.qty("1")).toBe((before ?? 0) - 2);
		// …and the retry answers it, without a second one.
		const retry = await client.post("invoice?requestid=lost-1", body);
		expect(retry.status).toBe(200);
		expect(await client.qty("1")).toBe((before ?? 0) - 2);
		expect(await invoices()).toBe(Number(count) + 1);
	});

	it("delays requests and times them out (hang, then 504)", async () => {
		client = setup();
		await admin("POST", "/faults", { kind: "delay", count: 1, ms: 120 });
		let started = Date.now();
		expect((await client.get("item/1")).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		await admin("POST", "/faults", { kind: "timeout", count: 1, ms: 100 });
		started = Date.now();
		const res = await client.get("item/1");
		expect(res.status).toBe(504);
		expect(Date.now() - started).toBeGreaterThanOrEqual(90);
	});

	it("targets one company, one path, or the OAuth token endpoint", async () => {
		client = setup();
		await admin("POST", "/faults", { kind: "fail", realmId: "1", match: "/query" });
		expect((await client.query("select * from Item")).status).toBe(200);
		await admin("DELETE", "/faults");
		await admin("POST", "/faults", { kind: "fail", realmId: client.realmId, match: "/query" });
		expect((await client.query("select * from Item")).status).toBe(500);
		expect((await client.get("item/1")).status).toBe(200);
		await admin("DELETE", "/faults");
		await admin("POST", "/faults", { kind: "throttle", target: "oauth" });
		expect((await client.get("item/1")).status).toBe(200);
		const token = await client.sim.app.request("/oauth2/v1/tokens/bearer", {
			method: "POST",
			headers: { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` },
			body: "grant_type=refresh_token&refresh_token=x",
		});
		expect(token.status).toBe(429);
	});

	it("fires probabilistic faults reproducibly for a seed", async () => {
		const outcomes: number[][] = [];
		for (let run = 0; run < 2; run++) {
			client = setup({ sim: { seed: 42 } });
			await admin("POST", "/faults", { kind: "fail", probability: 0.3 });
			const statuses: number[] = [];
			for (let i = 0; i < 30; i++) statuses.push((await client.get("item/1")).status);
			outcomes.push(statuses);
			client.sim.close();
		}
		expect(outcomes[0]).toEqual(outcomes[1]);
		expect(outcomes[0]).toContain(500);
		expect(outcomes[0]).toContain(200);
	});

	it("enforces QBO's per-company rate limits when turned on", async () => {
		client = setup();
		await admin("PATCH", "/settings", { limits: { enabled: true, perSecond: 10 } });
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) statuses.push((await client.get("item/1")).status);
		expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
		expect(statuses[10]).toBe(429);
	});

	it("validates fault rules", async () => {
		client = setup();
		expect((await admin("POST", "/faults", { kind: "explode" })).status).toBe(400);
		expect((await admin("POST", "/faults", { kind: "fail", probability: 2 })).status).toBe(400);
		const rule = await admin("POST", "/faults", { kind: "fail" });
		expect((await admin("DELETE", `/faults/${rule.body.id}`)).status).toBe(200);
		expect((await client.get("item/1")).status).toBe(200);
	});
});
