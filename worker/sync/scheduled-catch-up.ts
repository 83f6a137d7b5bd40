/** The cron's work: a CDC catch-up for every connected company, each in its own sync object. */
import { database } from "../db/client";
import { connectedRealms } from "../qbo/qbo-connection";
import { catchUpCompany } from "./company-sync-client";

export async function catchUpAllCompanies(env: Env): Promise<void> {
	const realms = await connectedRealms(database(env.DB));
	// One company's failure must not stop the others; each is tried again at the next tick anyway.
	const results = await Promise.allSettled(realms.map(({ realmId }) => catchUpCompany(env, realmId)));
	for (const [i, result] of results.entries())
		if (result.status === "rejected") console.error(`catch-up of realm ${realms[i]?.realmId} failed`, result.reason);
}
