/**
 * A form's status beside its submit button, the same on every page: what it is doing while busy,
 * the saved notice, or the refusal as an alert. When there is nothing to say the status is there
 * empty, so that a screen reader already knows the region when a message arrives.
 */
import { html } from "lit";

export interface FormStatusState {
	busy: boolean;
	/** True when `message` says what was saved; a refusal otherwise. */
	ok?: boolean;
	message: string;
}

/** `busyText` is the page's "Saving…", in its language. */
export function formStatus(state: FormStatusState, busyText: string) {
	if (state.busy) return html`<span class="form-status" role="status">${busyText}</span>`;
	if (state.ok) return html`<span class="form-status ok" role="status">${state.message}</span>`;
	if (state.message) return html`<span class="form-status error" role="alert">${state.message}</span>`;
	return html`<span class="form-status" role="status"></span>`;
}
