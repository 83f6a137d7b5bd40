/**
 * Stock stays exact when QBO and its notifications misbehave, all at once: the simulator duplicates
 * ~20 % of the webhook events, holds back and reorders ~20 %, drops ~10 %, and answers ~30 % of QBO
 * API calls with 429 (Retry-After: 1 s) or 500, while a burst of ~40 document operations runs in four
 * concurrent lanes. A random drop is often covered by a later event of the same document (the app
 * re-reads the current document), so the burst ends with a tail of operations whose only event is
 * surely dropped. Then the faults stop and the CDC catch-up runs, so that what was dropped is found:
 * stock must equal the reference exactly — nothing counted twice, nothing lost — and reconcile.
 */
import { describe, expect, it } from "vitest";
import { expectConsistent, expectStock } from "./expect-stock.ts";
import { StockReference } from "./reference.ts";
import {
	DOCUMENT_TYPES,
	type DocLine,
	type DocSpec,
	type DocumentType,
	newScenario,
	type QboDoc,
	type Scenario,
	simAdmin,
	VOIDABLE,
} from "./stack.ts";

const SEED = 20_260_301;
const LANES = 4;
const OPERATIONS_PER_LANE = 9;

/** mulberry32: a small seeded generator, so a failing run can be replayed with the same operations. */
function seeded(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
	return {
		next,
		int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
		pick: <T>(list: readonly T[]): T => {
			const value = list[Math.floor(next() * list.length)];
			if (value === undefined) throw new Error("pick from an empty list");
			return value;
		},
	};
}
type Random = ReturnType<typeof seeded>;

type LiveDoc = { key: string; spec: DocSpec; doc: QboDoc; voided: boolean };
type Operation = "create" | "update" | "sparse-update" | "void" | "delete";

/** Random lines: one or two inventory items, and on sales documents sometimes the bundle. */
function randomLines(random: Random, type: DocSpec["type"], inventory: string[], bundle: string): DocLine[] {
	const lines: DocLine[] = [];
	for (let i = random.int(1, 2); i > 0; i--) lines.push({ item: random.pick(inventory), qty: random.int(1, 5) });
	const sales = type === "Invoice" || type === "SalesReceipt" || type === "CreditMemo" || type === "RefundReceipt";
	if (sales && random.next() < 0.25) lines.push({ item: bundle, qty: random.int(1, 2) });
	return lines;
}

/** One lane: documents of its own (no two lanes write one document), operations chosen at random. */
async function runLane(
	scenario: Scenario,
	reference: StockReference,
	random: Random,
	lane: number,
	count: number,
	tally: Record<Operation, number>,
): Promise<void> {
	const all = [...scenario.opening.values()];
	const inventory = all.filter((i) => i.type === "Inventory").map((i) => i.id);
	const bundle = all.find((i) => i.type === "Group")?.id;
	if (!bundle) throw new Error("the simulated company has no bundle");
	const live: LiveDoc[] = [];
	for (let n = 0; n < count; n++) {
		const editable = live.filter((d) => !d.voided);
		const roll = random.next();
		let operation: Operation = "create";
		if (live.length > 0 && roll >= 0.35) {
			if (roll < 0.55 && editable.length > 0) operation = "update";
			else if (roll < 0.7 && editable.length > 0) operation = "sparse-update";
			else if (roll < 0.85 && editable.some((d) => VOIDABLE.includes(d.spec.type))) operation = "void";
			else operation = "delete";
		}
		tally[operation]++;
		if (operation === "create") {
			const type = random.pick(DOCUMENT_TYPES);
			const spec: DocSpec = { type, lines: randomLines(random, type, inventory, bundle), credit: random.next() < 0.2 };
			const key = `lane${lane}:${n}`;
			live.push({ key, spec, doc: await scenario.docs.create(spec), voided: false });
			reference.set(key, spec);
		} else if (operation === "update" || operation === "sparse-update") {
			const target = random.pick(editable);
			const spec: DocSpec = { ...target.spec, lines: randomLines(random, target.spec.type, inventory, bundle) };
			target.doc =
				operation === "update"
					? await scenario.docs.update(target.doc, spec)
					: await scenario.docs.sparseUpdate(target.doc, spec);
			target.spec = spec;
			reference.set(target.key, spec);
		} else if (operation === "void") {
			const target = random.pick(editable.filter((d) => VOIDABLE.includes(d.spec.type)));
			target.doc = await scenario.docs.void(target.spec.type, target.doc);
			target.voided = true;
			reference.clear(target.key);
		} else {
			const target = random.pick(live);
			await scenario.docs.delete(target.spec.type, target.doc);
			live.splice(live.indexOf(target), 1);
			reference.clear(target.key);
		}
	}
}

type Tail = { toUpdate: LiveDoc; toVoid: LiveDoc; toDelete: LiveDoc };

/**
 * Documents for the tail, made and applied before any fault: from then on the app has no reason to
 * read them again until the tail's (dropped) events — or the catch-up.
 */
async function prepareTail(scenario: Scenario, reference: StockReference): Promise<Tail> {
	const [a] = [...scenario.opening.values()].filter((i) => i.type === "Inventory").map((i) => i.id);
	if (!a) throw new Error("the simulated company has no inventory item");
	const make = async (type: DocumentType): Promise<LiveDoc> => {
		const spec: DocSpec = { type, lines: [{ item: a, qty: 2 }] };
		const key = `tail:${type}`;
		reference.set(key, spec);
		return { key, spec, doc: await scenario.docs.create(spec), voided: false };
	};
	const tail = { toUpdate: await make("Bill"), toVoid: await make("Invoice"), toDelete: await make("VendorCredit") };
	await expectStock(scenario, reference);
	return tail;
}

/** Four operations, each its document's only event: a create, a full update, a void and a delete. */
async function runTail(
	scenario: Scenario,
	reference: StockReference,
	{ toUpdate, toVoid, toDelete }: Tail,
): Promise<{ type: string; entityId: string }[]> {
	const [, b] = [...scenario.opening.values()].filter((i) => i.type === "Inventory").map((i) => i.id);
	if (!b) throw new Error("the simulated company has too few items");
	const created: DocSpec = { type: "SalesReceipt", lines: [{ item: b, qty: 3 }] };
	const doc = await scenario.docs.create(created);
	reference.set("tail:created", created);

	const updated: DocSpec = { ...toUpdate.spec, lines: [{ item: b, qty: 4 }] };
	await scenario.docs.update(toUpdate.doc, updated);
	reference.set(toUpdate.key, updated);

	await scenario.docs.void(toVoid.spec.type, toVoid.doc);
	reference.clear(toVoid.key);

	await scenario.docs.delete(toDelete.spec.type, toDelete.doc);
	reference.clear(toDelete.key);

	const event = (type: DocSpec["type"], verb: string, id: string) => ({ type: `${type}.${verb}`, entityId: id });
	return [
		event("SalesReceipt", "Create", doc.Id),
		event(toUpdate.spec.type, "Update", toUpdate.doc.Id),
		event(toVoid.spec.type, "Void", toVoid.doc.Id),
		event(toDelete.spec.type, "Delete", toDelete.doc.Id),
	];
}

describe("sync under injected faults", () => {
	it("keeps stock exact through duplicated, reordered and dropped webhooks and a flaky QBO API", async () => {
		const scenario = await newScenario({ items: 6 });
		const reference = new StockReference(scenario.opening);
		const admin = simAdmin();
		const realmId = scenario.realmId;
		const tailDocs = await prepareTail(scenario, reference);

		await admin.reseed(`faults-${SEED}`);
		// The app's own reads surely meet a 429 and a 500 (QBO reads are queries): both rules fire on
		// the first query, which the throttle answers; the second query gets the 500.
		await admin.addFault({ kind: "throttle", count: 1, realmId, match: "/query", retryAfterSeconds: 1 });
		await admin.addFault({ kind: "fail", count: 2, realmId, match: "/query", status: 500 });
		// …and every call, the driver's writes included, may (the driver retries with its requestid).
		await admin.addFault({ kind: "throttle", probability: 0.15, realmId, retryAfterSeconds: 1 });
		await admin.addFault({ kind: "fail", probability: 0.15, realmId, status: 500 });
		await admin.addFault({ kind: "duplicate", probability: 0.2, realmId });
		await admin.addFault({ kind: "reorder", probability: 0.2, realmId });
		await admin.addFault({ kind: "drop", probability: 0.1, realmId });

		const random = seeded(SEED);
		const lanes = Array.from({ length: LANES }, (_, lane) =>
			seeded(SEED + 1 + lane + Math.floor(random.next() * 1000)),
		);
		const tally: Record<Operation, number> = { create: 0, update: 0, "sparse-update": 0, void: 0, delete: 0 };
		await Promise.all(
			lanes.map((laneRandom, lane) => runLane(scenario, reference, laneRandom, lane, OPERATIONS_PER_LANE, tally)),
		);

		// The tail: once nothing is held back, the next four events are dropped — a create, a full
		// update, a void and a delete whose documents have no other event to be re-read by.
		await scenario.flushWebhooks();
		await admin.addFault({ kind: "drop", count: 4, realmId });
		const tail = await runTail(scenario, reference, tailDocs);

		// Give the app time under faults (it retries after Retry-After, or 10 s after a 500), then stop them.
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		const rules = await admin.faults();
		const fired: Record<string, number> = {};
		for (const rule of rules) fired[rule.kind] = (fired[rule.kind] ?? 0) + rule.fired;
		await admin.clearFaults();
		await scenario.flushWebhooks();
		const events = await scenario.webhookEvents();
		const fates: Record<string, number> = {};
		for (const e of events) fates[e.fate] = (fates[e.fate] ?? 0) + 1;
		console.log(
			`[faults] operations ${JSON.stringify(tally)} + tail of 4; notifications ${JSON.stringify(fates)}; faults fired ${JSON.stringify(fired)}`,
		);
		// The faults did happen, or this test would prove nothing.
		for (const kind of ["duplicate", "reorder", "drop", "throttle", "fail"])
			expect(fired[kind], `${kind} faults fired`).toBeGreaterThan(0);
		expect(
			rules.filter((r) => r.count !== undefined).map((r) => ({ kind: r.kind, match: r.match, fired: r.fired })),
			"the app's reads met the scripted 429 and 500s, and the tail's events were dropped",
		).toEqual([
			{ kind: "throttle", match: "/query", fired: 1 },
			{ kind: "fail", match: "/query", fired: 2 },
			{ kind: "drop", match: undefined, fired: 4 },
		]);
		expect(
			events.slice(-4).map((e) => ({ type: e.type, entityId: e.entityId, fate: e.fate })),
			"the tail's only events, all dropped",
		).toEqual(tail.map((t) => ({ ...t, fate: "dropped" })));

		// What the webhooks missed, the CDC catch-up finds.
		const catchUp = await scenario.catchUp();
		console.log(`[faults] catch-up: ${JSON.stringify(catchUp)}`);
		await expectStock(scenario, reference, 60_000);

		// Stable: a second catch-up (everything found again) and the last deliveries change nothing.
		await scenario.catchUp();
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		await expectStock(scenario, reference, 0);
		await expectConsistent(scenario, { failuresExpected: true });
	});
});
