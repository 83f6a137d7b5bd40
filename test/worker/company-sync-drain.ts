/**
 * The company's sync object in worker tests: its stub by realm, its queues read inside it through
 * the classes it composes (the object has no test-only methods), and running its alarm by hand
 * until it has nothing left to do (tests do not wait for real alarms).
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { QboPurchaseQueue } from "../../worker/purchasing/qbo-purchase-queue";
import type { CompanySync } from "../../worker/sync/company-sync";
import { EventInbox, type InboxSnapshot } from "../../worker/sync/event-inbox";
import type { StockPush } from "../../worker/sync/stock-push";
import { StockPushQueue } from "../../worker/sync/stock-push-queue";
import { SyncMeta } from "../../worker/sync/sync-meta";

export function companySyncOf(realmId: string) {
	return env.COMPANY_SYNC.get(env.COMPANY_SYNC.idFromName(realmId));
}

/** The object's queues, over its own storage, as it composes them. */
export type CompanySyncQueues = { inbox: EventInbox; pushes: StockPushQueue; purchaseDocuments: QboPurchaseQueue };

/** Runs `use` inside the realm's object, on its queues (and its storage, for what they do not say). */
export function inCompanySync<T>(
	realmId: string,
	use: (queues: CompanySyncQueues, storage: DurableObjectStorage) => T | Promise<T>,
): Promise<T> {
	return runInDurableObject(companySyncOf(realmId), (_: CompanySync, state) => {
		const queues = {
			inbox: new EventInbox(state.storage, new SyncMeta(state.storage.sql)),
			pushes: new StockPushQueue(state.storage.sql),
			purchaseDocuments: new QboPurchaseQueue(state.storage.sql),
		};
		return use(queues, state.storage);
	});
}

/** The realm's pending events, due or waiting, and how many keys it remembers. */
export function companyInbox(realmId: string): Promise<InboxSnapshot> {
	return inCompanySync(realmId, ({ inbox }) => inbox.snapshot());
}

/** The realm's stock pushes waiting for QBO, oldest first. */
export function companyPendingPushes(realmId: string): Promise<StockPush[]> {
	return inCompanySync(realmId, ({ pushes }) => pushes.pending());
}

type Work = "inbox" | "pushes" | "purchaseDocuments";

/**
 * Runs the object until the work named is all done: by default its inbox, its stock pushes and its
 * purchase documents (a test that also ran a catch-up may wait for less).
 */
export async function drainCompanySync(
	realmId: string,
	waitFor: readonly Work[] = ["inbox", "pushes", "purchaseDocuments"],
): Promise<void> {
	const left: Record<Work, (queues: CompanySyncQueues) => number> = {
		inbox: ({ inbox }) => inbox.snapshot().pending.length,
		pushes: ({ pushes }) => pushes.count(),
		purchaseDocuments: ({ purchaseDocuments }) => purchaseDocuments.count(),
	};
	for (let i = 0; i < 50; i++) {
		const busy = await inCompanySync(realmId, (queues) => waitFor.some((work) => left[work](queues) > 0));
		if (!busy) return;
		await runDurableObjectAlarm(companySyncOf(realmId));
	}
	throw new Error("the company object did not drain");
}
