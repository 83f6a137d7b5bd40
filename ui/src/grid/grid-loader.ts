/**
 * The grid's data coming in: the first load (locations and every page of levels, the first rows
 * shown as soon as they come), the live feed (ui/src/live/live-feed.ts) with its catch-up from when
 * the load began, and level changes merged in with the changed cells flashing. A reactive
 * controller of `<stockroom-grid>`; it loads again whenever the element's API client changes.
 */
import type { ReactiveController } from "lit";
import type { ApiClient } from "../api/api-client";
import type { LevelChange, LevelRow, Location, Me } from "../api/types";
import { problemMessage } from "../app/problems";
import { getCompanyCurrency, setCompanyCurrency } from "../i18n/money";
import { plural } from "../i18n/plural";
import { LiveFeed, type LiveStatus } from "../live/live-feed";
import type { GridContext } from "./grid-context";
import type { GridEditing } from "./grid-editing";
import type { GridLots } from "./grid-lots";
import { t } from "./grid-messages";
import { rowKey } from "./grid-saver";
import { applyChanges, pivotLevels } from "./model/grid-rows";

const FLASH_MS = 1000;
/** While pages come in, the rows are re-filtered and re-sorted at most this often. */
const VIEW_REBUILD_MS = 300;

/** Thrown from a page callback to stop loading pages for a load that was superseded. */
const SUPERSEDED = Symbol("superseded");

export class GridLoader implements ReactiveController {
	/** Pages of levels are still coming in. */
	loading = false;
	/** Why the last load failed; null when it did not. */
	loadError: string | null = null;
	liveStatus: LiveStatus = "connecting";
	/** The live feed was refused for good (credentials expired, signed out): say so, not just "offline". */
	#liveRefused = false;
	#loadedWith: ApiClient | undefined;
	#generation = 0;
	#heldChanges: LevelChange[] = [];
	#loadedRows = 0;
	/** When the rows shown began to be read (performance.now()): the live feed's first connect catches up from there. */
	#loadStartedAt: number | undefined;
	#feed: LiveFeed | undefined;
	#flashes = new Map<string, number>();
	#flashTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		readonly ctx: GridContext,
		readonly editing: GridEditing,
		readonly lots: GridLots,
	) {
		ctx.host.addController(this);
	}

	hostConnected(): void {
		if (this.ctx.host.hasUpdated) this.#startLive();
	}

	hostDisconnected(): void {
		this.#feed?.stop();
		this.#feed = undefined;
		clearTimeout(this.#flashTimer);
	}

	hostUpdated(): void {
		const client = this.ctx.client();
		if (client && client !== this.#loadedWith) void this.load();
		if (this.#feed && (this.ctx.host.noLive || this.#feed.api !== client)) {
			this.#feed.stop();
			this.#feed = undefined;
		}
		this.#startLive();
	}

	/** What the live indicator says. */
	get liveLabel(): "signedOut" | LiveStatus {
		return this.#liveRefused ? "signedOut" : this.liveStatus;
	}

	/** Whether a level's stock cells are flashing (they just changed live). */
	isFlashing(level: { productId: string; locationId: string }): boolean {
		return this.#flashes.size > 0 && this.#flashes.has(rowKey(level));
	}

	/** Merges level changes into the grid; the changed cells flash. */
	applyLevelChanges(changes: LevelChange[]): void {
		// A change may concern a product whose page has not come yet (and may come older): held till the end.
		if (this.loading) this.#heldChanges.push(...changes);
		const changed = applyChanges(this.ctx.model.products, changes);
		if (changed.length === 0) return;
		const until = performance.now() + FLASH_MS;
		for (const c of changed) {
			this.editing.reapplyPending(c.productId, c.locationId);
			this.#flashes.set(rowKey(c), until);
		}
		this.lots.levelsChanged(new Set(changed.map((c) => c.productId)));
		clearTimeout(this.#flashTimer);
		this.#flashTimer = setTimeout(() => this.#expireFlashes(), FLASH_MS + 20);
		this.ctx.host.requestUpdate();
	}

	/** Reads locations and every level row again; forgets undo history and unsaved failures. */
	async load(): Promise<void> {
		const { ctx } = this;
		const { host, model } = ctx;
		const api = ctx.client();
		if (!api) return;
		this.#loadedWith = api;
		const generation = ++this.#generation;
		this.#loadStartedAt = performance.now();
		host.removeAttribute("loaded");
		this.editing.reset();
		this.lots.reset();
		void this.lots.readSettings();
		model.products = new Map();
		this.#heldChanges = [];
		model.rowsDirty = true;
		this.loading = true;
		this.loadError = null;
		this.#loadedRows = 0;
		ctx.setStatus({ text: plural(t, "loading", 0) });
		// Both requests at once: the first rows must show as soon as possible.
		const locations = api.all<Location>("/locations");
		const levels = api.all<LevelRow>("/levels", {}, (page) => {
			if (generation !== this.#generation) throw SUPERSEDED;
			pivotLevels(page, model.products);
			this.#loadedRows += page.length;
			model.rowsDirty = true;
			// The first page at once (time to first rows); later ones a few times a second, since each
			// re-sorts every row so far.
			if (model.rows.length === 0 || performance.now() - model.rowsBuiltAt > VIEW_REBUILD_MS)
				ctx.setStatus({ text: plural(t, "loading", this.#loadedRows) });
		});
		levels.catch(() => undefined); // awaited below; a failure before then is not "unhandled"
		// The app has the currency from its own /me; an embedded grid asks for it (the stock value's).
		if (getCompanyCurrency() === null) void this.#readCurrency(api);
		try {
			const found = await locations;
			if (generation !== this.#generation) return;
			model.allLocations = found.filter((l) => !l.archivedAt);
			model.layoutDirty = true;
			host.requestUpdate();
			await levels;
			if (generation !== this.#generation) return;
			this.loading = false;
			model.rowsDirty = true;
			const held = this.#heldChanges.splice(0);
			if (held.length > 0) this.applyLevelChanges(held);
			ctx.setStatus({ text: "" });
			host.setAttribute("loaded", "");
			ctx.emit("stockroom-loaded", { products: model.products.size });
		} catch (error) {
			if (error === SUPERSEDED || generation !== this.#generation) return;
			this.loading = false;
			this.loadError = problemMessage(error);
			ctx.setStatus({ text: t("loadFailed", { detail: this.loadError }), error: true });
		}
	}

	async #readCurrency(api: ApiClient): Promise<void> {
		try {
			const me = await api.get<Me>("/me");
			setCompanyCurrency(me.company.currency);
			this.ctx.host.requestUpdate();
		} catch {
			// Amounts then show without a currency (ui/src/i18n/money.ts), as before it is known.
		}
	}

	#startLive(): void {
		const { host } = this.ctx;
		if (host.noLive || this.#feed || !host.isConnected) return;
		const api = this.ctx.client();
		if (!api) return;
		this.#feed = new LiveFeed(
			api,
			{
				onLevels: (changes) => this.applyLevelChanges(changes),
				onStatus: (status) => {
					this.liveStatus = status;
					if (status !== "offline") this.#liveRefused = false;
					host.requestUpdate();
				},
				onUnauthorized: () => {
					this.#liveRefused = true;
					host.requestUpdate();
				},
				// Another role or other locations: the rows shown may include some no longer ours.
				onAccessChanged: () => void this.load(),
			},
			// The rows and the socket start at about the same time: what changes in between is caught up.
			{ catchUpFrom: this.#loadStartedAt },
		);
		this.#feed.start();
	}

	#expireFlashes(): void {
		const now = performance.now();
		for (const [key, until] of this.#flashes) if (until <= now) this.#flashes.delete(key);
		if (this.#flashes.size > 0) this.#flashTimer = setTimeout(() => this.#expireFlashes(), 100);
		this.ctx.host.requestUpdate();
	}
}
