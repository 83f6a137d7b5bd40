/**
 * Which movements offer "Change lots" (a re-pick, `POST /lots/repicks`, docs/architecture.md#lots):
 * stock that left a location under a document, a delivery note, a build or an adjustment. A
 * transfer, a count, an assignment or a re-pick keeps the lots it moved (the server refuses them
 * too, and `GET /movements/{id}/lots` says `repickable`). Pure, so tested on Node.
 */
import type { MovementKind } from "../api/types";

const KEEPS_ITS_LOTS: readonly MovementKind[] = ["transfer", "count", "lot_assignment", "lot_repick"];

/** True when a movement of this kind that changed on hand by `onHandDelta` may have its lots changed. */
export function offersRepick(kind: MovementKind, onHandDelta: number): boolean {
	return onHandDelta < 0 && !KEEPS_ITS_LOTS.includes(kind);
}
