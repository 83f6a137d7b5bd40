/**
 * Orders: every order made from a QuickBooks invoice, sales receipt or estimate, newest first,
 * filtered by status and searched by document number or customer, a page at a time ("load more").
 * Backordered and flagged orders are marked; a row opens the order's page.
 */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { Location, OrderStatus, OrderSummary, Page } from "../../api/types";
import { plural } from "../../i18n/plural";
import { documentLabel } from "../../orders/order-flags";
import { ORDER_STATUSES, orderListHash, readOrderListQuery } from "../../orders/order-list-query";
import { orderMessages } from "../../orders/order-messages";
import { AppPage } from "../app-page";
import { formatDate } from "../dates";
import { failureBanner } from "../failure-banner";
import { loadMoreFooter } from "../load-more";
import { isUnreachable, problemMessage } from "../problems";
import { routeHash } from "../router";
import { ordersPageMessages as t } from "./orders-page.messages";

const PAGE_SIZE = 50;
/** Typing pauses this long before the search runs. */
const SEARCH_DELAY_MS = 300;

@customElement("stockroom-orders-page")
export class OrdersPage extends AppPage {
	@state() private orders: OrderSummary[] | null = null;
	@state() private cursor: string | null = null;
	@state() private status: OrderStatus | "" = "";
	@state() private query = "";
	/** Only backordered orders: set from the address (the start page's link), cleared by its checkbox. */
	@state() private backordered = false;
	@state() private loadError = "";
	/** What a Retry does when the list got no answer; null when there is nothing to retry. */
	@state() private loadRetry: (() => Promise<void>) | null = null;
	@state() private loadingMore = false;
	@state() private locations = new Map<string, Location>();
	#searchTimer: ReturnType<typeof setTimeout> | undefined;
	/** Answers of an older filter or search that arrive late are dropped. */
	#request = 0;

	override connectedCallback(): void {
		super.connectedCallback();
		const { status, q, backordered } = readOrderListQuery(location.hash);
		this.status = status;
		this.query = q;
		this.backordered = backordered ?? false;
		void this.load();
		this.api.all<Location>("/locations", { includeArchived: "true" }).then(
			(locations) => {
				this.locations = new Map(locations.map((l) => [l.id, l]));
			},
			() => {}, // the list still shows, with "unknown location"
		);
	}

	override disconnectedCallback(): void {
		clearTimeout(this.#searchTimer);
		super.disconnectedCallback();
	}

	private async load(more = false): Promise<void> {
		const request = ++this.#request;
		// The filter goes into the address without a navigation (no hashchange), for Back to find it.
		const hash = orderListHash({ status: this.status, q: this.query, backordered: this.backordered });
		if (location.hash !== hash) history.replaceState(null, "", hash);
		if (more) this.loadingMore = true;
		try {
			const page = await this.api.get<Page<OrderSummary>>("/orders", {
				status: this.status || undefined,
				q: this.query.trim() || undefined,
				backordered: this.backordered ? "true" : undefined,
				limit: PAGE_SIZE,
				cursor: more ? this.cursor : undefined,
			});
			if (request !== this.#request) return;
			this.orders = more ? [...(this.orders ?? []), ...page.items] : page.items;
			this.cursor = page.nextCursor;
			this.loadError = "";
		} catch (error) {
			if (request === this.#request) {
				this.loadError = problemMessage(error);
				this.loadRetry = isUnreachable(error) ? () => this.load(more) : null;
			}
		} finally {
			if (more) this.loadingMore = false;
		}
	}

	private setStatus(event: Event): void {
		this.status = (event.target as HTMLSelectElement).value as OrderStatus | "";
		this.orders = null;
		void this.load();
	}

	private setBackordered(event: Event): void {
		this.backordered = (event.target as HTMLInputElement).checked;
		this.orders = null;
		void this.load();
	}

	private typed(event: Event): void {
		this.query = (event.target as HTMLInputElement).value;
		clearTimeout(this.#searchTimer);
		this.#searchTimer = setTimeout(() => void this.load(), SEARCH_DELAY_MS);
	}

	private search(event: SubmitEvent): void {
		event.preventDefault();
		clearTimeout(this.#searchTimer);
		void this.load();
	}

	private locationName(id: string): string {
		return this.locations.get(id)?.name ?? (this.locations.size > 0 ? t("unknownLocation") : "");
	}

	/** A click anywhere on a row opens the order, as its number's link does (the link stays for the keyboard). */
	private openRow(event: MouseEvent, order: OrderSummary): void {
		if ((event.target as HTMLElement).closest("a, button")) return;
		location.hash = routeHash({ page: "order", orderId: order.id });
	}

	override render() {
		return html`<section class="page" data-page="orders" aria-labelledby="orders-title">
			<div class="page-head"><h1 id="orders-title">${t("title")}</h1></div>
			<p class="lead">${t("lead")}</p>
			<form class="inline-form toolbar-form" role="search" data-form="order-search" @submit=${this.search}>
				<div class="field">
					<label for="orders-status">${t("status")}</label>
					<select id="orders-status" data-filter="status" @change=${this.setStatus}>
						<option value="" ?selected=${this.status === ""}>${t("all")}</option>
						${ORDER_STATUSES.map((s) => html`<option value=${s} ?selected=${this.status === s}>${orderMessages(s)}</option>`)}
					</select>
				</div>
				<div class="field">
					<label for="orders-q">${t("search")}</label>
					<input
						id="orders-q"
						type="search"
						name="q"
						data-filter="q"
						autocomplete="off"
						placeholder=${t("searchPlaceholder")}
						.value=${this.query}
						@input=${this.typed}
					/>
				</div>
				<label class="check"
					><input type="checkbox" data-filter="backordered" .checked=${this.backordered} @change=${this.setBackordered} />${t(
						"backorderedOnly",
					)}</label
				>
				<button type="submit">${t("search")}</button>
			</form>
			${this.loadError ? failureBanner(this.loadError, this.loadRetry) : nothing}
			<section class="card">${this.list()}</section>
		</section>`;
	}

	private list() {
		const orders = this.orders;
		if (!orders) return this.loadError ? nothing : html`<p class="muted" role="status">${t("loading")}</p>`;
		if (orders.length === 0)
			return html`<p class="muted" role="status">${this.status || this.query.trim() ? t("noneFiltered") : t("none")}</p>`;
		return html`<div class="table-wrap">
				<table class="data orders-table" data-table="orders">
					<thead>
						<tr>
							<th scope="col">${t("number")}</th>
							<th scope="col">${t("date")}</th>
							<th scope="col">${t("customer")}</th>
							<th scope="col">${t("status")}</th>
							<th scope="col">${t("location")}</th>
							<th scope="col">${t("document")}</th>
							<th scope="col">${t("attention")}</th>
						</tr>
					</thead>
					<tbody>
						${orders.map((order) => this.row(order))}
					</tbody>
				</table>
			</div>
			${loadMoreFooter({
				more: Boolean(this.cursor),
				loading: this.loadingMore,
				onMore: () => this.load(true),
				label: t("loadMore"),
				status: plural(t, this.cursor ? "shown" : "allShown", orders.length),
			})}`;
	}

	private row(order: OrderSummary) {
		return html`<tr class="clickable" data-order-id=${order.id} data-status=${order.status} @click=${(e: MouseEvent) => this.openRow(e, order)}>
			<th scope="row"><a href=${routeHash({ page: "order", orderId: order.id })} data-order-link>${order.number}</a></th>
			<td class="nowrap">${formatDate(order.txnDate ?? order.createdAt)}</td>
			<td>${order.customerName ?? "—"}</td>
			<td><span class="badge order-status-${order.status}">${orderMessages(order.status)}</span></td>
			<td>${this.locationName(order.locationId)}</td>
			<td>${documentLabel(order.source)}</td>
			<td>
				${
					order.backordered
						? html`<span class="badge status-pending" data-marker="backordered" title=${orderMessages("backorderedHelp")}
								>${orderMessages("backordered")}</span
							>`
						: nothing
				}
				${
					order.flags.length > 0
						? html`<span class="badge status-dead" data-marker="flagged" title=${plural(t, "flags", order.flags.length)}
								>${orderMessages("flagged")}</span
							>`
						: nothing
				}
			</td>
		</tr>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-orders-page": OrdersPage;
	}
}
