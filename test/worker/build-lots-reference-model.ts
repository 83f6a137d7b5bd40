/**
 * A small reference model of lots through builds, for build-lots-model.test.ts, written from
 * docs/architecture.md#lots, #lots-in-builds and #traceability, not from the Worker's code: each
 * product's on hand and lots per location, each lot's expiry and when it first came in, and every
 * lot part of the ledger (which source moved which lot by how much) — which is all the trace graph
 * is made of. Quantities are whole units; products and locations are indexes.
 */

/** A lot a request names: its quantity positive, the direction given by the request. */
export type NamedLot = { lot: string; quantity: number; expiry?: string };

export type ModelRequest =
	| { type: "adjust"; product: number; location: number; quantity: number; lots: NamedLot[] }
	| { type: "transfer"; product: number; from: number; to: number; quantity: number; lots: NamedLot[] }
	| {
			type: "build";
			kind: "build" | "unbuild";
			product: number;
			location: number;
			quantity: number;
			componentLots: { product: number; lots: NamedLot[] }[];
			lot?: { lot?: string; expiry?: string };
			generateLot?: boolean;
	  };

/**
 * Why a request is refused whole: the problem's code and a field its `errors` name (for a
 * component short, `components.<its product id>`: the product here).
 */
export type Refusal = { code: "insufficient_stock" | "lot_refused"; field: string; product?: number };

/** One lot's part in one movement: what the ledger's `stock_lot_movements` hold. */
export type Part = { source: string; kind: string; product: number; location: number; lot: string; delta: number };

export type Bom = Record<number, { product: number; per: number }[]>;

type LotInfo = { expiry: string | null; firstIn: number };

const today = () => new Date().toISOString().slice(0, 10);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sum = (values: Iterable<number>) => [...values].reduce((s, v) => s + v, 0);

class Refused extends Error {
	constructor(readonly refusal: Refusal) {
		super(`${refusal.code} ${refusal.field}`);
	}
}

export class BuildLotsModel {
	/** On hand per product and location. */
	onHand: number[][];
	/** Each lot's stock per product and location (a lot at zero stays). */
	stock: Map<string, number>[][];
	/** Per product: each lot ever named, its expiry (learnt once) and when it first came in. */
	info: Map<string, LotInfo>[];
	readonly parts: Part[] = [];
	private clock = 0;

	constructor(
		readonly products: number,
		readonly locations: number,
		readonly bom: Bom,
	) {
		this.onHand = Array.from({ length: products }, () => Array.from({ length: locations }, () => 0));
		this.stock = Array.from({ length: products }, () => Array.from({ length: locations }, () => new Map()));
		this.info = Array.from({ length: products }, () => new Map());
	}

	lotStock(product: number, location: number, lot: string): number {
		return this.stock[product]?.[location]?.get(lot) ?? 0;
	}

	unassigned(product: number, location: number): number {
		return (this.onHand[product]?.[location] ?? 0) - sum(this.stock[product]?.[location]?.values() ?? []);
	}

	expiryOf(product: number, lot: string): string | null {
		return this.info[product]?.get(lot)?.expiry ?? null;
	}

	/** A component's total for a build of `quantity`. */
	total(assembly: number, component: number, quantity: number): number {
		return quantity * (this.bom[assembly]?.find((c) => c.product === component)?.per ?? 0);
	}

	/** The number a generated lot gets: 1 + the highest `n` among the product's lots `<prefix><n>`. */
	nextGenerated(product: number, prefix: string): string {
		const numbers = [...(this.info[product]?.keys() ?? [])]
			.filter((l) => l.startsWith(prefix))
			.map((l) => Number.parseInt(l.slice(prefix.length), 10) || 0);
		return `${prefix}${Math.max(0, ...numbers) + 1}`;
	}

	/** Whether the request would be refused, and why; nothing changes. */
	judge(request: ModelRequest): Refusal | null {
		const saved = this.snapshot();
		try {
			this.run(request, "dry-run", "dry-run-lot");
			return null;
		} catch (error) {
			if (error instanceof Refused) return error.refusal;
			throw error;
		} finally {
			this.restore(saved);
		}
	}

	/** Applies an accepted request under its source; answers the lot parts it recorded. */
	apply(request: ModelRequest, source: string, generatedLot?: string): Part[] {
		const saved = this.snapshot();
		const before = this.parts.length;
		try {
			this.run(request, source, generatedLot);
		} catch (error) {
			this.restore(saved);
			this.parts.length = before;
			throw error;
		}
		return this.parts.slice(before);
	}

	private run(request: ModelRequest, source: string, generatedLot: string | undefined): void {
		this.clock += 1;
		switch (request.type) {
			case "adjust": {
				const sign = Math.sign(request.quantity);
				this.assertHold(request.product, request.location, sign < 0 ? request.lots : [], "lots");
				this.move(
					source,
					"adjustment",
					request.product,
					request.location,
					request.quantity,
					signed(request.lots, sign),
				);
				return;
			}
			case "transfer": {
				this.assertHold(request.product, request.from, request.lots, "lots");
				const out = this.move(
					`${source}:from`,
					"transfer",
					request.product,
					request.from,
					-request.quantity,
					signed(request.lots, -1),
				);
				// The same lots arrive that left.
				const arriving = [...out].map(([lot, delta]) => ({ lot, quantity: -delta }));
				this.move(`${source}:to`, "transfer", request.product, request.to, request.quantity, arriving);
				return;
			}
			case "build":
				this.build(request, source, generatedLot);
				return;
		}
	}

	private build(request: Extract<ModelRequest, { type: "build" }>, source: string, generatedLot: string | undefined) {
		const { kind, product, location, quantity } = request;
		const components = this.bom[product] ?? [];
		// Stock first: what leaves must be on hand (no reservations here), else refused whatever the lots.
		const needs =
			kind === "build"
				? components.map((c) => ({ product: c.product, need: quantity * c.per }))
				: [{ product, need: quantity }];
		for (const n of needs)
			if ((this.onHand[n.product]?.[location] ?? 0) < n.need)
				throw new Refused(
					kind === "build"
						? { code: "insufficient_stock", field: "components", product: n.product }
						: { code: "insufficient_stock", field: "productId" },
				);
		// Then the lots, the assembly's first, then each component's in the order named.
		if (kind === "unbuild" && request.lot?.lot)
			this.assertHold(product, location, [{ lot: request.lot.lot, quantity }], "lot", () => "lot.lot");
		if (kind === "build")
			for (const [i, c] of request.componentLots.entries())
				this.assertHold(c.product, location, c.lots, `componentLots.${i}.lots`);

		const sign = kind === "build" ? 1 : -1;
		const ownLot = request.generateLot ? generatedLot : request.lot?.lot;
		const own: NamedLot[] = ownLot
			? [{ lot: ownLot, quantity, ...(request.lot?.expiry ? { expiry: request.lot.expiry } : {}) }]
			: [];
		this.move(source, kind, product, location, sign * quantity, signed(own, sign));
		for (const c of components) {
			const named = request.componentLots.find((n) => n.product === c.product)?.lots ?? [];
			this.move(source, kind, c.product, location, -sign * quantity * c.per, signed(named, -sign));
		}
	}

	/** A named pick beyond what the lot holds there is refused whole (409 naming `<field>.<i>.quantity`). */
	private assertHold(
		product: number,
		location: number,
		lots: NamedLot[],
		field: string,
		name = (i: number) => `${field}.${i}.quantity`,
	): void {
		const i = lots.findIndex((l) => l.quantity > this.lotStock(product, location, l.lot));
		if (i >= 0) throw new Refused({ code: "lot_refused", field: name(i) });
	}

	/**
	 * One change of on hand at one location and the lots it moves: the named lots as named; a
	 * decrease's rest first-expiry-first-out (dated lots by date, then undated ones first in first
	 * out, expired ones skipped), then the unassigned rest, and only what that cannot cover from
	 * expired lots, earliest first; an increase's rest stays unassigned.
	 */
	private move(
		source: string,
		kind: string,
		product: number,
		location: number,
		delta: number,
		named: NamedLot[],
	): Map<string, number> {
		const here = this.stock[product]?.[location];
		const levels = this.onHand[product];
		if (!here || !levels) throw new Error(`no product ${product} at ${location}`);
		const unassigned = this.unassigned(product, location);
		const moved = new Map<string, number>();
		const take = (lot: string, change: number) => {
			if (change === 0) return;
			const after = (here.get(lot) ?? 0) + change;
			if (after < 0) throw new Error(`model: lot ${lot} of product ${product} below zero`);
			here.set(lot, after);
			moved.set(lot, (moved.get(lot) ?? 0) + change);
		};
		for (const n of named) {
			this.register(product, n.lot, n.expiry ?? null);
			take(n.lot, n.quantity);
		}
		let rest = delta - sum(named.map((n) => n.quantity));
		const lots = () =>
			[...here].map(([lot, onHand]) => ({ lot, onHand, ...(this.info[product]?.get(lot) as LotInfo) }));
		if (rest < 0) {
			const now = today();
			const order = lots()
				.filter((l) => l.onHand > 0 && (l.expiry === null || l.expiry >= now))
				.sort((a, b) => cmp(a.expiry ?? "9999", b.expiry ?? "9999") || a.firstIn - b.firstIn || cmp(a.lot, b.lot));
			for (const l of order) {
				const n = Math.min(l.onHand, -rest);
				take(l.lot, -n);
				rest += n;
			}
		}
		if (rest < 0 && unassigned + rest < 0) {
			let beyond = -(unassigned + rest) - Math.max(0, -unassigned);
			const now = today();
			const expired = lots()
				.filter((l) => l.onHand > 0 && l.expiry !== null && l.expiry < now)
				.sort((a, b) => cmp(a.expiry ?? "", b.expiry ?? "") || a.firstIn - b.firstIn || cmp(a.lot, b.lot));
			for (const l of expired) {
				if (beyond <= 0) break;
				const n = Math.min(l.onHand, beyond);
				take(l.lot, -n);
				beyond -= n;
			}
		}
		levels[location] = (levels[location] ?? 0) + delta;
		for (const [lot, d] of moved) if (d !== 0) this.parts.push({ source, kind, product, location, lot, delta: d });
		return new Map([...moved].filter(([, d]) => d !== 0));
	}

	/** A lot named for the first time is created; a known one keeps its expiry, learning one only if it had none. */
	private register(product: number, lot: string, expiry: string | null): void {
		const lots = this.info[product];
		const known = lots?.get(lot);
		if (!known) lots?.set(lot, { expiry, firstIn: this.clock });
		else if (known.expiry === null && expiry !== null) known.expiry = expiry;
	}

	private snapshot() {
		return {
			onHand: this.onHand.map((row) => [...row]),
			stock: this.stock.map((row) => row.map((m) => new Map(m))),
			info: this.info.map((m) => new Map([...m].map(([k, v]) => [k, { ...v }]))),
			clock: this.clock,
			parts: this.parts.length,
		};
	}

	private restore(saved: ReturnType<BuildLotsModel["snapshot"]>): void {
		this.onHand = saved.onHand;
		this.stock = saved.stock;
		this.info = saved.info;
		this.clock = saved.clock;
		this.parts.length = saved.parts;
	}
}

function signed(lots: NamedLot[], sign: number): NamedLot[] {
	return lots.map((l) => ({ ...l, quantity: sign * l.quantity }));
}

// ——— the trace graph, as the ledger's lot parts define it ———

export type LotKey = { product: number; lot: string };
export type Edge = LotKey & { source: string; flow: "in" | "out"; quantity: number };
export type ModelGraph = {
	edges: Edge[];
	/** Every lot reached, with the (side, depth) each direction reached it at. */
	lots: Map<string, { side: "root" | "backward" | "forward"; depth: number }[]>;
	truncated: boolean;
};

export const keyOf = (l: LotKey) => `${l.product}/${l.lot}`;

/** Kinds whose source turns lots into others, and kinds that only move a lot between locations. */
const CONVERTING = new Set(["build", "unbuild"]);
const MOVING = new Set(["transfer"]);

/**
 * The graph around `root`: backward, the sources that put stock into a lot; forward, those that
 * took it out; each edge the source's net quantity of the lot (a source netting to nothing is no
 * edge, a transfer none at all). A build crossed leads to the lots on its other side, and on from
 * them, each direction until no new lot is found or `maxDepth` builds are crossed.
 */
export function modelGraph(parts: readonly Part[], root: LotKey, maxDepth = 10): ModelGraph {
	const net = new Map<string, LotKey & { source: string; kind: string; delta: number }>();
	for (const p of parts) {
		const k = `${p.source}\u0000${keyOf(p)}`;
		const known = net.get(k);
		if (known) known.delta += p.delta;
		else net.set(k, { source: p.source, kind: p.kind, product: p.product, lot: p.lot, delta: p.delta });
	}
	const all = [...net.values()].filter((p) => p.delta !== 0);
	const edges = new Map<string, Edge>();
	const lots: ModelGraph["lots"] = new Map([[keyOf(root), [{ side: "root", depth: 0 }]]]);
	let truncated = false;
	const addEdge = (p: (typeof all)[number]) =>
		edges.set(`${p.source}\u0000${keyOf(p)}`, {
			product: p.product,
			lot: p.lot,
			source: p.source,
			flow: p.delta > 0 ? "in" : "out",
			quantity: Math.abs(p.delta),
		});
	for (const side of ["backward", "forward"] as const) {
		const follows = (delta: number) => (side === "backward" ? delta > 0 : delta < 0);
		const seen = new Set([keyOf(root)]);
		const crossed = new Set<string>();
		let frontier = new Set([keyOf(root)]);
		for (let depth = 0; frontier.size > 0; depth++) {
			const converting: string[] = [];
			for (const p of all) {
				if (!frontier.has(keyOf(p)) || MOVING.has(p.kind) || !follows(p.delta)) continue;
				if (CONVERTING.has(p.kind) && !crossed.has(p.source)) {
					crossed.add(p.source);
					converting.push(p.source);
				}
				addEdge(p);
			}
			if (depth >= maxDepth) {
				if (converting.length > 0) truncated = true;
				break;
			}
			const next = new Set<string>();
			for (const p of all) {
				if (!converting.includes(p.source) || follows(p.delta)) continue;
				addEdge(p);
				const k = keyOf(p);
				if (seen.has(k)) continue;
				seen.add(k);
				lots.set(k, [...(lots.get(k) ?? []), { side, depth: depth + 1 }]);
				next.add(k);
			}
			frontier = next;
		}
	}
	return { edges: [...edges.values()], lots, truncated };
}
