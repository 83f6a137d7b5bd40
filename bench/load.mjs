/**
 * A closed-loop load generator: `concurrency` workers, each sending its next request as soon as
 * the previous one answered, until `count` requests have been sent. Bounded by construction.
 */

/** The p-th percentile (0–100) of sorted numbers, nearest rank. */
export function percentile(sorted, p) {
	if (sorted.length === 0) return Number.NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values) {
	return percentile(
		[...values].sort((a, b) => a - b),
		50,
	);
}

/**
 * Runs `count` calls of `send(i)` (which resolves to the answer's status and body) with `concurrency` in flight.
 * Answers throughput (requests/s over the wall time) and latency percentiles in ms.
 * @param {{ count: number, concurrency: number, send: (i: number) => Promise<{ status: number, text: string }>, expect: number }} options
 */
export async function runLoad({ count, concurrency, send, expect }) {
	const latencies = [];
	const statuses = new Map();
	let next = 0;
	let failures = 0;
	let firstFailure;
	const failed = [];
	const started = performance.now();
	async function worker() {
		while (next < count) {
			const i = next++;
			const t0 = performance.now();
			let status;
			let detail = "";
			try {
				({ status, text: detail } = await send(i));
			} catch (error) {
				status = `error: ${error?.cause?.code ?? error?.name ?? error}`;
			}
			latencies.push(performance.now() - t0);
			statuses.set(status, (statuses.get(status) ?? 0) + 1);
			if (status !== expect) {
				failures++;
				failed.push(i);
				firstFailure ??= `${status} ${detail.slice(0, 300)}`.trim();
			}
		}
	}
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	const seconds = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	return {
		count,
		concurrency,
		seconds,
		perSecond: count / seconds,
		p50: percentile(latencies, 50),
		p90: percentile(latencies, 90),
		p99: percentile(latencies, 99),
		max: latencies[latencies.length - 1],
		failures,
		firstFailure,
		failed,
		statuses: Object.fromEntries(statuses),
	};
}

/** Runs `fn` `times` times in a row; answers each duration in ms and its last result. */
export async function timeRepeated(times, fn) {
	const durations = [];
	let last;
	for (let i = 0; i < times; i++) {
		const t0 = performance.now();
		last = await fn(i);
		durations.push(performance.now() - t0);
	}
	return { durations, median: median(durations), min: Math.min(...durations), max: Math.max(...durations), last };
}

/**
 * A warm-up of `warmup` calls, then the measured `count` calls of `send(tag, i)` — tagged `w<i>`
 * and `m<i>`, so that each request can have its own idempotency key. Answers `runLoad`'s figures of
 * the measured calls, the warm-up's failures, how many were sent, and the tag and index of every
 * call that failed (`retry`), for a run that retries them.
 * @param {{ say: (line: string) => void, name: string, warmup: number, count: number, concurrency: number, send: (tag: string, i: number) => Promise<{ status: number, text: string }>, expect: number }} options
 */
export async function warmedLoad({ say, name, warmup, count, concurrency, send, expect }) {
	say(`${name}: warm-up ${warmup}, then ${count} requests, ${concurrency} in flight`);
	const warm = await runLoad({ count: warmup, concurrency, send: (i) => send(`w${i}`, i), expect });
	const { failed, ...result } = await runLoad({ count, concurrency, send: (i) => send(`m${i}`, i), expect });
	const failures = warm.failures + result.failures;
	if (failures > 0) say(`  ${failures} unexpected answers, e.g. ${result.firstFailure ?? warm.firstFailure}`);
	const retry = [...warm.failed.map((i) => [`w${i}`, i]), ...failed.map((i) => [`m${i}`, i])];
	return { ...result, warmupFailures: warm.failures, sent: warm.count + result.count, retry };
}
