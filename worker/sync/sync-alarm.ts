/**
 * The one way the company's sync object (worker/sync/company-sync.ts) arms its alarm, which runs
 * all its queued work, and the pacing of the runs that webhook deliveries ask for. While the alarm
 * runs, `getAlarm()` answers null unless it was set again since.
 */

/**
 * How a new time meets an alarm already set:
 * - `sooner` keeps the earlier of the two: new work (an event received while a run was going on)
 *   is not pushed back behind another's backoff, and a backoff does not delay what is due;
 * - `if_idle` sets it only when none is set: a push or a purchase document queued while its queue
 *   waits after a failure waits with it, rather than retrying the failed one early;
 * - `replace` sets it whatever was set: the import waits as long as QBO asked, and everything
 *   waits for it (documents and pushes need the catalogue).
 */
export type AlarmRule = "sooner" | "if_idle" | "replace";

/**
 * Arms the alarm to run in `delayMs` (0: at once), by `rule`.
 *
 * @example
 * await armAlarm(ctx.storage, 0); // events arrived: run now, even if a backoff set it later
 */
export async function armAlarm(storage: DurableObjectStorage, delayMs: number, rule: AlarmRule = "sooner") {
	const at = Date.now() + delayMs;
	if (rule === "replace") return await storage.setAlarm(at);
	const current = await storage.getAlarm();
	if (current === null || (rule === "sooner" && current > at)) await storage.setAlarm(at);
}

/**
 * Deliveries ask for at most `DELIVERY_RUN_BURST` runs in any `DELIVERY_RUN_SPACING_MS`: a document
 * or two saved in a row are processed at once, a stream waits at most this long for its next run.
 */
export const DELIVERY_RUN_SPACING_MS = 500;
export const DELIVERY_RUN_BURST = 2;

/**
 * Paces the runs that deliveries ask for: at most `burst` start in any `spacingMs`, and a delivery
 * that finds a run asked for and not yet started joins it (a run takes every due event, up to its
 * batch). A stream of deliveries then costs a few runs a second rather than a run each, and the
 * runs no longer take the object's time from the deliveries being answered. In memory only: an
 * object started afresh runs at once, and its events are safe meanwhile in its inbox and its
 * alarm, both durable.
 */
export class RunPacer {
	/** When the last `burst` runs asked for were to start (epoch ms), oldest first. */
	private readonly asked: number[] = [];

	constructor(
		private readonly spacingMs: number,
		private readonly burst: number,
	) {}

	/**
	 * The delay (ms) of the run that takes events received at `now`.
	 *
	 * @example
	 * await armAlarm(ctx.storage, pacer.delayAt(Date.now()));
	 */
	delayAt(now: number): number {
		const last = this.asked.at(-1);
		if (last !== undefined && last >= now) return last - now;
		const oldest = this.asked.length < this.burst ? Number.NEGATIVE_INFINITY : (this.asked[0] ?? 0);
		const at = Math.max(now, oldest + this.spacingMs);
		this.asked.push(at);
		if (this.asked.length > this.burst) this.asked.shift();
		return at - now;
	}
}
