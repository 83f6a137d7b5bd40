/**
 * Builds and unbuilds: a saga over several product objects.
 *
 * 1. D1 first: the build row, `pending`, with the BOM snapshot it will use for good.
 * 2. Every product's effect (source `build:<id>`, version 1) is set on its object, in parallel.
 * 3. The build becomes `completed`, with the answer kept for retries.
 *
 * A crash or an unavailable object between 1 and 3 leaves a pending build; re-sending all its
 * effects is harmless (each object ignores an effect it already holds), so the same request
 * retried with its key, `GET /builds/{id}` or the cron's repair finish it, and only then does the
 * build read as completed. No product keeps half a build once the repair has run.
 *
 * Lots (docs/architecture.md#lots-in-builds): the lots a request names — component lots picked by
 * hand, the lot the build produces (typed or generated), an unbuild's assembly lot and the lots its
 * components go back into — are checked before anything is recorded, kept in build_lots in the same
 * batch as the build row, and named in every re-send of its effects (build-lots.ts).
 */
import { and, eq, sql } from "drizzle-orm";
import { ulid } from "ulid";
import { AppError, type FieldError } from "../core/app-error";
import { replayKept } from "../core/idempotency";
import { fromScaled, type Scaled } from "../core/quantity";
import { type Database, database } from "../db/client";
import { builds, locations, products, stockLevels } from "../db/schema";
import { sha256Hex } from "../lib/sha256";
import { scaledProduct } from "../stock/quantity-bounds";
import { bomLinesQuery } from "./bill-of-materials";
import { assertBuildWithinBounds } from "./build-bounds";
import {
	type Build,
	type BuildAnswer,
	BuildLotRefused,
	completeBuild,
	type ProductObjects,
	realObjects,
} from "./build-completion";
import { type BuildKind, type BuildSpec, buildNeeds, shortages } from "./build-effects";
import { NO_LOTS } from "./build-genealogy";
import {
	assertBuildLots,
	type BuildLot,
	type BuildLotsInput,
	buildLotsOf,
	generatedLotPrefix,
	generatedLotStatement,
	namedLotsStatement,
	refusedLotField,
} from "./build-lots";

export type BuildInput = BuildLotsInput & {
	productId: string;
	locationId: string;
	quantity: Scaled;
	kind: BuildKind;
	override: boolean;
	idempotencyKey: string;
};

/**
 * Builds (or unbuilds) `quantity` of an assembly at a location. Answers `created: false` with the
 * first answer when this key was used for the same request before.
 */
export async function createBuild(
	env: Env,
	companyId: string,
	input: BuildInput,
	objects: ProductObjects = realObjects,
): Promise<{ created: boolean; body: BuildAnswer }> {
	const db = database(env.DB);
	const requestHash = await buildRequestHash(input);
	// One round trip for everything the checks need: D1 runs one query at a time, and a build is
	// interactive. Checked before anything is recorded: a refused build does not use up its key.
	const [keyRows, productRows, locationRows, components, levelRows] = await db.batch([
		db
			.select()
			.from(builds)
			.where(and(eq(builds.companyId, companyId), eq(builds.idempotencyKey, input.idempotencyKey))),
		db
			.select()
			.from(products)
			.where(and(eq(products.id, input.productId), eq(products.companyId, companyId))),
		db
			.select()
			.from(locations)
			.where(and(eq(locations.id, input.locationId), eq(locations.companyId, companyId))),
		bomLinesQuery(db, companyId, input.productId),
		// The product's and its components' levels at the location, for the availability check.
		db
			.select({
				productId: stockLevels.productId,
				sku: products.sku,
				onHand: stockLevels.onHand,
				reserved: stockLevels.reserved,
				incoming: stockLevels.incoming,
			})
			.from(stockLevels)
			.innerJoin(products, eq(products.id, stockLevels.productId))
			.where(
				and(
					sql`+${stockLevels.companyId} = ${companyId}`,
					eq(stockLevels.locationId, input.locationId),
					sql`${stockLevels.productId} IN (SELECT ${input.productId} UNION ALL
						SELECT component_product_id FROM assembly_components
						WHERE company_id = ${companyId} AND assembly_product_id = ${input.productId})`,
				),
			),
	]);
	const [before] = keyRows;
	const named = (error: unknown) => {
		throw namedRefusal(error, input);
	};
	if (before) return replay(env, before, requestHash, objects).catch(named);
	const [product] = productRows;
	if (!product) throw new AppError("not_found", `No product ${input.productId}.`);
	const [location] = locationRows;
	if (!location) throw new AppError("not_found", `No location ${input.locationId}.`);
	if (location.archivedAt !== null) throw new AppError("conflict", `Location ${input.locationId} is archived.`);
	if (components.length === 0)
		throw new AppError("not_an_assembly", `${product.sku} has no bill of materials to build from.`, [
			{ in: "body", field: "productId", message: "no bill of materials" },
		]);
	const spec: BuildSpec = { kind: input.kind, productId: product.id, quantity: input.quantity, components };
	const inexact = components.filter((c) => !scaledProduct(input.quantity, c.quantity).exact);
	if (inexact.length > 0)
		throw new AppError("validation_failed", "The quantity needs a component amount with more than 4 decimals.", [
			{ in: "body", field: "quantity", message: "quantity × a component's amount must have at most 4 decimals" },
		]);
	// Before the availability check: no stock, even with override, makes such a build possible.
	assertBuildWithinBounds(spec, input.locationId, levelRows);
	if (!input.override) assertStockSuffices(spec, levelRows);
	await assertBuildLots(db, companyId, input.locationId, spec, product, input);

	const id = ulid();
	const createdAt = Date.now();
	const namedLots = buildLotsOf(spec, input);
	// INSERT OR IGNORE: the same key racing in from a concurrent retry records one build; the seq
	// is computed inside the statement, which D1 runs alone, so numbers never collide. The lots go
	// in the same batch, only if the build row did.
	const insertBuild = env.DB.prepare(
		`INSERT OR IGNORE INTO builds
		(id, company_id, seq, number, kind, product_id, location_id, quantity, override, components, status,
			idempotency_key, request_hash, response, created_at, completed_at)
		SELECT ?1, ?2, n, printf('BD-%04d', n), ?3, ?4, ?5, ?6, ?7, ?8, 'pending', ?9, ?10, NULL, ?11, NULL
		FROM (SELECT coalesce(max(seq), 0) + 1 AS n FROM builds WHERE company_id = ?2)
		RETURNING seq, number`,
	).bind(
		id,
		companyId,
		input.kind,
		product.id,
		input.locationId,
		input.quantity,
		input.override ? 1 : 0,
		JSON.stringify(components),
		input.idempotencyKey,
		requestHash,
		createdAt,
	);
	const generated = input.generateLot
		? generatedLotStatement(
				env.DB,
				id,
				companyId,
				product.id,
				generatedLotPrefix(product.sku, createdAt),
				input.lot?.expiry ?? null,
				spec.quantity,
			)
		: null;
	const [buildResult, generatedResult] = await env.DB.batch<{ seq: number; number: string } | { lot: string }>([
		insertBuild,
		...(generated ? [generated] : []),
		...(namedLots.length > 0 ? [namedLotsStatement(env.DB, id, companyId, namedLots)] : []),
	]);
	const inserted = buildResult?.results[0] as { seq: number; number: string } | undefined;
	if (!inserted) {
		// Someone else's request with the same key won the race: answer as a replay.
		const winner = await findByKey(db, companyId, input.idempotencyKey);
		if (!winner) throw new Error(`build ${id} was neither recorded nor found`);
		return replay(env, winner, requestHash, objects).catch(named);
	}
	const row: Build = {
		id,
		companyId,
		seq: inserted.seq,
		number: inserted.number,
		kind: input.kind,
		productId: product.id,
		locationId: input.locationId,
		quantity: input.quantity,
		override: input.override,
		components,
		status: "pending",
		idempotencyKey: input.idempotencyKey,
		requestHash,
		response: null,
		createdAt,
		completedAt: null,
	};
	const generatedLot = generated ? (generatedResult?.results[0] as { lot: string } | undefined) : undefined;
	const lots: BuildLot[] = generatedLot
		? [
				{ productId: product.id, lot: generatedLot.lot, expiry: input.lot?.expiry ?? null, quantity: spec.quantity },
				...namedLots,
			]
		: namedLots;
	const body = await completeBuild(env, row, objects, lots).catch(named);
	return { created: true, body };
}

/** The object's refusal of a lot, naming the request's field that named the lot. */
function namedRefusal(error: unknown, input: BuildInput): unknown {
	if (!(error instanceof BuildLotRefused)) return error;
	return new AppError("lot_refused", error.detail, [
		{
			in: "body",
			field: refusedLotField(input, input.productId, error.productId, error.lot),
			message: error.errors?.[0]?.message ?? error.detail,
		},
	]);
}

/** What makes two build requests "the same request" for one idempotency key. */
function buildRequestHash(input: BuildInput): Promise<string> {
	const { idempotencyKey: _, ...request } = input;
	return sha256Hex(`build\n${JSON.stringify(request)}`);
}

function findByKey(db: Database, companyId: string, key: string) {
	return db.query.builds.findFirst({ where: and(eq(builds.companyId, companyId), eq(builds.idempotencyKey, key)) });
}

async function replay(
	env: Env,
	build: Build,
	requestHash: string,
	objects: ProductObjects,
): Promise<{ created: boolean; body: BuildAnswer }> {
	// Recorded but never completed (a crash, an object that did not answer): finished now.
	const body = await replayKept<BuildAnswer>(build, requestHash, {
		complete: () => completeBuild(env, build, objects),
		// Answers kept before builds showed lots show none.
		present: (kept) => ({ ...kept, lots: kept.lots ?? NO_LOTS }),
	});
	return { created: false, body };
}

/** Refuses (409, per product at fault) a build whose needs exceed what is available at the location. */
function assertStockSuffices(
	spec: BuildSpec,
	rows: { productId: string; sku: string; onHand: number; reserved: number }[],
) {
	const needs = buildNeeds(spec);
	const available = new Map(rows.map((r) => [r.productId, r.onHand - r.reserved]));
	const short = shortages(needs, available);
	if (short.length === 0) return;
	const skus = new Map(rows.map((r) => [r.productId, r.sku]));
	const errors: FieldError[] = short.map((s) => ({
		in: "body",
		field: spec.kind === "build" ? `components.${s.productId}` : "productId",
		message: `short by ${fromScaled(s.short)} (needs ${fromScaled(s.need)}, ${fromScaled(s.available)} available)`,
	}));
	const list = short.map((s) => `${skus.get(s.productId) ?? s.productId} short by ${fromScaled(s.short)}`).join(", ");
	throw new AppError(
		"insufficient_stock",
		`Not enough stock at this location to ${spec.kind}: ${list}. Send override: true to ${spec.kind} anyway.`,
		errors,
	);
}
