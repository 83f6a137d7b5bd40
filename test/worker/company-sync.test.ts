/**
 * The company object's inbox on its own: arrival order, dedupe (within a call, across calls, after
 * processing, until the retention runs out), the alarm that leaves them be while the realm has no
 * company, taking due events and marking them done as the alarm does, and the pacing of the runs
 * deliveries ask for.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { InboundEvent } from "../../worker/qbo/inbound-event";
import { deliverToCompany } from "../../worker/sync/company-sync-client";
import { DELIVERY_RUN_BURST, DELIVERY_RUN_SPACING_MS, RunPacer } from "../../worker/sync/sync-alarm";
import { companyInbox, companySyncOf, inCompanySync } from "./company-sync-drain";
import { freshRealm } from "./qbo-webhook-client";

const DAY = 24 * 60 * 60 * 1000;

/** The keys of the realm's oldest due events, at most `limit`, as the alarm takes them. */
function dueKeys(realmId: string, limit: number) {
	return inCompanySync(realmId, ({ inbox }) => inbox.due(limit, Date.now()).events.map((e) => e.key));
}

/** Marks events processed, as the alarm does; answers how many left the inbox. */
function markDone(realmId: string, keys: string[]) {
	return inCompanySync(realmId, ({ inbox }) => inbox.markDone(keys));
}

function alarmOf(realmId: string) {
	return inCompanySync(realmId, (_, storage) => storage.getAlarm());
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
		expect(await companyInbox(realm)).toEqual({ pending: events, seen: 5 });
	});

	it("counts a key repeated within one call as a duplicate", async () => {
		const realm = freshRealm();
		const first = makeEvent(realm, 1);
		const repeat = makeEvent(realm, 1, { operation: "delete" });
		expect(await deliverToCompany(env, realm, [first, makeEvent(realm, 2), repeat])).toEqual({
			accepted: 2,
			duplicates: 1,
		});
		expect((await companyInbox(realm)).pending.map((e) => e.operation)).toEqual(["update", "update"]);
	});

	it("keeps a merge's deletedId", async () => {
		const realm = freshRealm();
		const merge = makeEvent(realm, 1, { entity: "Vendor", operation: "merge", deletedId: "8" });
		await deliverToCompany(env, realm, [merge]);
		expect((await companyInbox(realm)).pending).toEqual([merge]);
	});

	it("answers the due events oldest first, leaving them pending until markDone", async () => {
		const realm = freshRealm();
		await deliverToCompany(
			env,
			realm,
			[1, 2, 3, 4].map((n) => makeEvent(realm, n)),
		);
		expect(await dueKeys(realm, 2)).toEqual(["evt-1", "evt-2"]);
		expect(await dueKeys(realm, 2)).toEqual(["evt-1", "evt-2"]);
		expect(await markDone(realm, ["evt-1", "evt-2", "evt-unknown"])).toBe(2);
		expect(await dueKeys(realm, 10)).toEqual(["evt-3", "evt-4"]);
		expect(await inCompanySync(realm, ({ inbox }) => inbox.due(0, Date.now()).events)).toEqual([]);
	});

	it("still counts an event as a duplicate once it has been processed", async () => {
		const realm = freshRealm();
		const event = makeEvent(realm, 1);
		await deliverToCompany(env, realm, [event]);
		await markDone(realm, [event.key]);
		expect(await deliverToCompany(env, realm, [event])).toEqual({ accepted: 0, duplicates: 1 });
		expect(await companyInbox(realm)).toEqual({ pending: [], seen: 1 });
	});

	it("arms its alarm when events arrive; the alarm leaves them pending, however often it runs", async () => {
		const realm = freshRealm();
		await deliverToCompany(env, realm, [makeEvent(realm, 1), makeEvent(realm, 2)]);
		expect(await alarmOf(realm)).not.toBeNull();
		await runDurableObjectAlarm(companySyncOf(realm));
		await runDurableObjectAlarm(companySyncOf(realm));
		expect((await companyInbox(realm)).pending.map((e) => e.key)).toEqual(["evt-1", "evt-2"]);
	});

	it("does not arm the alarm for a delivery of duplicates only", async () => {
		const realm = freshRealm();
		const event = makeEvent(realm, 1);
		await deliverToCompany(env, realm, [event]);
		await runDurableObjectAlarm(companySyncOf(realm));
		await markDone(realm, [event.key]);
		await deliverToCompany(env, realm, [event]);
		expect(await alarmOf(realm)).toBeNull();
	});

	it("forgets keys after the retention, but never those of events still pending", async () => {
		const realm = freshRealm();
		const [done, pending, recent] = [1, 2, 3].map((n) => makeEvent(realm, n));
		if (!done || !pending || !recent) throw new Error("fixture");
		await deliverToCompany(env, realm, [done, pending]);
		await markDone(realm, [done.key]);
		await deliverToCompany(env, realm, [recent]);
		await inCompanySync(realm, ({ inbox }, storage) => {
			storage.sql.exec(
				"UPDATE seen_keys SET seen_at = ? WHERE key IN (?, ?)",
				Date.now() - 31 * DAY,
				done.key,
				pending.key,
			);
			// Pruning runs on its own schedule (at most every few minutes): the test calls it directly.
			inbox.prune(Date.now());
		});
		expect((await companyInbox(realm)).seen).toBe(2);
		// Past the retention a redelivery is new again; a still-pending event is not.
		expect(await deliverToCompany(env, realm, [done, pending, recent])).toEqual({ accepted: 1, duplicates: 2 });
	});

	it("refuses an event of another realm, and keeps nothing of that call", async () => {
		const realm = freshRealm();
		await deliverToCompany(env, realm, [makeEvent(realm, 1)]);
		await expect(deliverToCompany(env, realm, [makeEvent(realm, 2), makeEvent("someone-else", 3)])).rejects.toThrow(
			/realm/,
		);
		expect(await companyInbox(realm)).toMatchObject({ pending: [{ key: "evt-1" }], seen: 1 });
	});
});

describe("the runs deliveries ask for (RunPacer)", () => {
	const spacing = 500;

	it("runs the first deliveries at once, then joins a stream to one run a spacing after the oldest", () => {
		const pacer = new RunPacer(spacing, 2);
		expect(pacer.delayAt(1_000)).toBe(0);
		expect(pacer.delayAt(1_010)).toBe(0);
		// A third within the spacing waits for the run a spacing after the first …
		expect(pacer.delayAt(1_020)).toBe(spacing - 20);
		// … and so do those that arrive before that run starts: one run takes them all.
		expect(pacer.delayAt(1_100)).toBe(1_000 + spacing - 1_100);
		expect(pacer.delayAt(1_000 + spacing)).toBe(0);
		// The next waits a spacing after the second-last run asked for (1 010).
		expect(pacer.delayAt(1_000 + spacing + 1)).toBe(1_010 + spacing - (1_000 + spacing + 1));
	});

	it("runs at once again after a quiet spell", () => {
		const pacer = new RunPacer(spacing, 2);
		for (const at of [0, 1, 2, 3]) pacer.delayAt(at);
		expect(pacer.delayAt(10_000)).toBe(0);
		expect(pacer.delayAt(10_001)).toBe(0);
	});

	it("arms the object's alarm within a spacing under a stream of deliveries, and queues every event", async () => {
		const realm = freshRealm();
		const count = DELIVERY_RUN_BURST + 3;
		for (let n = 1; n <= count; n++) await deliverToCompany(env, realm, [makeEvent(realm, n)]);
		const alarm = await alarmOf(realm);
		expect(alarm).not.toBeNull();
		expect(alarm).toBeLessThanOrEqual(Date.now() + DELIVERY_RUN_SPACING_MS);
		expect((await companyInbox(realm)).pending).toHaveLength(count);
	});
});
