/**
 * The form of a draft purchase, new or being edited: vendor, location, expected date, note, and
 * its lines (a product picked by SKU or name, a quantity, an optional unit cost). Field errors —
 * the app's own and the server's — show at the field and line they concern. A line's unit cost
 * starts at the product's cost from QuickBooks once the product is chosen (unless the person typed
 * one); each line's total and the purchase's total show, in the company's currency, as they type.
 *
 * @event purchase-saved - the purchase as the server now has it (`detail`), after a create or a save.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { Location, PurchaseDetail, Vendor } from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { formatMoney, getCompanyCurrency } from "../../i18n/money";
import { formatQuantity } from "../../i18n/numbers";
import {
	type DraftLineError,
	type DraftRow,
	draftAmounts,
	draftPlan,
	emptyRow,
	rowFieldOf,
} from "../../purchasing/draft-lines";
import { type ProductRef, productLabel, searchProducts } from "../../purchasing/purchase-references";
import { AppPage } from "../app-page";
import { fieldError } from "../form-field";
import { fieldErrors, problemMessage } from "../problems";
import { purchaseDraftFormMessages as t } from "./purchase-draft-form.messages";

const HEADER_FIELDS = ["vendorId", "locationId", "expectedDate", "note", "lines"] as const;

/** A cost as the field shows it: the user's decimal mark, two decimals at least, no currency (beside it). */
function costText(cost: number | null | undefined): string {
	return cost === null || cost === undefined ? "" : formatMoney(cost, { precision: "unit", currency: null });
}

@customElement("stockroom-purchase-draft-form")
export class PurchaseDraftForm extends AppPage {
	/** The draft being edited; null for a new purchase. */
	@property({ attribute: false }) purchase: PurchaseDetail | null = null;
	@property({ attribute: false }) vendors: Vendor[] = [];
	@property({ attribute: false }) locations: Location[] = [];
	/** SKU and name of the products already on the purchase. */
	@property({ attribute: false }) products = new Map<string, ProductRef>();

	@state() private rows: DraftRow[] = [emptyRow()];
	@state() private vendorId = "";
	@state() private locationId = "";
	@state() private expectedDate = "";
	@state() private note = "";
	/** Errors by header field name or by `${rowKey}.${field}`: messages already in words. */
	@state() private errors = new Map<string, string>();
	@state() private message = "";
	@state() private ok = false;
	@state() private busy = false;
	/** What the pickers offer, by label (the datalist's values). */
	@state() private candidates = new Map<string, ProductRef>();

	#searchTimer: ReturnType<typeof setTimeout> | undefined;
	#searchSeq = 0;
	/** Rows whose unit cost the person typed: choosing another product no longer replaces it. */
	#costTyped = new Set<string>();

	protected override forgetMessages(): void {
		this.errors = new Map();
		this.message = "";
		this.ok = false;
	}

	override disconnectedCallback(): void {
		clearTimeout(this.#searchTimer);
		super.disconnectedCallback();
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("purchase") || (changed.has("products") && this.purchase)) this.fillFromPurchase();
		if (changed.has("locations") && !this.locationId && !this.purchase)
			this.locationId = (this.locations.find((l) => l.isDefault && !l.archivedAt) ?? this.locations[0])?.id ?? "";
	}

	private fillFromPurchase(): void {
		const p = this.purchase;
		if (!p) return;
		const locale = getLocale();
		this.vendorId = p.vendorId ?? "";
		this.locationId = p.locationId;
		this.expectedDate = p.expectedDate ?? "";
		this.note = p.note ?? "";
		this.rows = p.lines.map((l) => {
			const product = this.products.get(l.productId);
			return {
				...emptyRow(),
				productId: l.productId,
				label: product ? productLabel(product) : l.productId,
				quantity: formatQuantity(l.ordered, locale),
				unitCost: costText(l.unitCost),
			};
		});
	}

	private setRow(key: string, patch: Partial<DraftRow>): void {
		this.rows = this.rows.map((r) => (r.key === key ? { ...r, ...patch } : r));
		if (this.errors.size > 0) {
			const errors = new Map(this.errors);
			for (const field of Object.keys(patch)) errors.delete(`${key}.${field === "label" ? "productId" : field}`);
			this.errors = errors;
		}
	}

	private pickProduct(row: DraftRow, text: string): void {
		const product = this.candidates.get(text);
		if (product) this.choose(row.key, product);
		else this.setRow(row.key, { productId: null, label: text });
		if (!product && text.trim().length > 0) this.search(text.trim());
	}

	/** The row's product; its unit cost starts at the product's, unless the person typed one. */
	private choose(key: string, product: ProductRef): void {
		const cost = this.#costTyped.has(key) ? {} : { unitCost: costText(product.purchaseCost) };
		this.setRow(key, { productId: product.id, label: productLabel(product), ...cost });
	}

	private typeCost(key: string, text: string): void {
		this.#costTyped.add(key);
		this.setRow(key, { unitCost: text });
	}

	/** Fills the pickers' list as the user types; only the latest search's answer is kept. */
	private search(q: string): void {
		clearTimeout(this.#searchTimer);
		this.#searchTimer = setTimeout(async () => {
			const seq = ++this.#searchSeq;
			try {
				const found = await searchProducts(this.api, q);
				if (seq !== this.#searchSeq) return;
				const candidates = new Map(this.candidates);
				for (const p of found) candidates.set(productLabel(p), p);
				this.candidates = candidates;
				// Typed in full ("SKU-1"), or chosen before the list arrived: take the exact match.
				for (const row of this.rows)
					if (row.productId === null && row.label.trim() !== "") {
						const exact =
							found.find((p) => productLabel(p) === row.label.trim()) ??
							found.find((p) => p.sku.toLowerCase() === row.label.trim().toLowerCase());
						if (exact) this.choose(row.key, exact);
					}
			} catch {
				// A failed search leaves the list as it was; saving will say what is wrong.
			}
		}, 200);
	}

	private errorWords(code: DraftLineError): string {
		return t(code);
	}

	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		if (this.busy) return;
		const plan = draftPlan(this.rows, getLocale());
		const errors = new Map<string, string>();
		for (const [key, code] of plan.errors) errors.set(key, this.errorWords(code));
		if (plan.errors.size === 0 && plan.lines.length === 0) errors.set("lines", t("noLines"));
		this.ok = false;
		if (errors.size > 0) {
			this.errors = errors;
			this.message = t("fixErrors");
			await this.focusFirstError();
			return;
		}
		this.errors = new Map();
		this.message = "";
		this.busy = true;
		const header = {
			...(this.expectedDate ? { expectedDate: this.expectedDate } : {}),
			...(this.note.trim() ? { note: this.note.trim() } : {}),
		};
		try {
			const saved = this.purchase
				? await this.api.patch<PurchaseDetail>(`/purchases/${encodeURIComponent(this.purchase.id)}`, {
						version: this.purchase.version,
						expectedDate: this.expectedDate || null,
						note: this.note.trim() || null,
						lines: plan.lines,
					})
				: await this.api.post<PurchaseDetail>("/purchases", {
						...(this.vendorId ? { vendorId: this.vendorId } : {}),
						locationId: this.locationId,
						...header,
						lines: plan.lines,
					});
			this.ok = true;
			this.message = t("saved");
			this.dispatchEvent(new CustomEvent("purchase-saved", { detail: saved, bubbles: true, composed: true }));
		} catch (error) {
			if (error instanceof ApiError && error.problem.code === "version_conflict") {
				this.message = t("conflict");
				this.dispatchEvent(new CustomEvent("purchase-stale", { bubbles: true, composed: true }));
				return;
			}
			const byField = new Map<string, string>();
			const unplaced: string[] = [];
			for (const [field, words] of Object.entries(fieldErrors(error))) {
				const key =
					rowFieldOf(field, plan.sentKeys) ?? ((HEADER_FIELDS as readonly string[]).includes(field) ? field : null);
				if (key) byField.set(key, words);
				else unplaced.push(`${field}: ${words}`);
			}
			this.errors = byField;
			this.message =
				unplaced.length > 0 || byField.size === 0 ? [problemMessage(error), ...unplaced].join(" ") : t("fixErrors");
			await this.focusFirstError();
		} finally {
			this.busy = false;
		}
	}

	private async focusFirstError(): Promise<void> {
		await this.updateComplete;
		this.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
	}

	private addRow(): void {
		this.rows = [...this.rows, emptyRow()];
		void this.updateComplete.then(() =>
			this.querySelector<HTMLInputElement>(`[data-row="${this.rows.at(-1)?.key}"] input[name="product"]`)?.focus(),
		);
	}

	private removeRow(key: string): void {
		this.rows = this.rows.length > 1 ? this.rows.filter((r) => r.key !== key) : [emptyRow()];
	}

	override render() {
		const editing = this.purchase !== null;
		const headerError = (name: string) => this.errors.get(name);
		return html`<form class="stack" data-form="purchase-draft" novalidate @submit=${this.submit}>
			<div class="field-row">
				<div class="field">
					<label for="draft-vendor">${t("vendor")}</label>
					<select
						id="draft-vendor"
						name="vendorId"
						?disabled=${editing}
						aria-invalid=${headerError("vendorId") ? "true" : nothing}
						aria-describedby=${headerError("vendorId") ? "draft-vendor-error" : nothing}
						@change=${(e: Event) => (this.vendorId = (e.target as HTMLSelectElement).value)}
					>
						<option value="">${t("noVendor")}</option>
						${this.vendors
							.filter((v) => v.active || v.id === this.vendorId)
							.map((v) => html`<option value=${v.id} ?selected=${v.id === this.vendorId}>${v.name}</option>`)}
					</select>
					${fieldError("draft-vendor-error", headerError("vendorId"))}
				</div>
				<div class="field">
					<label for="draft-location">${t("location")}</label>
					<select
						id="draft-location"
						name="locationId"
						?disabled=${editing}
						aria-invalid=${headerError("locationId") ? "true" : nothing}
						aria-describedby=${headerError("locationId") ? "draft-location-error" : nothing}
						@change=${(e: Event) => (this.locationId = (e.target as HTMLSelectElement).value)}
					>
						${this.locations
							.filter((l) => !l.archivedAt || l.id === this.locationId)
							.map((l) => html`<option value=${l.id} ?selected=${l.id === this.locationId}>${l.name}</option>`)}
					</select>
					${fieldError("draft-location-error", headerError("locationId"))}
				</div>
				<div class="field">
					<label for="draft-expected">${t("expected")}</label>
					<input
						id="draft-expected"
						name="expectedDate"
						type="date"
						.value=${this.expectedDate}
						aria-invalid=${headerError("expectedDate") ? "true" : nothing}
						aria-describedby=${headerError("expectedDate") ? "draft-expected-error" : nothing}
						@input=${(e: Event) => (this.expectedDate = (e.target as HTMLInputElement).value)}
					/>
					${fieldError("draft-expected-error", headerError("expectedDate"))}
				</div>
			</div>
			${editing ? html`<p class="muted small">${t("lockedHint")}</p>` : nothing}
			<div class="field">
				<label for="draft-note">${t("note")}</label>
				<textarea
					id="draft-note"
					name="note"
					rows="2"
					maxlength="2000"
					.value=${this.note}
					aria-invalid=${headerError("note") ? "true" : nothing}
					aria-describedby=${headerError("note") ? "draft-note-error" : nothing}
					@input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}
				></textarea>
				${fieldError("draft-note-error", headerError("note"))}
			</div>
			${this.linesTable()}
			<div class="actions">
				<button type="button" data-action="add-line" @click=${this.addRow}>${t("addLine")}</button>
				<button type="submit" class="primary" data-action="save-draft" ?disabled=${this.busy}>
					${t(editing ? "save" : "create")}
				</button>
				${
					this.busy
						? html`<span class="form-status" role="status">${t("saving")}</span>`
						: this.ok
							? html`<span class="form-status ok" role="status">${this.message}</span>`
							: this.message
								? html`<span class="form-status error" role="alert">${this.message}</span>`
								: html`<span class="form-status" role="status"></span>`
				}
			</div>
			<datalist id="draft-products">
				${[...this.candidates.keys()].map((label) => html`<option value=${label}></option>`)}
			</datalist>
		</form>`;
	}

	private linesTable() {
		const linesError = this.errors.get("lines");
		const amounts = draftAmounts(this.rows, getLocale());
		const currency = getCompanyCurrency();
		return html`<fieldset>
			<legend>${t("lines")}</legend>
			<p class="muted small" id="draft-product-help">${t("productHelp")}</p>
			<div class="table-wrap">
				<table class="data" data-table="draft-lines">
					<thead>
						<tr>
							<th scope="col">${t("product")}</th>
							<th scope="col" class="num">${t("quantity")}</th>
							<th scope="col" class="num">${currency ? t("unitCostIn", { currency }) : t("unitCost")}</th>
							<th scope="col" class="num">${t("lineTotal")}</th>
							<th scope="col"><span class="visually-hidden">${t("remove", { n: "" })}</span></th>
						</tr>
					</thead>
					<tbody>
						${this.rows.map((row, i) => this.lineRow(row, i, amounts.byRow.get(row.key) ?? null))}
					</tbody>
					<tfoot>
						<tr>
							<th scope="row" colspan="3">${t("total")}</th>
							<td class="num" data-field="purchase-total" aria-live="polite">${formatMoney(amounts.total)}</td>
							<td></td>
						</tr>
					</tfoot>
				</table>
			</div>
			${fieldError("draft-lines-error", linesError, { alert: true })}
		</fieldset>`;
	}

	private lineRow(row: DraftRow, i: number, amount: number | null) {
		const cell = (field: "productId" | "quantity" | "unitCost") => {
			const error = this.errors.get(`${row.key}.${field}`);
			return { error, id: `${row.key}-${field}-error` };
		};
		const product = cell("productId");
		const quantity = cell("quantity");
		const cost = cell("unitCost");
		const n = i + 1;
		return html`<tr data-row=${row.key} data-product-id=${row.productId ?? nothing}>
			<td>
				<input
					name="product"
					list="draft-products"
					size="40"
					autocomplete="off"
					aria-label=${`${t("product")} ${n}`}
					.value=${row.label}
					aria-invalid=${product.error ? "true" : nothing}
					aria-describedby=${product.error ? product.id : "draft-product-help"}
					@input=${(e: Event) => this.pickProduct(row, (e.target as HTMLInputElement).value)}
				/>
				${fieldError(product.id, product.error)}
			</td>
			<td class="num">
				<input
					name="quantity"
					inputmode="decimal"
					size="8"
					autocomplete="off"
					aria-label=${`${t("quantity")} ${n}`}
					.value=${row.quantity}
					aria-invalid=${quantity.error ? "true" : nothing}
					aria-describedby=${quantity.error ? quantity.id : nothing}
					@input=${(e: Event) => this.setRow(row.key, { quantity: (e.target as HTMLInputElement).value })}
				/>
				${fieldError(quantity.id, quantity.error)}
			</td>
			<td class="num">
				<input
					name="unitCost"
					inputmode="decimal"
					size="8"
					autocomplete="off"
					aria-label=${`${t("unitCost")} ${n}`}
					.value=${row.unitCost}
					aria-invalid=${cost.error ? "true" : nothing}
					aria-describedby=${cost.error ? cost.id : nothing}
					@input=${(e: Event) => this.typeCost(row.key, (e.target as HTMLInputElement).value)}
				/>
				${fieldError(cost.id, cost.error)}
			</td>
			<td class="num nowrap" data-field="line-total">${formatMoney(amount)}</td>
			<td>
				<button type="button" class="quiet" data-action="remove-line" @click=${() => this.removeRow(row.key)}>
					<span aria-hidden="true">✕</span><span class="visually-hidden">${t("remove", { n })}</span>
				</button>
			</td>
		</tr>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-purchase-draft-form": PurchaseDraftForm;
	}
}
