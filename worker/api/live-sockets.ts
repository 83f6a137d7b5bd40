/**
 * Closing a credential's live sockets when the owner revokes or changes it
 * (worker/live/company-live.ts `closeCredential`): best effort, after the change is stored — the
 * change itself already holds at every request, and a failure here never fails it.
 */
import { type Actor, credentialKey } from "../auth/caller";
import type { CredentialChange } from "../live/company-live";
import { companyLive } from "../stock/publish-levels";

export async function closeCredential(
	env: Env,
	companyId: string,
	credential: Pick<Actor, "kind" | "id">,
	change: CredentialChange,
): Promise<void> {
	try {
		await companyLive(env, companyId).closeCredential(credentialKey(credential), change);
	} catch (error) {
		console.warn("closing a credential's live sockets failed", error);
	}
}
