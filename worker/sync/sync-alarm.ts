/**
 * The one way the company's sync object (worker/sync/company-sync.ts) arms its alarm, which runs
 * all its queued work. While the alarm runs, `getAlarm()` answers null unless it was set again since.
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
