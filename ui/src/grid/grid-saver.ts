/**
 * Batches the grid's edits into `PATCH /api/v1/levels`: every edit of one user action, and of actions
 * that follow within a quarter of a second, goes in one request. One request at a time: edits made
 * while one is in flight wait for its answer, so that each row is sent with the version the server
 * just gave back (two requests racing on one row would conflict with ourselves).
 */
import { type ApiClient, ApiError } from "../api/api-client";
import type { LevelPatchResult } from "../api/types";
import { buildPatches, type CellEdit } from "./model/cell-edits";

/** How long an action waits for the next one to join its request. */
export const SAVE_DELAY_MS = 250;
const MAX_ITEMS = 1000; // the API's limit per request

export type SaveHandlers = {
	/** The row's current version, as the grid holds it. */
	versionOf(productId: string, locationId: string): number;
	/** A request is leaving with these edits. */
	onSaving(edits: CellEdit[]): void;
	/** The server answered: one result per row, and the edits that went into that row. */
	onResults(results: { result: LevelPatchResult; edits: CellEdit[] }[]): void;
	/** The request failed as a whole (network, permission, validation); `fieldErrors` name the edits at fault. */
	onFailure(edits: CellEdit[], error: ApiError, retryable: boolean): void;
	/** Nothing more in flight or waiting. */
	onIdle?(): void;
};

export class GridSaver {
	#queue: CellEdit[] = [];
	/** Edits whose request failed on the network: sent again with the next edit or `retry()`. */
	#failed: CellEdit[] = [];
	#timer: ReturnType<typeof setTimeout> | undefined;
	#busy = false;

	constructor(
		readonly api: () => ApiClient | undefined,
		readonly handlers: SaveHandlers,
	) {}

	get pending(): boolean {
		return this.#busy || this.#queue.length > 0 || this.#timer !== undefined;
	}

	get failedCount(): number {
		return this.#failed.length;
	}

	/** Queues one action's edits; they leave after a short pause in which more actions may join. */
	save(edits: CellEdit[]): void {
		if (edits.length === 0) return;
		if (this.#failed.length > 0) {
			this.#queue.push(...this.#failed);
			this.#failed = [];
		}
		this.#queue.push(...edits);
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.#flush();
		}, SAVE_DELAY_MS);
	}

	/** Sends the edits that failed on the network again, now. */
	retry(): void {
		if (this.#failed.length === 0) return;
		this.#queue.push(...this.#failed);
		this.#failed = [];
		clearTimeout(this.#timer);
		this.#timer = undefined;
		void this.#flush();
	}

	/** Forgets everything waiting (the grid reloads). */
	clear(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#queue = [];
		this.#failed = [];
	}

	async #flush(): Promise<void> {
		if (this.#busy) return; // the running flush picks the queue up when it is done
		const api = this.api();
		if (!api) return;
		this.#busy = true;
		try {
			while (this.#queue.length > 0) {
				const edits = latestPerCell(this.#queue.splice(0));
				for (let i = 0; i < edits.length; ) {
					// Chunk by rows, not edits: a row's edits must travel together.
					const chunk: CellEdit[] = [];
					const rows = new Set<string>();
					while (i < edits.length) {
						const edit = edits[i] as CellEdit;
						const key = rowKey(edit);
						if (!rows.has(key) && rows.size >= MAX_ITEMS) break;
						rows.add(key);
						chunk.push(edit);
						i++;
					}
					await this.#send(api, chunk);
				}
			}
		} finally {
			this.#busy = false;
			this.handlers.onIdle?.();
		}
	}

	async #send(api: ApiClient, edits: CellEdit[]): Promise<void> {
		this.handlers.onSaving(edits);
		const patches = buildPatches(edits, (productId, locationId) => this.handlers.versionOf(productId, locationId));
		try {
			const answer = await api.patch<{ items: LevelPatchResult[] }>("/levels", { items: patches });
			const byRow = groupByRow(edits);
			this.handlers.onResults(answer.items.map((result) => ({ result, edits: byRow.get(rowKey(result)) ?? [] })));
		} catch (error) {
			const apiError =
				error instanceof ApiError ? error : new ApiError({ type: "about:blank", title: String(error), status: 0 });
			const retryable = apiError.status === 0 || apiError.status >= 500 || apiError.status === 429;
			if (retryable) this.#failed.push(...edits);
			if (apiError.status === 400 && apiError.problem.errors?.length) {
				// One bad row fails the request: report the rows named and send the others again.
				const bad = new Set<string>();
				for (const e of apiError.problem.errors) {
					const index = /items\.(\d+)/.exec(e.field)?.[1];
					const patch = index === undefined ? undefined : patches[Number(index)];
					if (patch) bad.add(rowKey(patch));
				}
				const failed = edits.filter((e) => bad.has(rowKey(e)));
				const others = edits.filter((e) => !bad.has(rowKey(e)));
				this.handlers.onFailure(failed.length > 0 ? failed : edits, apiError, false);
				if (failed.length > 0 && others.length > 0) this.#queue.push(...others);
				return;
			}
			this.handlers.onFailure(edits, apiError, retryable);
		}
	}
}

export function rowKey(x: { productId: string; locationId: string }): string {
	return `${x.productId}\u0000${x.locationId}`;
}

/** One cell of a level row (its field): the key the grid and the saver keep per-cell state under. */
export function cellKey(x: { productId: string; locationId: string; field: string }): string {
	return `${rowKey(x)}\u0000${x.field}`;
}

/** The same cell edited twice before leaving: only the last value is sent. */
function latestPerCell(edits: CellEdit[]): CellEdit[] {
	const byCell = new Map<string, CellEdit>();
	for (const e of edits) {
		const key = cellKey(e);
		byCell.delete(key); // keep the order of the last edit
		byCell.set(key, e);
	}
	return [...byCell.values()];
}

function groupByRow(edits: CellEdit[]): Map<string, CellEdit[]> {
	const map = new Map<string, CellEdit[]>();
	for (const e of edits) {
		const key = rowKey(e);
		const list = map.get(key);
		if (list) list.push(e);
		else map.set(key, [e]);
	}
	return map;
}
