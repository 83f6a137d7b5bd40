/**
 * The stock commands of a product's page (product-page.ts), each a form of its own: an adjustment
 * (adds to or removes from on hand at one location) and a transfer between two locations. A
 * submission's idempotency key is kept after a network failure, so that trying again cannot apply
 * it twice; after a command the page reloads the product (`afterSave`), and a failure to do so shows
 * in the form like the command's own.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { Location, StockCommandResult } from "../../api/types";
import { formatQuantity, parseQuantity } from "../../i18n/numbers";
import { AppPage, idempotencyKey } from "../app-page";
import { fieldError, textField } from "../form-field";
import { formStatus } from "../form-status";
import { fieldErrors, formMessage } from "../problems";
import { productStockFormsMessages as t } from "./product-stock-forms.messages";

/** One form's state: its field errors, its message, and the idempotency key of the submission under way. */
type FormState = { errors: Record<string, string>; message: string; ok: boolean; busy: boolean; key: string | null };
const idle = (): FormState => ({ errors: {}, message: "", ok: false, busy: false, key: null });

/** What the typed values ask for: a command to send, or the errors that stop it (and the field to focus). */
type Command =
	| {
			path: "/adjustments" | "/transfers";
			body: Record<string, string | number>;
			/** The fields it shows errors at; the problem's message says the others. */
			shownFields: string[];
			saved: (result: StockCommandResult) => string;
	  }
	| { errors: Record<string, string>; focus?: string };

/** What both forms share: the product, the locations it may move between, their fields and their submission. */
abstract class StockCommandForm extends AppPage {
	@property() productId = "";
	/** The active locations: a command may use no other. */
	@property({ attribute: false }) locations: Location[] = [];
	/** How the page names a location in its sentences. */
	@property({ attribute: false }) locationName: (id: string) => string = (id) => id;
	/** The page's reload of the product, its ledger and chart, once a command is saved. */
	@property({ attribute: false }) afterSave: () => Promise<void> = async () => {};
	@state() protected form: FormState = idle();

	/** `data-form`, and the prefix of its fields' ids (`adjust-quantity`). */
	protected abstract readonly formName: "adjust" | "transfer";

	/** The command the typed values ask for; `read("quantity")` is a field's text. */
	protected abstract command(read: (name: string) => string): Command;

	protected override forgetMessages(): void {
		// A submission under way keeps its key: its answer still arrives.
		this.form = { ...idle(), busy: this.form.busy, key: this.form.key };
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("productId")) this.form = idle();
	}

	/**
	 * Sends the command under this submission's key, says what it did, then has the page reload.
	 * A refusal shows its errors in place; the key is kept only when the request may not have arrived.
	 */
	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const form = event.currentTarget as HTMLFormElement;
		const data = new FormData(form);
		const command = this.command((name) => String(data.get(name) ?? ""));
		if ("errors" in command) {
			this.form = { ...idle(), errors: command.errors };
			if (command.focus) form.querySelector<HTMLInputElement>(`[name=${command.focus}]`)?.focus();
			return;
		}
		const reason = String(data.get("reason") ?? "").trim();
		// One key per submission; kept after a network failure so that trying again cannot apply it twice.
		const key = this.form.key ?? idempotencyKey();
		this.form = { ...idle(), busy: true, key };
		try {
			const result = await this.api.post<StockCommandResult>(command.path, {
				productId: this.productId,
				...command.body,
				...(reason ? { reason } : {}),
				idempotencyKey: key,
			});
			this.form = { ...idle(), ok: true, message: command.saved(result) };
			form.reset();
			await this.afterSave();
		} catch (error) {
			const networkError = error instanceof ApiError && error.status === 0;
			this.form = {
				...idle(),
				errors: fieldErrors(error),
				message: formMessage(error, command.shownFields) ?? "",
				key: networkError ? key : null,
			};
		}
	}

	/** The form around its fields, with its submit button and status. */
	protected view(fields: TemplateResult, submitLabel: string) {
		return html`<form class="stack" data-form=${this.formName} novalidate @submit=${this.submit}>
			${fields}
			<div class="actions">
				<button type="submit" class="primary" ?disabled=${this.form.busy}>${submitLabel}</button>
				${formStatus(this.form, t("saving"))}
			</div>
		</form>`;
	}

	protected input(
		name: string,
		label: string,
		options: { inputmode?: string; required?: boolean; maxlength?: number },
	) {
		const id = `${this.formName}-${name}`;
		return textField({ id, name, label, error: this.form.errors[name], type: "text", ...options });
	}

	protected select(name: string, label: string, selected?: string) {
		const id = `${this.formName}-${name}`;
		const error = this.form.errors[name];
		return html`<div class="field">
			<label for=${id}>${label}</label>
			<select
				id=${id}
				name=${name}
				aria-invalid=${error ? "true" : nothing}
				aria-describedby=${error ? `${id}-error` : nothing}
			>
				${this.locations.map(
					(l) => html`<option value=${l.id} ?selected=${selected ? l.id === selected : l.isDefault}>${l.name}</option>`,
				)}
			</select>
			${fieldError(`${id}-error`, error)}
		</div>`;
	}
}

@customElement("stockroom-product-adjust-form")
export class ProductAdjustForm extends StockCommandForm {
	protected readonly formName = "adjust";

	protected command(read: (name: string) => string): Command {
		const locationId = read("locationId");
		const quantity = parseQuantity(read("quantity"));
		if (quantity === null || quantity === 0)
			return { errors: { quantity: t(quantity === null ? "notNumber" : "notZero") }, focus: "quantity" };
		return {
			path: "/adjustments",
			body: { locationId, quantity },
			shownFields: ["quantity", "locationId", "reason"],
			saved: (result) =>
				t("adjusted", {
					location: this.locationName(locationId),
					onHand: formatQuantity(result.levels.find((l) => l.locationId === locationId)?.onHand ?? 0),
				}),
		};
	}

	override render() {
		if (this.locations.length === 0) return html`<p class="muted">${t("noLocations")}</p>`;
		return this.view(
			html`<p class="muted small">${t("adjustHelp")}</p>
				<div class="field-row">
					${this.select("locationId", t("location"))}
					${this.input("quantity", t("quantity"), { inputmode: "decimal", required: true })}
				</div>
				${this.input("reason", t("reason"), { maxlength: 500 })}`,
			t("adjustSubmit"),
		);
	}
}

@customElement("stockroom-product-transfer-form")
export class ProductTransferForm extends StockCommandForm {
	protected readonly formName = "transfer";

	protected command(read: (name: string) => string): Command {
		const fromLocationId = read("fromLocationId");
		const toLocationId = read("toLocationId");
		const quantity = parseQuantity(read("quantity"));
		const errors: Record<string, string> = {};
		if (quantity === null) errors.quantity = t("notNumber");
		else if (quantity <= 0) errors.quantity = t("notPositive");
		if (fromLocationId === toLocationId) errors.toLocationId = t("sameLocation");
		if (Object.keys(errors).length > 0 || quantity === null) return { errors };
		return {
			path: "/transfers",
			body: { fromLocationId, toLocationId, quantity },
			shownFields: ["quantity", "fromLocationId", "toLocationId", "reason"],
			saved: () =>
				t("transferred", {
					quantity: formatQuantity(quantity),
					from: this.locationName(fromLocationId),
					to: this.locationName(toLocationId),
				}),
		};
	}

	override render() {
		if (this.locations.length < 2) return html`<p class="muted">${t("noLocations")}</p>`;
		return this.view(
			html`<div class="field-row">
					${this.select("fromLocationId", t("from"))}
					${this.select("toLocationId", t("to"), this.locations[1]?.id)}
				</div>
				<div class="field-row">
					${this.input("quantity", t("quantity"), { inputmode: "decimal", required: true })}
					${this.input("reason", t("reason"), { maxlength: 500 })}
				</div>`,
			t("transferSubmit"),
		);
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-product-adjust-form": ProductAdjustForm;
		"stockroom-product-transfer-form": ProductTransferForm;
	}
}
