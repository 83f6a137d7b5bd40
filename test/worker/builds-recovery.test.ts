/**
 * A build spans several product objects. When one of them is unavailable in the middle of a build,
 * the request fails (503), the build stays pending, and once it is repaired — by the cron, by the
 * same request retried, or by reading it — every product's level is exact and reconciliation holds.
 *
 * The unavailable object is simulated by a collaborator that refuses one product's command; the
 * real objects and D1 do everything else, and the repair runs with the real ones.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { statusOf } from "../../worker/api/problem";
import type { ProductObjects } from "../../worker/assemblies/build-completion";
import { repairPendingBuilds } from "../../worker/assemblies/build-repair";
import { type BuildInput, createBuild } from "../../worker/assemblies/builds";
import { AppError } from "../../worker/core/app-error";
import { builds } from "../../worker/db/schema";
import { executeStockCommand } from "../../worker/stock/product-stock-client";
import { catchUpAllCompanies } from "../../worker/sync/scheduled-catch-up";
import { adjust, allPages, type LevelRow, type Movement } from "./api-checks";
import { db, makeCompany, type TestCompany } from "./helpers";

type Build = { id: string; number: string; status: "pending" | "completed" };

/** Product objects where `unavailable` ones throw, as a stub does when its object cannot be reached. */
function objectsWithout(...unavailable: string[]): ProductObjects {
	return {
		execute: (e, ref, command) =>
			unavailable.includes(ref.productId)
				? Promise.reject(new Error("Durable Object is overloaded"))
				: executeStockCommand(e, ref, command),
	};
}

async function onHandAt(co: TestCompany, locationId: string): Promise<Record<string, number>> {
	const rows = await allPages<LevelRow>(co.api, `/api/v1/levels?location=${locationId}&limit=1000`);
	return Object.fromEntries(rows.map((r) => [r.productId, r.onHand]));
}

async function expectReconciled(co: TestCompany) {
	expect((await co.api.get("/api/v1/reconciliation")).json()).toMatchObject({ ok: true, mismatches: [] });
}

/** A table (product 0) from a top (1) and 4 legs (2), 5 tops and 20 legs in stock. */
async function workshop() {
	const co = await makeCompany({ products: 3 });
	const [table, top, leg] = co.productIds as [string, string, string];
	const [warehouse] = co.locationIds as [string];
	const res = await co.api.call("PUT", `/api/v1/assemblies/${table}`, {
		components: [
			{ productId: top, quantity: 1 },
			{ productId: leg, quantity: 4 },
		],
		version: 0,
	});
	expect(res.status).toBe(200);
	await adjust(co, top, warehouse, 5);
	await adjust(co, leg, warehouse, 20);
	const input: BuildInput = {
		productId: table,
		locationId: warehouse,
		quantity: 2 * 10_000,
		kind: "build",
		override: false,
		idempotencyKey: `bd-${crypto.randomUUID()}`,
	};
	return { co, table, top, leg, warehouse, input };
}

async function failedBuild(co: TestCompany, input: BuildInput, objects: ProductObjects): Promise<Build> {
	const error = await createBuild(env, co.companyId, input, objects).then(
		() => null,
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(AppError);
	expect(error).toMatchObject({ code: "unavailable" });
	expect(statusOf(error as AppError)).toBe(503);
	const [build] = (await co.api.get("/api/v1/builds")).json<{ items: Build[] }>().items;
	if (!build) throw new Error("the failed build was not recorded");
	return build;
}

/** Makes a pending build look older than the repair's grace delay. */
async function age(buildId: string) {
	await db
		.update(builds)
		.set({ createdAt: Date.now() - 60_000 })
		.where(eq(builds.id, buildId));
}

describe("a build across product objects, one of them unavailable", () => {
	it("fails with 503, stays pending, and the cron's repair completes it exactly", async () => {
		const { co, table, top, leg, warehouse, input } = await workshop();
		const build = await failedBuild(co, input, objectsWithout(leg));
		expect(build.status).toBe("pending");
		// Half a build is visible while the legs' object is down: that is what the repair must end.
		expect(await onHandAt(co, warehouse)).toEqual({ [table]: 2, [top]: 3, [leg]: 20 });

		// Too recent for the cron: a build still under way in its own request is left alone.
		expect(await repairPendingBuilds(env)).toEqual({ completed: 0, failed: 0 });
		// Still unavailable at the next tick: stays pending, nothing doubled.
		expect(await repairPendingBuilds(env, { now: Date.now() + 60_000, objects: objectsWithout(leg) })).toEqual({
			completed: 0,
			failed: 1,
		});
		expect(await onHandAt(co, warehouse)).toEqual({ [table]: 2, [top]: 3, [leg]: 20 });

		await age(build.id);
		await catchUpAllCompanies(env);
		expect((await co.api.get(`/api/v1/builds/${build.id}`)).json<Build>().status).toBe("completed");
		expect(await onHandAt(co, warehouse)).toEqual({ [table]: 2, [top]: 3, [leg]: 12 });
		const ledger = await allPages<Movement>(co.api, "/api/v1/movements?limit=1000");
		expect(ledger.filter((m) => m.source === `build:${build.id}`)).toHaveLength(3);
		await expectReconciled(co);
	});

	it("is completed by the same request retried with its key, which answers the build once", async () => {
		const { co, table, top, leg, warehouse, input } = await workshop();
		const build = await failedBuild(co, input, objectsWithout(table, top));
		expect(await onHandAt(co, warehouse)).toEqual({ [table]: 0, [top]: 5, [leg]: 12 });

		const retry = await co.api.post("/api/v1/builds", {
			productId: table,
			locationId: warehouse,
			quantity: 2,
			idempotencyKey: input.idempotencyKey,
		});
		expect(retry.status, JSON.stringify(retry.body)).toBe(200);
		expect(retry.json<Build>()).toMatchObject({ id: build.id, number: build.number, status: "completed" });
		expect(await onHandAt(co, warehouse)).toEqual({ [table]: 2, [top]: 3, [leg]: 12 });
		// The repair finds nothing left to do.
		expect(await repairPendingBuilds(env, { now: Date.now() + 60_000 })).toMatchObject({ failed: 0 });
		expect(await onHandAt(co, warehouse)).toEqual({ [table]: 2, [top]: 3, [leg]: 12 });
		await expectReconciled(co);
	});

	it("a pending build is completed when read, once past the grace delay", async () => {
		const { co, table, top, leg, warehouse, input } = await workshop();
		const build = await failedBuild(co, input, objectsWithout(table, top, leg));
		expect(await onHandAt(co, warehouse)).toEqual({ [table]: 0, [top]: 5, [leg]: 20 });
		expect((await co.api.get(`/api/v1/builds/${build.id}`)).json<Build>().status).toBe("pending");
		await age(build.id);
		expect((await co.api.get(`/api/v1/builds/${build.id}`)).json<Build>().status).toBe("completed");
		expect(await onHandAt(co, warehouse)).toEqual({ [table]: 2, [top]: 3, [leg]: 12 });
		await expectReconciled(co);
	});
});
