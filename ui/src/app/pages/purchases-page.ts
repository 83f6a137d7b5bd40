/**
 * Purchasing: the company's purchases, newest first, filtered by status, vendor or number, with
 * their totals; links to a new purchase and to the purchase suggestions (managers and owners: they make purchases).
 */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { Location, Page, PurchaseStatus, PurchaseSummary, Vendor } from "../../api/types";
import { formatMoney } from "../../i18n/money";
import { formatQuantity } from "../../i18n/numbers";
import { PURCHASE_STATUSES, statusBadge, statusLabel } from "../../purchasing/purchase-labels";
import { loadLocations, loadVendors } from "../../purchasing/purchase-references";
import { AppPage } from "../app-page";
import { formatDate, formatDay } from "../dates";
import { loadMoreFooter } from "../load-more";
import { problemMessage } from "../problems";
import { purchasesPageMessages as t } from "./purchases-page.messages";

const PAGE_SIZE = 50;

/**
 * `expectedBy` (YYYY-MM-DD): only purchases still to arrive by that day — the start page's link sets
 * it from the address; `vendorId` too comes from the address when the header's search opens a vendor.
 */
type Filters = { status: PurchaseStatus | ""; vendorId: string; q: string; expectedBy: string };

/** The filters an address such as `#/purchases?vendorId=…` or `#/purchases?expectedBy=2026-12-10` sets. */
function addressFilters(hash: string): Pick<Filters, "expectedBy" | "vendorId"> {
	const params = new URLSearchParams(hash.includes("?") ? hash.slice(hash.indexOf("?") + 1) : "");
	const expectedBy = params.get("expectedBy") ?? "";
	return {
		expectedBy: /^\d{4}-\d{2}-\d{2}$/.test(expectedBy) ? expectedBy : "",
		vendorId: params.get("vendorId") ?? "",
	};
}

@customElement("stockroom-purchases-page")
export class PurchasesPage extends AppPage {
	@state() private purchases: PurchaseSummary[] | null = null;
	@state() private cursor: string | null = null;
	@state() private vendors = new Map<string, Vendor>();
	@state() private locations = new Map<string, Location>();
	@state() private filters: Filters = { status: "", vendorId: "", q: "", expectedBy: "" };
	@state() private loadError = "";
	@state() private loadingMore = false;

	override connectedCallback(): void {
		super.connectedCallback();
		this.filters = { ...this.filters, ...addressFilters(location.hash) };
		window.addEventListener("hashchange", this.#onHashChange);
		void this.loadReferences();
		void this.load();
	}

	override disconnectedCallback(): void {
		window.removeEventListener("hashchange", this.#onHashChange);
		super.disconnectedCallback();
	}

	/**
	 * Another address of this list (a vendor opened from the header's search while the list shows):
	 * the app keeps this page, so the page reads the address's filters again.
	 */
	readonly #onHashChange = () => {
		if (location.hash.split("?")[0] !== "#/purchases") return;
		this.filters = { ...this.filters, ...addressFilters(location.hash) };
		void this.load();
	};

	private async loadReferences(): Promise<void> {
		try {
			const [vendors, locations] = await Promise.all([loadVendors(this.api), loadLocations(this.api)]);
			this.vendors = new Map(vendors.map((v) => [v.id, v]));
			this.locations = new Map(locations.map((l) => [l.id, l]));
		} catch (error) {
			this.loadError = problemMessage(error);
		}
	}

	private query(cursor?: string | null) {
		const { status, vendorId, q, expectedBy } = this.filters;
		return {
			status: status || undefined,
			vendorId: vendorId || undefined,
			q: q.trim() || undefined,
			expectedBy: expectedBy || undefined,
			limit: PAGE_SIZE,
			cursor,
		};
	}

	private async load(): Promise<void> {
		this.purchases = null;
		try {
			const page = await this.api.get<Page<PurchaseSummary>>("/purchases", this.query());
			this.purchases = page.items;
			this.cursor = page.nextCursor;
			this.loadError = "";
		} catch (error) {
			this.purchases = [];
			this.loadError = problemMessage(error);
		}
	}

	private async loadMore(): Promise<void> {
		if (!this.cursor) return;
		this.loadingMore = true;
		try {
			const page = await this.api.get<Page<PurchaseSummary>>("/purchases", this.query(this.cursor));
			this.purchases = [...(this.purchases ?? []), ...page.items];
			this.cursor = page.nextCursor;
		} catch (error) {
			this.loadError = problemMessage(error);
		} finally {
			this.loadingMore = false;
		}
	}

	private filter(event: SubmitEvent): void {
		event.preventDefault();
		const data = new FormData(event.currentTarget as HTMLFormElement);
		this.filters = {
			status: String(data.get("status") ?? "") as Filters["status"],
			vendorId: String(data.get("vendorId") ?? ""),
			q: String(data.get("q") ?? ""),
			expectedBy: this.filters.expectedBy,
		};
		this.writeAddress();
		void this.load();
	}

	/** A notice's "Show all": that filter off (the other stays). */
	private showAll(filter: "expectedBy" | "vendorId"): void {
		this.filters = { ...this.filters, [filter]: "" };
		this.writeAddress();
		void this.load();
	}

	/** The address says the filters it can hold, so that a reload shows the same list (no hashchange: no reload now). */
	private writeAddress(): void {
		const { expectedBy, vendorId } = this.filters;
		const params = new URLSearchParams({ ...(expectedBy ? { expectedBy } : {}), ...(vendorId ? { vendorId } : {}) });
		history.replaceState(null, "", params.size > 0 ? `#/purchases?${params}` : "#/purchases");
	}

	override render() {
		return html`<section class="page" data-page="purchases" aria-labelledby="purchases-title">
			<div class="page-head">
				<h1 id="purchases-title">${t("title")}</h1>
				${
					this.may("manager")
						? html`<div class="row-buttons">
								<a class="button" href="#/purchases/suggestions" data-action="suggestions">${t("suggestions")}</a>
								<a class="button primary" href="#/purchases/new" data-action="new-purchase">${t("newPurchase")}</a>
							</div>`
						: nothing
				}
			</div>
			<p class="lead">${t("lead")}</p>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			<section class="card">
				<form class="inline-form" data-form="purchase-filters" aria-label=${t("filters")} @submit=${this.filter}>
					<div class="field">
						<label for="purchases-status">${t("status")}</label>
						<select id="purchases-status" name="status">
							<option value="">${t("anyStatus")}</option>
							${PURCHASE_STATUSES.map(
								(s) => html`<option value=${s} ?selected=${this.filters.status === s}>${statusLabel(s)}</option>`,
							)}
						</select>
					</div>
					<div class="field">
						<label for="purchases-vendor">${t("vendor")}</label>
						<select id="purchases-vendor" name="vendorId">
							<option value="">${t("anyVendor")}</option>
							${[...this.vendors.values()].map(
								(v) => html`<option value=${v.id} ?selected=${this.filters.vendorId === v.id}>${v.name}</option>`,
							)}
						</select>
					</div>
					<div class="field">
						<label for="purchases-q">${t("numberSearch")}</label>
						<input id="purchases-q" name="q" type="search" autocomplete="off" maxlength="100" .value=${this.filters.q} />
					</div>
					<button type="submit">${t("apply")}</button>
				</form>
				${
					this.filters.expectedBy
						? html`<p class="notice-banner" data-filter="expected-by">
								${t("expectedBy", { date: formatDay(this.filters.expectedBy) })}
								<button type="button" class="quiet" data-action="show-all" @click=${() => this.showAll("expectedBy")}>
									${t("showAll")}
								</button>
							</p>`
						: nothing
				}
				${
					this.filters.vendorId
						? html`<p class="notice-banner" data-filter="vendor">
								${t("fromVendor", { vendor: this.vendors.get(this.filters.vendorId)?.name ?? "…" })}
								<button type="button" class="quiet" data-action="show-all" @click=${() => this.showAll("vendorId")}>
									${t("showAll")}
								</button>
							</p>`
						: nothing
				}
				${this.table()}
			</section>
		</section>`;
	}

	private table() {
		const purchases = this.purchases;
		if (!purchases) return html`<p class="muted" role="status">${t("loading")}</p>`;
		const filtered = this.filters.status || this.filters.vendorId || this.filters.q.trim() || this.filters.expectedBy;
		if (purchases.length === 0) return html`<p class="muted" role="status">${t(filtered ? "none" : "noneYet")}</p>`;
		return html`<div class="table-wrap">
				<table class="data" data-table="purchases">
					<thead>
						<tr>
							<th scope="col">${t("number")}</th>
							<th scope="col">${t("status")}</th>
							<th scope="col">${t("vendor")}</th>
							<th scope="col">${t("location")}</th>
							<th scope="col">${t("expected")}</th>
							<th scope="col" class="num">${t("lines")}</th>
							<th scope="col" class="num">${t("ordered")}</th>
							<th scope="col" class="num">${t("received")}</th>
							<th scope="col" class="num">${t("amount")}</th>
							<th scope="col">${t("updated")}</th>
						</tr>
					</thead>
					<tbody>
						${purchases.map(
							(p) => html`<tr data-purchase-id=${p.id}>
								<th scope="row"><a href=${`#/purchases/${encodeURIComponent(p.id)}`}>${p.number}</a></th>
								<td>${statusBadge(p.status)}</td>
								<td>${p.vendorId ? (this.vendors.get(p.vendorId)?.name ?? "…") : t("noVendor")}</td>
								<td>${this.locations.get(p.locationId)?.name ?? "…"}</td>
								<td class="nowrap">${p.expectedDate ? formatDate(`${p.expectedDate}T12:00:00`) : "—"}</td>
								<td class="num">${p.totals ? formatQuantity(p.totals.lines) : "—"}</td>
								<td class="num">${p.totals ? formatQuantity(p.totals.ordered) : "—"}</td>
								<td class="num">${p.totals ? formatQuantity(p.totals.received) : "—"}</td>
								<td class="num nowrap" data-field="amount">${p.totals ? formatMoney(p.totals.amount) : "—"}</td>
								<td class="nowrap">${formatDate(p.updatedAt)}</td>
							</tr>`,
						)}
					</tbody>
				</table>
			</div>
			${loadMoreFooter({
				more: Boolean(this.cursor),
				loading: this.loadingMore,
				onMore: () => this.loadMore(),
				label: t("loadMore"),
				status: t(this.cursor ? "shown" : "allShown", { count: purchases.length }),
			})}`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-purchases-page": PurchasesPage;
	}
}
