/**
 * The company sync object's `meta` table (worker/sync/company-sync-tables.ts), one value a key:
 * the realm the object serves, where the CDC catch-up stands, and the import's state. Synchronous,
 * so that callers can write it inside their `transactionSync`.
 */

/** What the last import brought in, as the sync status shows it. */
export type ImportCounts = { products: number; vendors: number; documents: number; locations: number };

/** The import's phases, in order: items and vendors, the existing documents, each item's opening stock. */
export type ImportPhase = "catalogue" | "documents" | "opening_stock";

/** Where the running import stands: `done` of `total` in its phase, which began at `since` (epoch ms). */
export type ImportStage = { phase: ImportPhase; done: number; total: number; since: number };

/** The running import's progress as the sync status shows it: rate and time left from its phase's pace so far. */
export type ImportProgress = {
	phase: ImportPhase;
	done: number;
	total: number;
	/** Items (or documents) per second in this phase so far; null until one is done. */
	perSecond: number | null;
	/** At that pace; null while the pace is unknown. */
	secondsLeft: number | null;
};

/** `openingLeft`: the items still queued for their opening stock, which is what that phase's `done` counts down. */
export function importProgressOf(stage: ImportStage, openingLeft: number, now: number): ImportProgress {
	const done = stage.phase === "opening_stock" ? Math.max(0, stage.total - openingLeft) : stage.done;
	const seconds = (now - stage.since) / 1000;
	const perSecond = done > 0 && seconds > 0 ? done / seconds : null;
	return {
		phase: stage.phase,
		done,
		total: stage.total,
		perSecond,
		secondsLeft: perSecond ? Math.max(0, stage.total - done) / perSecond : null,
	};
}

export class SyncMeta {
	/** The realm, read from `meta` once (undefined: not read yet). */
	private boundRealm: string | null | undefined;

	constructor(private readonly sql: SqlStorage) {}

	/** The realm this object serves; null until its first event or job binds it. */
	realm(): string | null {
		if (this.boundRealm === undefined) this.boundRealm = this.get("realm");
		return this.boundRealm;
	}

	/** The object learns its realm from its first event and refuses any other: a routing bug. */
	bindRealm(realmId: string): void {
		const bound = this.realm();
		if (bound === realmId) return;
		if (bound !== null) throw new Error(`CompanySync of realm ${bound} was handed an event of realm ${realmId}`);
		this.sql.exec("INSERT INTO meta (key, value) VALUES ('realm', ?)", realmId);
		this.boundRealm = realmId;
	}

	/** After a transaction rolled back: what was cached of the realm may not have been written. */
	forgetCachedRealm(): void {
		this.boundRealm = undefined;
	}

	/** Where the next catch-up starts (epoch ms); null before the first. */
	cdcCheckpoint(): number | null {
		const stored = this.get("cdc_checkpoint");
		return stored !== null ? Number(stored) : null;
	}

	/** Records a catch-up run at `at` that saw QBO's changes up to `checkpoint`. */
	recordCatchUp(checkpoint: number, at: number): void {
		this.set("cdc_checkpoint", String(checkpoint));
		this.set("last_catch_up", String(at));
	}

	/** When the last catch-up ran (ISO); null before any. */
	lastCatchUpAt(): string | null {
		const last = this.get("last_catch_up");
		return last ? new Date(Number(last)).toISOString() : null;
	}

	/** Whether an import waits to run (or to run again, if one was cut short). */
	importPending(): boolean {
		return this.get("import_pending") !== null;
	}

	setImportPending(): void {
		this.set("import_pending", "1");
	}

	clearImportPending(): void {
		this.sql.exec("DELETE FROM meta WHERE key = 'import_pending'");
	}

	/** Where the running import stands; null when none runs (or it ran before stages were kept). */
	importStage(): ImportStage | null {
		const json = this.get("import_stage");
		return json ? (JSON.parse(json) as ImportStage) : null;
	}

	/** Records a step of the import; a new phase starts its clock, the same phase keeps it. */
	recordImportStep(step: { phase: ImportPhase; done: number; total: number }, now: number): void {
		const current = this.importStage();
		const since = current?.phase === step.phase ? current.since : now;
		this.set("import_stage", JSON.stringify({ ...step, since }));
	}

	clearImportStage(): void {
		this.sql.exec("DELETE FROM meta WHERE key = 'import_stage'");
	}

	/** What the last import brought in; null before any. */
	lastImport(): ImportCounts | null {
		const json = this.get("last_import");
		return json ? (JSON.parse(json) as ImportCounts) : null;
	}

	setLastImport(counts: ImportCounts): void {
		this.set(
			"last_import",
			JSON.stringify({
				products: counts.products,
				vendors: counts.vendors,
				documents: counts.documents,
				locations: counts.locations,
			}),
		);
	}

	private get(key: string): string | null {
		return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
	}

	private set(key: string, value: string): void {
		this.sql.exec(
			"INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			key,
			value,
		);
	}
}
