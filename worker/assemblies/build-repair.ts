/**
 * The cron's repair of builds left pending by a crash or an unavailable product object: each is
 * completed by re-sending all its effects (idempotent). Only builds older than a grace delay are
 * taken, so that a build still under way in its own request is left to finish there.
 */
import { and, asc, eq, lte } from "drizzle-orm";
import { database } from "../db/client";
import { builds } from "../db/schema";
import { completeBuild, type ProductObjects } from "./build-completion";

/** A pending build younger than this is probably still being completed by its own request. */
export const REPAIR_AFTER_MS = 30_000;
/** Builds per cron tick: bounded so that one tick stays short; the next tick takes the rest. */
const REPAIR_BATCH = 50;

/** Completes pending builds older than the grace delay (every company); answers how many completed and failed. */
export async function repairPendingBuilds(
	env: Env,
	options: { now?: number; objects?: ProductObjects } = {},
): Promise<{ completed: number; failed: number }> {
	const now = options.now ?? Date.now();
	const pending = await database(env.DB)
		.select()
		.from(builds)
		.where(and(eq(builds.status, "pending"), lte(builds.createdAt, now - REPAIR_AFTER_MS)))
		.orderBy(asc(builds.createdAt))
		.limit(REPAIR_BATCH);
	const results = await Promise.allSettled(pending.map((b) => completeBuild(env, b, options.objects)));
	const failed = results.filter((r) => r.status === "rejected").length;
	if (failed > 0) console.error(`build repair: ${failed} of ${pending.length} pending builds still incomplete`);
	return { completed: pending.length - failed, failed };
}
