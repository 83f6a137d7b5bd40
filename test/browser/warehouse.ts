/**
 * The demo company's Warehouse as the grid tests use it: its cells in the page, and its levels as
 * the server has them (read and written through /api/v1 with an owner token).
 */
import type { Page } from "playwright-core";
import { beforeAll } from "vitest";
import { settle } from "../e2e/stack.ts";
import { type Api, apiAs, demoToken, type LevelRow } from "./api.ts";
import { cell, type GridField } from "./grid-page.ts";

export function useWarehouse() {
	let api: Api;
	let id: string;
	beforeAll(async () => {
		api = apiAs(await demoToken());
		id = (await api.location("Warehouse")).id;
	});
	return {
		get api() {
			return api;
		},
		/** A warehouse cell of the demo company's grid. */
		at: (page: Page, sku: string, field: GridField) => cell(page, { sku, field, locationId: id }),
		level: (sku: string) => api.level(sku, id),
		setLevel: (sku: string, patch: Parameters<Api["setLevel"]>[2]) => api.setLevel(sku, id, patch),
		/** The server's level of `sku` at the warehouse once `done` holds (or the last one read). */
		serverLevel: (sku: string, done: (row: LevelRow) => boolean) =>
			settle(() => api.level(sku, id), done, { timeoutMs: 15_000 }),
	};
}
