/**
 * The grid's rows of tracked products expanding into their lots (model/lot-subrows.ts): toggled
 * by the row's ▸ button, Alt+ArrowDown / Alt+ArrowUp or Space (grid-keyboard.ts), each read lazily
 * from `GET /products/{id}/lots` when it opens. Level changes (live feed) of an expanded product read
 * its lots again, and a product with expired stock re-reads its rows (`GET /levels?productId=`):
 * the live feed's available does not know the expiry setting nor which lots moved. A reactive
 * controller of `<stockroom-grid>`.
 */
import type { ReactiveController } from "lit";
import type { LevelRow, ProductLots, Settings } from "../api/types";
import type { GridContext } from "./grid-context";
import type { GridViewport } from "./grid-viewport";
import { pivotLevels } from "./model/grid-rows";
import type { LotToggle } from "./model/keyboard-model";
import { hasLots } from "./model/lot-subrows";

/** Changes arriving within this window are read again together. */
const REFRESH_MS = 250;
/** Beyond this many products in one window (a big import), rows are left as the feed gave them. */
const REFRESH_MAX = 25;

export class GridLots implements ReactiveController {
	#pending = new Set<string>();
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** Per product, the read whose answer counts (a later toggle or refresh supersedes an earlier one). */
	#reads = new Map<string, number>();
	#readCount = 0;

	constructor(
		readonly ctx: GridContext,
		readonly viewport: GridViewport,
	) {
		ctx.host.addController(this);
	}

	hostConnected(): void {}

	hostDisconnected(): void {
		clearTimeout(this.#timer);
		this.#pending.clear();
	}

	/** Whether a product's row is expanded. */
	isExpanded(productId: string): boolean {
		return this.ctx.model.expanded.has(productId);
	}

	/**
	 * Expands, collapses or toggles the lots of the row at `index` (on a lot row: of its product,
	 * which then gets the active cell when collapsing). Answers whether the row has lots at all.
	 */
	toggleRow(index: number, want: LotToggle): boolean {
		const { model } = this.ctx;
		const row = model.rows[index];
		if (!row) return false;
		if (row.lot) {
			if (want === "expand") return true; // already open
			const parent = model.rows.findIndex((r) => r.productId === row.productId && !r.lot);
			this.setExpanded(row.productId, false);
			if (parent >= 0) this.viewport.moveTo({ row: parent, col: model.active.col }, false);
			return true;
		}
		if (!hasLots(row)) return false;
		const open = model.expanded.has(row.productId);
		this.setExpanded(row.productId, want === "toggle" ? !open : want === "expand");
		return true;
	}

	setExpanded(productId: string, open: boolean): void {
		const { model, host } = this.ctx;
		if (open === model.expanded.has(productId)) return;
		if (open) {
			model.expanded.set(productId, { status: "loading" });
			void this.#readLots(productId);
		} else {
			model.expanded.delete(productId);
			this.#reads.delete(productId);
		}
		model.rowsDirty = true;
		host.requestUpdate();
	}

	/** Forgets every expanded row (the grid loads again). */
	reset(): void {
		this.ctx.model.expanded = new Map();
		this.#reads.clear();
		this.#pending.clear();
		clearTimeout(this.#timer);
	}

	/** Reads the company's "expiring within" days for the filter's label; the embedded grid may not. */
	async readSettings(): Promise<void> {
		const api = this.ctx.client();
		if (!api) return;
		try {
			const settings = await api.get<Settings>("/settings");
			this.ctx.model.expiringDays = settings.expiringWithinDays;
		} catch {
			this.ctx.model.expiringDays = null; // an embed token: the label says "soon"
		}
		this.ctx.host.requestUpdate();
	}

	/** Level changes arrived for these products: expanded ones and ones with expired stock are read again. */
	levelsChanged(productIds: Iterable<string>): void {
		const { model } = this.ctx;
		for (const id of productIds) {
			const product = model.products.get(id);
			if (!product || !hasLots(product)) continue;
			const expired = [...product.levels.values()].some((l) => l.expired > 0);
			if (expired || model.expanded.has(id)) this.#pending.add(id);
		}
		if (this.#pending.size === 0 || this.#timer !== undefined) return;
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			const ids = [...this.#pending];
			this.#pending.clear();
			if (ids.length <= REFRESH_MAX) for (const id of ids) void this.#refresh(id);
		}, REFRESH_MS);
	}

	async #refresh(productId: string): Promise<void> {
		const { model, host } = this.ctx;
		const api = this.ctx.client();
		if (!api) return;
		if (model.expanded.has(productId)) void this.#readLots(productId);
		try {
			const rows = await api.all<LevelRow>("/levels", { productId });
			pivotLevels(rows, model.products);
			model.rowsDirty = true;
			host.requestUpdate();
		} catch {
			// The feed's numbers stay; the next change or a reload reads them again.
		}
	}

	async #readLots(productId: string): Promise<void> {
		const { model, host } = this.ctx;
		const api = this.ctx.client();
		if (!api) return;
		const read = ++this.#readCount;
		this.#reads.set(productId, read);
		let next: { status: "loaded"; items: ProductLots["items"] } | { status: "failed"; message: string };
		try {
			const answer = await api.get<ProductLots>(`/products/${encodeURIComponent(productId)}/lots`);
			next = { status: "loaded", items: answer.items };
		} catch (error) {
			next = { status: "failed", message: error instanceof Error ? error.message : String(error) };
		}
		// Collapsed meanwhile, or read again since: this answer no longer counts.
		if (this.#reads.get(productId) !== read || !model.expanded.has(productId)) return;
		model.expanded.set(productId, next);
		model.rowsDirty = true;
		host.requestUpdate();
	}
}
