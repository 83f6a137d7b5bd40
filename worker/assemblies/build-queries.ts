/**
 * Reading builds: newest first, optionally for one product; one build by id. A build left pending
 * for a while is completed on the way (re-sending its effects is harmless).
 */
import { and, eq, inArray } from "drizzle-orm";
import { AppError } from "../core/app-error";
import { pageOf } from "../core/cursor";
import { newestFirst } from "../core/keyset";
import type { Database } from "../db/client";
import { builds } from "../db/schema";
import { type BuildDetail, BuildLotRefused, type BuildView, buildView, completeBuild } from "./build-completion";
import { buildGenealogy } from "./build-genealogy";
import { REPAIR_AFTER_MS } from "./build-repair";

export async function listBuilds(
	db: Database,
	companyId: string,
	query: { productId?: string; locationIds?: string[]; limit: number; cursor?: string },
): Promise<{ items: BuildView[]; nextCursor: string | null }> {
	const keyset = newestFirst(query.cursor, [builds.seq], ["number"]);
	const rows = await db
		.select()
		.from(builds)
		.where(
			and(
				eq(builds.companyId, companyId),
				query.productId ? eq(builds.productId, query.productId) : undefined,
				query.locationIds ? inArray(builds.locationId, query.locationIds) : undefined,
				keyset.after,
			),
		)
		.orderBy(...keyset.orderBy)
		.limit(query.limit + 1);
	const page = pageOf(rows, query.limit, (b) => [b.seq]);
	return { items: page.items.map(buildView), nextCursor: page.nextCursor };
}

/**
 * One build with its genealogy (the lots it consumed and produced); a pending one older than the
 * repair delay is completed first when its objects answer.
 */
export async function getBuild(env: Env, db: Database, companyId: string, id: string): Promise<BuildDetail> {
	const row = await db.query.builds.findFirst({ where: and(eq(builds.id, id), eq(builds.companyId, companyId)) });
	if (!row) throw new AppError("not_found", `No build ${id}.`);
	if (row.status === "pending" && Date.now() - row.createdAt >= REPAIR_AFTER_MS) {
		try {
			const { levels: _, ...done } = await completeBuild(env, row);
			return done;
		} catch (error) {
			if (error instanceof BuildLotRefused)
				throw new AppError("not_found", `No build ${id}: it was refused and undone. ${error.detail}`);
			// Still not completable: show it as it is; the cron keeps trying.
			console.error(`build ${id}: completion on read failed`, error);
		}
	}
	return { ...buildView(row), lots: await buildGenealogy(db, companyId, id) };
}
