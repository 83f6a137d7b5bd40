/**
 * The start page, where a signed-in person lands: what needs attention today at their locations —
 * products below their reorder point (with "Create purchases"), negative stock, backordered orders,
 * what arrives this week, the stock's value, and the QuickBooks link's health — from one call,
 * `GET /overview` (docs/api.md#start-page-figures). Each figure links to the list it counts, filtered
 * the same way. Cards in a grid that falls to one column on a phone.
 */
import { html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { components } from "../../api/openapi";
import { formatMoney } from "../../i18n/money";
import { formatQuantity } from "../../i18n/numbers";
import { plural } from "../../i18n/plural";
import { orderListHash } from "../../orders/order-list-query";
import { AppPage } from "../app-page";
import { formatDateTime, formatDay } from "../dates";
import { problemMessage } from "../problems";
import { mayOpen } from "../role-access";
import { routeHash } from "../router";
import { stockFilterHash, stockValueHash } from "../stock-filter-hash";
import { startPageMessages as t } from "./start-page.messages";

type Overview = components["schemas"]["Overview"];

// Light DOM: the page's own rules, kept to its `start-` classes. Cards in as many columns as fit,
// one on a phone; long names wrap rather than widen the page.
const styles = html`<style>
	.start-cards {
		display: grid;
		grid-template-columns: repeat(auto-fill, minmax(min(100%, 20rem), 1fr));
		gap: 1rem;
		margin-top: 1rem;
	}
	.start-card {
		background: var(--surface);
		border: 1px solid var(--line);
		border-radius: var(--radius);
		padding: 1rem;
		min-width: 0;
		overflow-wrap: anywhere;
	}
	.start-card h2 {
		font-size: 1rem;
		margin: 0 0 0.5rem;
	}
	.start-figure {
		display: flex;
		align-items: baseline;
		gap: 0.5rem;
		text-decoration: none;
	}
	.start-figure:hover .start-label {
		text-decoration: underline;
	}
	.start-count {
		font-size: 2rem;
		font-weight: 600;
		line-height: 1.1;
	}
	.start-card ul {
		list-style: none;
		margin: 0.75rem 0 0;
		padding: 0;
	}
	.start-card li {
		padding: 0.35rem 0;
		border-top: 1px solid var(--line);
	}
	.start-card li .muted {
		display: block;
		font-size: 0.875rem;
	}
	.start-card .start-actions {
		margin: 0.75rem 0 0;
	}
	.start-card.alert {
		border-color: var(--danger);
	}
	.start-values td,
	.start-values th {
		padding: 0.25rem 0;
		text-align: left;
	}
	.start-values td:last-child,
	.start-values th:last-child {
		text-align: right;
		padding-left: 1rem;
	}
	.start-values tfoot th {
		border-top: 1px solid var(--line);
	}
</style>`;

@customElement("stockroom-start-page")
export class StartPage extends AppPage {
	@state() private overview: Overview | null = null;
	@state() private loadError = "";

	override connectedCallback(): void {
		super.connectedCallback();
		void this.load();
	}

	private async load(): Promise<void> {
		this.loadError = "";
		try {
			this.overview = await this.api.get<Overview>("/overview");
		} catch (error) {
			this.loadError = problemMessage(error);
		}
	}

	override render() {
		const o = this.overview;
		return html`${styles}
			<section class="page page-start" data-page="start" aria-labelledby="start-title">
				<div class="page-head">
					<h1 id="start-title">${t("title")}</h1>
					${o ? html`<p class="muted">${t("updated", { time: formatDateTime(o.asOf) })}</p>` : nothing}
				</div>
				${
					this.loadError
						? html`<p role="alert" class="error">${t("loadFailed", { message: this.loadError })}</p>
								<button type="button" data-action="retry" @click=${this.load}>${t("retry")}</button>`
						: nothing
				}
				${
					o
						? html`<div class="start-cards">
								${this.belowCard(o)} ${this.negativeCard(o)} ${this.backorderedCard(o)} ${this.arrivingCard(o)}
								${this.valueCard(o)} ${this.qboCard(o)}
							</div>`
						: this.loadError
							? nothing
							: html`<p role="status">${t("loading")}</p>`
				}
			</section>`;
	}

	/** Location names by id: the value card lists every location the caller sees. */
	private locationName(o: Overview, id: string): string {
		return o.stockValue.locations.find((l) => l.locationId === id)?.name ?? t("unknownLocation");
	}

	/** A card's figure: the count, large, and what it counts, as one link to the list it counts. */
	private figure(name: string, href: string, count: number, label: string): TemplateResult {
		return html`<a class="start-figure" data-figure=${name} href=${href}>
			<span class="start-count">${formatQuantity(count)}</span><span class="start-label">${label}</span>
		</a>`;
	}

	private card(name: string, title: string, body: TemplateResult, alert = false): TemplateResult {
		const id = `start-${name}-title`;
		return html`<section class="start-card ${alert ? "alert" : ""}" data-card=${name} aria-labelledby=${id}>
			<h2 id=${id}>${title}</h2>
			${body}
		</section>`;
	}

	/** A card's few products, each linking to its page, with what `line` says of it; nothing when none. */
	private levelList<L extends { productId: string; sku: string; name: string }>(levels: L[], line: (l: L) => string) {
		if (levels.length === 0) return nothing;
		return html`<ul>
			${levels.map(
				(l) => html`<li>
					<a href=${routeHash({ page: "product", productId: l.productId })}>${l.sku} · ${l.name}</a>
					<span class="muted">${line(l)}</span>
				</li>`,
			)}
		</ul>`;
	}

	private belowCard(o: Overview) {
		const { products, levels } = o.belowReorder;
		return this.card(
			"below-reorder",
			t("belowTitle"),
			html`${this.figure("below-reorder", stockFilterHash("below-reorder"), products, plural(t, "below", products))}
				${this.levelList(levels, (l) =>
					t("belowLine", {
						location: this.locationName(o, l.locationId),
						available: formatQuantity(l.available),
						reorderPoint: formatQuantity(l.reorderPoint),
					}),
				)}
				${
					products > 0 && mayOpen({ page: "purchase-suggestions" }, this.userRole)
						? html`<p class="start-actions">
								<a class="button primary" data-action="create-purchases" href=${routeHash({ page: "purchase-suggestions" })}
									>${t("createPurchases")}</a
								>
							</p>`
						: nothing
				}`,
		);
	}

	private negativeCard(o: Overview) {
		const { products, levels } = o.negative;
		return this.card(
			"negative",
			t("negativeTitle"),
			html`${this.figure("negative", stockFilterHash("negative"), products, plural(t, "negative", products))}
			${this.levelList(levels, (l) =>
				t("negativeLine", {
					location: this.locationName(o, l.locationId),
					onHand: formatQuantity(l.onHand),
					available: formatQuantity(l.available),
				}),
			)}`,
			products > 0,
		);
	}

	private backorderedCard(o: Overview) {
		const { count, orders } = o.backordered;
		return this.card(
			"backordered",
			t("backorderedTitle"),
			html`${this.figure(
				"backordered",
				orderListHash({ status: "", q: "", backordered: true }),
				count,
				plural(t, "backordered", count),
			)}
			${
				orders.length > 0
					? html`<ul>
							${orders.map(
								(order) => html`<li>
									<a href=${routeHash({ page: "order", orderId: order.id })}>${order.number}</a>
									<span class="muted">${order.customerName ?? t("noCustomer")} · ${formatDay(order.txnDate)}</span>
								</li>`,
							)}
						</ul>`
					: nothing
			}`,
		);
	}

	private arrivingCard(o: Overview) {
		const { count, late, until, purchases } = o.arriving;
		return this.card(
			"arriving",
			t("arrivingTitle"),
			html`${this.figure(
				"arriving",
				`#/purchases?expectedBy=${until}`,
				count,
				plural(t, "arriving", count, { until: formatDay(until) }),
			)}
			${late > 0 ? html`<p data-late>${plural(t, "late", late)}</p>` : nothing}
			${
				purchases.length > 0
					? html`<ul>
							${purchases.map(
								(p) => html`<li>
									<a href=${routeHash({ page: "purchase", purchaseId: p.id })}>${p.number}</a>
									<span class="muted"
										>${t("arrivingLine", { vendor: p.vendorName ?? t("noVendor"), date: formatDay(p.expectedDate) })}</span
									>
								</li>`,
							)}
						</ul>`
					: nothing
			}`,
		);
	}

	private valueCard(o: Overview) {
		const { total, locations, productsWithoutCost } = o.stockValue;
		return this.card(
			"stock-value",
			t("valueTitle"),
			html`<a class="start-figure" data-figure="stock-value" href=${stockValueHash()}>
					<span class="start-count">${formatMoney(total)}</span
					><span class="visually-hidden">${t("openGrid")}</span>
				</a>
				<p class="muted">${t("valueSource")}</p>
				<table class="start-values">
					<tbody>
						${locations.map(
							(l) => html`<tr data-location=${l.locationId}>
								<th scope="row">${l.name}</th>
								<td>${formatMoney(l.value)}</td>
							</tr>`,
						)}
					</tbody>
					<tfoot>
						<tr>
							<th scope="row">${t("valueTotal")}</th>
							<th>${formatMoney(total)}</th>
						</tr>
					</tfoot>
				</table>
				${productsWithoutCost > 0 ? html`<p data-without-cost>${plural(t, "withoutCost", productsWithoutCost)}</p>` : nothing}`,
		);
	}

	private qboCard(o: Overview) {
		const { connection, lastEventAt, failed, dead } = o.quickbooks;
		const troubled = connection !== "connected" || failed > 0 || dead > 0;
		return this.card(
			"quickbooks",
			t("qboTitle"),
			html`<p data-connection=${connection}>
					<strong>${t(`connection_${connection}`)}</strong>
				</p>
				<p>${lastEventAt ? t("lastEvent", { time: formatDateTime(lastEventAt) }) : t("noEvent")}</p>
				${failed > 0 ? html`<p data-failed>${plural(t, "failed", failed)}</p>` : nothing}
				${dead > 0 ? html`<p data-dead>${plural(t, "dead", dead)}</p>` : nothing}
				${failed === 0 && dead === 0 ? html`<p>${t("allGood")}</p>` : nothing}
				${
					mayOpen({ page: "sync" }, this.userRole)
						? html`<p class="start-actions">
								<a data-figure="quickbooks" href=${routeHash({ page: "sync" })}>${t("openSync")}</a>
							</p>`
						: nothing
				}`,
			troubled,
		);
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-start-page": StartPage;
	}
}
