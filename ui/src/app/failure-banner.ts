/**
 * A page's load failure: the sentence (problems.ts), and a Retry button when no answer came
 * (offline, server unreachable), since trying again is then what helps.
 */
import { html } from "lit";
import { problemMessages as t } from "./problems.messages";

/** `retry` null: nothing to retry (a refusal says why instead). */
export function failureBanner(message: string, retry: (() => unknown) | null) {
	return html`<p class="error-banner" role="alert" data-load-failure>
		${message}
		${retry ? html`<button type="button" data-action="retry-load" @click=${() => retry()}>${t("retry")}</button>` : ""}
	</p>`;
}
