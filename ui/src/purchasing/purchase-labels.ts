/** How the purchasing pages name a purchase's status and show it as a badge, in English and French. */
import { html } from "lit";
import type { PurchaseStatus } from "../api/types";
import { purchaseLabelsMessages as t } from "./purchase-labels.messages";

export const PURCHASE_STATUSES: readonly PurchaseStatus[] = [
	"draft",
	"ordered",
	"partially_received",
	"received",
	"cancelled",
];

export function statusLabel(status: PurchaseStatus): string {
	return t(status);
}

const BADGE: Record<PurchaseStatus, string> = {
	draft: "badge quiet",
	ordered: "badge status-pending",
	partially_received: "badge status-pending",
	received: "badge status-applied",
	cancelled: "badge",
};

export function statusBadge(status: PurchaseStatus) {
	return html`<span class=${BADGE[status]} data-status=${status}>${t(status)}</span>`;
}
