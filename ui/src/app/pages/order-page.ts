/**
 * An order's page: its QuickBooks documents, what needs attention (flags in words), its lines
 * (ordered, delivered, reserved, remaining, what the stock cannot serve; kit components under their
 * kit), a "new delivery note" form, its delivery notes (print, cancel) and its stock movements.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { DeliveryNote, DeliveryRequest, Location, Order, OrderLine } from "../../api/types";
import { defineMessages } from "../../i18n/messages";
import { formatQuantity } from "../../i18n/numbers";
import {
	type DeliveryLineError,
	deliverableLines,
	errorsByLine,
	prefillQuantities,
	readDeliveryLines,
} from "../../orders/delivery-form";
import { movementSource } from "../../orders/movement-source";
import { describeFlag, documentLabel, productLabel } from "../../orders/order-flags";
import { groupLinesByKit, otherKits } from "../../orders/order-line-groups";
import { orderMessages } from "../../orders/order-messages";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDate, formatDateTime } from "../dates";
import { fieldError } from "../form-field";
import { fieldErrors, problemMessage } from "../problems";
import { routeHash } from "../router";

const t = defineMessages({
	en: {
		back: "Orders",
		orderTitle: "Order {number}",
		order: "Order",
		loading: "Loading the order…",
		notFound: "This order does not exist (or no longer does).",
		customer: "Customer",
		date: "Date",
		location: "Location",
		status: "Status",
		documents: "QuickBooks documents",
		attention: "Needs attention",
		lines: "Lines",
		product: "Product",
		ordered: "Ordered",
		delivered: "Delivered",
		reserved: "Reserved",
		remaining: "To deliver",
		shortfall: "Short",
		shortfallHelp: "{quantity} cannot be served from this location’s stock yet.",
		kit: "Kit: {name} × {quantity}",
		alsoIn: "also in {kits}",
		noLines: "This order has no stock lines.",
		newDelivery: "New delivery note",
		deliveryHelp: "Each quantity starts at what remains to deliver; change it, or put 0 to leave a line for later.",
		quantity: "Quantity to deliver",
		quantityOf: "Quantity of {product} to deliver",
		note: "Note for the driver (optional)",
		createDelivery: "Create delivery note",
		saving: "Saving…",
		nothingLeft: "Everything ordered has been delivered.",
		cancelledOrder: "This order is cancelled: nothing more can be delivered.",
		nothingToDeliver: "Enter a quantity above zero on at least one line.",
		notNumber: "Enter a number, e.g. 2 or 1.5 (at most 4 decimals).",
		negative: "Enter 0 or more.",
		aboveRemaining: "At most {remaining} remain to deliver.",
		deliveries: "Delivery notes",
		noDeliveries: "No delivery note yet.",
		number: "Number",
		created: "Created",
		items: "Lines",
		print: "Print",
		printOf: "Print {number}",
		cancel: "Cancel",
		cancelOf: "Cancel {number}",
		confirmCancel:
			"Cancel delivery note {number}? Its goods go back into stock at {location} and the order reserves them again.",
		cancelledNote: "Delivery note {number} is cancelled; its goods are back in stock.",
		movements: "Stock movements",
		noMovements: "No stock movement yet.",
		when: "When",
		what: "What",
		onHand: "On hand",
		unknownLocation: "Unknown location",
		deliveryNote: "Delivery note {number}",
		deliveryKind: "Delivery",
		invoiceKind: "Invoice",
		salesReceiptKind: "Sales receipt",
		estimateKind: "Estimate",
	},
	fr: {
		back: "Commandes",
		orderTitle: "Commande {number}",
		order: "Commande",
		loading: "Chargement de la commande…",
		notFound: "Cette commande n’existe pas (ou plus).",
		customer: "Client",
		date: "Date",
		location: "Emplacement",
		status: "État",
		documents: "Documents QuickBooks",
		attention: "À vérifier",
		lines: "Lignes",
		product: "Produit",
		ordered: "Commandé",
		delivered: "Livré",
		reserved: "Réservé",
		remaining: "À livrer",
		shortfall: "Manquant",
		shortfallHelp: "{quantity} ne peut pas encore être servi par le stock de cet emplacement.",
		kit: "Kit : {name} × {quantity}",
		alsoIn: "aussi dans {kits}",
		noLines: "Cette commande n’a aucune ligne stockée.",
		newDelivery: "Nouveau bon de livraison",
		deliveryHelp:
			"Chaque quantité reprend ce qui reste à livrer ; modifiez-la, ou mettez 0 pour garder une ligne pour plus tard.",
		quantity: "Quantité à livrer",
		quantityOf: "Quantité de {product} à livrer",
		note: "Note pour le livreur (facultatif)",
		createDelivery: "Créer le bon de livraison",
		saving: "Enregistrement…",
		nothingLeft: "Tout ce qui a été commandé est livré.",
		cancelledOrder: "Cette commande est annulée : plus rien ne peut être livré.",
		nothingToDeliver: "Saisissez une quantité supérieure à zéro sur au moins une ligne.",
		notNumber: "Saisissez un nombre, par ex. 2 ou 1,5 (4 décimales au plus).",
		negative: "Saisissez 0 ou plus.",
		aboveRemaining: "Il reste au plus {remaining} à livrer.",
		deliveries: "Bons de livraison",
		noDeliveries: "Aucun bon de livraison pour l’instant.",
		number: "Numéro",
		created: "Créé le",
		items: "Lignes",
		print: "Imprimer",
		printOf: "Imprimer {number}",
		cancel: "Annuler",
		cancelOf: "Annuler {number}",
		confirmCancel:
			"Annuler le bon de livraison {number} ? Sa marchandise revient en stock à {location} et la commande la réserve de nouveau.",
		cancelledNote: "Le bon de livraison {number} est annulé ; sa marchandise est de retour en stock.",
		movements: "Mouvements de stock",
		noMovements: "Aucun mouvement de stock pour l’instant.",
		when: "Date",
		what: "Origine",
		onHand: "Réel",
		unknownLocation: "Emplacement inconnu",
		deliveryNote: "Bon de livraison {number}",
		deliveryKind: "Livraison",
		invoiceKind: "Facture",
		salesReceiptKind: "Reçu de vente",
		estimateKind: "Devis",
	},
});

type MessageKey = Parameters<typeof t>[0];
const KINDS: Record<string, MessageKey> = {
	delivery: "deliveryKind",
	invoice: "invoiceKind",
	sales_receipt: "salesReceiptKind",
	estimate: "estimateKind",
};

/** The delivery form: typed quantities per product, its errors, and the key of its submission. */
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

@customElement("stockroom-order-page")
export class OrderPage extends AppPage {
	@property() orderId = "";
	@state() private order: Order | null = null;
	@state() private locations = new Map<string, Location>();
	@state() private missing = false;
	@state() private loadError = "";
	@state() private form: DeliveryForm | null = null;
	@state() private notice = "";
	@state() private noteErrors = new Map<string, string>();
	@state() private cancelling: string | null = null;
	/** One key per note being cancelled, kept until the cancel is answered, so that a retry cancels once. */
	#cancelKeys = new Map<string, string>();

	protected override forgetMessages(): void {
		this.notice = "";
		this.noteErrors = new Map();
		if (this.form) this.form = { ...this.form, lineErrors: new Map(), fieldErrors: {}, message: "" };
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("orderId") && this.orderId) void this.load();
	}

	protected override updated(): void {
		if (this.order) document.title = `${t("orderTitle", { number: this.order.number })} — Stockroom`;
	}

	private async load(): Promise<void> {
		this.order = null;
		this.missing = false;
		this.loadError = "";
		this.form = null;
		this.notice = "";
		try {
			const [order, locations] = await Promise.all([
				this.fetchOrder(),
				this.api.all<Location>("/locations", { includeArchived: "true" }),
			]);
			this.locations = new Map(locations.map((l) => [l.id, l]));
			this.show(order);
		} catch (error) {
			if (error instanceof ApiError && error.status === 404) this.missing = true;
			else this.loadError = problemMessage(error);
		}
	}

	private fetchOrder(): Promise<Order> {
		return this.api.get<Order>(`/orders/${encodeURIComponent(this.orderId)}`);
	}

	/** The order as the server has it, with a fresh delivery form (new key) prefilled from what remains. */
	private show(order: Order): void {
		this.order = order;
		this.form = {
			quantities: prefillQuantities(order.lines),
			locationId: order.locationId,
			note: "",
			key: idempotencyKey(),
			busy: false,
			lineErrors: new Map(),
			fieldErrors: {},
			message: "",
		};
	}

	private locationName(id: string): string {
		return this.locations.get(id)?.name ?? t("unknownLocation");
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

	private async submitDelivery(event: SubmitEvent): Promise<void> {
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
			// went through after all): show the order as it is now, the typed quantities kept.
			if (refused) void this.refreshOrder();
		}
	}

	/** The order's figures as the server has them now, leaving the delivery form as typed. */
	private async refreshOrder(): Promise<void> {
		try {
			this.order = await this.fetchOrder();
		} catch {
			// the page keeps what it showed; the form's message already says what went wrong
		}
	}

	private async cancelNote(note: DeliveryNote): Promise<void> {
		if (!confirm(t("confirmCancel", { number: note.number, location: this.locationName(note.locationId) }))) return;
		const key = this.#cancelKeys.get(note.id) ?? idempotencyKey();
		this.#cancelKeys.set(note.id, key);
		this.cancelling = note.id;
		this.notice = "";
		const errors = new Map(this.noteErrors);
		errors.delete(note.id);
		this.noteErrors = errors;
		try {
			await this.api.post<DeliveryNote>(`/deliveries/${encodeURIComponent(note.id)}/cancel`, { idempotencyKey: key });
			this.#cancelKeys.delete(note.id);
			this.show(await this.fetchOrder());
			this.notice = t("cancelledNote", { number: note.number });
		} catch (error) {
			this.noteErrors = new Map(this.noteErrors).set(note.id, problemMessage(error));
		} finally {
			this.cancelling = null;
		}
	}

	override render() {
		const order = this.order;
		const heading = this.missing
			? t("notFound")
			: order
				? t("orderTitle", { number: order.number })
				: this.loadError
					? t("order")
					: t("loading");
		return html`<section
			class="page"
			data-page="order"
			data-order-id=${order?.id ?? nothing}
			aria-busy=${!order && !this.missing && !this.loadError ? "true" : "false"}
		>
			<p class="breadcrumb"><a href="#/orders">← ${t("back")}</a></p>
			<div class="page-head">
				<h1 tabindex="-1">${heading}</h1>
				${
					order
						? html`<span class="badge order-status-${order.status}" data-order-status=${order.status}
								>${orderMessages(order.status)}</span
							>`
						: nothing
				}
			</div>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			${this.notice ? html`<p class="ok-banner" role="status">${this.notice}</p>` : nothing}
			${order ? this.body(order) : nothing}
		</section>`;
	}

	private body(order: Order) {
		return html`
			<section class="card" aria-label=${t("order")}>
				<dl class="facts">
					<div><dt>${t("customer")}</dt><dd data-customer>${order.customerName ?? "—"}</dd></div>
					<div><dt>${t("date")}</dt><dd>${formatDate(order.txnDate ?? order.createdAt)}</dd></div>
					<div><dt>${t("location")}</dt><dd>${this.locationName(order.locationId)}</dd></div>
				</dl>
				<h2 class="subheading">${t("documents")}</h2>
				<ul class="plain-list" data-list="documents">
					${order.documents.map(
						(d) => html`<li data-document=${`${d.type}:${d.qboId}`} data-document-status=${d.status}>
							${documentLabel(d)}
							<span class="badge ${d.status === "active" ? "quiet" : "status-pending"}">${orderMessages(DOCUMENT_STATUS[d.status])}</span>
						</li>`,
					)}
				</ul>
			</section>
			${
				order.flags.length > 0
					? html`<section class="notice-banner flags" aria-labelledby="flags-title" data-section="flags">
							<h2 id="flags-title">${t("attention")}</h2>
							<ul>
								${order.flags.map((flag) => html`<li data-flag=${flag.code}>${describeFlag(flag, order)}</li>`)}
							</ul>
						</section>`
					: nothing
			}
			<section class="card" aria-labelledby="lines-title">
				<h2 id="lines-title">${t("lines")}</h2>
				${this.linesTable(order.lines)}
			</section>
			<section class="card" aria-labelledby="delivery-title">
				<h2 id="delivery-title">${t("newDelivery")}</h2>
				${this.deliveryForm(order)}
			</section>
			<section class="card" aria-labelledby="deliveries-title">
				<h2 id="deliveries-title">${t("deliveries")}</h2>
				${this.deliveries(order.deliveries)}
			</section>
			<section class="card" aria-labelledby="movements-title">
				<h2 id="movements-title">${t("movements")}</h2>
				${this.movements(order)}
			</section>`;
	}

	private linesTable(lines: OrderLine[]) {
		if (lines.length === 0) return html`<p class="muted">${t("noLines")}</p>`;
		const q = (value: number) => formatQuantity(value);
		return html`<div class="table-wrap">
			<table class="data order-lines" data-table="lines">
				<thead>
					<tr>
						<th scope="col">${t("product")}</th>
						<th scope="col" class="num">${t("ordered")}</th>
						<th scope="col" class="num">${t("delivered")}</th>
						<th scope="col" class="num">${t("reserved")}</th>
						<th scope="col" class="num">${t("remaining")}</th>
						<th scope="col" class="num">${t("shortfall")}</th>
					</tr>
				</thead>
				${groupLinesByKit(lines).map(
					(group) => html`<tbody data-kit=${group.kit?.productId ?? nothing}>
						${
							group.kit
								? html`<tr class="group-row">
										<th scope="rowgroup" colspan="6">${t("kit", { name: group.kit.name, quantity: formatQuantity(group.kit.quantity) })} <span class="muted">${group.kit.sku}</span></th>
									</tr>`
								: nothing
						}
						${group.lines.map(
							(line) => html`<tr data-product-id=${line.productId} class=${group.kit ? "kit-component" : ""}>
								<th scope="row">${this.productCell(line)}</th>
								<td class="num" data-field="ordered">${q(line.ordered)}</td>
								<td class="num" data-field="delivered">${q(line.delivered)}</td>
								<td class="num" data-field="reserved">${q(line.reserved)}</td>
								<td class="num" data-field="remaining">${q(line.remaining)}</td>
								${
									line.shortfall > 0
										? html`<td class="num negative" data-field="shortfall" title=${t("shortfallHelp", { quantity: q(line.shortfall) })}>
												${q(line.shortfall)}<span class="visually-hidden"> — ${t("shortfallHelp", { quantity: q(line.shortfall) })}</span>
											</td>`
										: html`<td class="num muted" data-field="shortfall">${q(0)}</td>`
								}
							</tr>`,
						)}
					</tbody>`,
				)}
			</table>
		</div>`;
	}

	private productCell(line: OrderLine) {
		const also = otherKits(line);
		return html`<a href=${routeHash({ page: "product", productId: line.productId })}>${line.sku}</a> ${line.name}
			${also.length > 0 ? html`<span class="muted small">(${t("alsoIn", { kits: also.map((k) => k.name).join(", ") })})</span>` : nothing}`;
	}

	private deliveryForm(order: Order) {
		const form = this.form;
		if (order.status === "cancelled") return html`<p class="muted">${t("cancelledOrder")}</p>`;
		const lines = deliverableLines(order.lines);
		if (lines.length === 0 || !form) return html`<p class="muted">${t("nothingLeft")}</p>`;
		const locations = [...this.locations.values()].filter((l) => !l.archivedAt || l.id === order.locationId);
		const locationError = form.fieldErrors.locationId;
		const noteError = form.fieldErrors.note;
		return html`<form class="stack" data-form="delivery" novalidate @submit=${this.submitDelivery}>
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
				${
					form.busy
						? html`<span class="form-status" role="status">${t("saving")}</span>`
						: form.message
							? html`<span class="form-status error" role="alert">${form.message}</span>`
							: html`<span class="form-status" role="status"></span>`
				}
			</div>
		</form>`;
	}

	private deliveries(notes: DeliveryNote[]) {
		if (notes.length === 0) return html`<p class="muted">${t("noDeliveries")}</p>`;
		return html`<div class="table-wrap">
			<table class="data" data-table="deliveries">
				<thead>
					<tr>
						<th scope="col">${t("number")}</th>
						<th scope="col">${t("created")}</th>
						<th scope="col">${t("location")}</th>
						<th scope="col">${t("status")}</th>
						<th scope="col">${t("items")}</th>
						<th scope="col"><span class="visually-hidden">${t("print")}</span></th>
					</tr>
				</thead>
				<tbody>
					${notes.map((note) => {
						const error = this.noteErrors.get(note.id);
						return html`<tr data-delivery-id=${note.id} data-status=${note.status} class=${note.status === "cancelled" ? "archived" : ""}>
							<th scope="row"><a href=${routeHash({ page: "delivery", deliveryId: note.id })}>${note.number}</a></th>
							<td class="nowrap">${formatDateTime(note.createdAt)}</td>
							<td>${this.locationName(note.locationId)}</td>
							<td>
								<span class="badge ${note.status === "active" ? "status-applied" : "quiet"}"
									>${orderMessages(note.status === "active" ? "deliveryActive" : "deliveryCancelled")}</span
								>
							</td>
							<td>${note.lines.map((l) => html`<div>${formatQuantity(l.quantity)} × ${l.sku} ${l.name}</div>`)}</td>
							<td>
								<div class="row-buttons">
									<a
										class="button"
										href=${routeHash({ page: "delivery", deliveryId: note.id })}
										data-action="print-delivery"
										aria-label=${t("printOf", { number: note.number })}
										>${t("print")}</a
									>
									${
										note.status === "active"
											? html`<button
													type="button"
													class="danger"
													data-action="cancel-delivery"
													aria-label=${t("cancelOf", { number: note.number })}
													?disabled=${this.cancelling !== null}
													@click=${() => this.cancelNote(note)}
												>
													${t("cancel")}
												</button>`
											: nothing
									}
								</div>
								${error ? html`<p class="field-error" role="alert">${error}</p>` : nothing}
							</td>
						</tr>`;
					})}
				</tbody>
			</table>
		</div>`;
	}

	private movements(order: Order) {
		if (order.movements.length === 0) return html`<p class="muted">${t("noMovements")}</p>`;
		const delta = (value: number) =>
			value === 0 ? "" : value > 0 ? `+${formatQuantity(value)}` : formatQuantity(value).replace("-", "−");
		return html`<div class="table-wrap">
			<table class="data ledger-table" data-table="movements">
				<thead>
					<tr>
						<th scope="col">${t("when")}</th>
						<th scope="col">${t("product")}</th>
						<th scope="col">${t("location")}</th>
						<th scope="col">${t("what")}</th>
						<th scope="col" class="num">${t("onHand")}</th>
						<th scope="col" class="num">${t("reserved")}</th>
					</tr>
				</thead>
				<tbody>
					${order.movements.map((m) => {
						const source = movementSource(m.source, order);
						const kind = KINDS[m.kind];
						return html`<tr data-movement-id=${m.id}>
							<td class="nowrap">${formatDateTime(m.at)}</td>
							<td>${productLabel(m.productId, order.lines)}</td>
							<td>${this.locationName(m.locationId)}</td>
							<td>
								${
									source.kind === "delivery"
										? t("deliveryNote", { number: source.number })
										: source.kind === "document"
											? documentLabel(source.document)
											: kind
												? t(kind)
												: m.kind
								}
							</td>
							<td class="num ${m.onHand < 0 ? "down" : m.onHand > 0 ? "up" : ""}">${delta(m.onHand)}</td>
							<td class="num">${delta(m.reserved)}</td>
						</tr>`;
					})}
				</tbody>
			</table>
		</div>`;
	}
}

const DOCUMENT_STATUS = {
	active: "documentActive",
	voided: "documentVoided",
	deleted: "documentDeleted",
	closed: "documentClosed",
} as const;

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-order-page": OrderPage;
	}
}
