/**
 * The company's sync object in worker tests: its stub by realm, and running its alarm by hand until
 * it has nothing left to do (tests do not wait for real alarms).
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";

export function companySyncOf(realmId: string) {
	return env.COMPANY_SYNC.get(env.COMPANY_SYNC.idFromName(realmId));
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
	const left: Record<Work, (stub: ReturnType<typeof companySyncOf>) => Promise<number>> = {
		inbox: async (stub) => (await stub.inbox()).pending.length,
		pushes: async (stub) => (await stub.pendingPushes()).length,
		purchaseDocuments: async (stub) => (await stub.pendingPurchaseDocuments()).length,
	};
	for (let i = 0; i < 50; i++) {
		const stub = companySyncOf(realmId);
		let busy = false;
		for (const work of waitFor) if ((await left[work](stub)) > 0) busy = true;
		if (!busy) return;
		await runDurableObjectAlarm(stub);
	}
	throw new Error("the company object did not drain");
}
