/**
 * How the app names who made a change (an audit entry's actor, a movement's `by`): the person's or
 * the token's label, "QuickBooks" for what came from QuickBooks, "—" when the trail does not know.
 */
import type { AuditActor } from "../api/types";

/** A proper noun, the same in every language. */
const QUICKBOOKS = "QuickBooks";

export function actorLabel(actor: Pick<AuditActor, "kind" | "label"> | null | undefined): string {
	if (!actor) return "—";
	if (actor.kind === "qbo") return QUICKBOOKS;
	return actor.label.trim() || "—";
}
