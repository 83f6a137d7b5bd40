/**
 * A form's text field with its error, the same on every page: the label, the input, and when the
 * field is wrong `aria-invalid`, the error paragraph `#<id>-error` and `aria-describedby` pointing
 * at it, so a screen reader reads the error with the field. The error paragraph alone is
 * `fieldError`, for fields laid out otherwise (selects, fieldsets, table cells).
 */
import { html, nothing } from "lit";

export interface TextFieldOptions {
	/** The input's id; the label points at it and the error paragraph is `${id}-error`. */
	id: string;
	name: string;
	label: string;
	/** The message shown under the field; empty or absent when the field is fine. */
	error?: string | undefined;
	type?: string;
	inputmode?: string;
	required?: boolean;
	maxlength?: number;
}

export function textField(field: TextFieldOptions) {
	const errorId = `${field.id}-error`;
	return html`<div class="field">
		<label for=${field.id}>${field.label}</label>
		<input
			id=${field.id}
			name=${field.name}
			type=${field.type ?? nothing}
			autocomplete="off"
			inputmode=${field.inputmode ?? nothing}
			?required=${field.required ?? false}
			maxlength=${field.maxlength ?? nothing}
			aria-invalid=${field.error ? "true" : nothing}
			aria-describedby=${field.error ? errorId : nothing}
		/>
		${fieldError(errorId, field.error)}
	</div>`;
}

/** The error paragraph `#id` of a field, or nothing when there is no error; `alert` announces it as it appears. */
export function fieldError(id: string, error: string | undefined, options: { alert?: boolean } = {}) {
	return error ? html`<p class="field-error" id=${id} role=${options.alert ? "alert" : nothing}>${error}</p>` : nothing;
}
