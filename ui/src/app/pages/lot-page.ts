/**
 * A lot's (or serial's) page, `#/lots/<productId>/<lot>` (docs/architecture.md#traceability): where
 * it came from (a vendor's receipt, unassigned stock assigned to it, a build and the lots it used),
 * where it is now per location, where it went (delivery notes and orders to customers, with their
 * QuickBooks documents; builds and the lots they made), the lots it was built from and into through
 * every level (each a link to its own page), the recall — every customer who received it, with a
 * CSV download — and its history in the ledger.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { Location, LotTrace, Recall, TraceSource } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import { plural } from "../../i18n/plural";
import { type BuiltLot, type TraceStep, traceView } from "../../lots/lot-trace-view";
import { documentLabel } from "../../orders/order-flags";
import { AppPage } from "../app-page";
import { formatDate, formatDateTime, formatDay } from "../dates";
import { documentSuffix, qboIdLabel } from "../document-names";
import { movementKindLabel } from "../movement-kinds";
import { reasonNote } from "../movement-reasons";
import { problemMessage } from "../problems";
import { routeHash } from "../router";
import { lotPageMessages as t } from "./lot-page.messages";

type MessageKey = Parameters<typeof t>[0];

const lotHref = (l: { productId: string; lot: string }) =>
	routeHash({ page: "lot", productId: l.productId, lot: l.lot });

@customElement("stockroom-lot-page")
export class LotPage extends AppPage {
	@property() productId = "";
	@property() lot = "";
	@state() private trace: LotTrace | null = null;
	@state() private recall: Recall | null = null;
	@state() private recallError = "";
	@state() private locations = new Map<string, Location>();
	@state() private missing = false;
	@state() private loadError = "";
	/** Answers for a lot left before they arrived are dropped. */
	#request = 0;

	protected override willUpdate(changed: PropertyValues<this>): void {
		if ((changed.has("productId") || changed.has("lot")) && this.productId && this.lot) void this.load();
	}

	protected override updated(): void {
		if (this.trace) document.title = `${this.heading(this.trace)} — Stockroom`;
	}

	private heading(trace: LotTrace): string {
		return t(trace.lot.tracking === "serial" ? "serialTitle" : "title", { lot: trace.lot.lot });
	}

	private async load(): Promise<void> {
		const request = ++this.#request;
		this.trace = null;
		this.recall = null;
		this.recallError = "";
		this.missing = false;
		this.loadError = "";
		const path = `/products/${encodeURIComponent(this.productId)}/lots/${encodeURIComponent(this.lot)}/trace`;
		this.api.all<Location>("/locations", { includeArchived: "true" }).then(
			(locations) => {
				if (request === this.#request) this.locations = new Map(locations.map((l) => [l.id, l]));
			},
			() => {}, // the page still shows, with "unknown location"
		);
		// The recall needs every location: a caller limited to some is refused it, and the page says why.
		this.api.get<Recall>("/recall", { productId: this.productId, lot: this.lot }).then(
			(recall) => {
				if (request === this.#request) this.recall = recall;
			},
			(error: unknown) => {
				if (request === this.#request) this.recallError = problemMessage(error);
			},
		);
		try {
			const trace = await this.api.get<LotTrace>(path);
			if (request === this.#request) this.trace = trace;
		} catch (error) {
			if (request !== this.#request) return;
			if (error instanceof ApiError && error.status === 404) this.missing = true;
			else this.loadError = problemMessage(error);
		}
	}

	private locationName(id: string): string {
		return this.locations.get(id)?.name ?? (this.locations.size > 0 ? t("unknownLocation") : "");
	}

	override render() {
		const trace = this.trace;
		const heading = this.missing
			? t("notFound")
			: trace
				? this.heading(trace)
				: this.loadError
					? t("title", { lot: this.lot })
					: t("loading");
		return html`<section
			class="page lot-page"
			data-page="lot"
			data-lot=${this.lot}
			aria-busy=${!trace && !this.missing && !this.loadError ? "true" : "false"}
		>
			<p class="breadcrumb"><a href="#/lots">← ${t("lots")}</a></p>
			<div class="page-head"><h1 tabindex="-1">${heading}</h1></div>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			${trace ? this.body(trace) : nothing}
		</section>`;
	}

	private body(trace: LotTrace) {
		const view = traceView(trace);
		const lot = trace.lot;
		return html`<dl class="facts stacked">
				<div>
					<dt>${t("product")}</dt>
					<dd><a href=${routeHash({ page: "product", productId: lot.productId })}>${lot.sku}</a> — ${lot.name}</dd>
				</div>
				<div>
					<dt>${t("expiry")}</dt>
					<dd>${lot.expiry ? html`<time datetime=${lot.expiry}>${formatDay(lot.expiry)}</time>` : t("noExpiry")}</dd>
				</div>
				${
					lot.batch
						? html`<div>
								<dt>${t("batch")}</dt>
								<dd><a href=${lotHref({ productId: lot.productId, lot: lot.batch })}>${lot.batch}</a></dd>
							</div>`
						: nothing
				}
				<div><dt>${t("onHand")}</dt><dd data-field="on-hand">${formatQuantity(trace.onHand)}</dd></div>
			</dl>
			${trace.truncated ? html`<p class="notice-banner" role="status" data-notice="truncated">${t("truncated")}</p>` : nothing}
			<section class="card" aria-labelledby="lot-origins" data-section="origins">
				<h2 id="lot-origins">${t("originsTitle")}</h2>
				${
					view.origins.length === 0
						? html`<p class="muted">${t("noOrigins")}</p>`
						: html`<ul class="trace-steps">${view.origins.map((step) => this.origin(step))}</ul>`
				}
			</section>
			${this.now(trace)} ${this.went(view.destinations)}
			${this.built("builtFromTitle", "built-from", view.builtFrom)} ${this.built("builtIntoTitle", "built-into", view.builtInto)}
			${this.recallSection()} ${this.history(trace)}`;
	}

	/** What a source is, in a sentence: its document, vendor or location. */
	private sourceLabel(source: TraceSource) {
		const where = this.locationName(source.locationId);
		switch (source.type) {
			case "receipt": {
				const p = source.purchase;
				const receipts = [...new Set(p?.receipts.map((r) => r.number))];
				return html`${t("received", { vendor: p?.vendorName ?? t("unknownVendor") })} —
					${p ? html`<a href=${routeHash({ page: "purchase", purchaseId: p.id })}>${t("purchase", { number: p.number })}</a>` : nothing}${receipts.map(
						(n) => html`, ${t("receipt", { number: n })}`,
					)}`;
			}
			case "lot_assignment":
				return t("assigned", { location: where });
			case "adjustment":
				return t("adjusted", { location: where });
			case "count":
				return t("counted", { location: where });
			case "build":
				return t(source.build?.kind === "unbuild" ? "unbuiltBy" : "builtBy", { number: source.build?.number ?? "" });
			case "delivery":
				return source.delivery
					? html`<a href=${routeHash({ page: "delivery", deliveryId: source.delivery.id })} data-delivery-link
							>${t("deliveryNote", { number: source.delivery.number })}</a
						>`
					: nothing;
			case "order":
				return source.order ? t("shippedOn", { document: this.orderDocument(source.order) }) : nothing;
			case "qbo_document":
				return t("qboDocument", {
					type: source.qboDocument?.type ?? "",
					number: source.qboDocument?.docNumber ?? qboIdLabel(source.qboDocument?.id ?? ""),
				});
			default:
				return t("other", { kind: movementKindLabel(source.kind), location: where });
		}
	}

	private orderDocument(order: NonNullable<TraceSource["order"]>): string {
		return documentLabel({ type: order.qboType, qboId: order.qboId, docNumber: order.qboDocNumber });
	}

	private linkedLots(label: MessageKey, step: TraceStep) {
		if (step.lots.length === 0) return nothing;
		return html`<span class="trace-note small">${t(label)}
			${step.lots.map(
				(l, i) =>
					html`${i > 0 ? ", " : ""}<a href=${lotHref(l)} data-lot-link=${l.lot}>${l.sku} ${l.lot}</a> (${formatQuantity(l.quantity)})`,
			)}</span
		>`;
	}

	private origin(step: TraceStep) {
		const s = step.source;
		return html`<li data-source-type=${s.type}>
			<span>${this.sourceLabel(s)}</span>
			<span class="muted small"> · ${formatDate(s.at)} · ${formatQuantity(step.quantity)}</span>
			${reasonNote(s, "trace-note small muted")} ${this.linkedLots("fromLots", step)}
		</li>`;
	}

	private now(trace: LotTrace) {
		return html`<section class="card" aria-labelledby="lot-now" data-section="now">
			<h2 id="lot-now">${t("nowTitle")}</h2>
			${
				trace.locations.length === 0
					? html`<p class="muted">${t("nowNone")}</p>`
					: html`<div class="table-wrap">
							<table class="data" data-table="lot-locations">
								<thead><tr><th scope="col">${t("location")}</th><th scope="col" class="num">${t("onHand")}</th></tr></thead>
								<tbody>
									${trace.locations.map(
										(l) => html`<tr data-location-id=${l.locationId}>
											<th scope="row">${this.locationName(l.locationId)}</th>
											<td class="num">${formatQuantity(l.onHand)}</td>
										</tr>`,
									)}
								</tbody>
							</table>
						</div>`
			}
		</section>`;
	}

	private went(steps: TraceStep[]) {
		return html`<section class="card" aria-labelledby="lot-went" data-section="went">
			<h2 id="lot-went">${t("wentTitle")}</h2>
			${
				steps.length === 0
					? html`<p class="muted">${t("wentNone")}</p>`
					: html`<div class="table-wrap">
							<table class="data stack-on-phone" data-table="lot-destinations">
								<thead>
									<tr>
										<th scope="col">${t("date")}</th>
										<th scope="col">${t("what")}</th>
										<th scope="col">${t("customer")}</th>
										<th scope="col" class="num">${t("quantity")}</th>
									</tr>
								</thead>
								<tbody>
									${steps.map(
										(step) => html`<tr data-source-type=${step.source.type}>
											<td class="nowrap" data-label=${t("date")}>${formatDate(step.source.at)}</td>
											<td data-label=${t("what")}>
												${this.sourceLabel(step.source)}
												${
													step.source.order
														? html`<span class="trace-note small"
																><a href=${routeHash({ page: "order", orderId: step.source.order.id })}
																	>${t("order", { number: step.source.order.number })}</a
																>${step.source.type === "delivery" ? html` · ${this.orderDocument(step.source.order)}` : nothing}</span
															>`
														: nothing
												}
												${this.linkedLots("intoLots", step)}
											</td>
											<td data-customer data-label=${t("customer")}>${step.source.order?.customerName ?? "—"}</td>
											<td class="num" data-label=${t("quantity")}>${formatQuantity(step.quantity)}</td>
										</tr>`,
									)}
								</tbody>
							</table>
						</div>`
			}
		</section>`;
	}

	private built(title: MessageKey, section: string, lots: BuiltLot[]) {
		if (lots.length === 0) return nothing;
		return html`<section class="card" aria-labelledby=${`lot-${section}`} data-section=${section}>
			<h2 id=${`lot-${section}`}>${t(title)}</h2>
			<ul class="trace-levels">
				${lots.map(
					({ lot, build }) => html`<li style=${`--depth: ${lot.depth - 1}`} data-depth=${lot.depth}>
						<span class="muted small">${t("level", { depth: lot.depth })}</span>
						<a href=${lotHref(lot)} data-lot-link=${lot.lot}>${lot.sku} — ${lot.lot}</a>
						${build?.build ? html`<span class="muted small">${t("via", { number: build.build.number })}</span>` : nothing}
					</li>`,
				)}
			</ul>
		</section>`;
	}

	private recallSection() {
		const recall = this.recall;
		const csv = this.api.url("/recall", { productId: this.productId, lot: this.lot, format: "csv" });
		return html`<section class="card" aria-labelledby="lot-recall" data-section="recall">
			<div class="section-head">
				<h2 id="lot-recall">${t("recallTitle")}</h2>
				${recall ? html`<a class="button" href=${csv} download data-action="download-csv">${t("download")}</a>` : nothing}
			</div>
			<p class="help">${t("recallLead")}</p>
			${this.recallError ? html`<p class="notice-banner" role="status">${this.recallError}</p>` : nothing}
			${
				!recall
					? this.recallError
						? nothing
						: html`<p class="muted" role="status">${t("recallLoading")}</p>`
					: recall.items.length === 0
						? html`<p class="muted">${t("recallNone")}</p>`
						: html`${recall.truncated ? html`<p class="notice-banner">${t("recallTruncated")}</p>` : nothing}
								<div class="table-wrap">
									<table class="data stack-on-phone" data-table="recall">
										<thead>
											<tr>
												<th scope="col">${t("customer")}</th>
												<th scope="col">${t("date")}</th>
												<th scope="col">${t("product")}</th>
												<th scope="col" class="num">${t("quantity")}</th>
												<th scope="col">${t("what")}</th>
											</tr>
										</thead>
										<tbody>
											${recall.items.map(
												(r) => html`<tr data-order-id=${r.orderId}>
													<th scope="row" data-customer data-label=${t("customer")}>${r.customerName ?? "—"}</th>
													<td class="nowrap" data-label=${t("date")}>${formatDate(r.at)}</td>
													<td data-label=${t("product")}><a href=${lotHref(r)}>${r.sku} — ${r.lot}</a></td>
													<td class="num" data-label=${t("quantity")}>${formatQuantity(r.quantity)}</td>
													<td data-label=${t("what")}>
														${
															r.deliveryId
																? html`<a href=${routeHash({ page: "delivery", deliveryId: r.deliveryId })}
																		>${t("deliveryNote", { number: r.deliveryNumber ?? "" })}</a
																	><br />`
																: nothing
														}<a href=${routeHash({ page: "order", orderId: r.orderId })}>${t("order", { number: r.orderNumber })}</a>
														· ${documentLabel({ type: r.qboType, qboId: r.qboId, docNumber: r.qboDocNumber })}
													</td>
												</tr>`,
											)}
										</tbody>
									</table>
								</div>`
			}
		</section>`;
	}

	private history(trace: LotTrace) {
		return html`<section class="card" aria-labelledby="lot-history" data-section="history">
			<h2 id="lot-history">${t("historyTitle")}</h2>
			<p class="help">${t("historyLead")}</p>
			<div class="table-wrap">
				<table class="data stack-on-phone" data-table="lot-history">
					<thead>
						<tr>
							<th scope="col">${t("date")}</th>
							<th scope="col">${t("location")}</th>
							<th scope="col">${t("kind")}</th>
							<th scope="col" class="num">${t("change")}</th>
							<th scope="col" class="num">${t("after")}</th>
						</tr>
					</thead>
					<tbody>
						${trace.history.map(
							(m) => html`<tr data-movement-id=${m.movementId}>
								<td class="nowrap" data-label=${t("date")}>${formatDateTime(m.at)}</td>
								<td data-label=${t("location")}>${this.locationName(m.locationId)}</td>
								<td data-label=${t("kind")}>${movementKindLabel(m.kind)}${documentSuffix(m)}${reasonNote(m, "trace-note small muted")}</td>
								<td class="num ${m.delta < 0 ? "negative" : ""}" data-label=${t("change")}>${m.delta > 0 ? "+" : ""}${formatQuantity(m.delta)}</td>
								<td class="num" data-label=${t("after")}>${formatQuantity(m.after)}</td>
							</tr>`,
						)}
					</tbody>
				</table>
			</div>
			${trace.historyTruncated ? html`<p class="help">${plural(t, "historyTruncated", trace.history.length)}</p>` : nothing}
		</section>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-lot-page": LotPage;
	}
}
