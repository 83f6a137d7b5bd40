/**
 * Model-based property test of the stock ledger: random sequences of set-effect commands,
 * deletes, adjustments, counts and transfers — duplicated, stale and reordered — go through a real
 * product object (real SQLite storage, real D1 flush) and through a reference model. After every
 * sequence the object, D1's levels and D1's ledger must all equal the model.
 */

import { env } from "cloudflare:workers";
import { and, asc, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createProducts } from "../../worker/catalogue/products";
import { stockLevels, stockMovements } from "../../worker/db/schema";
import {
	enqueueStockCommand,
	executeStockCommand,
	readProductStockState,
} from "../../worker/stock/product-stock-client";
import type { ProductRef, StockCommand } from "../../worker/stock/stock-command";
import { db, makeCompany, type TestCompany } from "./helpers";
import { ReferenceModel } from "./ledger-reference-model";

const DOCUMENTS = 4;
const VERSIONS = 5;
const ONE_OFF_KEYS = 8;

/** Scaled quantities with up to 4 decimals, negative ones included. */
const scaled = fc.integer({ min: -200_000, max: 2_000_000 });
const effectArb = fc.record({ location: fc.nat(2), onHand: scaled, reserved: scaled, incoming: scaled });
const oneOffArb = fc.record({ location: fc.nat(2), other: fc.nat(1), quantity: fc.integer({ min: 1, max: 500_000 }) });

/**
 * A step names a document version or a one-off key; what it carries comes from per-run tables,
 * so that sending the same step twice is a true duplicate.
 */
const stepArb = fc.oneof(
	{
		weight: 6,
		arbitrary: fc.record({
			type: fc.constant("set" as const),
			doc: fc.nat(DOCUMENTS - 1),
			version: fc.integer({ min: 1, max: VERSIONS }),
		}),
	},
	{ weight: 1, arbitrary: fc.record({ type: fc.constant("delete" as const), doc: fc.nat(DOCUMENTS - 1) }) },
	{ weight: 2, arbitrary: fc.record({ type: fc.constant("adjust" as const), key: fc.nat(ONE_OFF_KEYS - 1) }) },
	{ weight: 1, arbitrary: fc.record({ type: fc.constant("count" as const), key: fc.nat(ONE_OFF_KEYS - 1) }) },
	{ weight: 2, arbitrary: fc.record({ type: fc.constant("transfer" as const), key: fc.nat(ONE_OFF_KEYS - 1) }) },
);

const scenarioArb = fc.record({
	effects: fc.array(effectArb, { minLength: DOCUMENTS * VERSIONS, maxLength: DOCUMENTS * VERSIONS }),
	oneOffs: fc.array(oneOffArb, { minLength: ONE_OFF_KEYS, maxLength: ONE_OFF_KEYS }),
	steps: fc.array(fc.record({ step: stepArb, background: fc.boolean() }), { minLength: 40, maxLength: 140 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function toCommand(s: Scenario, step: Scenario["steps"][number]["step"], locations: string[]): StockCommand {
	const at = (i: number) => locations[i % locations.length] ?? "";
	switch (step.type) {
		case "set": {
			const e = s.effects[step.doc * VERSIONS + step.version - 1];
			if (!e) throw new Error("effect table too short");
			return {
				type: "set",
				source: `doc:${step.doc}`,
				kind: "invoice",
				locationId: at(e.location),
				effect: { onHand: e.onHand, reserved: e.reserved, incoming: e.incoming },
				version: step.version,
			};
		}
		case "delete":
			return { type: "delete", source: `doc:${step.doc}`, kind: "invoice" };
		default: {
			const o = s.oneOffs[step.key];
			if (!o) throw new Error("one-off table too short");
			const source = `${step.type}:${step.key}`;
			if (step.type === "adjust")
				return { type: "adjust", source, locationId: at(o.location), quantity: o.quantity - 250_000 };
			if (step.type === "count") return { type: "count", source, locationId: at(o.location), onHand: o.quantity };
			return {
				type: "transfer",
				source,
				fromLocationId: at(o.location),
				toLocationId: at(o.location + 1 + o.other),
				quantity: o.quantity,
			};
		}
	}
}

type Levels = Map<string, { onHand: number; reserved: number; incoming: number }>;

/** Levels keyed by location with all-zero entries dropped, so "absent" and "zero" compare equal. */
function nonZero(entries: Iterable<[string, { onHand: number; reserved: number; incoming: number }]>): Levels {
	const out: Levels = new Map();
	for (const [locationId, l] of entries)
		if (l.onHand !== 0 || l.reserved !== 0 || l.incoming !== 0)
			out.set(locationId, { onHand: l.onHand, reserved: l.reserved, incoming: l.incoming });
	return out;
}

async function d1Ledger(ref: ProductRef) {
	const levels = await db.select().from(stockLevels).where(eq(stockLevels.productId, ref.productId));
	const sums = await db
		.select({
			locationId: stockMovements.locationId,
			onHand: sql<number>`sum(${stockMovements.onHandDelta})`,
			reserved: sql<number>`sum(${stockMovements.reservedDelta})`,
			incoming: sql<number>`sum(${stockMovements.incomingDelta})`,
		})
		.from(stockMovements)
		.where(eq(stockMovements.productId, ref.productId))
		.groupBy(stockMovements.locationId);
	const seqs = await db
		.select({ seq: stockMovements.seq })
		.from(stockMovements)
		.where(and(eq(stockMovements.productId, ref.productId), eq(stockMovements.companyId, ref.companyId)))
		.orderBy(asc(stockMovements.seq));
	return {
		levels: nonZero(levels.map((l) => [l.locationId, l])),
		movementSums: nonZero(sums.map((s) => [s.locationId, s])),
		seqs: seqs.map((r) => r.seq),
	};
}

describe("stock ledger against a reference model", () => {
	let company: TestCompany;
	beforeAll(async () => {
		company = await makeCompany({ locations: 3, products: 0 });
	});

	it("ends equal to the model under duplicates, stale versions, reorderings and interleavings", async () => {
		let commandsSent = 0;
		let run = 0;
		await fc.assert(
			fc.asyncProperty(scenarioArb, async (scenario) => {
				run += 1;
				const [product] = await createProducts(db, company.companyId, [{ sku: `MODEL-${run}`, name: `Model ${run}` }]);
				if (!product) throw new Error("no product created");
				const ref = { companyId: company.companyId, productId: product.id };
				const model = new ReferenceModel();

				for (const { step, background } of scenario.steps) {
					const command = toCommand(scenario, step, company.locationIds);
					const expected = model.apply(command);
					const result = background
						? await enqueueStockCommand(env, ref, command)
						: await executeStockCommand(env, ref, command);
					expect(result.outcome, `${command.type} ${command.source}`).toBe(expected);
					commandsSent += 1;
				}

				const expectedLevels = nonZero(model.levels());
				const state = await readProductStockState(env, ref);
				expect(state.pendingMovements).toBe(0);
				expect(nonZero(state.levels.map((l) => [l.locationId, l]))).toEqual(expectedLevels);
				expect(nonZero(state.effectSums.map((l) => [l.locationId, l]))).toEqual(expectedLevels);

				// Independently of any rule order: a document ends at its highest version sent, or at
				// nothing once a delete was sent.
				for (let doc = 0; doc < DOCUMENTS; doc++) {
					const sent = scenario.steps.map((s) => s.step).filter((s) => "doc" in s && s.doc === doc);
					if (sent.length === 0) continue;
					const stored = state.effects.find((e) => e.source === `doc:${doc}`);
					const versions = sent.flatMap((s) => (s.type === "set" ? [s.version] : []));
					if (sent.some((s) => s.type === "delete")) expect(stored?.deleted).toBe(true);
					else {
						const e = scenario.effects[doc * VERSIONS + Math.max(...versions) - 1];
						expect(stored?.effect).toEqual({ onHand: e?.onHand, reserved: e?.reserved, incoming: e?.incoming });
					}
				}

				const d1 = await d1Ledger(ref);
				expect(d1.levels).toEqual(expectedLevels);
				expect(d1.movementSums).toEqual(expectedLevels);
				// Every movement once: seqs 1..n without gap or repeat.
				expect(d1.seqs).toEqual(Array.from({ length: state.lastSeq }, (_, i) => i + 1));
			}),
			{ seed: 20_261_127, numRuns: 70 },
		);
		expect(commandsSent).toBeGreaterThan(3_000);
	});
});
