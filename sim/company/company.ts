/**
 * One QBO company (realm): its entities as Intuit's JSON, per-type Id sequences, tombstones of deleted
 * transactions (for CDC), the stock effect each posting document has applied to `QtyOnHand`, and a
 * name index for QBO's uniqueness rules. Writes go through `write.ts`; this class only stores.
 */

import type { JsonObject } from "../lib/json.ts";
import type { EntityName } from "../qbo/entities.ts";

export type Operation = "Create" | "Update" | "Delete" | "Void" | "Merge";

/** What a webhook announces: an entity changed, by which operation, when. */
export type Change = {
	realmId: string;
	entity: EntityName;
	id: string;
	operation: Operation;
	atMs: number;
	/** On Merge: the id merged away. */
	deletedId?: string;
};

export type StoredEntity = { data: JsonObject; updatedMs: number };

/** A company as plain JSON, for the simulator's state file (sim/state-file.ts). */
export type CompanyState = {
	realmId: string;
	offsetMinutes: number;
	/** Per type, the live entities in their stored order. */
	records: Partial<Record<EntityName, StoredEntity[]>>;
	/** Per type, id → deletion time: what CDC answers as deleted. */
	tombstones: Partial<Record<EntityName, [string, number][]>>;
	/** The last Id and DocNumber handed out per type: a restored company never hands one out again. */
	ids: Partial<Record<EntityName, number>>;
	docNumbers: Partial<Record<EntityName, number>>;
	names: Record<string, [string, string][]>;
	stockEffects: [string, [string, number][]][];
};

export type CompanyOptions = {
	realmId: string;
	now: () => number;
	/** The company's UTC offset, used in every timestamp it writes (Intuit writes local times). */
	offsetMinutes?: number;
};

export class Company {
	readonly realmId: string;
	readonly now: () => number;
	readonly offsetMinutes: number;
	/** Per posting document (`Invoice:12`): item id → quantity it has added to QtyOnHand. */
	readonly stockEffects = new Map<string, Map<string, number>>();
	private readonly records = new Map<EntityName, Map<string, StoredEntity>>();
	private readonly tombstones = new Map<EntityName, Map<string, number>>();
	private readonly ids = new Map<EntityName, number>();
	private readonly docNumbers = new Map<EntityName, number>();
	private readonly names = new Map<string, Map<string, string>>();
	private readonly listeners = new Set<(change: Change) => void>();
	/**
	 * Entities this company's CDC answers leave out though asked (admin API
	 * `PUT /companies/{realmId}/cdc`): QBO's CDC may not bring InventoryAdjustment. Not saved.
	 */
	readonly cdcLeavesOut = new Set<EntityName>();

	constructor(options: CompanyOptions) {
		this.realmId = options.realmId;
		this.now = options.now;
		this.offsetMinutes = options.offsetMinutes ?? -420;
	}

	/** Everything stored, as JSON (entities are copied: the state must not change under a writer). */
	toState(): CompanyState {
		const perType = <T, U>(map: Map<EntityName, T>, convert: (value: T) => U) =>
			Object.fromEntries([...map].map(([entity, value]) => [entity, convert(value)])) as Partial<Record<EntityName, U>>;
		return structuredClone({
			realmId: this.realmId,
			offsetMinutes: this.offsetMinutes,
			records: perType(this.records, (table) => [...table.values()]),
			tombstones: perType(this.tombstones, (deleted) => [...deleted]),
			ids: perType(this.ids, (n) => n),
			docNumbers: perType(this.docNumbers, (n) => n),
			names: Object.fromEntries([...this.names].map(([namespace, index]) => [namespace, [...index]])),
			stockEffects: [...this.stockEffects].map(([key, effect]) => [key, [...effect]]),
		});
	}

	/** A company as `toState` left it, its sequences going on from where they were. */
	static fromState(state: CompanyState, now: () => number): Company {
		const company = new Company({ realmId: state.realmId, now, offsetMinutes: state.offsetMinutes });
		const types = <T>(record: Partial<Record<EntityName, T>>) => Object.entries(record) as [EntityName, T][];
		for (const [entity, stored] of types(state.records))
			company.records.set(entity, new Map(stored.map((s) => [String(s.data.Id), s])));
		for (const [entity, deleted] of types(state.tombstones)) company.tombstones.set(entity, new Map(deleted));
		for (const [entity, last] of types(state.ids)) company.ids.set(entity, last);
		for (const [entity, last] of types(state.docNumbers)) company.docNumbers.set(entity, last);
		for (const [namespace, index] of Object.entries(state.names)) company.names.set(namespace, new Map(index));
		for (const [key, effect] of state.stockEffects) company.stockEffects.set(key, new Map(effect));
		return company;
	}

	private table(entity: EntityName): Map<string, StoredEntity> {
		let table = this.records.get(entity);
		if (!table) {
			table = new Map();
			this.records.set(entity, table);
		}
		return table;
	}

	get(entity: EntityName, id: string): JsonObject | undefined {
		return this.records.get(entity)?.get(id)?.data;
	}

	stored(entity: EntityName, id: string): StoredEntity | undefined {
		return this.records.get(entity)?.get(id);
	}

	isDeleted(entity: EntityName, id: string): boolean {
		return this.tombstones.get(entity)?.has(id) ?? false;
	}

	/** Every live entity of a type, in Id order. */
	all(entity: EntityName): JsonObject[] {
		return [...this.table(entity).values()].map((s) => s.data);
	}

	allStored(entity: EntityName): StoredEntity[] {
		return [...this.table(entity).values()];
	}

	count(entity: EntityName): number {
		return this.records.get(entity)?.size ?? 0;
	}

	/** Tombstones of one type: id → deletion time. */
	deletions(entity: EntityName): ReadonlyMap<string, number> {
		return this.tombstones.get(entity) ?? new Map();
	}

	/** QBO Ids are per-type sequences of digits, so Invoice 1 and Item 1 coexist. */
	nextId(entity: EntityName): string {
		const next = (this.ids.get(entity) ?? 0) + 1;
		this.ids.set(entity, next);
		return String(next);
	}

	/** Auto-numbering starts at 1001 per document type, as in a new QBO company. */
	nextDocNumber(entity: EntityName): string {
		const next = (this.docNumbers.get(entity) ?? 1000) + 1;
		this.docNumbers.set(entity, next);
		return String(next);
	}

	put(entity: EntityName, data: JsonObject, updatedMs: number): void {
		const id = String(data.Id);
		const table = this.table(entity);
		table.set(id, { data, updatedMs });
	}

	remove(entity: EntityName, id: string, atMs: number): void {
		this.records.get(entity)?.delete(id);
		let tombstones = this.tombstones.get(entity);
		if (!tombstones) {
			tombstones = new Map();
			this.tombstones.set(entity, tombstones);
		}
		tombstones.set(id, atMs);
	}

	/** Owner (`Item:12`) of a name in a uniqueness namespace, compared case-insensitively. */
	nameOwner(namespace: string, name: string): string | undefined {
		return this.names.get(namespace)?.get(name.trim().toLowerCase());
	}

	setName(namespace: string, name: string | undefined, owner: string): void {
		if (name === undefined) return;
		let index = this.names.get(namespace);
		if (!index) {
			index = new Map();
			this.names.set(namespace, index);
		}
		index.set(name.trim().toLowerCase(), owner);
	}

	clearName(namespace: string, name: string | undefined, owner: string): void {
		if (name === undefined) return;
		const index = this.names.get(namespace);
		const key = name.trim().toLowerCase();
		if (index?.get(key) === owner) index.delete(key);
	}

	/** Finds an entity by a top-level string field (e.g. an Account by Name). */
	findBy(entity: EntityName, field: string, value: string): JsonObject | undefined {
		for (const stored of this.table(entity).values()) if (stored.data[field] === value) return stored.data;
		return undefined;
	}

	onChange(listener: (change: Change) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	emit(change: Omit<Change, "realmId">): void {
		const full: Change = { realmId: this.realmId, ...change };
		for (const listener of this.listeners) listener(full);
	}
}
