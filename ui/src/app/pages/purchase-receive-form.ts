/**
 * A purchase's Receive form, which its page (purchase-page.ts) shows while the purchase is ordered
 * or partly received: what arrived on each line, prefilled with what is open. Its "Create the bill
 * in QuickBooks" starts as the company setting says and is always sent as `createBill`: a bill that
 * cannot be made is refused at the checkbox rather than quietly skipped.
 *
 * The form holds one idempotency key from the moment a purchase is shown until a receipt is
 * answered: pressing Receive twice, or again after the answer was lost, never receives twice. Each
 * purchase the page shows (after a receipt, an order, a cancel…) starts the form afresh, with a new key.
 *
 * @event purchase-notice - what the page says at its head (`detail`): the receipt recorded, or found already recorded
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { PurchaseDetail, PurchaseReceipt } from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { type ProductRef, productLabel } from "../../purchasing/purchase-references";
import { errorsByProduct, receiptDefaults, receiptPlan } from "../../purchasing/receipt-lines";
import { AppPage, idempotencyKey } from "../app-page";
import { fieldError } from "../form-field";
import { fieldErrors, problemMessage } from "../problems";
import { purchaseLineCells, purchaseLinesHead } from "./purchase-lines";
import { purchaseReceiveFormMessages as t } from "./purchase-receive-form.messages";

/** Typed quantities by product, errors by product, and the key of its submission. */
type ReceiveState = {
	values: Map<string, string>;
	errors: Map<string, string>;
	/** "Create the bill in QuickBooks", and why the server refused it (shown at the checkbox). */
	createBill: boolean;
	billError: string;
	message: string;
	ok: boolean;
	busy: boolean;
	key: string;
};

@customElement("stockroom-purchase-receive-form")
export class PurchaseReceiveForm extends AppPage {
	@property({ attribute: false }) purchase: PurchaseDetail | null = null;
	/** SKU and name of the purchase's products. */
	@property({ attribute: false }) products = new Map<string, ProductRef>();
	/** The company setting `purchasesToQbo`: where the bill checkbox starts. */
	@property({ attribute: false }) billByDefault = false;
	/** The page's reload of the purchase once a receipt is answered: it shows the purchase as it now is. */
	@property({ attribute: false }) reload: () => Promise<void> = async () => {};
	@state() private form: ReceiveState | null = null;
	/** The receipt just recorded, for the fresh form of the reloaded purchase to say so. */
	#recorded: string | null = null;

	protected override forgetMessages(): void {
		if (this.form) this.form = { ...this.form, errors: new Map(), billError: "", message: "", ok: false };
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("purchase")) this.start();
	}

	private start(): void {
		const purchase = this.purchase;
		const recorded = this.#recorded;
		this.#recorded = null;
		this.form = purchase
			? {
					values: receiptDefaults(purchase.lines, getLocale()),
					errors: new Map(),
					createBill: this.billByDefault,
					billError: "",
					message: recorded ?? "",
					ok: recorded !== null,
					busy: false,
					key: idempotencyKey(),
				}
			: null;
	}

	private notify(notice: string): void {
		this.dispatchEvent(new CustomEvent("purchase-notice", { detail: notice, bubbles: true, composed: true }));
	}

	private setCreateBill(createBill: boolean): void {
		if (this.form) this.form = { ...this.form, createBill, billError: "" };
	}

	private setValue(productId: string, text: string): void {
		if (!this.form) return;
		const values = new Map(this.form.values).set(productId, text);
		const errors = new Map(this.form.errors);
		errors.delete(productId);
		this.form = { ...this.form, values, errors };
	}

	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const purchase = this.purchase;
		const form = this.form;
		if (!purchase || !form || form.busy) return;
		const entries = purchase.lines.map((l) => ({ productId: l.productId, text: form.values.get(l.productId) ?? "" }));
		const plan = receiptPlan(entries, getLocale());
		if (plan.errors.size > 0 || plan.lines.length === 0) {
			const errors = new Map([...plan.errors].map(([id, code]) => [id, t(code)]));
			this.form = {
				...form,
				errors,
				billError: "",
				ok: false,
				message: t(errors.size > 0 ? "fixErrors" : "nothingToReceive"),
			};
			await this.focusFirstError();
			return;
		}
		this.form = { ...form, errors: new Map(), billError: "", message: "", ok: false, busy: true };
		try {
			const receipt = await this.api.post<PurchaseReceipt>(`/purchases/${encodeURIComponent(purchase.id)}/receipts`, {
				lines: plan.lines,
				idempotencyKey: form.key,
				createBill: form.createBill,
			});
			const notice = t("receivedNotice", { number: receipt.number, count: receipt.lines.length });
			this.#recorded = notice;
			await this.reload();
			this.notify(notice);
		} catch (error) {
			this.#recorded = null;
			if (error instanceof ApiError && error.problem.code === "idempotency_key_reused") {
				// The first submission went through (its answer was lost) and the quantities were changed since.
				await this.reload().catch(() => undefined);
				this.notify(t("alreadyReceived"));
				return;
			}
			const { createBill: billError = "", ...lineErrors } = fieldErrors(error);
			const { byProduct, other } = errorsByProduct(lineErrors, plan.lines);
			const message =
				other.length > 0 || (byProduct.size === 0 && !billError)
					? problemMessage(error)
					: t(byProduct.size > 0 ? "fixErrors" : "billRefused");
			// The same key stays: if the request did arrive, trying again answers its receipt.
			this.form = { ...form, errors: byProduct, billError, message, ok: false, busy: false };
			await this.focusFirstError();
		}
	}

	private async focusFirstError(): Promise<void> {
		await this.updateComplete;
		this.querySelector<HTMLElement>('[data-form="receive"] [aria-invalid="true"]')?.focus();
	}

	override render() {
		const p = this.purchase;
		const form = this.form;
		if (!p || !form) return nothing;
		return html`<form class="stack" data-form="receive" novalidate @submit=${this.submit}>
			<p class="muted small" id="receive-help">${t("receiveHelp")}</p>
			<div class="table-wrap">
				<table class="data" data-table="purchase-lines">
					${purchaseLinesHead(t("receive"))}
					<tbody>
						${p.lines.map((l) => {
							const error = form.errors.get(l.productId);
							const errorId = `receive-${l.productId}-error`;
							const product = this.products.get(l.productId);
							return html`<tr data-product-id=${l.productId}>
								${purchaseLineCells(l, this.products)}
								<td class="num">
									<input
										name="receive-quantity"
										data-product-id=${l.productId}
										inputmode="decimal"
										size="8"
										autocomplete="off"
										aria-label=${t("receiveQuantity", { product: product ? productLabel(product) : l.productId })}
										.value=${form.values.get(l.productId) ?? ""}
										aria-invalid=${error ? "true" : nothing}
										aria-describedby=${error ? errorId : "receive-help"}
										@input=${(e: Event) => this.setValue(l.productId, (e.target as HTMLInputElement).value)}
									/>
									${fieldError(errorId, error)}
								</td>
							</tr>`;
						})}
					</tbody>
				</table>
			</div>
			<label class="choice">
				<input
					type="checkbox"
					name="createBill"
					.checked=${form.createBill}
					aria-invalid=${form.billError ? "true" : nothing}
					aria-describedby=${form.billError ? "create-bill-help create-bill-error" : "create-bill-help"}
					@change=${(e: Event) => this.setCreateBill((e.target as HTMLInputElement).checked)}
				/>
				<span>
					<strong>${t("createBill")}</strong>
					<span class="help" id="create-bill-help">${t("createBillHelp")}</span>
				</span>
			</label>
			${fieldError("create-bill-error", form.billError || undefined)}
			<div class="actions">
				<button type="submit" class="primary" data-action="receive" ?disabled=${form.busy}>${t("receive")}</button>
				${
					form.busy
						? html`<span class="form-status" role="status">${t("receiving")}</span>`
						: form.ok
							? html`<span class="form-status ok" role="status">${form.message}</span>`
							: form.message
								? html`<span class="form-status error" role="alert" data-receive-error>${form.message}</span>`
								: html`<span class="form-status" role="status"></span>`
				}
			</div>
		</form>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-purchase-receive-form": PurchaseReceiveForm;
	}
}
