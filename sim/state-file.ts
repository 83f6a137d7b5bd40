/**
 * The simulator's state on disk, for a development sandbox that keeps its QuickBooks companies
 * across restarts (`npm start` sets SIM_STATE_FILE beside the app's local data). Intuit never
 * forgets a company nor hands an Id out twice; a simulator that did would serve a new "Invoice 1"
 * to an app that still holds the old one, and the app would rightly take it for an old version.
 *
 * Kept: the companies (entities with their SyncTokens and update times, tombstones — so CDC answers
 * as before —, Id and DocNumber sequences, name index, stock effects), which company the authorize
 * endpoint defaults to, webhook endpoints, OAuth codes, grants and tokens, the OpenID signing key,
 * Intuit's users and who is signed in, and the `requestid` answers. Not kept: injected faults,
 * settings (time scale, token lifetimes, rate limits) and webhook deliveries still queued — a
 * test's scenario, not a company's books (the app's import at `npm start` reads every document).
 *
 * JSON, written whole to a temporary file that is then renamed over the old one, so a crash leaves
 * either state, never half of one; at most every `intervalMs` after a change, and on `flush`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Company, type CompanyState } from "./company/company.ts";
import type { OAuthState } from "./oauth/oauth-server.ts";
import type { OpenIdState } from "./oauth/openid-provider.ts";
import type { Simulator, StoredResponse } from "./simulator.ts";
import type { WebhookConfig } from "./webhooks/dispatcher.ts";

/** Bumped when the shape changes: an older file is refused with a way out, not misread. */
export const STATE_VERSION = 1;

export type SimulatorState = {
	version: typeof STATE_VERSION;
	companies: CompanyState[];
	defaultRealmId: string | null;
	/** realmId → where its notifications go. */
	webhooks: Record<string, WebhookConfig>;
	oauth: OAuthState;
	openid: OpenIdState;
	idempotency: [string, StoredResponse][];
};

export function snapshotSimulator(sim: Simulator): SimulatorState {
	const companies = [...sim.companies.values()];
	const webhooks: Record<string, WebhookConfig> = {};
	for (const { realmId } of companies) {
		const config = sim.webhooks.config(realmId);
		if (config) webhooks[realmId] = { ...config };
	}
	return {
		version: STATE_VERSION,
		companies: companies.map((company) => company.toState()),
		defaultRealmId: sim.defaultRealmId ?? null,
		webhooks,
		oauth: sim.oauth.toState(),
		openid: sim.openid.toState(),
		idempotency: [...sim.idempotency],
	};
}

/** Puts a snapshot back into a simulator that has no company yet. */
export function restoreSimulator(sim: Simulator, state: SimulatorState): void {
	if (sim.companies.size > 0) throw new Error("A simulator is restored before it has companies");
	for (const company of state.companies) sim.adoptCompany(Company.fromState(company, sim.now));
	sim.defaultRealmId = state.defaultRealmId ?? undefined;
	for (const [realmId, config] of Object.entries(state.webhooks)) sim.webhooks.configure(realmId, config);
	sim.oauth.restore(state.oauth);
	sim.openid.restore(state.openid);
	for (const [key, response] of state.idempotency) sim.idempotency.set(key, response);
}

/** Reads `file` into the simulator; false when there is no such file yet (a first run). */
export function loadStateFile(sim: Simulator, file: string): boolean {
	if (!existsSync(file)) return false;
	const state = JSON.parse(readFileSync(file, "utf8")) as Partial<SimulatorState> | null;
	if (state?.version !== STATE_VERSION)
		throw new Error(
			`${file} holds simulator state of version ${state?.version ?? "?"}, not ${STATE_VERSION}: ` +
				"delete it (`npm run reset` wipes it with the app's local data) to start afresh.",
		);
	restoreSimulator(sim, state as SimulatorState);
	return true;
}

/** Writes `text` to `file` by renaming a complete copy over it. */
function writeAtomically(file: string, text: string): void {
	mkdirSync(dirname(file), { recursive: true });
	const temporary = `${file}.${process.pid}.tmp`;
	writeFileSync(temporary, text, { flush: true });
	renameSync(temporary, file);
}

export type StateFile = {
	/** Whether the file was there to load (false: a first run). */
	loaded: boolean;
	/** Something may have changed: save within `intervalMs`. */
	changed(): void;
	/** Saves now (when anything changed since the last save). */
	flush(): void;
};

/**
 * Loads the simulator from `file` when it exists, then keeps the file up to date. A save that
 * fails (a full disk) is reported and tried again at the next change, never fatal.
 */
export function persistSimulator(
	sim: Simulator,
	file: string,
	{ intervalMs = 200 }: { intervalMs?: number } = {},
): StateFile {
	const loaded = loadStateFile(sim, file);
	let timer: ReturnType<typeof setTimeout> | undefined;
	let written: string | undefined;
	const flush = () => {
		clearTimeout(timer);
		timer = undefined;
		const text = JSON.stringify(snapshotSimulator(sim));
		if (text === written) return;
		try {
			writeAtomically(file, text);
			written = text;
		} catch (error) {
			console.error(`[sim] could not save the simulator's state to ${file}: ${error}`);
		}
	};
	return {
		loaded,
		flush,
		// Not pushed back by later changes: steady traffic still saves every `intervalMs`.
		changed: () => {
			timer ??= setTimeout(flush, intervalMs).unref();
		},
	};
}
