/**
 * A purchase's page: its header and lines (ordered, received, open), the actions its status allows
 * (edit and order a draft, cancel), the Receive form, and its receipts.
 *
 * Its documents in QuickBooks (setting `purchasesToQbo`) show where they stand — the PurchaseOrder
 * beside the status, each receipt's Bill in the receipts — with a Retry when one failed. The Receive
 * form's "Create the bill in QuickBooks" starts as the company setting says and is always sent as
 * `createBill`: a bill that cannot be made is refused at the checkbox rather than quietly skipped.
 *
 * The Receive form holds one idempotency key from the moment it is shown until a receipt is
 * answered: pressing Receive twice, or again after the answer was lost, never receives twice.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { Location, PurchaseDetail, PurchaseReceipt, Settings, Vendor } from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { defineMessages } from "../../i18n/messages";
import { formatQuantity } from "../../i18n/numbers";
import { statusBadge, statusLabel } from "../../purchasing/purchase-labels";
import {
	loadLocations,
	loadProducts,
	loadVendors,
	type ProductRef,
	productLabel,
} from "../../purchasing/purchase-references";
import { canRetryQbo, type QboDocumentView, qboDocumentView } from "../../purchasing/qbo-documents";
import { errorsByProduct, receiptDefaults, receiptPlan } from "../../purchasing/receipt-lines";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDate, formatDateTime } from "../dates";
import { fieldError } from "../form-field";
import { fieldErrors, problemMessage } from "../problems";
import "./purchase-draft-form";

const t = defineMessages({
	en: {
		back: "Purchasing",
		purchase: "Purchase",
		loading: "Loading the purchase…",
		notFound: "This purchase does not exist.",
		status: "Status",
		vendor: "Vendor",
		location: "Location",
		expected: "Expected",
		note: "Note",
		none: "—",
		draft: "Draft",
		lines: "Lines",
		sku: "SKU",
		name: "Name",
		ordered: "Ordered",
		received: "Received",
		open: "Open",
		unitCost: "Unit cost",
		total: "Total",
		order: "Order",
		orderHelp: "Ordering makes the quantities incoming at {location}.",
		cancelPurchase: "Cancel purchase",
		cancelHelp: "Cancelling drops what is still incoming; what was received stays on hand.",
		confirmCancel: "Cancel {number}? What is still open will no longer be expected.",
		ordering: "Ordering…",
		cancelling: "Cancelling…",
		orderedNotice: "{number} ordered: its quantities are now incoming.",
		cancelledNotice: "{number} cancelled.",
		savedNotice: "Draft saved.",
		conflict: "Someone changed this purchase meanwhile; the page now shows their version.",
		receive: "Receive",
		receiveHelp: "Enter what arrived on each line (prefilled with what is open; 0 skips a line).",
		receiveQuantity: "Quantity received of {product}",
		receiving: "Receiving…",
		receivedNotice: "{number} recorded: {count} lines received.",
		alreadyReceived: "This receipt was recorded already; the page now shows it.",
		nothingToReceive: "Enter a quantity above zero on at least one line.",
		notNumber: "Enter a number, e.g. 12.5 (at most 4 decimals).",
		negative: "Enter zero or more.",
		fixErrors: "Some lines need fixing; see the messages under them.",
		receipts: "Receipts",
		noReceipts: "Nothing received yet.",
		receipt: "Receipt",
		when: "When",
		what: "Received",
		closed: "This purchase is {status}: nothing more can be received.",
		quickbooks: "QuickBooks",
		qboNone: "—",
		qboPending: "Being sent to QuickBooks…",
		qboCreated: "Created in QuickBooks",
		qboCreatedId: "Created in QuickBooks (id {id})",
		qboFailed: "Not created in QuickBooks",
		purchaseOrder: "QuickBooks purchase order",
		retry: "Retry",
		retryHelp: "Sends again what failed: the purchase order and the receipts’ bills.",
		retrying: "Sending again…",
		retriedNotice: "Sent to QuickBooks again; reload later to see it created.",
		createBill: "Create the bill in QuickBooks",
		createBillHelp: "Unticked, no bill is made; the received quantity is pushed to QuickBooks when stock sync is on.",
		billRefused: "No bill can be made in QuickBooks for this receipt; untick the box to receive without one.",
	},
	fr: {
		back: "Achats",
		purchase: "Achat",
		loading: "Chargement de l’achat…",
		notFound: "Cet achat n’existe pas.",
		status: "État",
		vendor: "Fournisseur",
		location: "Emplacement",
		expected: "Prévu le",
		note: "Note",
		none: "—",
		draft: "Brouillon",
		lines: "Lignes",
		sku: "Référence",
		name: "Nom",
		ordered: "Commandé",
		received: "Reçu",
		open: "Restant",
		unitCost: "Coût unitaire",
		total: "Total",
		order: "Commander",
		orderHelp: "Commander fait apparaître les quantités « à recevoir » à {location}.",
		cancelPurchase: "Annuler l’achat",
		cancelHelp: "Annuler retire ce qui reste à recevoir ; ce qui a été reçu reste en stock.",
		confirmCancel: "Annuler {number} ? Ce qui reste à recevoir ne sera plus attendu.",
		ordering: "Commande en cours…",
		cancelling: "Annulation…",
		orderedNotice: "{number} commandé : ses quantités sont maintenant à recevoir.",
		cancelledNotice: "{number} annulé.",
		savedNotice: "Brouillon enregistré.",
		conflict: "Quelqu’un a modifié cet achat entre-temps ; la page affiche maintenant sa version.",
		receive: "Recevoir",
		receiveHelp: "Saisissez ce qui est arrivé sur chaque ligne (prérempli avec le restant ; 0 ignore la ligne).",
		receiveQuantity: "Quantité reçue de {product}",
		receiving: "Réception…",
		receivedNotice: "{number} enregistrée : {count} lignes reçues.",
		alreadyReceived: "Cette réception était déjà enregistrée ; la page l’affiche maintenant.",
		nothingToReceive: "Saisissez une quantité supérieure à zéro sur au moins une ligne.",
		notNumber: "Saisissez un nombre, par ex. 12,5 (4 décimales au plus).",
		negative: "Saisissez zéro ou plus.",
		fixErrors: "Certaines lignes sont à corriger ; voyez les messages en dessous.",
		receipts: "Réceptions",
		noReceipts: "Rien de reçu pour l’instant.",
		receipt: "Réception",
		when: "Date",
		what: "Reçu",
		closed: "Cet achat est {status} : plus rien ne peut être reçu.",
		quickbooks: "QuickBooks",
		qboNone: "—",
		qboPending: "Envoi à QuickBooks en cours…",
		qboCreated: "Créé dans QuickBooks",
		qboCreatedId: "Créé dans QuickBooks (id {id})",
		qboFailed: "Non créé dans QuickBooks",
		purchaseOrder: "Bon de commande QuickBooks",
		retry: "Réessayer",
		retryHelp: "Renvoie ce qui a échoué : le bon de commande et les factures des réceptions.",
		retrying: "Nouvel envoi…",
		retriedNotice: "Renvoyé à QuickBooks ; rechargez plus tard pour le voir créé.",
		createBill: "Créer la facture fournisseur dans QuickBooks",
		createBillHelp:
			"Décochée, aucune facture n’est créée ; la quantité reçue est envoyée à QuickBooks si la synchronisation du stock est active.",
		billRefused:
			"Aucune facture ne peut être créée dans QuickBooks pour cette réception ; décochez la case pour recevoir sans.",
	},
});

/** The Receive form: typed quantities by product, errors by product, and the key of its submission. */
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
	@state() private receive: ReceiveState | null = null;

	protected override forgetMessages(): void {
		this.notice = "";
		this.actionError = "";
		if (this.receive) this.receive = { ...this.receive, errors: new Map(), billError: "", message: "", ok: false };
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
			this.show(purchase);
		} catch (error) {
			if (error instanceof ApiError && error.status === 404) this.missing = true;
			else this.loadError = problemMessage(error);
		}
	}

	/** The purchase as the server has it now; the Receive form starts afresh, with a new key. */
	private show(purchase: PurchaseDetail): void {
		this.purchase = purchase;
		this.receive = receivable(purchase)
			? {
					values: receiptDefaults(purchase.lines, getLocale()),
					errors: new Map(),
					createBill: this.billByDefault,
					billError: "",
					message: "",
					ok: false,
					busy: false,
					key: idempotencyKey(),
				}
			: null;
	}

	private async reload(): Promise<void> {
		const purchase = await this.api.get<PurchaseDetail>(`/purchases/${encodeURIComponent(this.purchaseId)}`);
		await this.knowProductsOf(purchase);
		this.show(purchase);
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
			this.show(updated);
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
			this.show(updated);
			this.notice = t("retriedNotice");
		} catch (error) {
			this.actionError = problemMessage(error);
		} finally {
			this.acting = null;
		}
	}

	private setCreateBill(createBill: boolean): void {
		if (this.receive) this.receive = { ...this.receive, createBill, billError: "" };
	}

	private async draftSaved(event: CustomEvent<PurchaseDetail>): Promise<void> {
		await this.knowProductsOf(event.detail).catch(() => undefined);
		this.show(event.detail);
		this.notice = t("savedNotice");
	}

	private setReceiveValue(productId: string, text: string): void {
		if (!this.receive) return;
		const values = new Map(this.receive.values).set(productId, text);
		const errors = new Map(this.receive.errors);
		errors.delete(productId);
		this.receive = { ...this.receive, values, errors };
	}

	private async submitReceive(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const purchase = this.purchase;
		const form = this.receive;
		if (!purchase || !form || form.busy) return;
		const entries = purchase.lines.map((l) => ({ productId: l.productId, text: form.values.get(l.productId) ?? "" }));
		const plan = receiptPlan(entries, getLocale());
		if (plan.errors.size > 0 || plan.lines.length === 0) {
			const errors = new Map([...plan.errors].map(([id, code]) => [id, t(code)]));
			this.receive = {
				...form,
				errors,
				billError: "",
				ok: false,
				message: t(errors.size > 0 ? "fixErrors" : "nothingToReceive"),
			};
			await this.focusFirstReceiveError();
			return;
		}
		this.receive = { ...form, errors: new Map(), billError: "", message: "", ok: false, busy: true };
		try {
			const receipt = await this.api.post<PurchaseReceipt>(`/purchases/${encodeURIComponent(purchase.id)}/receipts`, {
				lines: plan.lines,
				idempotencyKey: form.key,
				createBill: form.createBill,
			});
			await this.reload();
			this.notice = t("receivedNotice", { number: receipt.number, count: receipt.lines.length });
			if (this.receive) this.receive = { ...this.receive, ok: true, message: this.notice };
		} catch (error) {
			if (error instanceof ApiError && error.problem.code === "idempotency_key_reused") {
				// The first submission went through (its answer was lost) and the quantities were changed since.
				await this.reload().catch(() => undefined);
				this.notice = t("alreadyReceived");
				return;
			}
			const { createBill: billError = "", ...lineErrors } = fieldErrors(error);
			const { byProduct, other } = errorsByProduct(lineErrors, plan.lines);
			const message =
				other.length > 0 || (byProduct.size === 0 && !billError)
					? problemMessage(error)
					: t(byProduct.size > 0 ? "fixErrors" : "billRefused");
			// The same key stays: if the request did arrive, trying again answers its receipt.
			this.receive = { ...form, errors: byProduct, billError, message, ok: false, busy: false };
			await this.focusFirstReceiveError();
		}
	}

	private async focusFirstReceiveError(): Promise<void> {
		await this.updateComplete;
		this.querySelector<HTMLElement>('[data-form="receive"] [aria-invalid="true"]')?.focus();
	}

	private locationName(id: string): string {
		return this.locations.get(id)?.name ?? "…";
	}

	private productCells(productId: string) {
		const product = this.products.get(productId);
		return html`<th scope="row">
				${product ? html`<a href=${`#/products/${encodeURIComponent(productId)}`}>${product.sku}</a>` : productId}
			</th>
			<td>${product?.name ?? ""}</td>`;
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
					${this.purchaseOrderFact(p)}
				</dl>
				${qboErrorLine(qboDocumentView(p.qboStatus, p.qboPurchaseOrderId, p.qboError), "help")}
				${this.actions(p)}
			</section>
			${
				p.status === "draft"
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
								${this.receive ? this.receiveForm(p, this.receive) : this.linesTable(p)}
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
		const retry = canRetryQbo(p);
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
		const canOrder = p.status === "draft";
		const canCancel = p.status === "draft" || p.status === "ordered" || p.status === "partially_received";
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

	private linesTable(p: PurchaseDetail) {
		return html`${
			p.status === "received" || p.status === "cancelled"
				? html`<p class="muted">${t("closed", { status: statusLabel(p.status).toLowerCase() })}</p>`
				: nothing
		}
			<div class="table-wrap">
				<table class="data" data-table="purchase-lines">
					${this.linesHead(false)}
					<tbody>
						${p.lines.map(
							(l) => html`<tr data-product-id=${l.productId}>
								${this.productCells(l.productId)}
								<td class="num" data-field="ordered">${formatQuantity(l.ordered)}</td>
								<td class="num" data-field="received">${formatQuantity(l.received)}</td>
								<td class="num" data-field="open">${formatQuantity(l.open)}</td>
								<td class="num">${l.unitCost === null ? "—" : formatQuantity(l.unitCost)}</td>
							</tr>`,
						)}
					</tbody>
				</table>
			</div>`;
	}

	private linesHead(receiving: boolean) {
		return html`<thead>
			<tr>
				<th scope="col">${t("sku")}</th>
				<th scope="col">${t("name")}</th>
				<th scope="col" class="num">${t("ordered")}</th>
				<th scope="col" class="num">${t("received")}</th>
				<th scope="col" class="num">${t("open")}</th>
				<th scope="col" class="num">${receiving ? t("receive") : t("unitCost")}</th>
			</tr>
		</thead>`;
	}

	private receiveForm(p: PurchaseDetail, form: ReceiveState) {
		return html`<form class="stack" data-form="receive" novalidate @submit=${this.submitReceive}>
			<p class="muted small" id="receive-help">${t("receiveHelp")}</p>
			<div class="table-wrap">
				<table class="data" data-table="purchase-lines">
					${this.linesHead(true)}
					<tbody>
						${p.lines.map((l) => {
							const error = form.errors.get(l.productId);
							const errorId = `receive-${l.productId}-error`;
							const product = this.products.get(l.productId);
							return html`<tr data-product-id=${l.productId}>
								${this.productCells(l.productId)}
								<td class="num" data-field="ordered">${formatQuantity(l.ordered)}</td>
								<td class="num" data-field="received">${formatQuantity(l.received)}</td>
								<td class="num" data-field="open">${formatQuantity(l.open)}</td>
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
										@input=${(e: Event) => this.setReceiveValue(l.productId, (e.target as HTMLInputElement).value)}
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
