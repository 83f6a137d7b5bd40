/**
 * A purchase's page: its header and lines (ordered, received, open), the actions its status allows
 * (edit and order a draft: purchase-draft-form.ts; cancel), the Receive form
 * (purchase-receive-form.ts), and its receipts. Editing, ordering, cancelling and retrying are a
 * manager's (staff see a draft's lines as they are); receiving is staff's too.
 *
 * Amounts are in the company's currency: the purchase's total (ordered × unit cost, as the purchases
 * list sums it) beside its header, each line's unit cost and total in its lines.
 *
 * Its documents in QuickBooks (setting `purchasesToQbo`) show where they stand — the PurchaseOrder
 * beside the status, each receipt's Bill in the receipts — with a Retry when one failed.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { Location, PurchaseDetail, Settings, Vendor } from "../../api/types";
import { formatMoney, getCompanyCurrency } from "../../i18n/money";
import { formatQuantity } from "../../i18n/numbers";
import { lineAmount, linesAmount } from "../../purchasing/line-amounts";
import { statusBadge, statusLabel } from "../../purchasing/purchase-labels";
import { loadLocations, loadProducts, loadVendors, type ProductRef } from "../../purchasing/purchase-references";
import { canRetryQbo, type QboDocumentView, qboDocumentView } from "../../purchasing/qbo-documents";
import { AppPage } from "../app-page";
import { formatDate, formatDateTime } from "../dates";
import { fieldErrors, problemMessage } from "../problems";
import "./purchase-draft-form";
import { purchaseLineCells, purchaseLinesHead } from "./purchase-lines";
import "./purchase-receive-form";
import { purchasePageMessages as t } from "./purchase-page.messages";

/** Σ ordered × unit cost, as the purchases list sums it (lines without a cost add nothing). */
function purchaseAmount(p: PurchaseDetail): number {
	return linesAmount(p.lines.map((l) => ({ quantity: l.ordered, unitCost: l.unitCost })));
}

@customElement("stockroom-purchase-page")
export class PurchasePage extends AppPage {
	@property() purchaseId = "";
	@state() private purchase: PurchaseDetail | null = null;
	@state() private products = new Map<string, ProductRef>();
	@state() private vendors: Vendor[] = [];
	@state() private locations = new Map<string, Location>();
	@state() private missing = false;
	@state() private loadError = "";
	@state() private notice = "";
	@state() private actionError = "";
	@state() private acting: "ordering" | "cancelling" | "retrying" | null = null;
	/** The company setting `purchasesToQbo`: where the Receive form's bill checkbox starts. */
	@state() private billByDefault = false;

	protected override forgetMessages(): void {
		this.notice = "";
		this.actionError = "";
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("purchaseId") && this.purchaseId) void this.load();
	}

	private async load(): Promise<void> {
		this.purchase = null;
		this.missing = false;
		this.loadError = "";
		try {
			const [purchase, vendors, locations, billByDefault] = await Promise.all([
				this.api.get<PurchaseDetail>(`/purchases/${encodeURIComponent(this.purchaseId)}`),
				loadVendors(this.api),
				loadLocations(this.api),
				// Without the settings the box starts unticked: nothing is sent to QBO unasked.
				this.api
					.get<Settings>("/settings")
					.then((s) => s.purchasesToQbo)
					.catch(() => false),
			]);
			this.billByDefault = billByDefault;
			this.vendors = vendors;
			this.locations = new Map(locations.map((l) => [l.id, l]));
			this.products = await loadProducts(
				this.api,
				purchase.lines.map((l) => l.productId),
			);
			this.purchase = purchase;
		} catch (error) {
			if (error instanceof ApiError && error.status === 404) this.missing = true;
			else this.loadError = problemMessage(error);
		}
	}

	private async reload(): Promise<void> {
		const purchase = await this.api.get<PurchaseDetail>(`/purchases/${encodeURIComponent(this.purchaseId)}`);
		await this.knowProductsOf(purchase);
		this.purchase = purchase;
	}

	/** The SKU and name of lines added since the page loaded (a draft's new lines). */
	private async knowProductsOf(purchase: PurchaseDetail): Promise<void> {
		const missing = purchase.lines.map((l) => l.productId).filter((id) => !this.products.has(id));
		if (missing.length > 0) this.products = new Map([...this.products, ...(await loadProducts(this.api, missing))]);
	}

	private async transition(status: "ordered" | "cancelled"): Promise<void> {
		const purchase = this.purchase;
		if (!purchase || this.acting) return;
		if (status === "cancelled" && !window.confirm(t("confirmCancel", { number: purchase.number }))) return;
		this.acting = status === "ordered" ? "ordering" : "cancelling";
		this.actionError = "";
		this.notice = "";
		try {
			const updated = await this.api.patch<PurchaseDetail>(`/purchases/${encodeURIComponent(purchase.id)}`, {
				version: purchase.version,
				status,
			});
			this.purchase = updated;
			this.notice = t(status === "ordered" ? "orderedNotice" : "cancelledNotice", { number: updated.number });
		} catch (error) {
			if (error instanceof ApiError && error.problem.code === "version_conflict") {
				this.actionError = t("conflict");
				await this.reload().catch(() => undefined);
			} else this.actionError = fieldErrors(error).status ?? problemMessage(error);
		} finally {
			this.acting = null;
		}
	}

	/** Sends again to QuickBooks what of the purchase failed (its PO, its receipts' bills). */
	private async retryQbo(): Promise<void> {
		const purchase = this.purchase;
		if (!purchase || this.acting) return;
		this.acting = "retrying";
		this.actionError = "";
		this.notice = "";
		try {
			const updated = await this.api.post<PurchaseDetail>(`/purchases/${encodeURIComponent(purchase.id)}/qbo/retry`);
			this.purchase = updated;
			this.notice = t("retriedNotice");
		} catch (error) {
			this.actionError = problemMessage(error);
		} finally {
			this.acting = null;
		}
	}

	private async draftSaved(event: CustomEvent<PurchaseDetail>): Promise<void> {
		await this.knowProductsOf(event.detail).catch(() => undefined);
		this.purchase = event.detail;
		this.notice = t("savedNotice");
	}

	private locationName(id: string): string {
		return this.locations.get(id)?.name ?? "…";
	}

	override render() {
		const p = this.purchase;
		const heading = this.missing ? t("notFound") : p ? p.number : this.loadError ? t("purchase") : t("loading");
		return html`<section
			class="page"
			data-page="purchase"
			data-purchase-id=${p?.id ?? nothing}
			data-status=${p?.status ?? nothing}
			aria-busy=${!p && !this.missing && !this.loadError ? "true" : "false"}
		>
			<p class="breadcrumb"><a href="#/purchases">← ${t("back")}</a></p>
			<div class="page-head">
				<h1 tabindex="-1">${heading}</h1>
				<p class="notice" role="status" data-notice>${this.notice}</p>
			</div>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			${p ? this.body(p) : nothing}
		</section>`;
	}

	private body(p: PurchaseDetail) {
		const vendor = p.vendorId ? (this.vendors.find((v) => v.id === p.vendorId)?.name ?? "…") : t("none");
		return html`
			<section class="card">
				<dl class="facts">
					<div><dt>${t("status")}</dt><dd>${statusBadge(p.status)}</dd></div>
					<div><dt>${t("vendor")}</dt><dd>${vendor}</dd></div>
					<div><dt>${t("location")}</dt><dd>${this.locationName(p.locationId)}</dd></div>
					<div><dt>${t("expected")}</dt><dd>${p.expectedDate ? formatDate(`${p.expectedDate}T12:00:00`) : t("none")}</dd></div>
					${p.note ? html`<div><dt>${t("note")}</dt><dd>${p.note}</dd></div>` : nothing}
					<div data-fact="total"><dt>${t("total")}</dt><dd class="nowrap">${formatMoney(purchaseAmount(p))}</dd></div>
					${this.purchaseOrderFact(p)}
				</dl>
				${qboErrorLine(qboDocumentView(p.qboStatus, p.qboPurchaseOrderId, p.qboError), "help")}
				${this.actions(p)}
			</section>
			${
				p.status === "draft" && this.may("manager")
					? html`<section class="card" aria-labelledby="draft-title">
							<h2 id="draft-title">${t("draft")}</h2>
							<stockroom-purchase-draft-form
								.api=${this.api}
								.userRole=${this.userRole}
								.purchase=${p}
								.vendors=${this.vendors}
								.locations=${[...this.locations.values()]}
								.products=${this.products}
								@purchase-saved=${this.draftSaved}
								@purchase-stale=${() => this.reload()}
							></stockroom-purchase-draft-form>
						</section>`
					: html`<section class="card" aria-labelledby="lines-title">
								<h2 id="lines-title">${t("lines")}</h2>
								${
									// Each purchase shown (a new object) starts the form afresh, with a new key.
									receivable(p) && this.may("staff")
										? html`<stockroom-purchase-receive-form
												.api=${this.api}
												.purchase=${p}
												.products=${this.products}
												.billByDefault=${this.billByDefault}
												.reload=${() => this.reload()}
												@purchase-notice=${(e: CustomEvent<string>) => {
													this.notice = e.detail;
												}}
											></stockroom-purchase-receive-form>`
										: this.linesTable(p)
								}
							</section>
							<section class="card" aria-labelledby="receipts-title">
								<h2 id="receipts-title">${t("receipts")}</h2>
								${this.receipts(p)}
							</section>`
			}`;
	}

	/** Its PurchaseOrder in QuickBooks, when one is made; the Retry when it or a receipt's bill failed. */
	private purchaseOrderFact(p: PurchaseDetail) {
		const view = qboDocumentView(p.qboStatus, p.qboPurchaseOrderId, p.qboError);
		const retry = canRetryQbo(p) && this.may("manager");
		if (view.state === "none" && !retry) return nothing;
		return html`<div data-qbo="purchase-order" data-qbo-status=${view.state}>
			<dt>${t("purchaseOrder")}</dt>
			<dd>
				${qboBadge(view)}
				${
					retry
						? html`<button
								type="button"
								data-action="qbo-retry"
								title=${t("retryHelp")}
								?disabled=${this.acting !== null}
								@click=${() => this.retryQbo()}
							>
								${t("retry")}
							</button>`
						: nothing
				}
			</dd>
		</div>`;
	}

	private actions(p: PurchaseDetail) {
		const manager = this.may("manager");
		const canOrder = manager && p.status === "draft";
		const canCancel = manager && (p.status === "draft" || p.status === "ordered" || p.status === "partially_received");
		if (!canOrder && !canCancel)
			return this.acting || this.actionError ? html`<div class="actions">${this.actionStatus()}</div>` : nothing;
		return html`<div class="actions">
			${
				canOrder
					? html`<button
							type="button"
							class="primary"
							data-action="order"
							?disabled=${this.acting !== null}
							@click=${() => this.transition("ordered")}
						>
							${t("order")}
						</button>`
					: nothing
			}
			${
				canCancel
					? html`<button
							type="button"
							class="danger"
							data-action="cancel-purchase"
							?disabled=${this.acting !== null}
							@click=${() => this.transition("cancelled")}
						>
							${t("cancelPurchase")}
						</button>`
					: nothing
			}
			<span class="muted small">
				${canOrder ? t("orderHelp", { location: this.locationName(p.locationId) }) : t("cancelHelp")}
			</span>
			${this.actionStatus()}
		</div>`;
	}

	private actionStatus() {
		return this.acting
			? html`<span class="form-status" role="status">${t(this.acting)}</span>`
			: this.actionError
				? html`<span class="form-status error" role="alert" data-action-error>${this.actionError}</span>`
				: nothing;
	}

	/** Each line's total is ordered × unit cost, summed as the purchases list sums them. */
	private linesTable(p: PurchaseDetail) {
		const currency = getCompanyCurrency();
		return html`${
			p.status === "received" || p.status === "cancelled"
				? html`<p class="muted">${t("closed", { status: statusLabel(p.status).toLowerCase() })}</p>`
				: nothing
		}
			<div class="table-wrap">
				<table class="data" data-table="purchase-lines">
					${purchaseLinesHead(currency ? t("unitCostIn", { currency }) : t("unitCost"), t("lineTotal"))}
					<tbody>
						${p.lines.map(
							(l) => html`<tr data-product-id=${l.productId}>
								${purchaseLineCells(l, this.products)}
								<td class="num nowrap" data-field="unit-cost">
									${l.unitCost === null ? "—" : formatMoney(l.unitCost, { precision: "unit" })}
								</td>
								<td class="num nowrap" data-field="line-total">
									${l.unitCost === null ? "—" : formatMoney(lineAmount(l.ordered, l.unitCost))}
								</td>
							</tr>`,
						)}
					</tbody>
					<tfoot>
						<tr>
							<th scope="row" colspan="6">${t("total")}</th>
							<td class="num nowrap" data-field="purchase-total">
								${formatMoney(purchaseAmount(p))}
							</td>
						</tr>
					</tfoot>
				</table>
			</div>`;
	}

	private receipts(p: PurchaseDetail) {
		if (p.receipts.length === 0) return html`<p class="muted">${t("noReceipts")}</p>`;
		const bills = p.receipts.some((r) => qboDocumentView(r.qboStatus, r.qboBillId, r.qboError).state !== "none");
		return html`<div class="table-wrap">
			<table class="data" data-table="receipts">
				<thead>
					<tr>
						<th scope="col">${t("receipt")}</th>
						<th scope="col">${t("when")}</th>
						<th scope="col">${t("what")}</th>
						${bills ? html`<th scope="col">${t("quickbooks")}</th>` : nothing}
					</tr>
				</thead>
				<tbody>
					${p.receipts.map(
						(r) => html`<tr data-receipt-id=${r.id}>
							<th scope="row" data-receipt-number>${r.number}</th>
							<td class="nowrap">${formatDateTime(r.createdAt)}</td>
							<td>
								${r.lines.map((l, i) => {
									const product = this.products.get(l.productId);
									return html`${i > 0 ? ", " : ""}<span data-product-id=${l.productId}
											>${formatQuantity(l.quantity)} × ${product?.sku ?? l.productId}</span
										>`;
								})}
							</td>
							${bills ? this.billCell(r) : nothing}
						</tr>`,
					)}
				</tbody>
			</table>
		</div>`;
	}

	private billCell(r: PurchaseDetail["receipts"][number]) {
		const view = qboDocumentView(r.qboStatus, r.qboBillId, r.qboError);
		return html`<td data-qbo="bill" data-qbo-status=${view.state}>${qboBadge(view)}${qboErrorLine(view, "small")}</td>`;
	}
}

/** A document's state in QuickBooks as a badge. */
function qboBadge(view: QboDocumentView) {
	switch (view.state) {
		case "none":
			return html`<span class="muted">${t("qboNone")}</span>`;
		case "pending":
			return html`<span class="badge status-pending">${t("qboPending")}</span>`;
		case "created":
			return html`<span class="badge status-applied" data-qbo-id=${view.qboId ?? nothing}
				>${view.qboId ? t("qboCreatedId", { id: view.qboId }) : t("qboCreated")}</span
			>`;
		case "failed":
			return html`<span class="badge status-failed">${t("qboFailed")}</span>`;
	}
}

/** Why a document failed in QuickBooks, in QuickBooks' words (nothing unless it failed). */
function qboErrorLine(view: QboDocumentView, className: "help" | "small") {
	return view.state === "failed" && view.error ? html`<p class=${className} data-qbo-error>${view.error}</p>` : nothing;
}

function receivable(p: PurchaseDetail): boolean {
	return p.status === "ordered" || p.status === "partially_received";
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-purchase-page": PurchasePage;
	}
}
