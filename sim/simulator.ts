/**
 * The QBO simulator: companies (realms) in memory, the OAuth server, webhook deliveries, injected faults
 * and the Hono app serving Intuit's paths on one origin. Everything is reachable from tests directly
 * and through the admin API; nothing here is shared with the Worker.
 *
 * @example
 * const sim = createSimulator({ seed: 1 });
 * const company = sim.createCompany({ items: 5 });
 * const { access_token } = sim.oauth.connect(company.realmId, "my-app", "com.intuit.quickbooks.accounting");
 * await sim.app.request(`/v3/company/${company.realmId}/item/1`, { headers: { authorization: `Bearer ${access_token}` } });
 */
import type { Hono } from "hono";
import { Company } from "./company/company.ts";
import { type SeedOptions, seedCompany } from "./company/seed.ts";
import { FaultRules } from "./faults/fault-rules.ts";
import { RateLimiter } from "./faults/rate-limit.ts";
import { createApp } from "./http/app.ts";
import { CallCounter } from "./http/call-counter.ts";
import { createRandom, type Random } from "./lib/random.ts";
import { Sleeper } from "./lib/sleeper.ts";
import { DEFAULT_TOKEN_SETTINGS, OAuthServer, type TokenSettings } from "./oauth/oauth-server.ts";
import { OpenIdProvider } from "./oauth/openid-provider.ts";
import { WebhookDispatcher } from "./webhooks/dispatcher.ts";

export type SimulatorOptions = {
	/** Seeds fault decisions and generated companies (default "stockroom"). */
	seed?: string | number;
	/** The clock (tests move it to expire tokens or age CDC windows). */
	now?: () => number;
	/** Multiplies the webhook retry schedule (0.001 turns 10 s into 10 ms). */
	timeScale?: number;
	tokens?: Partial<TokenSettings>;
	/** How webhooks are sent (default: global fetch). */
	fetch?: typeof fetch;
};

export type CreateCompanyOptions = SeedOptions & { realmId?: string; offsetMinutes?: number };

/** A stored response for `?requestid=`: the same id answers the same thing again. */
export type StoredResponse = { status: number; body: string };

export class Simulator {
	readonly random: Random;
	readonly now: () => number;
	readonly companies = new Map<string, Company>();
	readonly oauth: OAuthServer;
	/** Sign in with Intuit: its users, who is signed in per company, ID tokens and userinfo. */
	readonly openid: OpenIdProvider;
	readonly faults: FaultRules;
	readonly limiter: RateLimiter;
	readonly webhooks: WebhookDispatcher;
	readonly sleeper = new Sleeper();
	/** The API calls each company received, by kind (admin API: `/companies/{realmId}/calls`). */
	readonly calls = new CallCounter();
	readonly idempotency = new Map<string, StoredResponse>();
	readonly app: Hono;
	timeScale: number;
	/** The company the authorize endpoint connects when the request does not name one. */
	defaultRealmId: string | undefined;

	constructor(options: SimulatorOptions = {}) {
		this.random = createRandom(options.seed ?? "stockroom");
		this.now = options.now ?? Date.now;
		this.timeScale = options.timeScale ?? 1;
		this.oauth = new OAuthServer(this.now, { ...DEFAULT_TOKEN_SETTINGS, ...options.tokens });
		this.openid = new OpenIdProvider(this.now);
		this.faults = new FaultRules(this.random);
		this.limiter = new RateLimiter(this.now);
		this.webhooks = new WebhookDispatcher({
			faults: this.faults,
			now: this.now,
			timeScale: () => this.timeScale,
			fetch: options.fetch ?? fetch,
			source: "intuit.c3RvY2tyb29tLXNpbXVsYXRvcg==",
		});
		this.app = createApp(this);
	}

	private newRealmId(): string {
		for (;;) {
			let digits = "9341";
			for (let i = 0; i < 12; i++) digits += String(this.random.int(0, 9));
			if (!this.companies.has(digits)) return digits;
		}
	}

	/** Creates and seeds a company; the first one becomes the default for the authorize endpoint. */
	createCompany(options: CreateCompanyOptions = {}): Company {
		const realmId = options.realmId ?? this.newRealmId();
		if (this.companies.has(realmId)) throw new Error(`Company ${realmId} already exists`);
		const company = new Company({ realmId, now: this.now, offsetMinutes: options.offsetMinutes });
		seedCompany(company, this.random, options);
		return this.adoptCompany(company);
	}

	/** Serves a company made elsewhere (seeded, or restored from a state file), its changes notified. */
	adoptCompany(company: Company): Company {
		if (this.companies.has(company.realmId)) throw new Error(`Company ${company.realmId} already exists`);
		company.onChange((change) => this.webhooks.notify(change));
		this.companies.set(company.realmId, company);
		this.defaultRealmId ??= company.realmId;
		return company;
	}

	company(realmId: string): Company | undefined {
		return this.companies.get(realmId);
	}

	deleteCompany(realmId: string): boolean {
		this.oauth.disconnect(realmId);
		this.webhooks.forget(realmId);
		for (const key of this.idempotency.keys()) if (key.startsWith(`${realmId}:`)) this.idempotency.delete(key);
		if (this.defaultRealmId === realmId) this.defaultRealmId = undefined;
		return this.companies.delete(realmId);
	}

	/** Back to an empty simulator: no companies, tokens, faults or queued notifications. */
	reset(seed?: string | number): void {
		if (seed !== undefined) this.random.reseed(seed);
		this.companies.clear();
		this.oauth.reset();
		this.openid.reset();
		this.faults.clear();
		this.limiter.reset();
		this.webhooks.reset();
		this.idempotency.clear();
		this.sleeper.cancelAll();
		this.defaultRealmId = undefined;
	}

	/** Stops timers (webhook retries, injected delays) so the process can exit. */
	close(): void {
		this.webhooks.close();
		this.sleeper.cancelAll();
	}
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
	return new Simulator(options);
}
