/**
 * The webhook parser on its own (pure): both payload formats into `InboundEvent`s, entity names
 * and verbs normalized, QBO's timestamp shapes, and what it refuses without failing the rest.
 */
import { describe, expect, it } from "vitest";
import { normalizeEntityName } from "../../worker/qbo/entity-names";
import { parseQboTime } from "../../worker/qbo/qbo-time";
import { type ParsedDelivery, parseWebhookBody, parseWebhookPayload } from "../../worker/qbo/webhook-events";
import { cloudEventsBody, makeClassEvent, makeCloudEvent, makeMergeEvent } from "../fixtures/qbo/webhooks/cloudevents";
import { INTUIT_VECTOR } from "../fixtures/qbo/webhooks/intuit-signature-vector";
import { legacyBody, makeLegacyEntity, makeLegacyNotification } from "../fixtures/qbo/webhooks/legacy";

const bytes = (text: string) => new TextEncoder().encode(text);

function parsedOk(delivery: ParsedDelivery) {
	if (!delivery.ok) throw new Error(`expected a parsed delivery, got: ${delivery.reason}`);
	return delivery;
}

describe("parseWebhookBody: CloudEvents", () => {
	it("reads an Intuit-shaped event into an InboundEvent", () => {
		const event = makeCloudEvent({
			id: "5b0e7c71-3f0a-4d8e-9b5e-2a1f6c7d8e90",
			type: "qbo.invoice.updated.v1",
			time: "2026-03-02T14:05:11.118Z",
			intuitentityid: "1045",
			intuitaccountid: "9130357000000001",
		});
		expect(parsedOk(parseWebhookBody(bytes(cloudEventsBody([event]))))).toEqual({
			ok: true,
			format: "cloudevents",
			events: [
				{
					key: "5b0e7c71-3f0a-4d8e-9b5e-2a1f6c7d8e90",
					realmId: "9130357000000001",
					entity: "Invoice",
					entityId: "1045",
					operation: "update",
					occurredAt: "2026-03-02T14:05:11.118Z",
				},
			],
			rejected: [],
			warnings: [],
		});
	});

	it.each([
		["created", "create"],
		["updated", "update"],
		["deleted", "delete"],
		["merged", "merge"],
		["voided", "void"],
		["void", "void"],
		["emailed", "emailed"],
		["Updated", "update"],
	])("reads the verb %s as %s", (verb, operation) => {
		const parsed = parsedOk(parseWebhookPayload([makeCloudEvent({ type: `qbo.invoice.${verb}.v1` })]));
		expect(parsed.events[0]?.operation).toBe(operation);
		expect(parsed.warnings).toEqual([]);
	});

	it.each([
		["invoice", "Invoice"],
		["salesreceipt", "SalesReceipt"],
		["vendorcredit", "VendorCredit"],
		["purchaseorder", "PurchaseOrder"],
		["creditmemo", "CreditMemo"],
		["refundreceipt", "RefundReceipt"],
		["inventoryadjustment", "InventoryAdjustment"],
		["item", "Item"],
		["vendor", "Vendor"],
		["department", "Department"],
		["estimate", "Estimate"],
		["bill", "Bill"],
		["purchase", "Purchase"],
		["customer", "Customer"],
		["account", "Account"],
		["preferences", "Preferences"],
		["billpayment", "BillPayment"],
		["journalentry", "JournalEntry"],
	])("names the entity %s %s", (raw, name) => {
		const parsed = parsedOk(parseWebhookPayload([makeCloudEvent({ type: `qbo.${raw}.updated.v1` })]));
		expect(parsed.events[0]?.entity).toBe(name);
	});

	it("keeps an unknown verb, lower-case, with a warning", () => {
		const parsed = parsedOk(parseWebhookPayload([makeCloudEvent({ type: "qbo.invoice.Archived.v1" })]));
		expect(parsed.events[0]?.operation).toBe("archived");
		expect(parsed.rejected).toEqual([]);
		expect(parsed.warnings).toEqual(['[0]: unknown operation "Archived", kept as archived']);
	});

	it("does not mistake a verb or entity named like an object property for a known one", () => {
		const parsed = parsedOk(parseWebhookPayload([makeCloudEvent({ type: "qbo.constructor.constructor.v1" })]));
		expect(parsed.events[0]).toMatchObject({ entity: "Constructor", operation: "constructor" });
		expect(parsed.warnings).toHaveLength(2);
	});

	it("PascalCases an unknown entity, with a warning", () => {
		const parsed = parsedOk(parseWebhookPayload([makeCloudEvent({ type: "qbo.work_order.created.v1" })]));
		expect(parsed.events[0]?.entity).toBe("WorkOrder");
		expect(parsed.warnings).toHaveLength(1);
	});

	it("reads a type of another version, or none", () => {
		const parsed = parsedOk(
			parseWebhookPayload([
				makeCloudEvent({ type: "qbo.bill.created.v2" }),
				makeCloudEvent({ type: "qbo.bill.deleted" }),
			]),
		);
		expect(parsed.events.map((e) => e.operation)).toEqual(["create", "delete"]);
	});

	it("takes a merge's merged-away id from data.deletedid", () => {
		const parsed = parsedOk(parseWebhookPayload([makeMergeEvent("4620816365", "123", "27")]));
		expect(parsed.events[0]).toMatchObject({
			entity: "Customer",
			entityId: "123",
			operation: "merge",
			deletedId: "27",
		});
	});

	it("ignores other data, and reads nanosecond times to the millisecond", () => {
		const parsed = parsedOk(parseWebhookPayload([makeClassEvent("4620816365")]));
		expect(parsed.events[0]).toMatchObject({ entity: "Class", occurredAt: "2026-01-19T08:41:27.503Z" });
		expect(parsed.events[0]).not.toHaveProperty("deletedId");
	});

	it("tolerates numeric ids and a missing data", () => {
		const { data: _, ...event } = makeCloudEvent({ id: "n1" });
		const parsed = parsedOk(parseWebhookPayload([{ ...event, intuitentityid: 55, intuitaccountid: 4620816365 }]));
		expect(parsed.events[0]).toMatchObject({ entityId: "55", realmId: "4620816365" });
	});

	it("reads a single event object (structured mode) as a delivery of one", () => {
		const parsed = parsedOk(parseWebhookPayload(makeCloudEvent({ id: "single" })));
		expect(parsed.events.map((e) => e.key)).toEqual(["single"]);
	});

	it("reads an empty array as a delivery of nothing", () => {
		expect(parseWebhookBody(bytes("[]"))).toEqual({
			ok: true,
			format: "cloudevents",
			events: [],
			rejected: [],
			warnings: [],
		});
	});

	it("rejects the events it cannot read, by position, and reads the others", () => {
		const { intuitaccountid: _, ...noRealm } = makeCloudEvent();
		const parsed = parsedOk(
			parseWebhookPayload([
				makeCloudEvent({ id: "ok-1" }),
				noRealm,
				makeCloudEvent({ type: "com.example.invoice.created" }),
				makeCloudEvent({ time: "yesterday" }),
				"not an event",
				makeCloudEvent({ id: "" }),
				makeCloudEvent({ id: "ok-2" }),
			]),
		);
		expect(parsed.events.map((e) => e.key)).toEqual(["ok-1", "ok-2"]);
		expect(parsed.rejected.map((r) => r.at)).toEqual(["[1]", "[2]", "[3]", "[4]", "[5]"]);
		expect(parsed.rejected[0]?.reason).toContain("intuitaccountid");
		expect(parsed.rejected[1]?.reason).toContain("com.example.invoice.created");
		expect(parsed.rejected[2]?.reason).toContain("yesterday");
	});
});

describe("parseWebhookBody: ids", () => {
	it.each([
		["a quote-laden id", "1' OR '1'='1"],
		["letters", "abc"],
		["a negative number", -5],
		["an empty id", ""],
		["21 digits", "1".repeat(21)],
	])("rejects an entity id that is not a QuickBooks id (%s), in both formats, and reads the others", (_, id) => {
		const cloud = parsedOk(
			parseWebhookPayload([
				makeCloudEvent({ id: "ok-1" }),
				{ ...makeCloudEvent(), intuitentityid: id },
				makeMergeEvent("9130357000000001", "5", String(id)),
			]),
		);
		expect(cloud.events.map((e) => e.key)).toEqual(["ok-1"]);
		expect(cloud.rejected.map((r) => r.at)).toEqual(["[1]", "[2]"]);
		expect(cloud.rejected[0]?.reason).toContain("intuitentityid");
		expect(cloud.rejected[1]?.reason).toContain("data.deletedid");

		const legacy = parsedOk(
			parseWebhookPayload({
				eventNotifications: [
					makeLegacyNotification("222", [
						makeLegacyEntity({ id: "7" }),
						{ ...makeLegacyEntity(), id: id as string },
						makeLegacyEntity({ operation: "Merge", deletedId: String(id) }),
					]),
				],
			}),
		);
		expect(legacy.events.map((e) => e.entityId)).toEqual(["7"]);
		expect(legacy.rejected.map((r) => r.reason)).toEqual([
			expect.stringContaining("id"),
			expect.stringContaining("deletedId"),
		]);
	});

	it("rejects a realm that is not a QuickBooks id", () => {
		const parsed = parsedOk(parseWebhookPayload([makeCloudEvent({ intuitaccountid: "realm-x" })]));
		expect(parsed.events).toEqual([]);
		expect(parsed.rejected[0]?.reason).toContain("intuitaccountid");
	});

	it("accepts ids of up to 20 digits, and numbers", () => {
		const parsed = parsedOk(
			parseWebhookPayload([
				makeCloudEvent({ intuitentityid: "1".repeat(20) }),
				{ ...makeCloudEvent(), intuitentityid: 42 },
			]),
		);
		expect(parsed.events.map((e) => e.entityId)).toEqual(["1".repeat(20), "42"]);
	});
});

describe("parseWebhookBody: legacy", () => {
	it("reads Intuit's test-vector body: two events keyed by realm, entity, id, operation and time", () => {
		expect(parsedOk(parseWebhookBody(bytes(INTUIT_VECTOR.body))).events).toEqual([
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

	it("reads every operation QBO names, and a merge's deletedId", () => {
		const operations = ["Create", "Update", "Delete", "Merge", "Void", "Emailed"];
		const body = legacyBody([
			makeLegacyNotification(
				"1185883450",
				operations.map((operation) =>
					makeLegacyEntity({ operation, ...(operation === "Merge" ? { name: "Item", deletedId: "31" } : {}) }),
				),
			),
		]);
		const parsed = parsedOk(parseWebhookBody(bytes(body)));
		expect(parsed.format).toBe("legacy");
		expect(parsed.events.map((e) => e.operation)).toEqual(["create", "update", "delete", "merge", "void", "emailed"]);
		expect(parsed.events[3]).toMatchObject({ entity: "Item", deletedId: "31" });
		expect(parsed.warnings).toEqual([]);
	});

	it("reads offsets without a colon into UTC, and puts the normalized time in the key", () => {
		const body = legacyBody([
			makeLegacyNotification("1185883450", [makeLegacyEntity({ lastUpdated: "2015-10-05T14:42:19-0700" })]),
		]);
		expect(parsedOk(parseWebhookBody(bytes(body))).events[0]).toMatchObject({
			key: "1185883450/Invoice/1045/update/2015-10-05T21:42:19.000Z",
			occurredAt: "2015-10-05T21:42:19.000Z",
		});
	});

	it("reads several realms, and normalizes the case of entity names", () => {
		const body = legacyBody([
			makeLegacyNotification("111", [makeLegacyEntity({ name: "salesReceipt", id: "1" })]),
			makeLegacyNotification("222", [makeLegacyEntity({ name: "VENDORCREDIT", id: "2" })]),
		]);
		expect(parsedOk(parseWebhookBody(bytes(body))).events.map((e) => [e.realmId, e.entity])).toEqual([
			["111", "SalesReceipt"],
			["222", "VendorCredit"],
		]);
	});

	it("rejects unreadable notifications and entities by path, and reads the others", () => {
		const payload = {
			eventNotifications: [
				{ realmId: "111" },
				{
					realmId: "222",
					dataChangeEvent: {
						entities: [
							makeLegacyEntity({ id: "1" }),
							{ name: "Invoice", operation: "Update", lastUpdated: "2026-03-02T06:12:40-0800" },
							makeLegacyEntity({ lastUpdated: "not a time" }),
						],
					},
				},
			],
		};
		const parsed = parsedOk(parseWebhookPayload(payload));
		expect(parsed.events.map((e) => `${e.realmId}:${e.entityId}`)).toEqual(["222:1"]);
		expect(parsed.rejected.map((r) => r.at)).toEqual([
			"eventNotifications[0]",
			"eventNotifications[1].dataChangeEvent.entities[1]",
			"eventNotifications[1].dataChangeEvent.entities[2]",
		]);
	});
});

describe("parseWebhookBody: bodies it cannot read", () => {
	it.each([
		["empty", bytes("")],
		["blank", bytes("  \n")],
		["not JSON", bytes('{"eventNotifications":')],
		["not UTF-8", new Uint8Array([0x5b, 0xff, 0xfe, 0x5d])],
		["JSON of another shape", bytes('{"event":"qbo.invoice.created.v1"}')],
		["a JSON number", bytes("42")],
		["null", bytes("null")],
	])("says why it cannot read a body that is %s", (_, body) => {
		const parsed = parseWebhookBody(body);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.reason).toBeTruthy();
	});

	it("skips a UTF-8 byte-order mark", () => {
		const body = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(INTUIT_VECTOR.body)]);
		expect(parsedOk(parseWebhookBody(body)).events).toHaveLength(2);
	});
});

describe("parseQboTime", () => {
	it.each([
		["2016-10-05T03:09:04.000Z", "2016-10-05T03:09:04.000Z"],
		["2015-10-05T14:42:19-0700", "2015-10-05T21:42:19.000Z"],
		["2015-10-05T14:42:19-07:00", "2015-10-05T21:42:19.000Z"],
		["2025-12-04T15:25:05+05:30", "2025-12-04T09:55:05.000Z"],
		["2025-10-07T19:59:07.034359333Z", "2025-10-07T19:59:07.034Z"],
		["2025-10-07T19:59:07.5Z", "2025-10-07T19:59:07.500Z"],
		["2025-10-07T19:59:07", "2025-10-07T19:59:07.000Z"],
	])("reads %s as %s", (text, iso) => {
		const ms = parseQboTime(text);
		expect(ms === null ? null : new Date(ms).toISOString()).toBe(iso);
	});

	it.each([["yesterday"], ["2025-02-30T10:00:00Z"], ["2025-13-01T10:00:00Z"], ["2025-10-07 19:59:07Z"], [""]])(
		"refuses %s",
		(text) => {
			expect(parseQboTime(text)).toBeNull();
		},
	);
});

describe("normalizeEntityName", () => {
	it("meets QBO's names whatever their case or separators", () => {
		expect(normalizeEntityName("sales_receipt")).toEqual({ name: "SalesReceipt", known: true });
		expect(normalizeEntityName("PurchaseOrder")).toEqual({ name: "PurchaseOrder", known: true });
		expect(normalizeEntityName("widget")).toEqual({ name: "Widget", known: false });
	});
});
