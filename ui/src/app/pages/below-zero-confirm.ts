/**
 * What the stock and delivery forms show when the server refuses a move that would take available
 * below zero (422 `would_go_negative`, docs/api.md#stock-below-zero): the refusal in the user's
 * language, built from the problem's location and shortfall (problems.ts), and either a "go below
 * zero anyway?" checkbox — ticked, the next submission sends `allowNegative: true` — or, when the
 * company does not allow stock below zero, a sentence saying so and no way around it.
 */
import { html } from "lit";
import { ApiError } from "../../api/api-client";
import { problemMessage } from "../problems";
import { belowZeroConfirmMessages as t } from "./below-zero-confirm.messages";

/** A `would_go_negative` refusal as a form keeps it: its sentence, and whether a confirmation may help. */
export type BelowZero = { sentence: string; allowed: boolean };

/** The refusal when `error` is a `would_go_negative` problem; null for any other error. */
export function belowZeroOf(error: unknown): BelowZero | null {
	if (!(error instanceof ApiError) || error.problem.code !== "would_go_negative") return null;
	const { negativeStockAllowed } = error.problem as { negativeStockAllowed?: unknown };
	const allowed = negativeStockAllowed !== false;
	const sentence = problemMessage(error);
	return { sentence: allowed ? sentence : `${sentence} ${t("notAllowed")}`, allowed };
}

/** The name of the confirmation's checkbox: a form reads it from its FormData. */
export const ALLOW_NEGATIVE = "allowNegative";

/** True when the submitted form's confirmation is ticked. */
export function belowZeroConfirmed(data: FormData): boolean {
	return data.get(ALLOW_NEGATIVE) === "on";
}

/** The confirmation checkbox, offered only when the company allows stock below zero; `id` prefixes its ids. */
export function belowZeroConfirm(belowZero: BelowZero | null, id: string) {
	if (!belowZero?.allowed) return null;
	return html`<div class="field below-zero" data-below-zero>
		<label class="check"
			><input type="checkbox" id=${`${id}-allow-negative`} name=${ALLOW_NEGATIVE} aria-describedby=${`${id}-allow-negative-help`} />
			${t("confirm")}</label
		>
		<p class="muted small" id=${`${id}-allow-negative-help`}>${t("confirmHelp")}</p>
	</div>`;
}
