/**
 * A purchase's Receive form, which its page (purchase-page.ts) shows while the purchase is ordered
 * or partly received: what arrived on each line, prefilled with what is open. Its "Create the bill
 * in QuickBooks" starts as the company setting says and is always sent as `createBill`: a bill that
 * cannot be made is refused at the checkbox rather than quietly skipped.
 *
 * A line of a product tracked by lot takes lot rows under it (lot-rows-field.ts): the lots its
 * quantity goes into, with their expiry (required on a new lot when the product says so); what they
 * do not cover stays unassigned, and the rows say how much. A line of a product tracked by serial
 * number takes serial rows instead (one unit each, typed, pasted or generated from a pattern, with
 * the serials' lot and expiry), and says how many of its units they name. A lot or serial the server
 * refuses (another expiry than the lot has, a serial already in stock somewhere) is shown at its row.
 *
 * Each line shows its unit cost and the value of the quantity typed (quantity × unit cost), and the
 * foot the value of the whole receipt, in the company's currency, as quantities are typed.
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
import { formatMoney, getCompanyCurrency } from "../../i18n/money";
import { formatQuantity } from "../../i18n/numbers";
import { lineLotErrors, lotsSummary, missingExpiries } from "../../lots/line-lots";
import { emptyLotRow, type LotPayload, type LotRow, lotsPlan } from "../../lots/lot-rows";
import { serialsPlan, serialsSummary } from "../../lots/serial-rows";
import { lineAmount, linesAmount } from "../../purchasing/line-amounts";
import { type ProductRef, productLabel } from "../../purchasing/purchase-references";
import { errorsByProduct, receiptDefaults, receiptPlan } from "../../purchasing/receipt-lines";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDay } from "../dates";
import { fieldError } from "../form-field";
import { fieldErrors, problemMessage } from "../problems";
import {
	type LotErrorCode,
	type LotRowsChange,
	lotErrorWords,
	lotRowsRendered,
	serialSummaryWords,
} from "./lot-rows-field";
import { purchaseLineCells, purchaseLinesHead } from "./purchase-lines";
import "./lot-rows-field";
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
	/** Lines of products tracked by lot: their lot rows, and those rows' errors (by `${rowKey}.${field}`). */
	lots: Map<string, LotRow[]>;
	lotErrors: Map<string, Record<string, string>>;
};

/** A product's lots as known before this receipt: a new lot may need an expiry, a known one has its own. */
type KnownLot = { lot: string; expiry: string | null };

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
	/** Lots each tracked product already has (any location), for the lot field's suggestions and the expiry check. */
	@state() private knownLots = new Map<string, KnownLot[]>();
	/** The receipt just recorded, for the fresh form of the reloaded purchase to say so. */
	#recorded: string | null = null;

	protected override forgetMessages(): void {
		if (this.form)
			this.form = { ...this.form, errors: new Map(), lotErrors: new Map(), billError: "", message: "", ok: false };
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("purchase")) this.start();
		if (changed.has("purchase") || changed.has("products")) void this.loadKnownLots();
	}

	/** Tracked by lot or serial number: the line takes lot (or serial) rows. */
	private tracked(productId: string): boolean {
		const tracking = this.products.get(productId)?.tracking;
		return tracking === "lot" || tracking === "serial";
	}

	private serial(productId: string): boolean {
		return this.products.get(productId)?.tracking === "serial";
	}

	/** The lots of the purchase's tracked products; a product whose lots do not load has no suggestions. */
	private async loadKnownLots(): Promise<void> {
		const ids = [...new Set((this.purchase?.lines ?? []).map((l) => l.productId))].filter((id) => this.tracked(id));
		const missing = ids.filter((id) => !this.knownLots.has(id));
		if (missing.length === 0) return;
		const found = await Promise.all(
			missing.map((id) =>
				this.api
					.get<{ items: { lots: KnownLot[] }[] }>(`/products/${encodeURIComponent(id)}/lots`)
					.then((answer) => [id, answer.items.flatMap((i) => i.lots)] as const)
					.catch(() => null),
			),
		);
		const known = new Map(this.knownLots);
		for (const entry of found) {
			if (!entry) continue;
			const [id, lots] = entry;
			const once = new Map<string, KnownLot>();
			for (const l of lots) if (!once.has(l.lot)) once.set(l.lot, { lot: l.lot, expiry: l.expiry });
			known.set(id, [...once.values()]);
		}
		this.knownLots = known;
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
					lots: new Map(purchase.lines.map((l) => [l.productId, [emptyLotRow()]])),
					lotErrors: new Map(),
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
		const lotErrors = new Map(this.form.lotErrors);
		const stale = lotErrors.get(productId);
		if (stale && "lots" in stale) {
			const { lots: _, ...rest } = stale;
			lotErrors.set(productId, rest);
		}
		this.form = { ...this.form, values, errors, lotErrors };
	}

	private setLots(productId: string, change: LotRowsChange): void {
		if (!this.form) return;
		const lots = new Map(this.form.lots).set(productId, change.rows);
		const before = this.form.lotErrors.get(productId) ?? {};
		const kept = Object.fromEntries(Object.entries(before).filter(([k]) => !change.stale.includes(k)));
		const lotErrors = new Map(this.form.lotErrors).set(productId, { ...kept, ...change.errors });
		const errors = new Map(this.form.errors);
		errors.delete(productId);
		this.form = { ...this.form, lots, lotErrors, errors };
	}

	/**
	 * The lots each line sends and the rows' errors that stop the receipt: rows checked as the API
	 * does, within the line's quantity, a new lot's expiry when the product requires one.
	 */
	private lotsOfLines(form: ReceiveState, lines: { productId: string; quantity: number }[]) {
		const locale = getLocale();
		const lots = new Map<string, LotPayload[]>();
		const sentKeys = new Map<string, string[]>();
		const errors = new Map<string, Record<string, string>>();
		for (const line of lines) {
			if (!this.tracked(line.productId)) continue;
			const rows = form.lots.get(line.productId) ?? [];
			const plan = this.serial(line.productId)
				? serialsPlan(rows, { total: line.quantity, withExpiry: true })
				: lotsPlan(rows, { locale, total: line.quantity, withExpiry: true });
			const codes = new Map<string, LotErrorCode>(plan.errors);
			if (this.products.get(line.productId)?.expiryRequired) {
				const known = new Set((this.knownLots.get(line.productId) ?? []).map((l) => l.lot));
				for (const [key, code] of missingExpiries(rows, known)) if (!codes.has(key)) codes.set(key, code);
			}
			if (codes.size > 0) errors.set(line.productId, lotErrorWords(rows, codes));
			if (plan.lots.length > 0) {
				lots.set(line.productId, plan.lots);
				sentKeys.set(line.productId, plan.sentKeys);
			}
		}
		return { lots, sentKeys, errors };
	}

	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const purchase = this.purchase;
		const form = this.form;
		if (!purchase || !form || form.busy) return;
		const plan = this.plan(form, purchase.lines);
		const lots = this.lotsOfLines(form, plan.lines);
		if (plan.errors.size > 0 || lots.errors.size > 0 || plan.lines.length === 0) {
			const errors = new Map([...plan.errors].map(([id, code]) => [id, t(code)]));
			this.form = {
				...form,
				errors,
				lotErrors: lots.errors,
				billError: "",
				ok: false,
				message: t(errors.size > 0 || lots.errors.size > 0 ? "fixErrors" : "nothingToReceive"),
			};
			await this.focusFirstError();
			return;
		}
		const sent = plan.lines.map((l) => {
			const named = lots.lots.get(l.productId);
			return named ? { ...l, lots: named } : l;
		});
		this.form = { ...form, errors: new Map(), lotErrors: new Map(), billError: "", message: "", ok: false, busy: true };
		try {
			const receipt = await this.api.post<PurchaseReceipt>(`/purchases/${encodeURIComponent(purchase.id)}/receipts`, {
				lines: sent,
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
			// A lot's error at its row (`lines.0.lots.1.expiry`), the rest at its line.
			const atLots = lineLotErrors(lineErrors, plan.lines, lots.sentKeys);
			const { byProduct, other } = errorsByProduct(atLots.rest, plan.lines);
			const message =
				other.length > 0 || (byProduct.size === 0 && atLots.lots.size === 0 && !billError)
					? problemMessage(error)
					: t(byProduct.size > 0 || atLots.lots.size > 0 ? "fixErrors" : "billRefused");
			// The same key stays: if the request did arrive, trying again answers its receipt.
			this.form = {
				...form,
				errors: byProduct,
				lotErrors: atLots.lots,
				billError,
				message,
				ok: false,
				busy: false,
			};
			await this.focusFirstError();
		}
	}

	private async focusFirstError(): Promise<void> {
		await lotRowsRendered(this);
		this.querySelector<HTMLElement>('[data-form="receive"] [aria-invalid="true"]')?.focus();
	}

	/** The receipt the quantities typed ask for (receipt-lines.ts): what Receive sends, and what the lines are worth. */
	private plan(form: ReceiveState, lines: PurchaseDetail["lines"]) {
		return receiptPlan(
			lines.map((l) => ({ productId: l.productId, text: form.values.get(l.productId) ?? "" })),
			getLocale(),
		);
	}

	/** The lot rows of a tracked line, under it across the table. */
	private lotLine(productId: string, sku: string) {
		const form = this.form;
		if (!form) return nothing;
		const locale = getLocale();
		const rows = form.lots.get(productId) ?? [emptyLotRow()];
		const known = this.knownLots.get(productId) ?? [];
		const product = this.products.get(productId);
		const serial = this.serial(productId);
		const typed = form.values.get(productId) ?? "";
		const summary = serial ? null : lotsSummary(rows, typed, locale);
		return html`<tr class="lot-line" data-lots-of=${productId}>
			<td colspan="8">
				<stockroom-lot-rows
					.api=${this.api}
					name=${`receive-${productId}`}
					.rows=${rows}
					.errors=${form.lotErrors.get(productId) ?? {}}
					.withExpiry=${true}
					.serial=${serial}
					.expiryRequired=${product?.expiryRequired ?? false}
					.suggestions=${known.map((k) => ({
						lot: k.lot,
						label: k.expiry ? t("lotExpires", { date: formatDay(k.expiry) }) : t("lotKnown"),
					}))}
					.legend=${t(serial ? "serialsOf" : "lotsOf", { sku })}
					.help=${t(serial ? "serialsHelp" : "lotsHelp")}
					.summary=${
						serial
							? serialSummaryWords(serialsSummary(rows, typed, locale))
							: summary === null || summary.inLots === 0
								? ""
								: summary.over
									? t("lotsOver")
									: summary.rest === 0
										? t("allInLots", { total: formatQuantity(summary.inLots, locale) })
										: t("partlyInLots", {
												inLots: formatQuantity(summary.inLots, locale),
												rest: formatQuantity(summary.rest, locale),
											})
					}
					@lot-rows-change=${(e: CustomEvent<LotRowsChange>) => this.setLots(productId, e.detail)}
				></stockroom-lot-rows>
			</td>
		</tr>`;
	}

	override render() {
		const p = this.purchase;
		const form = this.form;
		if (!p || !form) return nothing;
		const currency = getCompanyCurrency();
		// What each line's quantity typed is worth (blank or 0: nothing; not a quantity: no value), and the receipt's.
		const plan = this.plan(form, p.lines);
		const received = new Map(plan.lines.map((l) => [l.productId, l.quantity]));
		const valued = p.lines.map((l) => ({ quantity: received.get(l.productId) ?? 0, unitCost: l.unitCost }));
		return html`<form class="stack" data-form="receive" novalidate @submit=${this.submit}>
			<p class="muted small" id="receive-help">${t("receiveHelp")}</p>
			<div class="table-wrap">
				<table class="data" data-table="purchase-lines">
					${purchaseLinesHead(currency ? t("unitCostIn", { currency }) : t("unitCost"), t("receive"), t("receivedValue"))}
					<tbody>
						${p.lines.map((l) => {
							const error = form.errors.get(l.productId);
							const errorId = `receive-${l.productId}-error`;
							const product = this.products.get(l.productId);
							const value = plan.errors.has(l.productId)
								? null
								: lineAmount(received.get(l.productId) ?? 0, l.unitCost);
							const row = html`<tr data-product-id=${l.productId}>
								${purchaseLineCells(l, this.products)}
								<td class="num nowrap" data-field="unit-cost">
									${l.unitCost === null ? "—" : formatMoney(l.unitCost, { precision: "unit" })}
								</td>
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
								<td class="num nowrap" data-field="received-value">${value === null ? "—" : formatMoney(value)}</td>
							</tr>`;
							return this.tracked(l.productId) ? [row, this.lotLine(l.productId, product?.sku ?? l.productId)] : row;
						})}
					</tbody>
					<tfoot>
						<tr>
							<th scope="row" colspan="7">${t("receiptValue")}</th>
							<td class="num nowrap" data-field="receipt-value">${formatMoney(linesAmount(valued))}</td>
						</tr>
					</tfoot>
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
