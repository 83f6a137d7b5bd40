/**
 * The lots a build request names (docs/architecture.md#lots-in-builds): which component lots a
 * build picks by hand, which lot it produces (typed, or a number generated for it), for an unbuild
 * which assembly lot it takes apart and which lots the components go back into. Checked like a
 * receipt's or a delivery note's lots before anything is recorded, kept in build_lots with the
 * build, and named in its `set` commands however often the saga re-sends them.
 */
import { and, asc, eq } from "drizzle-orm";
import { AppError, type FieldError } from "../core/app-error";
import { fromScaled, type Scaled } from "../core/quantity";
import type { Database } from "../db/client";
import { buildLots, type products } from "../db/schema";
import type { NamedLot } from "../stock/lot-allocation";
import { assertLotExpiriesAgree, assertLotsAllowed, assertLotsHold } from "../stock/lot-requests";
import { isoDate } from "../stock/lots";
import { type BuildSpec, componentTotals } from "./build-effects";

/** What a build request may say of lots; quantities scaled and positive. */
export type BuildLotsInput = {
	/** Component lots picked by hand (a build) or filled (an unbuild); the rest by the object's rules. */
	componentLots?: { productId: string; lots: { lot: string; quantity: Scaled }[] }[];
	/** The assembly lot: produced by a build (with the expiry a new lot takes), taken apart by an unbuild. */
	lot?: { lot?: string; expiry?: string };
	/** A build produces a lot whose number is generated (see `generatedLotPrefix`). */
	generateLot?: boolean;
};

/** A lot named to a product object for this build: signed, + into the lot, − out of it. */
export type BuildLot = { productId: string; lot: string; expiry: string | null; quantity: Scaled };

type Product = Pick<typeof products.$inferSelect, "id" | "sku" | "tracking" | "expiryRequired">;

const invalid = (errors: FieldError[]) =>
	new AppError("validation_failed", `Some fields are invalid: ${errors.map((e) => e.message).join("; ")}.`, errors);

/**
 * Refuses, before anything is recorded, lots the build may not name: 400 naming the field
 * (`lot.lot`, `lot.expiry`, `generateLot`, `componentLots.<i>.productId`, `componentLots.<i>.lots…`),
 * 409 `lot_refused` for a pick beyond what a lot holds at the location or another expiry than a
 * known lot has, as D1 shows the lots.
 */
export async function assertBuildLots(
	db: Database,
	companyId: string,
	locationId: string,
	spec: BuildSpec,
	product: Product,
	input: BuildLotsInput,
): Promise<void> {
	await assertAssemblyLot(db, companyId, locationId, spec, product, input);
	const totals = new Map(componentTotals(spec).map((c) => [c.productId, c.quantity]));
	const seen = new Set<string>();
	for (const [i, component] of (input.componentLots ?? []).entries()) {
		const field = `componentLots.${i}`;
		const total = totals.get(component.productId);
		if (total === undefined || seen.has(component.productId))
			throw invalid([
				{
					in: "body",
					field: `${field}.productId`,
					message: total === undefined ? `not a component of ${product.sku}` : "a component may appear once",
				},
			]);
		seen.add(component.productId);
		const sum = component.lots.reduce((s, l) => s + l.quantity, 0);
		if (sum > total)
			throw invalid([
				{
					in: "body",
					field: `${field}.lots`,
					message: `the lots add up to ${fromScaled(sum)}, more than the ${fromScaled(total)} the ${spec.kind} moves`,
				},
			]);
		const sign = spec.kind === "build" ? -1 : 1;
		const named = component.lots.map((l) => ({ lot: l.lot, quantity: sign * l.quantity }));
		await assertLotsAllowed(db, companyId, component.productId, named, sign > 0, `${field}.lots`);
		if (sign < 0) await assertLotsHold(db, companyId, component.productId, locationId, component.lots, `${field}.lots`);
	}
}

/** The assembly's own lot: what a build produces, or what an unbuild takes apart. */
async function assertAssemblyLot(
	db: Database,
	companyId: string,
	locationId: string,
	spec: BuildSpec,
	product: Product,
	input: BuildLotsInput,
): Promise<void> {
	const { lot, generateLot } = input;
	if (generateLot && spec.kind === "unbuild")
		throw invalid([{ in: "body", field: "generateLot", message: "an unbuild takes a lot apart; it produces none" }]);
	if (generateLot && lot?.lot)
		throw invalid([{ in: "body", field: "lot.lot", message: "give a lot or generateLot, not both" }]);
	if (lot && !lot.lot && !generateLot)
		throw invalid([{ in: "body", field: "lot.lot", message: "a lot number, or generateLot: true" }]);
	if (spec.kind === "unbuild" && lot?.expiry)
		throw invalid([{ in: "body", field: "lot.expiry", message: "an unbuild takes from a lot; it sets no expiry" }]);
	const producing = spec.kind === "build" && (generateLot || lot?.lot);
	if ((generateLot || lot?.lot) && product.tracking !== "lot")
		throw invalid([
			{ in: "body", field: lot?.lot ? "lot.lot" : "generateLot", message: `${product.sku} is not tracked by lot` },
		]);
	// A product that requires expiries gets none from a build that names no lot: it must name one.
	if (spec.kind === "build" && product.tracking === "lot" && product.expiryRequired) {
		if (!producing)
			throw invalid([{ in: "body", field: "lot", message: `${product.sku} requires a lot with an expiry date` }]);
		if (generateLot && !lot?.expiry)
			throw invalid([
				{ in: "body", field: "lot.expiry", message: `${product.sku} requires an expiry date on a new lot` },
			]);
	}
	if (!lot?.lot) return;
	// The checks of lot-requests.ts name `lot.0.<field>`: this request has one lot, `lot.<field>`.
	const named: NamedLot[] = [{ lot: lot.lot, expiry: lot.expiry ?? null, quantity: spec.quantity }];
	try {
		if (spec.kind === "build") {
			await assertLotsAllowed(db, companyId, product.id, named, true, "lot");
			await assertLotExpiriesAgree(db, companyId, product.id, named, "lot");
		} else await assertLotsHold(db, companyId, product.id, locationId, named, "lot");
	} catch (error) {
		throw singleLotFields(error);
	}
}

function singleLotFields(error: unknown): unknown {
	if (!(error instanceof AppError)) return error;
	return new AppError(
		error.code,
		error.detail,
		error.errors?.map((e) => ({
			...e,
			field: e.field.replace(/^lot\.0\.quantity$/, "lot.lot").replace(/^lot\.0\./, "lot."),
		})),
	);
}

/**
 * The lots to keep with the build, signed as its products' objects are told them. A generated lot
 * is not here: its number is chosen when the build is recorded (`generatedLotStatement`).
 */
export function buildLotsOf(spec: BuildSpec, input: BuildLotsInput): BuildLot[] {
	const sign = spec.kind === "build" ? 1 : -1;
	const own: BuildLot[] = input.lot?.lot
		? [
				{
					productId: spec.productId,
					lot: input.lot.lot,
					expiry: input.lot.expiry ?? null,
					quantity: sign * spec.quantity,
				},
			]
		: [];
	const components = (input.componentLots ?? []).flatMap((c) =>
		c.lots.map((l) => ({ productId: c.productId, lot: l.lot, expiry: null, quantity: -sign * l.quantity })),
	);
	return [...own, ...components];
}

/**
 * A generated lot's number: `<SKU>-<YYYYMMDD>-<n>`, the build's UTC day and a counter, 1 more than
 * the highest `n` among the product's lots with that prefix that builds named or D1 holds. Unique
 * for the product: the number is chosen inside the batch that records the build, which D1 runs
 * alone. The SKU is cut to 40 characters so that the lot stays within 64.
 */
export function generatedLotPrefix(sku: string, at: number): string {
	const name = sku.trim().slice(0, 40) || "LOT";
	return `${name}-${isoDate(at).replaceAll("-", "")}-`;
}

/** The statement that records the generated lot (if the build row went in), answering its number. */
export function generatedLotStatement(
	d1: D1Database,
	buildId: string,
	companyId: string,
	productId: string,
	prefix: string,
	expiry: string | null,
	quantity: Scaled,
): D1PreparedStatement {
	return d1
		.prepare(
			`INSERT INTO build_lots (build_id, company_id, product_id, lot, expiry, quantity, position)
			SELECT ?1, ?2, ?3, ?4 || next, ?5, ?6, 0
			FROM (SELECT coalesce(max(n), 0) + 1 AS next FROM (
				SELECT CAST(substr(lot, length(?4) + 1) AS INTEGER) AS n FROM build_lots
					WHERE company_id = ?2 AND product_id = ?3 AND substr(lot, 1, length(?4)) = ?4
				UNION ALL
				SELECT CAST(substr(lot, length(?4) + 1) AS INTEGER) FROM stock_lot_levels
					WHERE company_id = ?2 AND product_id = ?3 AND substr(lot, 1, length(?4)) = ?4))
			WHERE EXISTS (SELECT 1 FROM builds WHERE id = ?1)
			RETURNING lot`,
		)
		.bind(buildId, companyId, productId, prefix, expiry, quantity);
}

/** The statement that records the named lots (if the build row went in), one whatever their number. */
export function namedLotsStatement(d1: D1Database, buildId: string, companyId: string, lots: BuildLot[]) {
	const rows = lots.map((l, i) => ({ ...l, position: i + 1 }));
	return d1
		.prepare(
			`INSERT INTO build_lots (build_id, company_id, product_id, lot, expiry, quantity, position)
			SELECT ?1, ?2, json_extract(j.value, '$.productId'), json_extract(j.value, '$.lot'),
				json_extract(j.value, '$.expiry'), json_extract(j.value, '$.quantity'), json_extract(j.value, '$.position')
			FROM json_each(?3) j WHERE EXISTS (SELECT 1 FROM builds WHERE id = ?1)`,
		)
		.bind(buildId, companyId, JSON.stringify(rows));
}

/** The lots kept with a build, in the order they were named. */
export async function lotsOfBuild(db: Database, companyId: string, buildId: string): Promise<BuildLot[]> {
	return db
		.select({
			productId: buildLots.productId,
			lot: buildLots.lot,
			expiry: buildLots.expiry,
			quantity: buildLots.quantity,
		})
		.from(buildLots)
		.where(and(eq(buildLots.companyId, companyId), eq(buildLots.buildId, buildId)))
		.orderBy(asc(buildLots.position));
}

/** One product's lots as its `set` command names them; absent when none. */
export function namedLotsFor(lots: readonly BuildLot[], productId: string): NamedLot[] | undefined {
	const mine = lots.filter((l) => l.productId === productId);
	return mine.length > 0 ? mine.map((l) => ({ lot: l.lot, quantity: l.quantity, expiry: l.expiry })) : undefined;
}

/**
 * The request field of a lot a product object refused while the build was applied: the assembly's
 * `lot.lot`, or the component's `componentLots.<i>.lots.<j>.quantity` that named it.
 */
export function refusedLotField(input: BuildLotsInput, assemblyId: string, productId: string, lot: string): string {
	if (productId === assemblyId) return input.lot?.lot ? "lot.lot" : "generateLot";
	const i = (input.componentLots ?? []).findIndex((c) => c.productId === productId);
	const j = input.componentLots?.[i]?.lots.findIndex((l) => l.lot === lot) ?? -1;
	return i < 0 ? "componentLots" : j < 0 ? `componentLots.${i}.lots` : `componentLots.${i}.lots.${j}.quantity`;
}
