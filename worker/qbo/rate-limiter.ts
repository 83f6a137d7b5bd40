/**
 * QBO's limits per realm (docs/qbo.md#limits-and-throttling): 500 requests a minute and 10 at once. The company's sync
 * object is the only caller for its realm, so an in-memory limiter there is enough: waiters queue
 * for a slot, and a sliding minute window spaces the calls.
 */
export class RateLimiter {
	private inFlight = 0;
	private readonly started: number[] = [];
	private readonly waiting: (() => void)[] = [];

	constructor(
		private readonly perMinute = 500,
		private readonly concurrent = 10,
		private readonly now: () => number = Date.now,
	) {}

	/** Runs `call` when a slot is free and the minute's budget allows it. */
	async run<T>(call: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await call();
		} finally {
			this.inFlight -= 1;
			this.waiting.shift()?.();
		}
	}

	private async acquire(): Promise<void> {
		while (this.inFlight >= this.concurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
		this.inFlight += 1;
		for (;;) {
			const windowStart = this.now() - 60_000;
			while (this.started.length > 0 && (this.started[0] ?? 0) <= windowStart) this.started.shift();
			if (this.started.length < this.perMinute) break;
			// Look again at least every second: the clock, not this estimate, decides.
			const wait = Math.min(1_000, (this.started[0] ?? 0) - windowStart + 1);
			await new Promise((resolve) => setTimeout(resolve, wait));
		}
		this.started.push(this.now());
	}
}
