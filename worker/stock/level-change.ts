/**
 * What the live feed carries: the new stock of one level row and its current version, plus the
 * planning fields when they are what changed (ui/src/api/types.ts `LevelChange`). Decimals here,
 * as at every other edge.
 */

import { decimalLevel, type Scaled } from "../core/quantity";
import type { LevelRow } from "./levels";

export type LevelChange = {
	productId: string;
	locationId: string;
	onHand: number;
	reserved: number;
	available: number;
	incoming: number;
	/**
	 * The row's D1 version. Stock flushes leave it as it is (it guards the planning fields only), so
	 * a grid that applies a stock change keeps a version its next PATCH still succeeds with.
	 */
	version: number;
	reorderPoint?: number | null;
	reorderQty?: number | null;
	bin?: string | null;
};

/** A level row as stored (scaled quantities) to the change the feed sends. */
export function toLevelChange(row: {
	productId: string;
	locationId: string;
	onHand: Scaled;
	reserved: Scaled;
	incoming: Scaled;
	version: number;
}): LevelChange {
	return {
		productId: row.productId,
		locationId: row.locationId,
		...decimalLevel(row),
		version: row.version,
	};
}

/** A row whose planning fields were edited: the change carries them beside the (unchanged) stock. */
export function planningChange(row: LevelRow): LevelChange {
	const { productId, locationId, onHand, reserved, available, incoming, version, reorderPoint, reorderQty, bin } = row;
	return { productId, locationId, onHand, reserved, available, incoming, version, reorderPoint, reorderQty, bin };
}
