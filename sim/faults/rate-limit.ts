/**
 * QBO's own throttling per company (docs/qbo.md#limits-and-throttling): 10 requests per second, 500 per minute and 10
 * concurrent requests, each answered with 429 beyond. Off by default (tests and the demo would trip it
 * by accident); the admin API turns it on to check that a client paces itself.
 */
export type RateLimits = { enabled: boolean; perSecond: number; perMinute: number; concurrent: number };

const DEFAULT_RATE_LIMITS: RateLimits = { enabled: false, perSecond: 10, perMinute: 500, concurrent: 10 };

type Window = { times: number[]; active: number };

export class RateLimiter {
	limits: RateLimits = { ...DEFAULT_RATE_LIMITS };
	private readonly windows = new Map<string, Window>();
	private readonly now: () => number;

	constructor(now: () => number) {
		this.now = now;
	}

	/** Admits a request (call `release` when it ends) or answers false when it must be throttled. */
	admit(realmId: string): boolean {
		if (!this.limits.enabled) return true;
		const now = this.now();
		const window = this.windows.get(realmId) ?? { times: [], active: 0 };
		this.windows.set(realmId, window);
		window.times = window.times.filter((t) => t > now - 60_000);
		const lastSecond = window.times.filter((t) => t > now - 1000).length;
		if (window.active >= this.limits.concurrent) return false;
		if (lastSecond >= this.limits.perSecond || window.times.length >= this.limits.perMinute) return false;
		window.times.push(now);
		window.active++;
		return true;
	}

	release(realmId: string): void {
		const window = this.windows.get(realmId);
		if (window && window.active > 0) window.active--;
	}

	reset(): void {
		this.windows.clear();
	}
}
