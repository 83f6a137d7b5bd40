/**
 * `POST /webhooks/qbo` through the real Worker: Intuit's signature (its published test vector,
 * forgeries), both payload formats and content types, several realms per delivery, duplicates
 * (also concurrent), bodies it cannot read (dead letters), oversize bodies.
 */
import { env, exports } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_WEBHOOK_BODY_BYTES } from "../../worker/api/entry/webhook-route";
import { deadLetters } from "../../worker/db/schema";
import { verifyQboSignature } from "../../worker/qbo/webhook-signature";
import { cloudEventsBody, makeCloudEvent, makeMergeEvent } from "../fixtures/qbo/webhooks/cloudevents";
import { INTUIT_VECTOR } from "../fixtures/qbo/webhooks/intuit-signature-vector";
import { legacyBody, makeLegacyEntity, makeLegacyNotification } from "../fixtures/qbo/webhooks/legacy";
import { db } from "./helpers";
import { deadLettersContaining, freshRealm, inboxOf, postQboWebhook, signQboBody } from "./qbo-webhook-client";

const utf8 = (text: string) => new TextEncoder().encode(text);

afterEach(() => {
	vi.restoreAllMocks();
});

/** Asserts that nothing of a refused delivery was kept: the realm's inbox and the dead letters. */
async function expectNothingStored(realmId: string, marker: string) {
	expect(await inboxOf(realmId)).toEqual({ pending: [], seen: 0 });
	expect(await deadLettersContaining(marker)).toEqual([]);
}

describe("the webhook signature", () => {
	it("verifies Intuit's published test vector", async () => {
		expect(env.QBO_WEBHOOK_VERIFIER).toBe(INTUIT_VECTOR.verifier);
		expect(await verifyQboSignature(INTUIT_VECTOR.verifier, utf8(INTUIT_VECTOR.body), INTUIT_VECTOR.signature)).toBe(
			"valid",
		);
	});

	it("refuses the vector's signature over a body changed by one byte, or under another token", async () => {
		const altered = INTUIT_VECTOR.body.replace('"id":"40"', '"id":"41"');
		expect(await verifyQboSignature(INTUIT_VECTOR.verifier, utf8(altered), INTUIT_VECTOR.signature)).toBe("invalid");
		expect(
			await verifyQboSignature(
				"11faeec4-08d0-4996-bb37-698ae19f0149",
				utf8(INTUIT_VECTOR.body),
				INTUIT_VECTOR.signature,
			),
		).toBe("invalid");
	});

	it("tells a missing signature from a malformed one", async () => {
		const body = utf8(INTUIT_VECTOR.body);
		expect(await verifyQboSignature(INTUIT_VECTOR.verifier, body, null)).toBe("missing");
		expect(await verifyQboSignature(INTUIT_VECTOR.verifier, body, "  ")).toBe("missing");
		expect(await verifyQboSignature(INTUIT_VECTOR.verifier, body, "not base64!")).toBe("invalid");
		expect(await verifyQboSignature(INTUIT_VECTOR.verifier, body, "AAAA")).toBe("invalid");
	});
});

describe("POST /webhooks/qbo: deliveries it accepts", () => {
	it("takes Intuit's test vector as sent and queues both of its events", async () => {
		const res = await postQboWebhook(INTUIT_VECTOR.body, {
			signature: INTUIT_VECTOR.signature,
			contentType: "application/json",
		});
		expect(res.status).toBe(200);
		expect(res.json()).toMatchObject({ format: "legacy", accepted: 2, duplicates: 0, deadLettered: false });
		const { pending } = await inboxOf("1269959970");
		expect(pending).toEqual([
			{
				key: "1269959970/Vendor/40/update/2016-10-05T03:09:04.000Z",
				realmId: "1269959970",
				entity: "Vendor",
				entityId: "40",
				operation: "update",
				occurredAt: "2016-10-05T03:09:04.000Z",
			},
			{
				key: "1269959970/Customer/43/create/2016-10-05T03:07:04.000Z",
				realmId: "1269959970",
				entity: "Customer",
				entityId: "43",
				operation: "create",
				occurredAt: "2016-10-05T03:07:04.000Z",
			},
		]);
	});

	it("does not take a bearer token in place of the signature", async () => {
		const realm = freshRealm();
		const body = cloudEventsBody([makeCloudEvent({ intuitaccountid: realm })]);
		const res = await exports.default.fetch(
			new Request("http://stockroom.test/webhooks/qbo", {
				method: "POST",
				headers: { authorization: "Bearer whatever", "content-type": "application/json" },
				body,
			}),
		);
		expect(res.status).toBe(401);
		expect(await inboxOf(realm)).toEqual({ pending: [], seen: 0 });
	});

	it.each([["application/cloudevents+json"], ["application/json"], ["application/json; charset=utf-8"], [null]])(
		"accepts CloudEvents sent as %s",
		async (contentType) => {
			const realm = freshRealm();
			const event = makeCloudEvent({
				intuitaccountid: realm,
				type: "qbo.salesreceipt.updated.v1",
				intuitentityid: "88",
			});
			const res = await postQboWebhook(cloudEventsBody([event]), { contentType });
			expect(res.status).toBe(200);
			expect(res.json()).toMatchObject({ format: "cloudevents", accepted: 1, duplicates: 0 });
			expect((await inboxOf(realm)).pending).toEqual([
				{
					key: event.id,
					realmId: realm,
					entity: "SalesReceipt",
					entityId: "88",
					operation: "update",
					occurredAt: event.time,
				},
			]);
		},
	);

	it.each([["application/json"], ["application/cloudevents+json"], [null]])(
		"accepts the legacy format sent as %s",
		async (contentType) => {
			const realm = freshRealm();
			const body = legacyBody([
				makeLegacyNotification(realm, [
					makeLegacyEntity({ name: "Invoice", id: "1045", operation: "Void" }),
					makeLegacyEntity({ name: "Item", id: "7", operation: "Create", lastUpdated: "2026-03-02T14:12:41.000Z" }),
				]),
			]);
			const res = await postQboWebhook(body, { contentType });
			expect(res.status).toBe(200);
			const { pending } = await inboxOf(realm);
			expect(pending.map((e) => [e.entity, e.entityId, e.operation, e.occurredAt])).toEqual([
				["Invoice", "1045", "void", "2026-03-02T14:12:40.000Z"],
				["Item", "7", "create", "2026-03-02T14:12:41.000Z"],
			]);
		},
	);

	it("hands each realm of a CloudEvents delivery its own events, in order", async () => {
		const [a, b, c] = [freshRealm(), freshRealm(), freshRealm()];
		const events = [
			makeCloudEvent({ intuitaccountid: a, intuitentityid: "1" }),
			makeCloudEvent({ intuitaccountid: b, intuitentityid: "2", type: "qbo.bill.created.v1" }),
			makeCloudEvent({ intuitaccountid: a, intuitentityid: "3", type: "qbo.invoice.deleted.v1" }),
			makeCloudEvent({ intuitaccountid: c, intuitentityid: "4", type: "qbo.vendorcredit.updated.v1" }),
		];
		const res = await postQboWebhook(cloudEventsBody(events));
		expect(res.json()).toMatchObject({ accepted: 4, duplicates: 0 });
		const ids = async (realm: string) =>
			(await inboxOf(realm)).pending.map((e) => `${e.entity}:${e.entityId}:${e.operation}`);
		expect(await ids(a)).toEqual(["Invoice:1:create", "Invoice:3:delete"]);
		expect(await ids(b)).toEqual(["Bill:2:create"]);
		expect(await ids(c)).toEqual(["VendorCredit:4:update"]);
	});

	it("hands each realm of a legacy delivery its own events", async () => {
		const [a, b] = [freshRealm(), freshRealm()];
		const body = legacyBody([
			makeLegacyNotification(a, [makeLegacyEntity({ name: "Estimate", id: "12", operation: "Emailed" })]),
			makeLegacyNotification(b, [
				makeLegacyEntity({ name: "PurchaseOrder", id: "5", operation: "Create" }),
				makeLegacyEntity({ name: "Vendor", id: "9", operation: "Merge", deletedId: "8" }),
			]),
		]);
		expect((await postQboWebhook(body, { contentType: "application/json" })).json()).toMatchObject({ accepted: 3 });
		expect((await inboxOf(a)).pending.map((e) => e.entity)).toEqual(["Estimate"]);
		expect((await inboxOf(b)).pending).toMatchObject([
			{ entity: "PurchaseOrder", entityId: "5", operation: "create" },
			{ entity: "Vendor", entityId: "9", operation: "merge", deletedId: "8" },
		]);
	});

	it("keeps the merged-away id of a CloudEvents merge", async () => {
		const realm = freshRealm();
		await postQboWebhook(cloudEventsBody([makeMergeEvent(realm, "123", "27")]));
		expect((await inboxOf(realm)).pending).toMatchObject([
			{ entity: "Customer", entityId: "123", operation: "merge", deletedId: "27" },
		]);
	});

	it("does not fail a delivery over an unknown verb or entity: kept as sent, and logged", async () => {
		const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
		const realm = freshRealm();
		const events = [
			makeCloudEvent({ intuitaccountid: realm, type: "qbo.invoice.archived.v1", intuitentityid: "1" }),
			makeCloudEvent({ intuitaccountid: realm, type: "qbo.workorder.created.v1", intuitentityid: "2" }),
			makeCloudEvent({ intuitaccountid: realm, type: "qbo.invoice.voided.v1", intuitentityid: "3" }),
		];
		const res = await postQboWebhook(cloudEventsBody(events));
		expect(res.status).toBe(200);
		expect(res.json()).toMatchObject({ accepted: 3, rejected: 0, deadLettered: false });
		expect((await inboxOf(realm)).pending.map((e) => `${e.entity}:${e.operation}`)).toEqual([
			"Invoice:archived",
			"Workorder:create",
			"Invoice:void",
		]);
		const logged = warn.mock.calls.map((call) => String(call[0])).join("\n");
		expect(logged).toContain('unknown operation "archived"');
		expect(logged).toContain('unknown entity "workorder"');
	});

	it("accepts a body of exactly the size limit", async () => {
		const realm = freshRealm();
		const json = cloudEventsBody([makeCloudEvent({ intuitaccountid: realm })]);
		const body = json + " ".repeat(MAX_WEBHOOK_BODY_BYTES - utf8(json).length);
		expect(utf8(body).length).toBe(MAX_WEBHOOK_BODY_BYTES);
		expect((await postQboWebhook(body)).status).toBe(200);
		expect((await inboxOf(realm)).pending).toHaveLength(1);
	});
});

describe("POST /webhooks/qbo: duplicates", () => {
	it("queues the same CloudEvents id once, whatever else the repeat says", async () => {
		const realm = freshRealm();
		const event = makeCloudEvent({ intuitaccountid: realm });
		expect((await postQboWebhook(cloudEventsBody([event]))).json()).toMatchObject({ accepted: 1, duplicates: 0 });
		const repeat = { ...event, time: "2026-03-02T15:00:00Z", type: "qbo.invoice.updated.v1" };
		expect((await postQboWebhook(cloudEventsBody([repeat, event]))).json()).toMatchObject({
			accepted: 0,
			duplicates: 2,
		});
		expect(await inboxOf(realm)).toMatchObject({ pending: [{ key: event.id, operation: "create" }], seen: 1 });
	});

	it("queues the same legacy realm/entity/id/operation/time once, even with the time written another way", async () => {
		const realm = freshRealm();
		const first = legacyBody([
			makeLegacyNotification(realm, [makeLegacyEntity({ lastUpdated: "2026-03-02T06:12:40-0800" })]),
		]);
		const again = legacyBody([
			makeLegacyNotification(realm, [
				makeLegacyEntity({ lastUpdated: "2026-03-02T14:12:40.000Z" }),
				// Same entity, another operation or time: a different event.
				makeLegacyEntity({ operation: "Delete" }),
				makeLegacyEntity({ lastUpdated: "2026-03-02T06:12:41-0800" }),
			]),
		]);
		expect((await postQboWebhook(first)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
		expect((await postQboWebhook(again)).json()).toMatchObject({ accepted: 2, duplicates: 1 });
		expect((await inboxOf(realm)).pending.map((e) => `${e.operation}@${e.occurredAt}`)).toEqual([
			"update@2026-03-02T14:12:40.000Z",
			"delete@2026-03-02T14:12:40.000Z",
			"update@2026-03-02T14:12:41.000Z",
		]);
	});

	it("queues each event once when twenty copies of a delivery arrive at the same time", async () => {
		const [a, b] = [freshRealm(), freshRealm()];
		const cloud = cloudEventsBody([
			makeCloudEvent({ intuitaccountid: a }),
			makeCloudEvent({ intuitaccountid: b }),
			makeCloudEvent({ intuitaccountid: a }),
		]);
		const legacy = legacyBody([makeLegacyNotification(b, [makeLegacyEntity({ id: "77" })])]);
		const answers = await Promise.all(
			Array.from({ length: 20 }, (_, i) => postQboWebhook(i % 2 === 0 ? cloud : legacy)),
		);
		expect(answers.every((r) => r.status === 200)).toBe(true);
		const totals = answers.map((r) => r.json() as { accepted: number; duplicates: number });
		expect(totals.reduce((sum, t) => sum + t.accepted, 0)).toBe(4);
		expect(totals.reduce((sum, t) => sum + t.duplicates, 0)).toBe(10 * 3 + 10 * 1 - 4);
		expect((await inboxOf(a)).pending).toHaveLength(2);
		expect((await inboxOf(b)).pending).toHaveLength(2);
	});
});

describe("POST /webhooks/qbo: bodies it cannot read", () => {
	it.each([
		["not JSON", (marker: string) => `{"eventNotifications":[{"realmId":"${marker}"`],
		["JSON of another shape", (marker: string) => JSON.stringify({ hello: marker })],
		["a JSON string", (marker: string) => JSON.stringify(marker)],
	])("answers 200 to a signed body that is %s, and keeps it once as a dead letter", async (_, makeBody) => {
		vi.spyOn(console, "warn").mockImplementation(() => {});
		const marker = `dl-${crypto.randomUUID()}`;
		const body = makeBody(marker);
		const res = await postQboWebhook(body, { contentType: "application/json" });
		expect(res.status).toBe(200);
		expect(res.json()).toMatchObject({ format: null, accepted: 0, deadLettered: true });
		// Intuit sending it again leaves one letter, not two.
		expect((await postQboWebhook(body, { contentType: "application/json" })).status).toBe(200);
		const letters = await deadLettersContaining(marker);
		expect(letters).toHaveLength(1);
		expect(letters[0]).toMatchObject({ body, contentType: "application/json" });
		expect(letters[0]?.reason).toBeTruthy();
	});

	it("keeps a signed body that is not UTF-8 as base64", async () => {
		vi.spyOn(console, "warn").mockImplementation(() => {});
		const marker = crypto.randomUUID();
		const bytes = new Uint8Array([...utf8(`[${marker}`), 0xff, 0xfe, 0x00]);
		const res = await postQboWebhook(bytes, { contentType: "application/octet-stream" });
		expect(res.status).toBe(200);
		const base64 = btoa(String.fromCharCode(...bytes));
		const letters = await deadLettersContaining(base64);
		expect(letters).toHaveLength(1);
		expect(letters[0]?.reason).toContain("base64");
	});

	it("keeps an unreadable body too large for one D1 row in parts that join back into it", async () => {
		vi.spyOn(console, "warn").mockImplementation(() => {});
		const marker = crypto.randomUUID();
		// 1 + 36 ASCII bytes, then two-byte characters: the 1 000 000-byte cut falls inside one.
		const body = `{${marker}${"é".repeat(750_000)}`;
		expect((await postQboWebhook(body, { contentType: "application/json" })).status).toBe(200);
		const [first] = await deadLettersContaining(marker);
		const prefix = first?.id.split(".")[0] ?? "";
		const parts = await db
			.select()
			.from(deadLetters)
			.where(sql`substr(${deadLetters.id}, 1, ${prefix.length}) = ${prefix}`)
			.orderBy(deadLetters.id);
		expect(parts.map((p) => p.id)).toEqual([`${prefix}.1`, `${prefix}.2`]);
		expect(parts.map((p) => p.body).join("")).toBe(body);
		expect(parts[1]?.reason).toContain("part 2 of 2");
	});

	it("queues the readable events of a delivery and keeps the whole body as a dead letter", async () => {
		vi.spyOn(console, "warn").mockImplementation(() => {});
		const realm = freshRealm();
		const good = makeCloudEvent({ intuitaccountid: realm });
		const { intuitaccountid: _, ...noRealm } = makeCloudEvent({ intuitentityid: "404" });
		const badType = makeCloudEvent({ intuitaccountid: realm, type: "com.example.thing" });
		const body = cloudEventsBody([good, noRealm, badType]);
		const res = await postQboWebhook(body);
		expect(res.status).toBe(200);
		expect(res.json()).toMatchObject({ accepted: 1, rejected: 2, deadLettered: true });
		expect((await inboxOf(realm)).pending.map((e) => e.key)).toEqual([good.id]);
		const [letter] = await deadLettersContaining(good.id);
		expect(letter?.body).toBe(body);
		expect(letter?.reason).toContain("2 of 3 events");
		expect(letter?.reason).toContain("intuitaccountid");
	});

	it("refuses a body over the limit with 413 and keeps nothing", async () => {
		const realm = freshRealm();
		const marker = crypto.randomUUID();
		const json = cloudEventsBody([makeCloudEvent({ intuitaccountid: realm, id: marker })]);
		const body = json + " ".repeat(MAX_WEBHOOK_BODY_BYTES + 1 - utf8(json).length);
		const res = await postQboWebhook(body);
		expect(res.status).toBe(413);
		expect(res.headers.get("content-type")).toBe("application/problem+json");
		expect(res.json()).toMatchObject({ status: 413, code: "payload_too_large" });
		await expectNothingStored(realm, marker);
	});
});

describe("POST /webhooks/qbo: signatures it refuses", () => {
	async function refused(signature: (body: string) => Promise<string | null> | string | null, status: number) {
		const realm = freshRealm();
		const marker = crypto.randomUUID();
		// A body that would also be a dead letter if it got in: neither path may store anything.
		for (const body of [cloudEventsBody([makeCloudEvent({ intuitaccountid: realm, id: marker })]), `{${marker}`]) {
			const res = await postQboWebhook(body, { signature: await signature(body) });
			expect(res.status).toBe(status);
			expect(res.headers.get("content-type")).toBe("application/problem+json");
			expect(res.json()).toMatchObject({ status, code: status === 401 ? "unauthorized" : "forbidden" });
		}
		await expectNothingStored(realm, marker);
	}

	it("answers 401 when the signature is missing", async () => {
		await refused(() => null, 401);
	});

	it("answers 401 when the signature header is empty", async () => {
		await refused(() => "", 401);
	});

	it("answers 403 to a forged signature", async () => {
		await refused(() => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))), 403);
	});

	it("answers 403 to a body signed with another verifier token", async () => {
		await refused((body) => signQboBody(body, "a-different-verifier-token"), 403);
	});

	it("answers 403 to a true signature of another body", async () => {
		await refused(() => signQboBody("[]"), 403);
	});

	it("answers 403 to Intuit's test-vector signature on another body", async () => {
		await refused(() => INTUIT_VECTOR.signature, 403);
	});

	it("answers 403 to a signature that is not base64", async () => {
		await refused(() => "sha256=deadbeef", 403);
	});
});
