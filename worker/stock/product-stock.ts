/**
 * ProductStock: the one writer of one product's stock (one object per company × product).
 *
 * It keeps every source's current effect and the levels per location in its own SQLite storage
 * and applies each command in one synchronous transaction — no await between read and write, so
 * nothing interleaves. Each change appends movements to an outbox that is flushed to D1 in
 * batches; interactive callers wait for their flush, and an alarm retries what failed. It is also
 * where every stored or moved quantity is checked against its bounds (quantity-bounds.ts): a
 * command that would break them is refused whole, whoever sent it. Before its first command or read
 * it claims its product in D1 and starts from an opening an import wrote there (opening-seed.ts).
 *
 * Longer than the files around it on purpose: the command path, the outbox and its alarm share one
 * storage and one transaction discipline, and split apart they would each need the other's
 * internals. What can be pure is elsewhere: effects.ts decides, quantity-bounds.ts checks,
 * ledger-flush.ts writes D1.
 */
import { DurableObject } from "cloudflare:workers";
import { ulid } from "ulid";
import { fromScaled, QUANTITY_SCALE } from "../core/quantity";
import { database } from "../db/client";
import {
	addTriples,
	decideDelete,
	decideSetEffect,
	type LocationDelta,
	type SetEffectDecision,
	type StoredEffect,
	type Triple,
	ZERO,
} from "./effects";
import { flushLedger } from "./ledger-flush";
import { toLevelChange } from "./level-change";
import { allocateLots, LotRefusedError, type LotStock, type NamedLot } from "./lot-allocation";
import { NegativeStockError, shortfallOf } from "./negative-stock";
import { claimProduct } from "./opening-seed";
import { type CompanyLiveStub, companyLive, publishLevels } from "./publish-levels";
import { assertWithinBounds, QuantityBoundsError } from "./quantity-bounds";
import type {
	CommandRefusal,
	CommandResult,
	LocationLevels,
	Movement,
	MovementKind,
	MovementLot,
	ProductRef,
	ProductStockState,
	StockCommand,
	Tracking,
} from "./stock-command";

/** Movements per D1 batch: bounded so a batch stays well inside D1's limits. */
const FLUSH_BATCH = 100;
/** When a flush has not happened by then, the alarm does it. */
const FLUSH_RETRY_MS = 2_000;

type EffectRow = {
	source: string;
	location_id: string;
	on_hand: number;
	reserved: number;
	incoming: number;
	version: number;
	deleted: number;
};

export class ProductStock extends DurableObject<Env> {
	private readonly sql: SqlStorage;
	/** The flush under way, shared by every caller waiting for one (single flight). */
	private flushing: Promise<void> | null = null;
	/** The company's live object, kept so that successive publishes arrive in flush order. */
	private live: CompanyLiveStub | null = null;
	/** The claim on the product in D1 under way (opening-seed.ts), shared by every call waiting for it. */
	private claiming: Promise<void> | null = null;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.sql = ctx.storage.sql;
		this.sql.exec(`
			CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
			CREATE TABLE IF NOT EXISTS effects (
				source TEXT PRIMARY KEY, location_id TEXT NOT NULL,
				on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL, incoming INTEGER NOT NULL,
				version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
			CREATE TABLE IF NOT EXISTS levels (
				location_id TEXT PRIMARY KEY,
				on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL, incoming INTEGER NOT NULL);
			CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, movement TEXT NOT NULL);
			CREATE TABLE IF NOT EXISTS one_off_results (source TEXT PRIMARY KEY, result TEXT NOT NULL);
			CREATE TABLE IF NOT EXISTS lots (lot TEXT PRIMARY KEY, expiry TEXT, first_in INTEGER NOT NULL);
			CREATE TABLE IF NOT EXISTS lot_stock (
				location_id TEXT NOT NULL, lot TEXT NOT NULL, on_hand INTEGER NOT NULL,
				PRIMARY KEY (location_id, lot));
			CREATE TABLE IF NOT EXISTS source_lots (
				source TEXT NOT NULL, location_id TEXT NOT NULL, lot TEXT NOT NULL, quantity INTEGER NOT NULL,
				PRIMARY KEY (source, location_id, lot));
		`);
		// Objects created before serial numbers: their lots learn the column a serial's lot is kept in.
		const lotColumns = this.sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('lots')").toArray();
		if (!lotColumns.some((c) => c.name === "batch")) this.sql.exec("ALTER TABLE lots ADD COLUMN batch TEXT");
	}

	/**
	 * Applies a command and answers once its movements are in D1 (or, if D1 failed, once they are
	 * safe in this object's outbox, from where the alarm flushes them).
	 */
	async execute(ref: ProductRef, command: StockCommand): Promise<CommandResult | CommandRefusal> {
		await this.claimed(ref);
		const result = await this.applyAndArm(ref, command);
		if (isRefusal(result)) return result;
		const lastSeq = Math.max(0, ...result.movements.map((m) => m.seq));
		if (await this.flushThrough(lastSeq)) await this.disarmIfFlushed();
		return result;
	}

	/** Same as `execute` without waiting for D1: for sync traffic, flushed in the background. */
	async enqueue(ref: ProductRef, command: StockCommand): Promise<CommandResult | CommandRefusal> {
		await this.claimed(ref);
		const result = await this.applyAndArm(ref, command);
		if (isRefusal(result)) return result;
		this.ctx.waitUntil(this.flushAll());
		return result;
	}

	/**
	 * How the product is tracked, as this object enforces it (applyTracking). Answers the refusal
	 * when the stock cannot be tracked that way; changes no stock.
	 */
	async track(ref: ProductRef, tracking: Tracking): Promise<CommandRefusal | null> {
		await this.claimed(ref);
		try {
			this.ctx.storage.transactionSync(() => {
				this.bind(ref);
				this.applyTracking(tracking);
			});
			return null;
		} catch (error) {
			if (error instanceof LotRefusedError)
				return { outcome: "lot_refused", lot: error.lot, locationId: error.locationId, message: error.message };
			throw error;
		}
	}

	/** Flushes everything pending, then reports levels, effect sums and effects. */
	async state(): Promise<ProductStockState> {
		await this.claimed();
		await this.flushAll();
		return this.readState();
	}

	/** The baseline of the benchmark: a call that reaches the object and does nothing. */
	ping(): string {
		return "pong";
	}

	/** Runs when a flush did not complete in time (D1 failed, or the object was evicted first). */
	override async alarm(): Promise<void> {
		if (!(await this.flushAll())) await this.ctx.storage.setAlarm(Date.now() + FLUSH_RETRY_MS);
	}

	/**
	 * Applies the command in one synchronous transaction, then arms the alarm before anything is
	 * flushed, so that movements left in the outbox by an eviction still reach D1. A quantity out of
	 * bounds throws inside the transaction, which rolls it back: the refusal leaves nothing behind.
	 */
	private async applyAndArm(ref: ProductRef, command: StockCommand): Promise<CommandResult | CommandRefusal> {
		let result: CommandResult;
		try {
			result = this.ctx.storage.transactionSync(() => this.apply(ref, command));
		} catch (error) {
			if (error instanceof QuantityBoundsError) return { outcome: "out_of_bounds", violations: error.violations };
			if (error instanceof LotRefusedError)
				return { outcome: "lot_refused", lot: error.lot, locationId: error.locationId, message: error.message };
			if (error instanceof NegativeStockError)
				return { outcome: "would_go_negative", locationId: error.locationId, shortfall: error.shortfall };
			throw error;
		}
		if (result.movements.length > 0) await this.ctx.storage.setAlarm(Date.now() + FLUSH_RETRY_MS);
		return result;
	}

	// ——— applying (synchronous: called inside transactionSync) ———

	private apply(ref: ProductRef, command: StockCommand): CommandResult {
		this.bind(ref);
		switch (command.type) {
			case "set": {
				const decision = decideSetEffect(this.readEffect(command.source), command);
				const guard = command.refuseNegative;
				const short =
					guard && decision.outcome === "applied" ? this.shortOf(decision.deltas, guard.exceptReservedBy) : null;
				const result = this.applyDecision(decision, command.kind, command.reason, {
					locationId: command.locationId,
					lots: command.lots ?? [],
				});
				// Thrown once applied (the transaction rolls it all back): a lot's own refusal says more.
				if (short) throw short;
				return result;
			}
			case "delete":
				return this.applyDecision(
					decideDelete(this.readEffect(command.source), command.source),
					command.kind,
					command.reason,
				);
			case "adjust":
				return this.applyOneOff(command.source, "adjustment", command.reason, command.refuseNegative ?? false, [
					{
						source: command.source,
						locationId: command.locationId,
						onHand: command.quantity,
						lots: command.lots ?? [],
					},
				]);
			case "count":
				return command.lots ? this.applyLotCount(command) : this.applyCount(command);
			case "assign":
				return this.applyAssignment(command);
			case "repick":
				return this.applyRepick(command);
			case "transfer":
				return this.applyOneOff(command.source, "transfer", command.reason, command.refuseNegative ?? false, [
					{
						source: `${command.source}:from`,
						locationId: command.fromLocationId,
						onHand: -command.quantity,
						lots: (command.lots ?? []).map((l) => ({ ...l, quantity: -l.quantity })),
					},
					// The same lots arrive that left, named or picked first-expiry-first-out.
					{
						source: `${command.source}:to`,
						locationId: command.toLocationId,
						onHand: command.quantity,
						lots: "mirror",
					},
				]);
		}
	}

	/**
	 * Before its first command or read, the object claims its product in D1 and starts from what an
	 * import wrote there for it (opening-seed.ts). Once bound to its product it never asks again; an
	 * object bound before claims existed needs none: the import writes openings only for products it
	 * has just created. `ref` defaults to the object's name (product-stock-client.ts names it so).
	 */
	private async claimed(ref?: ProductRef): Promise<void> {
		if (this.isBound()) return;
		const product = ref ?? this.namedRef();
		if (!product) return;
		this.claiming ??= this.claim(product).finally(() => {
			this.claiming = null;
		});
		await this.claiming;
	}

	private async claim(ref: ProductRef): Promise<void> {
		const written = await claimProduct(database(this.env.DB), ref);
		this.ctx.storage.transactionSync(() => {
			if (this.isBound()) return;
			this.bind(ref);
			for (const movement of written) this.startFrom(movement);
		});
	}

	/**
	 * A movement an import wrote to D1 for this product before it had an object (an opening,
	 * one-off): taken as if this object had applied and flushed it, its source's effect, the level
	 * and the sequence included, so that the same command sent again is a duplicate.
	 */
	private startFrom(movement: Movement): void {
		this.writeEffect({
			source: movement.source,
			locationId: movement.locationId,
			effect: movement.delta,
			version: 1,
			deleted: false,
		});
		this.writeLevel(movement.locationId, movement.after);
		this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq', ?)", String(movement.seq));
		this.keepOneOff(movement.source, {
			outcome: "applied",
			movements: [movement],
			levels: [{ locationId: movement.locationId, ...movement.after }],
		});
	}

	private isBound(): boolean {
		return this.sql.exec("SELECT 1 FROM meta WHERE key = 'ref'").toArray().length > 0;
	}

	/** The product this object is named for (`companyId/productId`), or null if it was not named. */
	private namedRef(): ProductRef | null {
		const [companyId, productId] = this.ctx.id.name?.split("/") ?? [];
		return companyId && productId ? { companyId, productId } : null;
	}

	/** The object learns which product it is on its first command, and checks it on every other. */
	private bind(ref: ProductRef): void {
		const key = `${ref.companyId}/${ref.productId}`;
		const bound = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'ref'").toArray()[0];
		if (!bound) this.sql.exec("INSERT INTO meta (key, value) VALUES ('ref', ?)", key);
		else if (bound.value !== key) throw new Error(`product object bound to ${bound.value}, called for ${key}`);
	}

	private applyDecision(
		decision: SetEffectDecision,
		kind: MovementKind,
		reason: string | undefined,
		named?: { locationId: string; lots: NamedLot[] },
	): CommandResult {
		if (decision.outcome !== "applied") return { outcome: decision.outcome, movements: [], levels: this.readLevels() };
		this.writeEffect(decision.next);
		// The named lots are those of the change at the command's location (a re-sent set moves nothing).
		const movements = decision.deltas.map((d) =>
			this.record(decision.next.source, kind, reason, d, d.locationId === named?.locationId ? named.lots : []),
		);
		return { outcome: "applied", movements, levels: this.levelsAt(decision.deltas.map((d) => d.locationId)) };
	}

	/**
	 * A one-off (adjustment, count, transfer) is written once and never changes. Its result is kept,
	 * so that the same idempotency key answers the same result. `refuseNegative`: a leg that takes
	 * available below zero throws (negative-stock.ts), here where no other command can interleave, so
	 * the decision holds whatever D1 showed the caller.
	 */
	private applyOneOff(
		commandSource: string,
		kind: MovementKind,
		reason: string | undefined,
		refuseNegative: boolean,
		legs: { source: string; locationId: string; onHand: number; lots?: NamedLot[] | "mirror" }[],
	): CommandResult {
		const kept = this.keptOneOff(commandSource);
		if (kept) return kept;
		const movements: Movement[] = [];
		for (const leg of legs) {
			const effect: Triple = { ...ZERO, onHand: leg.onHand };
			// Decided on the level before the leg, thrown after it: a lot's own refusal says more.
			const short = refuseNegative ? shortfallOf(this.readLevel(leg.locationId), effect) : 0;
			const next: StoredEffect = { source: leg.source, locationId: leg.locationId, effect, version: 1, deleted: false };
			this.writeEffect(next);
			// A zero leg (a count that matched) still leaves its effect, but moves nothing.
			// "mirror": the lots the leg before moved, the other way (a transfer's arrival).
			const named =
				leg.lots === "mirror"
					? (movements.at(-1)?.lots ?? []).map((l) => ({ lot: l.lot, quantity: -l.delta, expiry: l.expiry }))
					: (leg.lots ?? []);
			if (leg.onHand !== 0)
				movements.push(this.record(leg.source, kind, reason, { locationId: leg.locationId, delta: effect }, named));
			if (short > 0) throw new NegativeStockError(leg.locationId, short);
		}
		const result: CommandResult = {
			outcome: "applied",
			movements,
			levels: this.levelsAt(legs.map((l) => l.locationId)),
		};
		return this.keepOneOff(commandSource, result);
	}

	/**
	 * The refusal of changes that take available below zero at a location, not counting what the
	 * source `exceptReservedBy` holds reserved there: the goods a note delivers may be the ones its
	 * own order reserved, whichever of the two commands this object applies first. Null when none is short.
	 */
	private shortOf(deltas: LocationDelta[], exceptReservedBy: string): NegativeStockError | null {
		for (const { locationId, delta } of deltas) {
			const level = this.readLevel(locationId);
			const own = this.readEffect(exceptReservedBy);
			const ownReserved = own && !own.deleted && own.locationId === locationId ? own.effect.reserved : 0;
			const short = shortfallOf({ onHand: level.onHand, reserved: level.reserved - ownReserved }, delta);
			if (short > 0) return new NegativeStockError(locationId, short);
		}
		return null;
	}

	/** A one-off's first result, answered again (as a duplicate) for the same source; null the first time. */
	private keptOneOff(source: string): CommandResult | null {
		const kept = this.sql
			.exec<{ result: string }>("SELECT result FROM one_off_results WHERE source = ?", source)
			.toArray()[0];
		return kept ? { ...(JSON.parse(kept.result) as CommandResult), outcome: "duplicate" } : null;
	}

	private keepOneOff(source: string, result: CommandResult): CommandResult {
		this.sql.exec("INSERT INTO one_off_results (source, result) VALUES (?, ?)", source, JSON.stringify(result));
		return result;
	}

	private applyCount(command: Extract<StockCommand, { type: "count" }>): CommandResult {
		const current = this.readLevel(command.locationId).onHand;
		return this.applyOneOff(command.source, "count", command.reason, false, [
			{ source: command.source, locationId: command.locationId, onHand: command.onHand - current },
		]);
	}

	/**
	 * A count per lot: every lot at the location is counted (a lot not listed is counted empty, a
	 * lot not known is created), and what was found without a lot is the unassigned rest, so on hand
	 * becomes Σ lots + rest. Each lot moves by its own difference; nothing is picked by the rules.
	 */
	private applyLotCount(command: Extract<StockCommand, { type: "count" }>): CommandResult {
		const kept = this.keptOneOff(command.source);
		if (kept) return kept;
		const { locationId } = command;
		const counted = new Map((command.lots ?? []).map((l) => [l.lot, l]));
		const held = new Map(this.lotStock(locationId).map((s) => [s.lot, s.onHand]));
		const named: NamedLot[] = [
			...[...counted.values()].map((l) => ({
				lot: l.lot,
				quantity: l.onHand - (held.get(l.lot) ?? 0),
				expiry: l.expiry ?? null,
				batch: l.batch ?? null,
			})),
			...[...held]
				.filter(([lot, onHand]) => !counted.has(lot) && onHand !== 0)
				.map(([lot, onHand]): NamedLot => ({ lot, quantity: -onHand })),
		].filter((n) => n.quantity !== 0 || (n.expiry ?? null) !== null);
		const delta = command.onHand - this.readLevel(locationId).onHand;
		const effect: Triple = { ...ZERO, onHand: delta };
		this.writeEffect({ source: command.source, locationId, effect, version: 1, deleted: false });
		const movement = this.record(command.source, "count", command.reason, { locationId, delta: effect }, named, true);
		const result: CommandResult = {
			outcome: "applied",
			movements: delta !== 0 || (movement.lots ?? []).length > 0 ? [movement] : [],
			levels: this.levelsAt([locationId]),
		};
		return this.keepOneOff(command.source, result);
	}

	/**
	 * Changes which lots a source took at a location (a re-pick): each lot moves by what the source
	 * took from it before minus what it takes now, under the source itself, so its holdings and the
	 * ledger's trail name the new lots; the difference goes to or comes from the unassigned rest.
	 * Kept like a one-off. Refused when the source took nothing here, when the lots add up to more
	 * than it took, when a lot holds too little, or when the rest cannot give back what it must.
	 */
	private applyRepick(command: Extract<StockCommand, { type: "repick" }>): CommandResult {
		const kept = this.keptOneOff(command.source);
		if (kept) return kept;
		const { locationId, of } = command;
		const effect = this.readEffect(of);
		const took = effect && !effect.deleted && effect.locationId === locationId ? -effect.effect.onHand : 0;
		const asked = command.lots.reduce((sum, l) => sum + l.quantity, 0);
		if (took <= 0 || asked > took)
			throw new LotRefusedError(
				"",
				locationId,
				took <= 0
					? `${of} took no stock at location ${locationId}`
					: `${of} took ${fromScaled(took)} at location ${locationId}; the lots add up to ${fromScaled(asked)}`,
			);
		const before = new Map(
			this.sql
				.exec<{ lot: string; quantity: number }>(
					"SELECT lot, quantity FROM source_lots WHERE source = ? AND location_id = ? AND quantity < 0",
					of,
					locationId,
				)
				.toArray()
				.map((r) => [r.lot, -r.quantity]),
		);
		const wanted = new Map(command.lots.map((l) => [l.lot, l]));
		const named: NamedLot[] = [...new Set([...before.keys(), ...wanted.keys()])]
			.map((lot) => ({
				lot,
				quantity: (before.get(lot) ?? 0) - (wanted.get(lot)?.quantity ?? 0),
				expiry: wanted.get(lot)?.expiry ?? null,
			}))
			.filter((n) => n.quantity !== 0);
		const giveBack = named.reduce((sum, n) => sum + n.quantity, 0);
		const unassigned = this.unassignedAt(locationId);
		// The lots take back more than they give: the rest gives the difference, and must hold it.
		if (giveBack > 0 && giveBack > unassigned)
			throw new LotRefusedError(
				"",
				locationId,
				`only ${fromScaled(Math.max(0, unassigned))} unassigned at location ${locationId}; the re-pick needs ${fromScaled(giveBack)} from it`,
			);
		const movements =
			named.length > 0
				? [this.record(of, "lot_repick", command.reason, { locationId, delta: { ...ZERO } }, named, true)]
				: [];
		const result: CommandResult = { outcome: "applied", movements, levels: this.levelsAt([locationId]) };
		return this.keepOneOff(command.source, result);
	}

	/**
	 * How the product is tracked, as the product object enforces it. To serial numbers only while
	 * every lot holds at most one unit in all (each becomes a serial); to none only while no lot holds
	 * stock. Changes no stock.
	 */
	private applyTracking(tracking: Tracking): void {
		const held = this.sql
			.exec<{ lot: string; location_id: string; total: number; most: number }>(
				`SELECT lot, MAX(location_id) AS location_id, SUM(on_hand) AS total, MAX(on_hand) AS most
				 FROM lot_stock GROUP BY lot HAVING SUM(on_hand) <> 0 OR MAX(on_hand) <> 0 ORDER BY lot`,
			)
			.toArray();
		const blocking =
			tracking === "none"
				? held[0]
				: tracking === "serial"
					? held.find((h) => h.total > QUANTITY_SCALE || h.most > QUANTITY_SCALE || h.total % QUANTITY_SCALE !== 0)
					: undefined;
		if (blocking)
			throw new LotRefusedError(
				blocking.lot,
				blocking.location_id,
				tracking === "none"
					? `lot ${blocking.lot} still holds stock: move it out of its lots first`
					: `lot ${blocking.lot} holds ${fromScaled(blocking.total)}; a serial number is one unit`,
			);
		this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('tracking', ?)", tracking);
	}

	private tracking(): Tracking {
		const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'tracking'").toArray()[0];
		return (row?.value as Tracking | undefined) ?? "none";
	}

	/**
	 * Puts stock of the unassigned rest into lots: a movement of its own that changes no level, kept
	 * like a one-off so that the same key answers the same result. Refused when the rest holds less.
	 */
	private applyAssignment(command: Extract<StockCommand, { type: "assign" }>): CommandResult {
		const kept = this.keptOneOff(command.source);
		if (kept) return kept;
		const { locationId } = command;
		const unassigned = this.unassignedAt(locationId);
		const asked = command.lots.reduce((sum, l) => sum + l.quantity, 0);
		if (asked > unassigned)
			// No one lot is at fault but the lots together: none named.
			throw new LotRefusedError(
				"",
				locationId,
				`only ${fromScaled(Math.max(0, unassigned))} unassigned at location ${locationId}; ${fromScaled(asked)} asked`,
			);
		const movement = this.record(
			command.source,
			"lot_assignment",
			command.reason,
			{ locationId, delta: { ...ZERO } },
			command.lots,
			true,
		);
		const result: CommandResult = { outcome: "applied", movements: [movement], levels: this.levelsAt([locationId]) };
		return this.keepOneOff(command.source, result);
	}

	/**
	 * Moves the levels of one location by `delta`, and its lots by what lot-allocation.ts decides,
	 * and appends the movement to the outbox.
	 */
	private record(
		source: string,
		kind: MovementKind,
		reason: string | undefined,
		change: LocationDelta,
		named: NamedLot[] = [],
		fromUnassigned = false,
	): Movement {
		const after = addTriples(this.readLevel(change.locationId), change.delta);
		assertWithinBounds("movement", change.locationId, change.delta);
		assertWithinBounds("level", change.locationId, after);
		this.writeLevel(change.locationId, after);
		const seq = this.lastSeq() + 1;
		this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq', ?)", String(seq));
		const lots = this.moveLots(source, change.locationId, change.delta.onHand, named, seq, fromUnassigned);
		const movement: Movement = {
			id: ulid(),
			seq,
			source,
			kind,
			reason: reason ?? null,
			locationId: change.locationId,
			delta: change.delta,
			after,
			at: Date.now(),
			...(lots.length > 0 ? { lots } : {}),
		};
		this.sql.exec("INSERT INTO outbox (seq, movement) VALUES (?, ?)", seq, JSON.stringify(movement));
		return movement;
	}

	/** Applies a change of on hand to the location's lots (lot-allocation.ts) and answers each lot's part. */
	private moveLots(
		source: string,
		locationId: string,
		delta: number,
		named: NamedLot[],
		seq: number,
		fromUnassigned = false,
	): MovementLot[] {
		if (delta === 0 && named.length === 0) return [];
		const serial = this.tracking() === "serial";
		for (const n of named) {
			if (serial && Math.abs(n.quantity) !== QUANTITY_SCALE && n.quantity !== 0)
				throw new LotRefusedError(n.lot, locationId, `serial ${n.lot}: a serial number is one unit`);
			this.registerLot(n, locationId, seq);
		}
		const held = new Map(
			this.sql
				.exec<{ lot: string; quantity: number }>(
					"SELECT lot, quantity FROM source_lots WHERE source = ? AND location_id = ? AND quantity <> 0 ORDER BY lot",
					source,
					locationId,
				)
				.toArray()
				.map((r) => [r.lot, r.quantity]),
		);
		const stock = this.lotStock(locationId);
		const deltas = allocateLots({
			locationId,
			delta,
			named,
			held,
			stock,
			today: new Date().toISOString().slice(0, 10),
			fromUnassigned,
			unassigned: this.readLevel(locationId).onHand - delta - stock.reduce((sum, l) => sum + l.onHand, 0),
			...(serial ? { unit: QUANTITY_SCALE } : {}),
		});
		const moved = deltas.map(({ lot, delta: lotDelta }) => {
			const row = this.sql
				.exec<{ on_hand: number }>(
					`INSERT INTO lot_stock (location_id, lot, on_hand) VALUES (?, ?, ?)
					 ON CONFLICT (location_id, lot) DO UPDATE SET on_hand = on_hand + excluded.on_hand
					 RETURNING on_hand`,
					locationId,
					lot,
					lotDelta,
				)
				.one();
			const { expiry, batch } = this.sql
				.exec<{ expiry: string | null; batch: string | null }>("SELECT expiry, batch FROM lots WHERE lot = ?", lot)
				.one();
			this.sql.exec(
				`INSERT INTO source_lots (source, location_id, lot, quantity) VALUES (?, ?, ?, ?)
				 ON CONFLICT (source, location_id, lot) DO UPDATE SET quantity = quantity + excluded.quantity`,
				source,
				locationId,
				lot,
				lotDelta,
			);
			return { lot, expiry, delta: lotDelta, after: row.on_hand, ...(batch !== null ? { batch } : {}) };
		});
		if (serial) for (const m of moved) if (m.delta > 0) this.assertSerialOnce(m.lot);
		return moved;
	}

	/** A serial number is in stock once in the whole company: one unit, at one location. */
	private assertSerialOnce(serial: string): void {
		const places = this.sql
			.exec<{ location_id: string; on_hand: number }>(
				"SELECT location_id, on_hand FROM lot_stock WHERE lot = ? AND on_hand <> 0 ORDER BY on_hand DESC",
				serial,
			)
			.toArray();
		const total = places.reduce((sum, p) => sum + p.on_hand, 0);
		const where = places[0]?.location_id ?? "";
		if (total > QUANTITY_SCALE || places.length > 1)
			throw new LotRefusedError(serial, where, `serial ${serial} is already in stock at location ${where}`);
	}

	/**
	 * A lot named for the first time is created (its expiry, and a serial's lot, with it); a known
	 * lot keeps the expiry and the lot it has, learning them only if it had none.
	 */
	private registerLot(named: NamedLot, locationId: string, seq: number): void {
		const known = this.sql
			.exec<{ expiry: string | null; batch: string | null }>("SELECT expiry, batch FROM lots WHERE lot = ?", named.lot)
			.toArray()[0];
		const expiry = named.expiry ?? null;
		const batch = named.batch ?? null;
		if (!known) {
			this.sql.exec(
				"INSERT INTO lots (lot, expiry, first_in, batch) VALUES (?, ?, ?, ?)",
				named.lot,
				expiry,
				seq,
				batch,
			);
			return;
		}
		if (batch !== null && known.batch !== null && known.batch !== batch)
			throw new LotRefusedError(
				named.lot,
				locationId,
				`serial ${named.lot} belongs to lot ${known.batch}, not ${batch}; a serial has one lot`,
			);
		if (batch !== null && known.batch === null)
			this.sql.exec("UPDATE lots SET batch = ? WHERE lot = ?", batch, named.lot);
		if (expiry !== null && known.expiry !== null && known.expiry !== expiry)
			throw new LotRefusedError(
				named.lot,
				locationId,
				`lot ${named.lot} expires on ${known.expiry}, not ${expiry}; a lot has one expiry`,
			);
		if (expiry !== null && known.expiry === null)
			this.sql.exec("UPDATE lots SET expiry = ? WHERE lot = ?", expiry, named.lot);
	}

	/** What the location holds in no lot: on hand − Σ lots. */
	private unassignedAt(locationId: string): number {
		return this.readLevel(locationId).onHand - this.lotStock(locationId).reduce((sum, l) => sum + l.onHand, 0);
	}

	private lotStock(locationId: string): LotStock[] {
		return this.sql
			.exec<{ lot: string; on_hand: number; expiry: string | null; first_in: number }>(
				`SELECT s.lot, s.on_hand, l.expiry, l.first_in FROM lot_stock s JOIN lots l ON l.lot = s.lot
				 WHERE s.location_id = ?`,
				locationId,
			)
			.toArray()
			.map((r) => ({ lot: r.lot, onHand: r.on_hand, expiry: r.expiry, firstIn: r.first_in }));
	}

	// ——— flushing to D1 ———

	/** Waits until every movement up to `seq` is in D1; false if D1 failed (the alarm retries). */
	private async flushThrough(seq: number): Promise<boolean> {
		while (this.firstPendingSeq() <= seq) {
			this.flushing ??= this.flushBatch().finally(() => {
				this.flushing = null;
			});
			try {
				await this.flushing;
			} catch (error) {
				console.warn("stock flush failed; the alarm retries", error);
				return false;
			}
		}
		return true;
	}

	private async flushAll(): Promise<boolean> {
		const flushed = await this.flushThrough(Number.MAX_SAFE_INTEGER);
		if (flushed) await this.disarmIfFlushed();
		return flushed;
	}

	private async flushBatch(): Promise<void> {
		const lastWritten = await this.writeOutboxBatch();
		// Only what this batch wrote: movements appended meanwhile have higher seqs.
		if (lastWritten !== null) this.sql.exec("DELETE FROM outbox WHERE seq <= ?", lastWritten);
	}

	/** Writes the oldest outbox entries to D1 and answers the last seq written (null: none pending). */
	private async writeOutboxBatch(): Promise<number | null> {
		const rows = this.sql
			.exec<{ seq: number; movement: string }>("SELECT seq, movement FROM outbox ORDER BY seq LIMIT ?", FLUSH_BATCH)
			.toArray();
		const last = rows[rows.length - 1];
		if (!last) return null;
		const db = database(this.env.DB);
		const movements = rows.map((r) => JSON.parse(r.movement) as Movement);
		const ref = this.boundRef();
		const flushed = await flushLedger(db, ref, movements);
		// Open grids learn of it now; not awaited, so the live feed never holds up or fails a flush.
		this.live ??= companyLive(this.env, ref.companyId);
		this.ctx.waitUntil(publishLevels(this.live, flushed.map(toLevelChange)));
		return last.seq;
	}

	private async disarmIfFlushed(): Promise<void> {
		if (this.firstPendingSeq() === Number.POSITIVE_INFINITY) await this.ctx.storage.deleteAlarm();
	}

	private firstPendingSeq(): number {
		const row = this.sql.exec<{ seq: number | null }>("SELECT MIN(seq) AS seq FROM outbox").one();
		return row.seq ?? Number.POSITIVE_INFINITY;
	}

	// ——— reading storage ———

	private boundRef(): ProductRef {
		const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'ref'").one();
		const [companyId = "", productId = ""] = row.value.split("/");
		return { companyId, productId };
	}

	private lastSeq(): number {
		const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'seq'").toArray()[0];
		return row ? Number(row.value) : 0;
	}

	private readEffect(source: string): StoredEffect | undefined {
		const row = this.sql.exec<EffectRow>("SELECT * FROM effects WHERE source = ?", source).toArray()[0];
		return row && toStoredEffect(row);
	}

	private writeEffect(e: StoredEffect): void {
		assertWithinBounds("effect", e.locationId, e.effect);
		this.sql.exec(
			`INSERT OR REPLACE INTO effects (source, location_id, on_hand, reserved, incoming, version, deleted)
			 VALUES (?, ?, ?, ?, ?, ?, ?)`,
			e.source,
			e.locationId,
			e.effect.onHand,
			e.effect.reserved,
			e.effect.incoming,
			e.version,
			e.deleted ? 1 : 0,
		);
	}

	private writeLevel(locationId: string, level: Triple): void {
		this.sql.exec(
			`INSERT INTO levels (location_id, on_hand, reserved, incoming) VALUES (?, ?, ?, ?)
			 ON CONFLICT (location_id) DO UPDATE SET on_hand = excluded.on_hand,
			   reserved = excluded.reserved, incoming = excluded.incoming`,
			locationId,
			level.onHand,
			level.reserved,
			level.incoming,
		);
	}

	private readLevel(locationId: string): Triple {
		const row = this.sql
			.exec<{ on_hand: number; reserved: number; incoming: number }>(
				"SELECT on_hand, reserved, incoming FROM levels WHERE location_id = ?",
				locationId,
			)
			.toArray()[0];
		return row ? { onHand: row.on_hand, reserved: row.reserved, incoming: row.incoming } : { ...ZERO };
	}

	private readLevels(): LocationLevels[] {
		return this.sql
			.exec<{ location_id: string; on_hand: number; reserved: number; incoming: number }>(
				"SELECT * FROM levels ORDER BY location_id",
			)
			.toArray()
			.map((r) => ({ locationId: r.location_id, onHand: r.on_hand, reserved: r.reserved, incoming: r.incoming }));
	}

	private levelsAt(locationIds: string[]): LocationLevels[] {
		return [...new Set(locationIds)].map((locationId) => ({ locationId, ...this.readLevel(locationId) }));
	}

	private readState(): ProductStockState {
		const effects = this.sql.exec<EffectRow>("SELECT * FROM effects ORDER BY source").toArray().map(toStoredEffect);
		const sums = new Map<string, Triple>();
		for (const e of effects) {
			if (e.deleted) continue;
			sums.set(e.locationId, addTriples(sums.get(e.locationId) ?? ZERO, e.effect));
		}
		return {
			levels: this.readLevels(),
			effectSums: [...sums].map(([locationId, t]) => ({ locationId, ...t })).sort(byLocation),
			effects,
			pendingMovements: this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n,
			lastSeq: this.lastSeq(),
			lots: this.sql
				.exec<{ location_id: string; lot: string; on_hand: number; expiry: string | null }>(
					`SELECT s.location_id, s.lot, s.on_hand, l.expiry FROM lot_stock s JOIN lots l ON l.lot = s.lot
					 ORDER BY s.location_id, s.lot`,
				)
				.toArray()
				.map((r) => ({ locationId: r.location_id, lot: r.lot, onHand: r.on_hand, expiry: r.expiry })),
		};
	}
}

function toStoredEffect(row: EffectRow): StoredEffect {
	return {
		source: row.source,
		locationId: row.location_id,
		effect: { onHand: row.on_hand, reserved: row.reserved, incoming: row.incoming },
		version: row.version,
		deleted: row.deleted === 1,
	};
}

function byLocation(a: { locationId: string }, b: { locationId: string }): number {
	return a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0;
}

/** The object's answers that change nothing: the caller turns each into its problem. */
function isRefusal(result: CommandResult | CommandRefusal): result is CommandRefusal {
	return (
		result.outcome === "out_of_bounds" || result.outcome === "lot_refused" || result.outcome === "would_go_negative"
	);
}
