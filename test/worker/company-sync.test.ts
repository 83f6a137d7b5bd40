/**
 * The company object's inbox on its own: arrival order, dedupe (within a call, across calls, after
 * processing, until the retention runs out), the alarm that stays a no-op for now, and the
 * take/mark-done API the processor will use.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { InboundEvent } from "../../worker/qbo/inbound-event";
import type { CompanySync } from "../../worker/sync/company-sync";
import { deliverToCompany, readCompanyInbox } from "../../worker/sync/company-sync-client";
import { freshRealm } from "./qbo-webhook-client";

const DAY = 24 * 60 * 60 * 1000;

function stubOf(realmId: string) {
	return env.COMPANY_SYNC.get(env.COMPANY_SYNC.idFromName(realmId));
}

/** An event of `realmId`; `n` makes the key and the entity id. */
function makeEvent(realmId: string, n: number, overrides: Partial<InboundEvent> = {}): InboundEvent {
	return {
		key: `evt-${n}`,
		realmId,
		entity: "Invoice",
		entityId: String(n),
		operation: "update",
		occurredAt: new Date(Date.UTC(2026, 2, 2, 14, 0, n)).toISOString(),
		...overrides,
	};
}

describe("CompanySync inbox", () => {
	it("keeps events pending in arrival order, across calls", async () => {
		const realm = freshRealm();
		const events = [3, 1, 2, 5, 4].map((n) => makeEvent(realm, n));
		expect(await deliverToCompany(env, realm, events.slice(0, 3))).toEqual({ accepted: 3, duplicates: 0 });
		expect(await deliverToCompany(env, realm, events.slice(3))).toEqual({ accepted: 2, duplicates: 0 });
		expect(await readCompanyInbox(env, realm)).toEqual({ pending: events, seen: 5 });
	});

	it("counts a key repeated within one call as a duplicate", async () => {
		const realm = freshRealm();
		const first = makeEvent(realm, 1);
		const repeat = makeEvent(realm, 1, { operation: "delete" });
		expect(await deliverToCompany(env, realm, [first, makeEvent(realm, 2), repeat])).toEqual({
			accepted: 2,
			duplicates: 1,
		});
		expect((await readCompanyInbox(env, realm)).pending.map((e) => e.operation)).toEqual(["update", "update"]);
	});

	it("keeps a merge's deletedId", async () => {
		const realm = freshRealm();
		const merge = makeEvent(realm, 1, { entity: "Vendor", operation: "merge", deletedId: "8" });
		await deliverToCompany(env, realm, [merge]);
		expect((await readCompanyInbox(env, realm)).pending).toEqual([merge]);
	});

	it("answers takePending oldest first, leaving the events pending until markDone", async () => {
		const realm = freshRealm();
		await deliverToCompany(
			env,
			realm,
			[1, 2, 3, 4].map((n) => makeEvent(realm, n)),
		);
		const stub = stubOf(realm);
		expect((await stub.takePending(2)).map((e) => e.key)).toEqual(["evt-1", "evt-2"]);
		expect((await stub.takePending(2)).map((e) => e.key)).toEqual(["evt-1", "evt-2"]);
		expect(await stub.markDone(["evt-1", "evt-2", "evt-unknown"])).toBe(2);
		expect((await stub.takePending(10)).map((e) => e.key)).toEqual(["evt-3", "evt-4"]);
		expect(await stub.takePending(0)).toEqual([]);
	});

	it("still counts an event as a duplicate once it has been processed", async () => {
		const realm = freshRealm();
		const event = makeEvent(realm, 1);
		await deliverToCompany(env, realm, [event]);
		await stubOf(realm).markDone([event.key]);
		expect(await deliverToCompany(env, realm, [event])).toEqual({ accepted: 0, duplicates: 1 });
		expect(await readCompanyInbox(env, realm)).toEqual({ pending: [], seen: 1 });
	});

	it("arms its alarm when events arrive; the alarm leaves them pending, however often it runs", async () => {
		const realm = freshRealm();
		await deliverToCompany(env, realm, [makeEvent(realm, 1), makeEvent(realm, 2)]);
		const alarm = await runInDurableObject(stubOf(realm), (_: CompanySync, state) => state.storage.getAlarm());
		expect(alarm).not.toBeNull();
		await runDurableObjectAlarm(stubOf(realm));
		await runDurableObjectAlarm(stubOf(realm));
		expect((await readCompanyInbox(env, realm)).pending.map((e) => e.key)).toEqual(["evt-1", "evt-2"]);
	});

	it("does not arm the alarm for a delivery of duplicates only", async () => {
		const realm = freshRealm();
		const event = makeEvent(realm, 1);
		await deliverToCompany(env, realm, [event]);
		await runDurableObjectAlarm(stubOf(realm));
		await stubOf(realm).markDone([event.key]);
		await deliverToCompany(env, realm, [event]);
		const alarm = await runInDurableObject(stubOf(realm), (_: CompanySync, state) => state.storage.getAlarm());
		expect(alarm).toBeNull();
	});

	it("forgets keys after the retention, but never those of events still pending", async () => {
		const realm = freshRealm();
		const [done, pending, recent] = [1, 2, 3].map((n) => makeEvent(realm, n));
		if (!done || !pending || !recent) throw new Error("fixture");
		await deliverToCompany(env, realm, [done, pending]);
		await stubOf(realm).markDone([done.key]);
		await deliverToCompany(env, realm, [recent]);
		await runInDurableObject(stubOf(realm), (instance: CompanySync, state) => {
			state.storage.sql.exec(
				"UPDATE seen_keys SET seen_at = ? WHERE key IN (?, ?)",
				Date.now() - 31 * DAY,
				done.key,
				pending.key,
			);
			// biome-ignore lint/complexity/useLiteralKeys: pruning runs on its own schedule; the test calls it directly
			instance["pruneSeenKeys"](Date.now());
		});
		expect((await readCompanyInbox(env, realm)).seen).toBe(2);
		// Past the retention a redelivery is new again; a still-pending event is not.
		expect(await deliverToCompany(env, realm, [done, pending, recent])).toEqual({ accepted: 1, duplicates: 2 });
	});

	it("refuses an event of another realm, and keeps nothing of that call", async () => {
		const realm = freshRealm();
		await deliverToCompany(env, realm, [makeEvent(realm, 1)]);
		await expect(deliverToCompany(env, realm, [makeEvent(realm, 2), makeEvent("someone-else", 3)])).rejects.toThrow(
			/realm/,
		);
		expect(await readCompanyInbox(env, realm)).toMatchObject({ pending: [{ key: "evt-1" }], seen: 1 });
	});
});
