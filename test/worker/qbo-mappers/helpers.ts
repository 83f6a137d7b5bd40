/**
 * Helpers of the QBO mapper tests: a catalogue lookup, parsing fixtures, and a tiny fold that
 * plays the caller — it applies the returned commands the way product objects do (a version must
 * be newer, a delete is final) and stores the returned record as `qbo_documents` would.
 */
import {
	type CatalogueItem,
	type DocumentEffects,
	documentEffects,
	type StockSettings,
	type StoredDocument,
} from "../../../worker/qbo/document-effects";
import { parseQboDocument, type QboDocumentRead, type QboDocumentType } from "../../../worker/qbo/document-entities";
import type { Triple } from "../../../worker/stock/effects";

/** QBO item ids, as in Intuit's sample company. */
export const ITEM = {
	pump: "11",
	fountain: "5",
	rocks: "13",
	garden: "19",
	concrete: "3",
	installation: "7",
	lighting: "8",
	deluxe: "49",
} as const;

/** The catalogue: QBO item id → product, as the caller would load it from D1. */
export const ITEMS: ReadonlyMap<string, CatalogueItem> = new Map<string, CatalogueItem>([
	[ITEM.pump, { productId: "p-pump", type: "inventory" }],
	[ITEM.fountain, { productId: "p-fountain", type: "inventory" }],
	[ITEM.rocks, { productId: "p-rocks", type: "inventory" }],
	[ITEM.garden, { productId: "p-garden", type: "inventory" }],
	[ITEM.concrete, { productId: "p-concrete", type: "service" }],
	[ITEM.installation, { productId: "p-installation", type: "service" }],
	[ITEM.lighting, { productId: "p-lighting", type: "non_inventory" }],
	[
		ITEM.deluxe,
		{
			productId: "p-deluxe",
			type: "kit",
			components: [
				{ productId: "p-pump", type: "inventory", quantity: 10_000 },
				{ productId: "p-fountain", type: "inventory", quantity: 10_000 },
				{ productId: "p-lighting", type: "non_inventory", quantity: 20_000 },
				{ productId: "p-installation", type: "service", quantity: 40_000 },
			],
		},
	],
]);

export const SHIP: StockSettings = { orderMode: "ship_on_invoice", estimatesCreateOrders: false };
export const RESERVE: StockSettings = { orderMode: "reserve_until_delivery", estimatesCreateOrders: false };
export const DEFAULT_LOCATION = "loc-default";

/** Parses a fixture as the caller would; a fixture that does not parse is a broken test. */
export function read(entityType: QboDocumentType, json: unknown): QboDocumentRead {
	const parsed = parseQboDocument(entityType, json);
	if (!parsed.success) throw new Error(`${entityType} fixture does not parse: ${parsed.error.message}`);
	return parsed.data;
}

/** Maps one fixture with the test catalogue. */
export function mapDocument(
	entityType: QboDocumentType,
	json: unknown,
	options: { settings?: StockSettings; locationId?: string; previous?: StoredDocument | null } = {},
): DocumentEffects {
	return documentEffects({
		...read(entityType, json),
		settings: options.settings ?? SHIP,
		items: ITEMS,
		locationId: options.locationId ?? DEFAULT_LOCATION,
		previous: options.previous ?? null,
	});
}

/** The result of an applied mapping, narrowed (fails the test on `stale`). */
export function applied(result: DocumentEffects): Extract<DocumentEffects, { outcome: "apply" }> {
	if (result.outcome !== "apply") throw new Error("expected the document to apply, got stale");
	return result;
}

/** The commands in a form short enough to read in an expectation. */
export function summary(result: DocumentEffects): unknown[] {
	return applied(result).commands.map(({ productId, command }) =>
		command.type === "delete"
			? { productId, delete: true }
			: { productId, at: command.locationId, ...command.effect, version: command.version },
	);
}

type FoldedEffect = { locationId: string; effect: Triple; version: number; deleted: boolean };

/**
 * The caller in miniature: one stored record per document, one effect per (product, source);
 * `levels()` sums the live effects per product and location.
 */
export class SyncFold {
	private readonly records = new Map<string, StoredDocument>();
	private readonly effects = new Map<string, FoldedEffect>();

	constructor(
		private readonly settings: StockSettings = SHIP,
		private readonly items: ReadonlyMap<string, CatalogueItem> = ITEMS,
	) {}

	/** Maps the document against its stored record, applies the commands, then stores the record. */
	receive(entityType: QboDocumentType, json: unknown, locationId = DEFAULT_LOCATION): DocumentEffects {
		const doc = read(entityType, json);
		const key = `${entityType}:${doc.document.Id}`;
		const result = documentEffects({
			...doc,
			settings: this.settings,
			items: this.items,
			locationId,
			previous: this.records.get(key) ?? null,
		});
		if (result.outcome === "stale") return result;
		for (const { productId, command } of result.commands) {
			const effectKey = `${productId}|${command.source}`;
			const stored = this.effects.get(effectKey);
			if (stored?.deleted) continue;
			if (command.type === "delete") {
				this.effects.set(effectKey, {
					locationId: stored?.locationId ?? "",
					effect: zero(),
					version: 0,
					deleted: true,
				});
			} else if (!stored || command.version > stored.version) {
				this.effects.set(effectKey, {
					locationId: command.locationId,
					effect: command.effect,
					version: command.version,
					deleted: false,
				});
			}
		}
		const { record } = result;
		this.records.set(key, { syncToken: record.syncToken, status: record.status, lines: record.lines });
		return result;
	}

	/** Σ live effects per `product@location`, zero sums left out. */
	levels(): Record<string, Triple> {
		const sums: Record<string, Triple> = {};
		for (const [key, e] of this.effects) {
			if (e.deleted) continue;
			const at = `${key.split("|")[0]}@${e.locationId}`;
			const sum = sums[at] ?? zero();
			sums[at] = {
				onHand: sum.onHand + e.effect.onHand,
				reserved: sum.reserved + e.effect.reserved,
				incoming: sum.incoming + e.effect.incoming,
			};
		}
		for (const [at, t] of Object.entries(sums))
			if (t.onHand === 0 && t.reserved === 0 && t.incoming === 0) delete sums[at];
		return sums;
	}

	/** The stored record of a document. */
	record(entityType: QboDocumentType, qboId: string): StoredDocument | undefined {
		return this.records.get(`${entityType}:${qboId}`);
	}
}

function zero(): Triple {
	return { onHand: 0, reserved: 0, incoming: 0 };
}

/** A triple with only some numbers given. */
export function triple(t: Partial<Triple>): Triple {
	return { ...zero(), ...t };
}
