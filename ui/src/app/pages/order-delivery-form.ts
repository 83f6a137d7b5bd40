/**
 * An order's "new delivery note" form, on its page (order-page.ts): each line still to deliver with
 * its quantity prefilled from what remains (kit components under their kit), the location it leaves
 * from and a note for the driver. What the form reads and checks is ui/src/orders/delivery-form.ts.
 *
 * The form is made once per order the page shows, with one idempotency key: a double click, or a
 * retry after a lost answer, delivers once. A new `order` (the page's refresh after a refusal)
 * updates the figures and keeps what was typed; the page makes a new form to start afresh.
 *
 * @event order-stale - a delivery was refused (4xx): the order may have moved on, the page reloads it
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { DeliveryNote, DeliveryRequest, Location, Order } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import {
	type DeliveryLineError,
	deliverableLines,
	errorsByLine,
	prefillQuantities,
	readDeliveryLines,
} from "../../orders/delivery-form";
import { groupLinesByKit } from "../../orders/order-line-groups";
import { AppPage, idempotencyKey } from "../app-page";
import { fieldError } from "../form-field";
import { formStatus } from "../form-status";
import { fieldErrors, problemMessage } from "../problems";
import { routeHash } from "../router";
import { orderDeliveryFormMessages as t } from "./order-delivery-form.messages";

/** Typed quantities per product, its errors, and the key of its submission. */
type DeliveryForm = {
	quantities: Map<string, string>;
	locationId: string;
	note: string;
	/** Generated once per form: a double click or a retry after a lost answer delivers once. */
	key: string;
	busy: boolean;
	lineErrors: Map<string, string>;
	fieldErrors: Record<string, string>;
	message: string;
};

@customElement("stockroom-order-delivery-form")
export class OrderDeliveryForm extends AppPage {
	@property({ attribute: false }) order: Order | null = null;
	/** Every location, archived ones too: the order's own may be archived. */
	@property({ attribute: false }) locations: Location[] = [];
	@state() private form: DeliveryForm | null = null;

	protected override forgetMessages(): void {
		if (this.form) this.form = { ...this.form, lineErrors: new Map(), fieldErrors: {}, message: "" };
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("order") && this.order && !this.form)
			this.form = {
				quantities: prefillQuantities(this.order.lines),
				locationId: this.order.locationId,
				note: "",
				key: idempotencyKey(),
				busy: false,
				lineErrors: new Map(),
				fieldErrors: {},
				message: "",
			};
	}

	private lineError(error: DeliveryLineError): string {
		if (error.code === "not_a_number") return t("notNumber");
		if (error.code === "negative") return t("negative");
		return t("aboveRemaining", { remaining: formatQuantity(error.remaining) });
	}

	private typedQuantity(productId: string, event: Event): void {
		if (!this.form) return;
		const quantities = new Map(this.form.quantities);
		quantities.set(productId, (event.target as HTMLInputElement).value);
		this.form = { ...this.form, quantities };
	}

	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const { order, form } = this;
		if (!order || !form || form.busy) return;
		const read = readDeliveryLines(order.lines, form.quantities);
		if (!read.ok) {
			const lineErrors = new Map([...read.errors].map(([productId, error]) => [productId, this.lineError(error)]));
			this.form = {
				...form,
				lineErrors,
				fieldErrors: {},
				message: read.nothingToDeliver ? t("nothingToDeliver") : "",
			};
			const first = [...read.errors.keys()][0];
			if (first) this.querySelector<HTMLInputElement>(`input[data-quantity-of="${CSS.escape(first)}"]`)?.focus();
			return;
		}
		const body: DeliveryRequest = {
			lines: read.lines,
			...(form.locationId && form.locationId !== order.locationId ? { locationId: form.locationId } : {}),
			...(form.note.trim() ? { note: form.note.trim() } : {}),
			idempotencyKey: form.key,
		};
		this.form = { ...form, busy: true, lineErrors: new Map(), fieldErrors: {}, message: "" };
		try {
			const note = await this.api.post<DeliveryNote>(`/orders/${encodeURIComponent(order.id)}/deliveries`, body);
			location.hash = routeHash({ page: "delivery", deliveryId: note.id });
		} catch (error) {
			const { lines, fields } = errorsByLine(fieldErrors(error), read.lines);
			// The problem's own sentence, unless every error it names already shows at its line or field.
			const named = Object.keys(fields);
			const allShown = (lines.size > 0 || named.length > 0) && named.every((f) => f === "locationId" || f === "note");
			// Refused (4xx): nothing was delivered, so the corrected form is a new request with a new key.
			// Otherwise (network, 5xx) the request may have arrived: a retry must reuse the key.
			const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
			this.form = {
				...form,
				busy: false,
				key: refused ? idempotencyKey() : form.key,
				lineErrors: lines,
				fieldErrors: fields,
				message: allShown ? "" : problemMessage(error),
			};
			// Refused because the order moved on (delivered meanwhile, cancelled, the key's first request
			// went through after all): the page shows the order as it is now, the typed quantities kept.
			if (refused) this.dispatchEvent(new Event("order-stale", { bubbles: true, composed: true }));
		}
	}

	override render() {
		const { order, form } = this;
		if (!order) return nothing;
		if (order.status === "cancelled") return html`<p class="muted">${t("cancelledOrder")}</p>`;
		const lines = deliverableLines(order.lines);
		if (lines.length === 0 || !form) return html`<p class="muted">${t("nothingLeft")}</p>`;
		const locations = this.locations.filter((l) => !l.archivedAt || l.id === order.locationId);
		const locationError = form.fieldErrors.locationId;
		const noteError = form.fieldErrors.note;
		return html`<form class="stack" data-form="delivery" novalidate @submit=${this.submit}>
			<p class="muted small">${t("deliveryHelp")}</p>
			<div class="table-wrap">
				<table class="data delivery-lines" data-table="delivery-lines">
					<thead>
						<tr>
							<th scope="col">${t("product")}</th>
							<th scope="col" class="num">${t("remaining")}</th>
							<th scope="col" class="num">${t("shortfall")}</th>
							<th scope="col">${t("quantity")}</th>
						</tr>
					</thead>
					${groupLinesByKit(lines).map(
						(group) => html`<tbody>
							${
								group.kit
									? html`<tr class="group-row"><th scope="rowgroup" colspan="4">${t("kit", { name: group.kit.name, quantity: formatQuantity(group.kit.quantity) })}</th></tr>`
									: nothing
							}
							${group.lines.map((line) => {
								const id = `deliver-${line.productId}`;
								const error = form.lineErrors.get(line.productId);
								return html`<tr data-product-id=${line.productId}>
									<th scope="row">${line.sku} ${line.name}</th>
									<td class="num">${formatQuantity(line.remaining)}</td>
									<td class="num ${line.shortfall > 0 ? "negative" : "muted"}">${formatQuantity(line.shortfall)}</td>
									<td>
										<input
											id=${id}
											class="quantity-input"
											inputmode="decimal"
											autocomplete="off"
											data-quantity-of=${line.productId}
											aria-label=${t("quantityOf", { product: `${line.sku} ${line.name}` })}
											aria-invalid=${error ? "true" : nothing}
											aria-describedby=${error ? `${id}-error` : nothing}
											.value=${form.quantities.get(line.productId) ?? ""}
											@input=${(e: Event) => this.typedQuantity(line.productId, e)}
										/>
										${fieldError(`${id}-error`, error)}
									</td>
								</tr>`;
							})}
						</tbody>`,
					)}
				</table>
			</div>
			<div class="field-row">
				<div class="field">
					<label for="delivery-location">${t("location")}</label>
					<select
						id="delivery-location"
						name="locationId"
						aria-invalid=${locationError ? "true" : nothing}
						aria-describedby=${locationError ? "delivery-location-error" : nothing}
						@change=${(e: Event) => {
							if (this.form) this.form = { ...this.form, locationId: (e.target as HTMLSelectElement).value };
						}}
					>
						${locations.map((l) => html`<option value=${l.id} ?selected=${l.id === form.locationId}>${l.name}</option>`)}
					</select>
					${fieldError("delivery-location-error", locationError)}
				</div>
				<div class="field">
					<label for="delivery-note">${t("note")}</label>
					<input
						id="delivery-note"
						name="note"
						maxlength="500"
						autocomplete="off"
						aria-invalid=${noteError ? "true" : nothing}
						aria-describedby=${noteError ? "delivery-note-error" : nothing}
						.value=${form.note}
						@input=${(e: Event) => {
							if (this.form) this.form = { ...this.form, note: (e.target as HTMLInputElement).value };
						}}
					/>
					${fieldError("delivery-note-error", noteError)}
				</div>
			</div>
			<div class="actions">
				<button type="submit" class="primary" data-action="create-delivery" ?disabled=${form.busy}>${t("createDelivery")}</button>
				${formStatus(form, t("saving"))}
			</div>
		</form>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-order-delivery-form": OrderDeliveryForm;
	}
}
