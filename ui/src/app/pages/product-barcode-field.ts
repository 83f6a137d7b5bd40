/**
 * A product's barcode on its page (product-page.ts): shown to everyone, edited by managers and
 * owners (PATCH /api/v1/products/{id}). The server checks the code (digits, length, check digit) and
 * that no other product has it; its refusal shows at the field.
 *
 * @event product-changed - the product as the server now has it (`detail`), after its barcode was saved
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Product } from "../../api/types";
import { AppPage } from "../app-page";
import { fieldError } from "../form-field";
import { formStatus } from "../form-status";
import { fieldErrors, formMessage } from "../problems";
import { productBarcodeFieldMessages as t } from "./product-barcode-field.messages";

@customElement("stockroom-product-barcode-field")
export class ProductBarcodeField extends AppPage {
	@property({ attribute: false }) product: Product | null = null;
	/** The code as typed (the product's until changed). */
	@state() private value = "";
	@state() private busy = false;
	@state() private ok = false;
	@state() private message = "";
	@state() private error = "";

	protected override forgetMessages(): void {
		this.message = "";
		this.error = "";
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		const before = changed.get("product") as Product | null | undefined;
		if (changed.has("product") && this.product && before?.barcode !== this.product.barcode)
			this.value = this.product.barcode ?? "";
	}

	private async save(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const product = this.product;
		if (!product || this.busy) return;
		const barcode = this.value.trim() || null;
		this.busy = true;
		this.message = "";
		this.error = "";
		try {
			const saved = await this.api.patch<Product>(`/products/${encodeURIComponent(product.id)}`, { barcode });
			this.ok = true;
			this.message = t(saved.barcode ? "saved" : "cleared");
			this.dispatchEvent(new CustomEvent("product-changed", { detail: saved, bubbles: true, composed: true }));
		} catch (error) {
			this.ok = false;
			this.error = fieldErrors(error).barcode ?? "";
			this.message = formMessage(error, ["barcode"]) ?? "";
		} finally {
			this.busy = false;
		}
	}

	override render() {
		const product = this.product;
		if (!product) return nothing;
		return html`<section class="card" aria-labelledby="barcode-title" data-section="barcode">
			<h2 id="barcode-title">${t("title")}</h2>
			${this.may("manager") ? this.form() : html`<p data-barcode>${product.barcode ?? t("none")}</p>`}
		</section>`;
	}

	private form() {
		return html`<form class="inline-form" @submit=${this.save} novalidate>
			<div class="field">
				<label for="product-barcode">${t("label")}</label>
				<input
					id="product-barcode"
					name="barcode"
					inputmode="numeric"
					autocomplete="off"
					maxlength="64"
					.value=${this.value}
					@input=${(e: InputEvent) => {
						this.value = (e.target as HTMLInputElement).value;
					}}
					aria-invalid=${this.error ? "true" : nothing}
					aria-describedby=${this.error ? "product-barcode-error product-barcode-help" : "product-barcode-help"}
				/>
				${fieldError("product-barcode-error", this.error, { alert: true })}
				<p class="help" id="product-barcode-help">${t("help")}</p>
			</div>
			<div class="actions">
				<button type="submit" ?disabled=${this.busy}>${t("save")}</button>
				${formStatus({ busy: this.busy, ok: this.ok, message: this.message }, t("saving"))}
			</div>
		</form>`;
	}
}
