/**
 * A delivery note as the driver takes it: number, date, customer, where to deliver, the location
 * the goods leave from, each line with SKU, name, quantity and a blank box to tick, and lines to
 * sign. Its own address (`#/deliveries/<id>`) opens it directly; Print prints it alone — app.css's
 * print rules hide the app's header and buttons, black on white, no row cut across two pages.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { DeliveryNoteDetail, Location } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import { documentLabel } from "../../orders/order-flags";
import { AppPage } from "../app-page";
import { formatDate } from "../dates";
import { problemMessage } from "../problems";
import { routeHash } from "../router";
import { deliveryNotePageMessages as t } from "./delivery-note-page.messages";

@customElement("stockroom-delivery-note-page")
export class DeliveryNotePage extends AppPage {
	@property() deliveryId = "";
	/** The company the goods leave from: the app's header, which says it on screen, is not printed. */
	@property() companyName = "";
	@state() private note: DeliveryNoteDetail | null = null;
	@state() private locations = new Map<string, Location>();
	@state() private missing = false;
	@state() private loadError = "";

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("deliveryId") && this.deliveryId) void this.load();
	}

	protected override updated(): void {
		// The tab's title is also what a printed page's header shows.
		if (this.note) document.title = `${t("title", { number: this.note.number })} — Stockroom`;
	}

	private async load(): Promise<void> {
		this.note = null;
		this.missing = false;
		this.loadError = "";
		try {
			const [note, locations] = await Promise.all([
				this.api.get<DeliveryNoteDetail>(`/deliveries/${encodeURIComponent(this.deliveryId)}`),
				this.api.all<Location>("/locations", { includeArchived: "true" }),
			]);
			this.locations = new Map(locations.map((l) => [l.id, l]));
			this.note = note;
		} catch (error) {
			if (error instanceof ApiError && error.status === 404) this.missing = true;
			else this.loadError = problemMessage(error);
		}
	}

	private print(): void {
		window.print();
	}

	override render() {
		const note = this.note;
		const heading = this.missing
			? t("notFound")
			: note
				? t("title", { number: note.number })
				: this.loadError
					? t("deliveryNote")
					: t("loading");
		// One heading whatever the state: the focus the shell gave it on navigation survives the note's arrival.
		return html`<section
			class="page delivery-note-page"
			data-page="delivery"
			data-delivery-id=${note?.id ?? nothing}
			aria-busy=${!note && !this.missing && !this.loadError ? "true" : "false"}
		>
			<div class="no-print delivery-note-toolbar">
				<p class="breadcrumb">
					${
						note
							? html`<a href=${routeHash({ page: "order", orderId: note.orderId })}
									>← ${t("backToOrder", { number: note.order.number })}</a
								>`
							: html`<a href="#/orders">← ${t("orders")}</a>`
					}
				</p>
				${
					note
						? html`<button type="button" class="primary" data-action="print" @click=${this.print}>${t("print")}</button>`
						: nothing
				}
			</div>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			<article class="delivery-note" data-status=${note?.status ?? nothing} aria-labelledby="delivery-note-title">
				<header class="delivery-note-head">
					<div>
						${this.companyName ? html`<p class="delivery-note-company" data-company>${this.companyName}</p>` : nothing}
						<h1 id="delivery-note-title" tabindex="-1">${heading}</h1>
					</div>
					${note ? this.facts(note) : nothing}
				</header>
				${note ? this.body(note) : nothing}
			</article>
		</section>`;
	}

	private facts(note: DeliveryNoteDetail) {
		return html`<dl class="facts stacked">
			<div><dt>${t("date")}</dt><dd>${formatDate(note.createdAt)}</dd></div>
			<div><dt>${t("order")}</dt><dd>${note.order.number}</dd></div>
			<div><dt>${t("document")}</dt><dd>${documentLabel(note.order.source)}</dd></div>
		</dl>`;
	}

	private body(note: DeliveryNoteDetail) {
		const location = this.locations.get(note.locationId);
		return html`${
			note.status === "cancelled"
				? html`<p class="error-banner delivery-note-cancelled" role="status">
							${t("cancelled", { date: formatDate(note.cancelledAt) })}
						</p>`
				: nothing
		}
			<div class="delivery-note-parties">
				<section aria-labelledby="dn-customer">
					<h2 id="dn-customer">${t("customer")}</h2>
					<p data-customer>${note.customerName ?? note.order.customerName ?? "—"}</p>
				</section>
				<section aria-labelledby="dn-ship-to">
					<h2 id="dn-ship-to">${t("shipTo")}</h2>
					${
						note.shipTo
							? html`<p class="address" data-ship-to>${note.shipTo}</p>`
							: html`<p class="muted">${t("noShipTo")}</p>`
					}
				</section>
				<section aria-labelledby="dn-from">
					<h2 id="dn-from">${t("from")}</h2>
					<p data-location>${location?.name ?? t("unknownLocation")}</p>
				</section>
			</div>
			${note.note ? html`<p class="delivery-note-text"><strong>${t("note")}</strong> ${note.note}</p>` : nothing}
			<div class="table-wrap">
				<table class="data delivery-note-lines" data-table="delivery-note-lines">
					<thead>
						<tr>
							<th scope="col" class="num line-no">${t("line")}</th>
							<th scope="col">${t("sku")}</th>
							<th scope="col">${t("product")}</th>
							<th scope="col" class="num">${t("quantity")}</th>
							<th scope="col" class="check-cell">${t("checked")}</th>
						</tr>
					</thead>
					<tbody>
						${note.lines.map(
							(line, index) => html`<tr data-product-id=${line.productId}>
								<td class="num">${index + 1}</td>
								<td class="mono">${line.sku}</td>
								<td>${line.name}</td>
								<td class="num" data-field="quantity">${formatQuantity(line.quantity)}</td>
								<td class="check-cell"><span class="check-box" role="img" aria-label=${t("checkedBox")}></span></td>
							</tr>`,
						)}
					</tbody>
				</table>
			</div>
			<div class="signatures">
				<div class="signature-line">${t("receivedBy")}</div>
				<div class="signature-line">${t("signature")}</div>
				<div class="signature-line">${t("receivedOn")}</div>
			</div>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-delivery-note-page": DeliveryNotePage;
	}
}
