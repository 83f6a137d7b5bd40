import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../worker/qbo/rate-limiter";

describe("QBO rate limiter", () => {
	it("never runs more calls at once than allowed, and runs them all", async () => {
		const limiter = new RateLimiter(500, 3);
		let running = 0;
		let most = 0;
		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				limiter.run(async () => {
					running += 1;
					most = Math.max(most, running);
					await new Promise((resolve) => setTimeout(resolve, 2));
					running -= 1;
					return i;
				}),
			),
		);
		expect(most).toBe(3);
		expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
	});

	it("holds a call back until the minute's budget has room again", async () => {
		let clock = 0;
		const limiter = new RateLimiter(2, 10, () => clock);
		await limiter.run(async () => 1);
		await limiter.run(async () => 2);
		let third = false;
		const pending = limiter.run(async () => {
			third = true;
		});
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(third).toBe(false);
		clock = 60_001;
		await pending;
		expect(third).toBe(true);
	});

	it("frees the slot of a call that failed", async () => {
		const limiter = new RateLimiter(500, 1);
		await expect(limiter.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
		expect(await limiter.run(async () => "next")).toBe("next");
	});
});
