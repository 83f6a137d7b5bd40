/**
 * Hands level changes to the company's live object. Best effort by design: it never throws and
 * callers never wait for it inside a write, so a live-feed failure cannot fail or slow a stock
 * flush — a grid that missed a message catches up from `GET /levels?changedSince=` on reconnect.
 */
import type { LevelChange } from "./level-change";

/** The live object's stub as its binding gives it (typed by worker-configuration.d.ts): stock sits below live. */
export type CompanyLiveStub = ReturnType<Env["COMPANY_LIVE"]["get"]>;

/** The company's live object. A caller that publishes often keeps the stub: calls through one stub arrive in order. */
export function companyLive(env: Env, companyId: string): CompanyLiveStub {
	return env.COMPANY_LIVE.get(env.COMPANY_LIVE.idFromName(companyId));
}

export async function publishLevels(live: CompanyLiveStub, changes: LevelChange[]): Promise<void> {
	if (changes.length === 0) return;
	try {
		await live.publish(changes);
	} catch (error) {
		console.warn("live publish failed", error);
	}
}
