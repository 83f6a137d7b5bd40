/**
 * The saga's second and third steps (see builds.ts): every effect of a recorded build set on its
 * product's object, then the build marked completed with its answer kept. Shared by the request
 * itself, its retry, a read of a pending build and the cron's repair (build-repair.ts).
 */
import { and, eq, sql } from "drizzle-orm";
import { AppError } from "../core/app-error";
import { fromScaled } from "../core/quantity";
import { type Database, database } from "../db/client";
import { builds, companySettings, qboConnections } from "../db/schema";
import { chunk } from "../lib/chunk";
import { queueStockPush } from "../qbo/queue-stock-push";
import { findLevelRowsQuery, toLevelRow } from "../stock/levels";
import { executeStockCommand, isLotRefusal, LotRefusal } from "../stock/product-stock-client";
import type { CommandResult, ProductRef, StockCommand } from "../stock/stock-command";
import { BUILD_EFFECT_VERSION, type BuildSpec, buildEffects, buildSource, componentTotals } from "./build-effects";
import { type BuildGenealogy, buildGenealogy, genealogyOfMovements } from "./build-genealogy";
import { type BuildLot, lotsOfBuild, namedLotsFor } from "./build-lots";
import { undoBuild } from "./build-undo";

export type Build = typeof builds.$inferSelect;

/** How the saga reaches product objects; tests replace it to make one object fail. */
export type ProductObjects = {
	execute: (env: Env, ref: ProductRef, command: StockCommand) => Promise<CommandResult>;
};

export const realObjects: ProductObjects = { execute: executeStockCommand };

export type BuildView = ReturnType<typeof buildView>;
/** One build with its genealogy: the lots it consumed and produced (build-genealogy.ts). */
export type BuildDetail = BuildView & { lots: BuildGenealogy };
export type BuildAnswer = BuildDetail & { levels: ReturnType<typeof toLevelRow>[] };

/**
 * A product object refused a lot the build named (a pick beyond what it holds, another expiry than
 * it has, on lots D1 did not show yet): the build was undone (build-undo.ts) and this is the answer.
 */
export class BuildLotRefused extends AppError {
	constructor(
		readonly productId: string,
		readonly lot: string,
		detail: string,
	) {
		super("lot_refused", detail, [{ in: "stock", field: "lots", message: detail }]);
	}
}

/** The API's view of a build: totals per component, decimals, ISO times. */
export function buildView(b: Build) {
	const spec = specOf(b);
	return {
		id: b.id,
		number: b.number,
		kind: b.kind,
		productId: b.productId,
		locationId: b.locationId,
		quantity: fromScaled(b.quantity),
		override: b.override,
		status: b.status,
		components: componentTotals(spec).map((c) => ({ productId: c.productId, quantity: fromScaled(c.quantity) })),
		createdAt: new Date(b.createdAt).toISOString(),
		completedAt: b.completedAt === null ? null : new Date(b.completedAt).toISOString(),
	};
}

function specOf(b: Build): BuildSpec {
	return { kind: b.kind, productId: b.productId, quantity: b.quantity, components: b.components };
}

/** D1's level rows of these products at one location, in one round trip. */
export async function levelRecords(db: Database, companyId: string, locationId: string, productIds: string[]) {
	const queries = chunk(productIds, 45).map((part) =>
		findLevelRowsQuery(
			db,
			companyId,
			part.map((productId) => ({ productId, locationId })),
		),
	);
	const [first, ...rest] = queries;
	if (!first) return [];
	return (await db.batch([first, ...rest])).flat();
}

/**
 * Sets every effect of the build (again, harmlessly, for those already applied), naming the lots
 * kept with it, then marks it completed and keeps its answer. Throws `unavailable` (503) when an
 * object did not apply its effect: the build stays pending, to be completed by a retry or the
 * repair. A lot refused by an object would be refused every time: the build is undone instead and
 * the refusal thrown (BuildLotRefused). `lots`: the build's lots when the caller has them.
 */
export async function completeBuild(
	env: Env,
	build: Build,
	objects: ProductObjects = realObjects,
	knownLots?: BuildLot[],
): Promise<BuildAnswer> {
	const { companyId } = build;
	const effects = buildEffects(specOf(build));
	const db = database(env.DB);
	const lots = knownLots ?? (await lotsOfBuild(db, companyId, build.id));
	// The push setting and the level rows' planning fields do not depend on the effects: read them
	// meanwhile, so that the build's answer waits for no D1 round trip but its own update.
	const [settled, pushing, rows] = await Promise.all([
		Promise.allSettled(
			effects.map((e) =>
				objects.execute(
					env,
					{ companyId, productId: e.productId },
					{
						type: "set",
						source: buildSource(build.id),
						kind: build.kind,
						locationId: build.locationId,
						effect: e.effect,
						version: BUILD_EFFECT_VERSION,
						reason: build.number,
						...lotsField(lots, e.productId),
					},
				),
			),
		),
		pushesStockToQbo(db, companyId),
		levelRecords(
			db,
			companyId,
			build.locationId,
			effects.map((e) => e.productId),
		),
	]);
	const refused = settled.flatMap((s, i) =>
		s.status === "rejected" && isLotRefusal(s.reason)
			? [{ productId: effects[i]?.productId ?? "", error: s.reason }]
			: [],
	);
	const [first] = refused;
	if (first) {
		// Nothing of it is pushed to QBO: undone, the build changes no quantity.
		await undoBuild(env, build, objects);
		const lot = first.error instanceof LotRefusal ? first.error.lot : "";
		throw new BuildLotRefused(
			first.productId,
			lot,
			`Refused, ${build.number} was undone and nothing changed: ${first.error.detail.replace(/^Refused, nothing changed: /, "")}`,
		);
	}
	// A build changes on hand that QBO cannot see: each product's first application goes to QBO's
	// quantity — also when another product failed, since a re-sent effect answers `stale` and would
	// never be pushed. Asked once per build, not per product: most companies do not push.
	const applied = settled.flatMap((s, i) => {
		const productId = effects[i]?.productId;
		return s.status === "fulfilled" && s.value.outcome === "applied" && productId
			? [{ productId, result: s.value }]
			: [];
	});
	if (applied.length > 0 && pushing)
		await Promise.all(
			applied.map(async ({ productId, result }) => {
				const [first] = result.movements;
				const qtyDiff = result.movements.reduce((sum, m) => sum + m.delta.onHand, 0);
				if (first) await queueStockPush(env, companyId, productId, { key: first.id, qtyDiff });
			}),
		);

	const failures = settled.flatMap((s, i) => (s.status === "rejected" ? [{ i, reason: s.reason as unknown }] : []));
	if (failures.length > 0) {
		const which = failures.map((f) => `${effects[f.i]?.productId} (${String(f.reason)})`).join(", ");
		console.error(`build ${build.id} left pending: not applied by ${which}`);
		throw new AppError(
			"unavailable",
			`${build.number} is recorded but ${failures.length} of its ${effects.length} products could not be updated yet. It completes by itself within minutes; sending the same request again completes it now.`,
		);
	}
	const results = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));

	const completedAt = Date.now();
	const completed: Build = { ...build, status: "completed", completedAt };
	// An object that had applied the build before answers no movements: then the ledger says it.
	const genealogy = results.every((r) => r.outcome === "applied")
		? genealogyOfMovements(results.map((r, i) => ({ productId: effects[i]?.productId ?? "", movements: r.movements })))
		: await buildGenealogy(db, companyId, build.id);
	const body: BuildAnswer = {
		...buildView(completed),
		lots: genealogy,
		levels: effects.flatMap((e, i) => {
			const row = rows.find((r) => r.productId === e.productId);
			if (!row) return [];
			// The object's numbers are the truth as of this build; D1 adds the planning fields.
			const level = results[i]?.levels.find((l) => l.locationId === build.locationId);
			return [toLevelRow(level ? { ...row, ...level } : row)];
		}),
	};
	// Only the first completion writes: a concurrent retry that completed it too keeps that answer.
	const [kept] = await db
		.update(builds)
		.set({ status: "completed", completedAt, response: JSON.stringify(body) })
		.where(and(eq(builds.id, build.id), eq(builds.companyId, companyId), sql`${builds.status} = 'pending'`))
		.returning({ id: builds.id });
	if (kept) return body;
	const winner = await db.query.builds.findFirst({ where: eq(builds.id, build.id) });
	return winner?.response ? (JSON.parse(winner.response) as BuildAnswer) : body;
}

/** The `lots` of one product's `set` command: the lots kept with the build for it, if any. */
function lotsField(lots: readonly BuildLot[], productId: string) {
	const named = namedLotsFor(lots, productId);
	return named ? { lots: named } : {};
}

/** Whether the company pushes stock changes to QBO at all (the setting is on and QBO is connected). */
async function pushesStockToQbo(db: Database, companyId: string): Promise<boolean> {
	const [row] = await db
		.select({ companyId: companySettings.companyId })
		.from(companySettings)
		.innerJoin(
			qboConnections,
			and(eq(qboConnections.companyId, companySettings.companyId), eq(qboConnections.status, "connected")),
		)
		.where(and(eq(companySettings.companyId, companyId), eq(companySettings.stockSyncToQbo, true)));
	return row !== undefined;
}
