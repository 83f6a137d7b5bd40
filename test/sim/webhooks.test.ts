import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { signPayload } from "../../sim/webhooks/sign.ts";
import { type Client, eventually, invoiceLines, type Received, setup, startReceiver } from "./helpers.ts";

const VERIFIER = "00faeec4-08d0-4996-bb37-698ae19f0149";

type CloudEvent = {
	specversion: string;
	id: string;
	source: string;
	type: string;
	time: string;
	intuitentityid: string;
	intuitaccountid: string;
	data: Record<string, unknown>;
};

let client: Client | undefined;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => {
	client?.sim.close();
	await receiver?.close();
	client = undefined;
	receiver = undefined;
});

async function configure(c: Client, url: string, extra: Record<string, unknown> = {}) {
	const res = await c.sim.app.request(`/admin/companies/${c.realmId}/webhook`, {
		method: "PUT",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ url, verifier: VERIFIER, batchWindowMs: 30, ...extra }),
	});
	expect(res.status).toBe(200);
}

function events(received: Received[]): CloudEvent[] {
	return received.flatMap((r) => JSON.parse(r.body) as CloudEvent[]);
}

describe("webhook signature", () => {
	it("matches Intuit's published test vector (docs/qbo.md#signature)", () => {
		const body =
			'{"eventNotifications":[{"realmId":"1269959970","dataChangeEvent":{"entities":[{"name":"Vendor","id":"40","operation":"Update","lastUpdated":"2016-10-05T03:09:04.000Z"},{"name":"Customer","id":"43","operation":"Create","lastUpdated":"2016-10-05T03:07:04.000Z"}]}}]}';
		expect(signPayload(VERIFIER, body)).toBe("6q+xGyMirJupwKTh2/WBl2NcdxzxqdIbk3sneKTxLWM=");
		expect(signPayload(VERIFIER, Buffer.from(body))).toBe("6q+xGyMirJupwKTh2/WBl2NcdxzxqdIbk3sneKTxLWM=");
	});
});

describe("webhook deliveries", () => {
	it("sends signed CloudEvents for every change, several events per delivery", async () => {
		client = setup();
		receiver = await startReceiver();
		// A window wide enough that a slow machine still batches these writes together.
		await configure(client, receiver.url, { batchWindowMs: 250 });
		const customer = await client.save("Customer", { DisplayName: "Hook Customer" });
		const invoice = await client.save("Invoice", {
			CustomerRef: { value: customer.Id },
			Line: invoiceLines([["1", 1]]),
		});
		await client.post("invoice?operation=void", { Id: invoice.Id, SyncToken: invoice.SyncToken });
		await client.save("InventoryAdjustment", {
			AdjustAccountRef: { value: "10" },
			Line: [
				{ DetailType: "ItemAdjustmentLineDetail", ItemAdjustmentLineDetail: { ItemRef: { value: "1" }, QtyDiff: 1 } },
			],
		});
		const estimate = await client.save("Estimate", { CustomerRef: { value: "1" }, Line: invoiceLines([["1", 1]]) });
		await client.post("estimate?operation=delete", { Id: estimate.Id, SyncToken: estimate.SyncToken });
		expect(await client.sim.webhooks.idle(client.realmId)).toBe(true);

		for (const delivery of receiver.received) {
			const expected = createHmac("sha256", VERIFIER).update(delivery.body).digest("base64");
			expect(delivery.headers["intuit-signature"]).toBe(expected);
			expect(delivery.headers["content-type"]).toBe("application/json");
			expect(delivery.headers["user-agent"]).toBe("intuit_notification_server/0.1");
		}
		const all = events(receiver.received);
		expect(all.map((e) => [e.type, e.intuitentityid])).toEqual([
			["qbo.customer.created.v1", customer.Id],
			["qbo.invoice.created.v1", invoice.Id],
			["qbo.invoice.voided.v1", invoice.Id],
			["qbo.estimate.created.v1", estimate.Id],
			["qbo.estimate.deleted.v1", estimate.Id],
		]);
		expect(receiver.received.length).toBeLessThan(all.length);
		expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
		expect(all[0]).toMatchObject({ specversion: "1.0", intuitaccountid: client.realmId, data: {} });
		expect(all[0]?.source).toMatch(/^intuit\./);
	});

	it("sends the legacy eventNotifications format when the company is set to it", async () => {
		client = setup();
		receiver = await startReceiver();
		await configure(client, receiver.url, { format: "legacy", contentType: "application/json; charset=utf-8" });
		const vendor = await client.save("Vendor", { DisplayName: "Legacy Vendor" });
		await client.save("Vendor", { ...vendor, DisplayName: "Legacy Vendor 2" });
		expect(await client.sim.webhooks.idle(client.realmId)).toBe(true);
		const bodies = receiver.received.map((r) => JSON.parse(r.body));
		const entities = bodies.flatMap((b) => b.eventNotifications[0].dataChangeEvent.entities);
		expect(bodies[0].eventNotifications[0].realmId).toBe(client.realmId);
		expect(entities.map((e: { name: string; id: string; operation: string }) => [e.name, e.id, e.operation])).toEqual([
			["Vendor", vendor.Id, "Create"],
			["Vendor", vendor.Id, "Update"],
		]);
		expect(entities[0].lastUpdated).toMatch(/Z$/);
	});

	it("retries a failed delivery on Intuit's schedule with the same body, holding later events back", async () => {
		client = setup({ sim: { timeScale: 0.001 } });
		receiver = await startReceiver((index) => (index === 0 ? 500 : index === 1 ? 204 : 200));
		await configure(client, receiver.url);
		await client.save("Customer", { DisplayName: "First" });
		const received = receiver.received;
		await eventually(() => received.length >= 1);
		await client.save("Customer", { DisplayName: "Second" });
		expect(await client.sim.webhooks.idle(client.realmId)).toBe(true);
		expect(received).toHaveLength(4);
		const [a, b, c, d] = received;
		expect(b?.body).toBe(a?.body);
		expect(c?.body).toBe(a?.body);
		expect(c?.headers["intuit-signature"]).toBe(a?.headers["intuit-signature"]);
		expect(events([a as Received]).map((e) => e.type)).toEqual(["qbo.customer.created.v1"]);
		expect(events([d as Received])).toHaveLength(1);
		expect(events([d as Received])[0]?.id).not.toBe(events([a as Received])[0]?.id);
		// 10 s and 20 s scaled by 0.001
		expect((b?.atMs ?? 0) - (a?.atMs ?? 0)).toBeGreaterThanOrEqual(9);
		expect((c?.atMs ?? 0) - (b?.atMs ?? 0)).toBeGreaterThanOrEqual(19);
		const log = client.sim.webhooks.deliveries(client.realmId);
		expect(log.map((l) => [l.attempt, l.status, l.ok])).toEqual([
			[1, 500, false],
			[2, 204, false],
			[3, 200, true],
			[1, 200, true],
		]);
	});

	it("treats an answer slower than the delivery timeout as a failure", async () => {
		client = setup({ sim: { timeScale: 0.001 } });
		receiver = await startReceiver(async (index) => {
			if (index === 0) await new Promise((resolve) => setTimeout(resolve, 300));
			return 200;
		});
		await configure(client, receiver.url, { deliveryTimeoutMs: 100 });
		await client.save("Customer", { DisplayName: "Slowpoke" });
		expect(await client.sim.webhooks.idle(client.realmId)).toBe(true);
		const log = client.sim.webhooks.deliveries(client.realmId);
		expect(log[0]).toMatchObject({ attempt: 1, ok: false });
		expect(log[0]?.error).toMatch(/Timeout|abort/i);
		expect(log.at(-1)).toMatchObject({ attempt: 2, ok: true });
	});

	it("announces nothing for inventory adjustments (no webhook exists for them)", async () => {
		client = setup();
		receiver = await startReceiver();
		await configure(client, receiver.url);
		await client.save("InventoryAdjustment", {
			AdjustAccountRef: { value: "10" },
			Line: [
				{ DetailType: "ItemAdjustmentLineDetail", ItemAdjustmentLineDetail: { ItemRef: { value: "1" }, QtyDiff: 1 } },
			],
		});
		await new Promise((resolve) => setTimeout(resolve, 80));
		expect(receiver.received).toHaveLength(0);
	});
});

describe("notification faults", () => {
	async function addFault(c: Client, fault: Record<string, unknown>) {
		const res = await c.sim.app.request("/admin/faults", {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify(fault),
		});
		expect(res.status).toBe(201);
	}

	it("drops, duplicates and reorders events on demand", async () => {
		client = setup();
		receiver = await startReceiver();
		await configure(client, receiver.url, { batchWindowMs: 10, reorderHoldMs: 300 });
		await addFault(client, { kind: "drop", count: 1 });
		await client.save("Customer", { DisplayName: "Dropped" });
		await client.save("Customer", { DisplayName: "Kept" });
		expect(await client.sim.webhooks.idle(client.realmId)).toBe(true);
		expect(events(receiver.received).map((e) => e.intuitentityid)).toEqual(["4"]);

		receiver.received.length = 0;
		await addFault(client, { kind: "duplicate", count: 1 });
		await client.save("Customer", { DisplayName: "Twice" });
		expect(await client.sim.webhooks.idle(client.realmId)).toBe(true);
		expect(receiver.received).toHaveLength(2);
		const [once, twice] = events(receiver.received);
		expect(twice?.id).toBe(once?.id);

		receiver.received.length = 0;
		await addFault(client, { kind: "reorder", count: 1 });
		await client.save("Customer", { DisplayName: "Early" });
		await client.save("Customer", { DisplayName: "Late" });
		expect(await client.sim.webhooks.idle(client.realmId)).toBe(true);
		expect(events(receiver.received).map((e) => e.intuitentityid)).toEqual(["7", "6"]);
		const fates = client.sim.webhooks.events(client.realmId).map((e) => e.fate);
		expect(fates).toEqual(["dropped", "queued", "duplicated", "reordered", "queued"]);
	});

	it("decides probabilistic faults the same way for the same seed", async () => {
		const fates: string[][] = [];
		for (const run of [1, 2]) {
			const c = setup({ sim: { seed: "same-seed" } });
			const r = await startReceiver();
			await configure(c, r.url);
			await addFault(c, { kind: "drop", probability: 0.5 });
			for (let i = 0; i < 20; i++) await c.save("Customer", { DisplayName: `Customer ${run}-${i}` });
			await c.sim.webhooks.idle(c.realmId);
			fates.push(c.sim.webhooks.events(c.realmId).map((e) => e.fate));
			c.sim.close();
			await r.close();
		}
		expect(fates[0]).toEqual(fates[1]);
		expect(fates[0]).toContain("dropped");
		expect(fates[0]).toContain("queued");
	});
});
