/**
 * Lots: every lot holding stock, by product, location and lot (`GET /lots`), a page at a time
 * ("load more"): SKU, name, location, lot, expiry (expired and expiring within 30 days marked) and
 * on hand. Filtered by expiry (expired, expiring within N days, not expired), product (picked by
 * SKU or name) and location; the filters stay in the address (ui/src/lots/lot-list-query.ts). A row
 * opens the product's page; its lot opens the lot's page (its trace). Below, the stock not yet in
 * any lot, to assign (lots-to-assign.ts).
 */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { Location, LotLevel, Page, Product } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import { plural } from "../../i18n/plural";
import { EXPIRING_SOON_DAYS, expiryStatus, utcDay } from "../../lots/lot-expiry";
import {
	chooseProduct,
	LOT_STATUSES,
	type LotFilters,
	type LotQuery,
	type LotStatusFilter,
	lotListHash,
	lotQuery,
	MAX_DAYS,
	NO_LOT_FILTERS,
	type ProductChoice,
	readLotFilters,
} from "../../lots/lot-list-query";
import { AppPage } from "../app-page";
import { formatDay } from "../dates";
import { fieldError } from "../form-field";
import { loadMoreFooter } from "../load-more";
import { problemMessage } from "../problems";
import { routeHash } from "../router";
import { lotsPageMessages as t } from "./lots-page.messages";
import "./lots-to-assign";

type MessageKey = Parameters<typeof t>[0];

const PAGE_SIZE = 50;
/** Typing pauses this long before the product field's suggestions are asked for. */
const SEARCH_DELAY_MS = 200;

const STATUS_LABELS: Record<LotStatusFilter, MessageKey> = {
	"": "statusAll",
	expired: "statusExpired",
	expiring: "statusExpiring",
	current: "statusCurrent",
};

/** A product as the product field offers it. */
const productLabel = (p: ProductChoice) => `${p.sku} — ${p.name}`;

@customElement("stockroom-lots-page")
export class LotsPage extends AppPage {
	@state() private lots: LotLevel[] | null = null;
	@state() private cursor: string | null = null;
	@state() private loadError = "";
	@state() private loadingMore = false;
	@state() private locations: Location[] = [];
	/** The filters as the form shows them; the list shows `#query`'s lots. */
	@state() private filters: LotFilters = { ...NO_LOT_FILTERS };
	@state() private filterErrors: { days?: string; product?: string } = {};
	/** The product field's suggestions, by label. */
	@state() private candidates = new Map<string, ProductChoice>();
	#query: LotQuery = {};
	/** Answers of an older filter that arrive late are dropped. */
	#request = 0;
	#searchTimer: ReturnType<typeof setTimeout> | undefined;
	#searchSeq = 0;

	protected override forgetMessages(): void {
		this.filterErrors = {};
	}

	override connectedCallback(): void {
		super.connectedCallback();
		this.filters = readLotFilters(location.hash);
		let result = lotQuery(this.filters);
		// A span of days edited by hand in the address: the default instead.
		if (!result.ok) {
			this.filters = { ...this.filters, days: NO_LOT_FILTERS.days };
			result = lotQuery(this.filters);
		}
		this.#query = result.ok ? result.query : {};
		void this.load();
		this.api.all<Location>("/locations", { includeArchived: "true" }).then(
			(locations) => {
				this.locations = locations;
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
		if (!more) {
			// The filters go into the address without a navigation (no hashchange), for Back to find them.
			const hash = lotListHash(this.filters);
			if (location.hash !== hash) history.replaceState(null, "", hash);
		}
		if (more) this.loadingMore = true;
		try {
			const page = await this.api.get<Page<LotLevel>>("/lots", {
				...this.#query,
				limit: PAGE_SIZE,
				cursor: more ? this.cursor : undefined,
			});
			if (request !== this.#request) return;
			this.lots = more ? [...(this.lots ?? []), ...page.items] : page.items;
			this.cursor = page.nextCursor;
			this.loadError = "";
		} catch (error) {
			if (request === this.#request) this.loadError = problemMessage(error);
		} finally {
			if (more) this.loadingMore = false;
		}
	}

	/** Runs the filters as they are now; an error stays at its field and nothing is asked. */
	private apply(filters: LotFilters): boolean {
		this.filters = filters;
		const result = lotQuery(filters);
		if (!result.ok) {
			this.filterErrors = { days: t("daysFormat", { max: MAX_DAYS }) };
			return false;
		}
		this.filterErrors = {};
		this.#query = result.query;
		this.lots = null;
		this.cursor = null;
		void this.load();
		return true;
	}

	private setStatus(event: Event): void {
		const status = (event.target as HTMLSelectElement).value as LotStatusFilter;
		this.apply({ ...this.filters, status });
	}

	private setLocation(event: Event): void {
		this.apply({ ...this.filters, locationId: (event.target as HTMLSelectElement).value });
	}

	/** The product field as typed: a label picked from the list is that product; any other text searches. */
	private typedProduct(event: Event): void {
		const text = (event.target as HTMLInputElement).value;
		const picked = this.candidates.get(text);
		const hadProduct = this.filters.productId !== "";
		this.filters = { ...this.filters, product: text, productId: picked?.id ?? "" };
		if (this.filterErrors.product) this.filterErrors = this.filterErrors.days ? { days: this.filterErrors.days } : {};
		clearTimeout(this.#searchTimer);
		// Picked from the list, or cleared: the list follows at once.
		if (picked || (text.trim() === "" && hadProduct)) {
			this.apply(this.filters);
			return;
		}
		if (text.trim() === "") return;
		this.#searchTimer = setTimeout(() => void this.suggest(text.trim()), SEARCH_DELAY_MS);
	}

	private async search(q: string): Promise<ProductChoice[]> {
		const page = await this.api.get<{ items: Product[] }>("/products", { q, limit: 20 });
		// Lots are only ever those of products tracked by lot.
		return page.items.filter((p) => p.tracking === "lot").map((p) => ({ id: p.id, sku: p.sku, name: p.name }));
	}

	private async suggest(q: string): Promise<void> {
		const seq = ++this.#searchSeq;
		try {
			const found = await this.search(q);
			if (seq !== this.#searchSeq) return;
			const candidates = new Map(this.candidates);
			for (const p of found) candidates.set(productLabel(p), p);
			this.candidates = candidates;
		} catch {
			// A failed search leaves the list as it was; filtering will say what is wrong.
		}
	}

	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		clearTimeout(this.#searchTimer);
		const data = new FormData(event.currentTarget as HTMLFormElement);
		const days = String(data.get("days") ?? this.filters.days);
		const text = String(data.get("product") ?? "");
		let filters: LotFilters = { ...this.filters, days, product: text };
		if (text.trim() === "") filters = { ...filters, product: "", productId: "" };
		else if (!filters.productId) {
			let choice: ReturnType<typeof chooseProduct>;
			try {
				const found = [...this.candidates.values()].filter((p) => productLabel(p) === text.trim());
				choice = chooseProduct(text, found.length > 0 ? found : await this.search(text.trim()), productLabel);
			} catch (error) {
				this.loadError = problemMessage(error);
				return;
			}
			if (choice === "none" || choice === "several") {
				this.filters = filters;
				this.filterErrors = { product: t(choice === "none" ? "noProduct" : "severalProducts", { text: text.trim() }) };
				await this.updateComplete;
				this.querySelector<HTMLInputElement>("#lots-product")?.focus();
				return;
			}
			if (choice) filters = { ...filters, productId: choice.id, product: productLabel(choice) };
		}
		if (!this.apply(filters)) {
			await this.updateComplete;
			this.querySelector<HTMLInputElement>("#lots-days")?.focus();
		}
	}

	private clear(): void {
		this.candidates = new Map();
		this.apply({ ...NO_LOT_FILTERS });
	}

	private locationName(id: string): string {
		const l = this.locations.find((x) => x.id === id);
		if (!l) return this.locations.length > 0 ? t("unknownLocation") : "";
		return l.archivedAt ? t("archived", { name: l.name }) : l.name;
	}

	/** A click anywhere on a row opens the product, as its SKU's link does (the link stays for the keyboard). */
	private openRow(event: MouseEvent, lot: LotLevel): void {
		if ((event.target as HTMLElement).closest("a, button")) return;
		location.hash = routeHash({ page: "product", productId: lot.productId });
	}

	override render() {
		return html`<section class="page" data-page="lots" aria-labelledby="lots-page-title">
			<div class="page-head"><h1 id="lots-page-title">${t("title")}</h1></div>
			<p class="lead">${t("lead", { days: EXPIRING_SOON_DAYS })}</p>
			${this.filterForm()}
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			<section class="card" aria-label=${t("listLabel")}>${this.list()}</section>
			<stockroom-lots-to-assign
				.api=${this.api}
				.userRole=${this.userRole}
				.locations=${this.locations}
				@lots-assigned=${() => this.apply(this.filters)}
			></stockroom-lots-to-assign>
		</section>`;
	}

	private filterForm() {
		const f = this.filters;
		const errors = this.filterErrors;
		const filtered = f.status !== "" || f.productId !== "" || f.product.trim() !== "" || f.locationId !== "";
		const active = this.locations.filter((l) => !l.archivedAt || l.id === f.locationId);
		return html`<form
			class="inline-form toolbar-form lots-filters"
			role="search"
			data-form="lot-filters"
			novalidate
			@submit=${this.submit}
		>
			<div class="field">
				<label for="lots-status">${t("status")}</label>
				<select id="lots-status" name="status" data-filter="status" @change=${this.setStatus}>
					${LOT_STATUSES.map((s) => html`<option value=${s} .selected=${f.status === s}>${t(STATUS_LABELS[s])}</option>`)}
				</select>
			</div>
			${
				f.status === "expiring"
					? html`<div class="field days-field">
							<label for="lots-days">${t("days")}</label>
							<input
								id="lots-days"
								name="days"
								data-filter="days"
								inputmode="numeric"
								autocomplete="off"
								size="5"
								.value=${f.days}
								aria-invalid=${errors.days ? "true" : nothing}
								aria-describedby=${errors.days ? "lots-days-error" : nothing}
							/>
							${fieldError("lots-days-error", errors.days)}
						</div>`
					: nothing
			}
			<div class="field">
				<label for="lots-product">${t("product")}</label>
				<input
					id="lots-product"
					name="product"
					type="search"
					data-filter="product"
					list="lots-products"
					autocomplete="off"
					spellcheck="false"
					placeholder=${t("productPlaceholder")}
					.value=${f.product}
					aria-invalid=${errors.product ? "true" : nothing}
					aria-describedby=${errors.product ? "lots-product-error" : nothing}
					@input=${this.typedProduct}
				/>
				<datalist id="lots-products">
					${[...this.candidates.keys()].map((label) => html`<option value=${label}></option>`)}
				</datalist>
				${fieldError("lots-product-error", errors.product)}
			</div>
			<div class="field">
				<label for="lots-location">${t("location")}</label>
				<select id="lots-location" name="locationId" data-filter="location" @change=${this.setLocation}>
					<option value="" .selected=${f.locationId === ""}>${t("allLocations")}</option>
					${active.map((l) => html`<option value=${l.id} .selected=${f.locationId === l.id}>${this.locationName(l.id)}</option>`)}
				</select>
			</div>
			<div class="row-buttons">
				<button type="submit" class="primary">${t("filter")}</button>
				${
					filtered
						? html`<button type="button" class="quiet" data-action="clear-filters" @click=${this.clear}>${t("clear")}</button>`
						: nothing
				}
			</div>
		</form>`;
	}

	private list() {
		const lots = this.lots;
		if (!lots) return this.loadError ? nothing : html`<p class="muted" role="status">${t("loading")}</p>`;
		if (lots.length === 0)
			return html`<p class="muted" role="status">${Object.keys(this.#query).length > 0 ? t("noneFiltered") : t("none")}</p>`;
		const today = utcDay();
		return html`<div class="table-wrap">
				<table class="data lots-list" data-table="lots">
					<thead>
						<tr>
							<th scope="col">${t("sku")}</th>
							<th scope="col">${t("name")}</th>
							<th scope="col">${t("location")}</th>
							<th scope="col">${t("lot")}</th>
							<th scope="col">${t("expiry")}</th>
							<th scope="col" class="num">${t("onHand")}</th>
						</tr>
					</thead>
					<tbody>
						${lots.map((lot) => this.row(lot, today))}
					</tbody>
				</table>
			</div>
			${loadMoreFooter({
				more: Boolean(this.cursor),
				loading: this.loadingMore,
				onMore: () => this.load(true),
				label: t("loadMore"),
				status: plural(t, this.cursor ? "shown" : "allShown", lots.length),
			})}`;
	}

	private row(lot: LotLevel, today: string) {
		const status = expiryStatus(lot, today, EXPIRING_SOON_DAYS);
		return html`<tr
			class="clickable"
			data-product-id=${lot.productId}
			data-location-id=${lot.locationId}
			data-lot=${lot.lot}
			data-expiry-status=${status.kind}
			@click=${(e: MouseEvent) => this.openRow(e, lot)}
		>
			<th scope="row" class="nowrap">
				<a href=${routeHash({ page: "product", productId: lot.productId })} data-product-link>${lot.sku}</a>
			</th>
			<td>${lot.name}</td>
			<td>${this.locationName(lot.locationId)}</td>
			<td class="mono nowrap">
				<a href=${routeHash({ page: "lot", productId: lot.productId, lot: lot.lot })} data-lot-link>${lot.lot}</a>
			</td>
			<td class="nowrap">
				${lot.expiry ? html`<time datetime=${lot.expiry}>${formatDay(lot.expiry)}</time>` : html`<span class="muted">${t("noExpiry")}</span>`}
				${
					status.kind === "expired"
						? html`<span class="badge status-dead" data-marker="expired">${t("expired")}</span>`
						: status.kind === "soon"
							? html`<span class="badge status-pending" data-marker="expiring"
									>${status.days === 0 ? t("expiresToday") : plural(t, "expiresIn", status.days)}</span
								>`
							: nothing
				}
			</td>
			<td class="num">${formatQuantity(lot.onHand)}</td>
		</tr>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-lots-page": LotsPage;
	}
}
