/**
 * A product's page: its levels per location, stock over time, its lots when it is tracked by lot
 * and the managers' lot tracking setting (product-lots-panel.ts), adjustment and transfer forms
 * (product-stock-forms.ts; staff and above, with lot or serial rows for a tracked product), a count
 * (product-count-form.ts, per lot for a tracked product), its assembly (ui/src/assemblies/assembly-panel.ts),
 * and its ledger (newest first, who made each movement, "load more"; for a tracked product, "Change
 * lots" on stock that left, staff and above: lot-repick-form.ts).
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import "../../assemblies/assembly-panel";
import type { Location, LocationLots, Movement, Page, Product, ProductLots } from "../../api/types";
import { getLocale, type Locale } from "../../i18n/locale";
import { formatQuantity } from "../../i18n/numbers";
import { plural } from "../../i18n/plural";
import { LiveFeed } from "../../live/live-feed";
import { knownLots } from "../../lots/product-lots";
import { offersRepick } from "../../lots/repick";
import { actorLabel } from "../actor-label";
import { AppPage } from "../app-page";
import { formatDateTime } from "../dates";
import { documentSuffix } from "../document-names";
import { failureBanner } from "../failure-banner";
import { loadMoreFooter } from "../load-more";
import { movementKindLabel } from "../movement-kinds";
import { reasonNote } from "../movement-reasons";
import { isUnreachable, problemMessage } from "../problems";
import { stockChart } from "../stock-chart";
import { type StockPoint, stockHistory } from "../stock-history";
import { productPageMessages as t } from "./product-page.messages";
import "./kit-components-panel";
import "./lot-repick-form";
import "./product-count-form";
import "./product-barcode-field";
import "./product-lots-panel";
import "./product-reorder-settings";
import "./product-stock-forms";
import "./product-stock-value";

const LEDGER_PAGE = 50;
/** The chart reads this many recent movements: a year of daily work for most products. */
const CHART_MOVEMENTS = 1000;

@customElement("stockroom-product-page")
export class ProductPage extends AppPage {
	@property() productId = "";
	@state() private product: Product | null = null;
	@state() private locations = new Map<string, Location>();
	@state() private movements: Movement[] = [];
	@state() private cursor: string | null = null;
	/** Null while the chart's movements load. */
	@state() private chartPoints: StockPoint[] | null = null;
	@state() private chartPartial = false;
	@state() private loadError = "";
	/** The load got no answer: its failure offers a retry. */
	@state() private loadRetry = false;
	@state() private missing = false;
	@state() private loadingMore = false;
	/** Each location's lots (a product tracked by lot); null while they load. */
	@state() private lots: LocationLots[] | null = null;
	@state() private lotsError = "";
	/** The ledger's movement whose lots are being changed (its form open under it). */
	@state() private repicking: string | null = null;

	#live: LiveFeed | null = null;
	#refreshTimer: ReturnType<typeof setTimeout> | undefined;

	override connectedCallback(): void {
		super.connectedCallback();
		// Stock moved by QuickBooks or another user shows here without a reload, like in the grid.
		this.#live = new LiveFeed(this.api, {
			onLevels: (changes) => {
				if (this.product && changes.some((c) => c.productId === this.productId)) this.refreshSoon();
			},
		});
		this.#live.start();
	}

	override disconnectedCallback(): void {
		this.#live?.stop();
		this.#live = null;
		clearTimeout(this.#refreshTimer);
		super.disconnectedCallback();
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("productId") && this.productId) void this.load();
	}

	protected override updated(): void {
		// The product's name is the tab's title (the shell titles the other pages), in every language.
		if (this.product) document.title = `${this.product.name} — Stockroom`;
	}

	/** A burst of changes (a document's lines, a transfer's legs) makes one refresh. */
	private refreshSoon(): void {
		clearTimeout(this.#refreshTimer);
		this.#refreshTimer = setTimeout(() => {
			this.refresh().catch((error: unknown) => {
				this.loadError = problemMessage(error);
			});
		}, 300);
	}

	private async load(): Promise<void> {
		this.product = null;
		this.missing = false;
		this.loadError = "";
		this.chartPoints = null;
		this.lots = null;
		this.lotsError = "";
		try {
			const [product, locations, chartMovements] = await Promise.all([
				this.api.get<Product>(`/products/${encodeURIComponent(this.productId)}`),
				this.api.all<Location>("/locations", { includeArchived: "true" }),
				this.api.get<Page<Movement>>("/movements", { productId: this.productId, limit: CHART_MOVEMENTS }),
				this.loadLedger(),
				this.loadLots(),
			]);
			this.locations = new Map(locations.map((l) => [l.id, l]));
			this.product = product;
			this.drawChart(product, chartMovements);
		} catch (error) {
			if (error instanceof ApiError && error.status === 404) this.missing = true;
			else this.loadError = problemMessage(error);
			this.loadRetry = isUnreachable(error);
		}
	}

	private async loadLedger(): Promise<void> {
		const page = await this.api.get<Page<Movement>>("/movements", { productId: this.productId, limit: LEDGER_PAGE });
		this.movements = page.items;
		this.cursor = page.nextCursor;
	}

	/** The lots per location; a failure shows in the lots' section, not in place of the page. */
	private async loadLots(): Promise<void> {
		try {
			const answer = await this.api.get<ProductLots>(`/products/${encodeURIComponent(this.productId)}/lots`);
			this.lots = answer.items;
			this.lotsError = "";
		} catch (error) {
			if (error instanceof ApiError && error.status === 404) return; // the product's own answer says so
			this.lotsError = problemMessage(error);
		}
	}

	private async loadMore(): Promise<void> {
		if (!this.cursor) return;
		this.loadingMore = true;
		try {
			const page = await this.api.get<Page<Movement>>("/movements", {
				productId: this.productId,
				limit: LEDGER_PAGE,
				cursor: this.cursor,
			});
			this.movements = [...this.movements, ...page.items];
			this.cursor = page.nextCursor;
		} catch (error) {
			this.loadError = problemMessage(error);
		} finally {
			this.loadingMore = false;
		}
	}

	private drawChart(product: Product, movements: Page<Movement>): void {
		this.chartPoints = stockHistory(product.totals.onHand, movements.items, Date.now());
		this.chartPartial = movements.nextCursor !== null;
	}

	/** After a command: the product, its ledger and chart as the server now has them. */
	private refresh = async (): Promise<void> => {
		const [product, chartMovements] = await Promise.all([
			this.api.get<Product>(`/products/${encodeURIComponent(this.productId)}`),
			this.api.get<Page<Movement>>("/movements", { productId: this.productId, limit: CHART_MOVEMENTS }),
			this.loadLedger(),
			this.loadLots(),
		]);
		this.product = product;
		this.drawChart(product, chartMovements);
	};

	/** Its tracking saved (lots panel): the product as the server has it, and its lots again. */
	private onProductChanged = (event: CustomEvent<Product>): void => {
		this.product = event.detail;
		this.loadLots().catch(() => {});
	};

	private onStockChanged = (): void => {
		this.refresh().catch((error: unknown) => {
			this.loadError = problemMessage(error);
		});
	};

	private locationName = (id: string): string => {
		const location = this.locations.get(id);
		if (!location) return t("unknownLocation");
		return location.archivedAt ? t("archived", { name: location.name }) : location.name;
	};

	/** Locations a command may use: the product's levels are at every active location. */
	private activeLocations(): Location[] {
		return [...this.locations.values()].filter((l) => !l.archivedAt);
	}

	override render() {
		const locale = getLocale();
		const product = this.product;
		const heading = this.missing
			? t("notFound")
			: product
				? product.name
				: this.loadError
					? t("productTitle")
					: t("loading");
		// One template whatever the state: the heading stays the same element, so the focus the shell
		// gave it on navigation survives the product's arrival.
		return html`<section
			class="page"
			data-page="product"
			data-product-id=${product?.id ?? nothing}
			aria-busy=${!product && !this.missing && !this.loadError ? "true" : "false"}
		>
			<p class="breadcrumb"><a href="#/stock">← ${t("back")}</a></p>
			<div class="page-head">
				<h1 tabindex="-1">${heading}</h1>
				${
					product
						? html`<dl class="facts">
								<div><dt>${t("sku")}</dt><dd>${product.sku}</dd></div>
								<div><dt>${t("type")}</dt><dd>${t(product.type)}</dd></div>
								${
									product.tracking !== "none"
										? html`<div data-fact="tracking">
												<dt>${t("tracking")}</dt>
												<dd>
													${
														product.tracking === "serial"
															? t(product.expiryRequired ? "bySerialWithExpiry" : "bySerial")
															: t(product.expiryRequired ? "byLotWithExpiry" : "byLot")
													}
												</dd>
											</div>`
										: nothing
								}
							</dl>`
						: nothing
				}
			</div>
			${this.loadError ? failureBanner(this.loadError, this.loadRetry ? () => this.load() : null) : nothing}
			${product ? this.body(product, locale) : nothing}
		</section>`;
	}

	private body(product: Product, locale: Locale) {
		return html`
			<div class="product-layout">
				<section class="card" aria-labelledby="levels-title">
					<h2 id="levels-title">${t("levels")}</h2>
					${this.levelsTable(product)}
				</section>
				<section class="card" aria-labelledby="chart-title">
					<h2 id="chart-title">${t("chart")}</h2>
					${this.chart(locale)}
				</section>
				<stockroom-product-stock-value
					class="span-columns"
					.product=${product}
					.locations=${this.locations}
				></stockroom-product-stock-value>
				<stockroom-product-barcode-field
					.api=${this.api}
					.userRole=${this.userRole}
					.product=${product}
					@product-changed=${this.onProductChanged}
				></stockroom-product-barcode-field>
				<stockroom-product-reorder-settings
					class="span-columns"
					.api=${this.api}
					.userRole=${this.userRole}
					.productId=${product.id}
					.locationName=${this.locationName}
				></stockroom-product-reorder-settings>
				${this.lotsPanel(product)}
				${
					product.type !== "inventory"
						? html`<p class="help span-columns" data-no-stock=${product.type}>
								${product.type === "kit" ? t("noStockKit") : t("noStockOther")}
							</p>
							<stockroom-kit-components-panel
								class="span-columns"
								.api=${this.api}
								.product=${product}
								.locationName=${this.locationName}
							></stockroom-kit-components-panel>`
						: this.may("staff")
							? this.stockForms(product)
							: nothing
				}
			</div>
			${
				// Any stocked product may be assembled (QBO bundles are kits: sold, never built).
				product.type === "inventory"
					? html`<stockroom-assembly-panel
							class="two-columns"
							.api=${this.api}
							.userRole=${this.userRole}
							.product=${product}
							.locations=${this.activeLocations()}
							@stock-changed=${this.onStockChanged}
						></stockroom-assembly-panel>`
					: nothing
			}
			<section class="card" aria-labelledby="ledger-title">
				<h2 id="ledger-title">${t("ledger")}</h2>
				${this.ledger()}
			</section>`;
	}

	/**
	 * A tracked product's lots, above the forms that move them, and the managers' tracking setting
	 * (for an untracked product, the setting alone; the panel shows nothing to others). One element
	 * whatever the tracking, so that what its form said survives the change.
	 */
	private lotsPanel(product: Product) {
		return html`<stockroom-product-lots-panel
			class="span-columns"
			.api=${this.api}
			.userRole=${this.userRole}
			.product=${product}
			.lots=${this.lots}
			.lotsError=${this.lotsError}
			.locationIds=${[...this.locations.keys()]}
			.locationName=${this.locationName}
			@product-changed=${this.onProductChanged}
		></stockroom-product-lots-panel>`;
	}

	/** Adjust, count and transfer: stock commands, for staff and above. */
	private stockForms(product: Product) {
		const known = knownLots(this.lots ?? []);
		return html`<section class="card" aria-labelledby="adjust-title">
				<h2 id="adjust-title">${t("adjust")}</h2>
				<stockroom-product-adjust-form
					.api=${this.api}
					.productId=${product.id}
					.locations=${this.activeLocations()}
					.locationName=${this.locationName}
					.afterSave=${this.refresh}
					.tracking=${product.tracking}
					.expiryRequired=${product.expiryRequired}
					.knownLots=${known}
				></stockroom-product-adjust-form>
			</section>
			<section class="card" aria-labelledby="count-title">
				<h2 id="count-title">${t("countTitle")}</h2>
				<stockroom-product-count-form
					.api=${this.api}
					.productId=${product.id}
					.locations=${this.activeLocations()}
					.locationName=${this.locationName}
					.afterSave=${this.refresh}
					.tracking=${product.tracking}
					.expiryRequired=${product.expiryRequired}
					.levels=${product.levels}
					.lots=${this.lots}
					.knownLots=${known}
				></stockroom-product-count-form>
			</section>
			<section class="card" aria-labelledby="transfer-title">
				<h2 id="transfer-title">${t("transfer")}</h2>
				<stockroom-product-transfer-form
					.api=${this.api}
					.productId=${product.id}
					.locations=${this.activeLocations()}
					.locationName=${this.locationName}
					.afterSave=${this.refresh}
					.tracking=${product.tracking}
					.expiryRequired=${product.expiryRequired}
					.knownLots=${known}
				></stockroom-product-transfer-form>
			</section>`;
	}

	private levelsTable(product: Product) {
		const cell = (value: number) => formatQuantity(value);
		const available = (value: number) =>
			value < 0
				? html`<td class="num negative">${cell(value)} <span class="visually-hidden">(${t("oversold")})</span></td>`
				: html`<td class="num">${cell(value)}</td>`;
		return html`<div class="table-wrap">
			<table class="data levels-table" data-table="levels">
				<thead>
					<tr>
						<th scope="col">${t("location")}</th>
						<th scope="col" class="num">${t("onHand")}</th>
						<th scope="col" class="num">${t("reserved")}</th>
						<th scope="col" class="num">${t("available")}</th>
						<th scope="col" class="num">${t("incoming")}</th>
					</tr>
				</thead>
				<tbody>
					${product.levels.map(
						(level) => html`<tr data-location-id=${level.locationId}>
							<th scope="row">${this.locationName(level.locationId)}</th>
							<td class="num">${cell(level.onHand)}</td>
							<td class="num">${cell(level.reserved)}</td>
							${available(level.available)}
							<td class="num">${cell(level.incoming)}</td>
						</tr>`,
					)}
				</tbody>
				<tfoot>
					<tr>
						<th scope="row">${t("total")}</th>
						<td class="num" data-total="onHand">${cell(product.totals.onHand)}</td>
						<td class="num">${cell(product.totals.reserved)}</td>
						${available(product.totals.available)}
						<td class="num">${cell(product.totals.incoming)}</td>
					</tr>
				</tfoot>
			</table>
		</div>`;
	}

	private chart(locale: Locale) {
		const points = this.chartPoints;
		if (!points) return html`<p class="muted" role="status">${t("loading")}</p>`;
		if (points.length < 2) return html`<p class="muted">${t("chartEmpty")}</p>`;
		const values = points.map((p) => p.onHand);
		const first = points[0];
		const last = points.at(-1);
		const summary = t("chartSummary", {
			fromDate: formatDateTime(first?.at),
			toDate: formatDateTime(last?.at),
			from: formatQuantity(first?.onHand ?? 0),
			to: formatQuantity(last?.onHand ?? 0),
			min: formatQuantity(Math.min(...values)),
			max: formatQuantity(Math.max(...values)),
		});
		return html`${stockChart(points, t("chartLabel"), summary, locale)}
			<p class="muted small">${summary}${this.chartPartial ? ` ${plural(t, "chartPartial", CHART_MOVEMENTS)}` : ""}</p>`;
	}

	/**
	 * "Change lots" on stock of a tracked product that left a location the caller has (staff and
	 * above): the movement's source may be re-picked.
	 */
	private offersRepick(m: Movement): boolean {
		const tracked = this.product !== null && this.product.tracking !== "none";
		return tracked && this.may("staff") && this.locations.has(m.locationId) && offersRepick(m.kind, m.onHandDelta);
	}

	private repickButton(m: Movement) {
		if (!this.offersRepick(m)) return nothing;
		const open = this.repicking === m.id;
		return html`<button
			type="button"
			class="quiet small"
			data-action="change-lots"
			aria-expanded=${open ? "true" : "false"}
			aria-label=${t("changeLotsOf", { what: `${movementKindLabel(m.kind)}${documentSuffix(m)}, ${formatDateTime(m.at)}` })}
			@click=${() => {
				this.repicking = open ? null : m.id;
			}}
		>
			${t("changeLots")}
		</button>`;
	}

	private repickRow(m: Movement) {
		if (this.repicking !== m.id) return nothing;
		return html`<tr class="lot-line repick-row" data-repick-of=${m.id}>
			<td colspan="8">
				<stockroom-lot-repick-form
					.api=${this.api}
					.movementId=${m.id}
					.locationName=${this.locationName}
					@lots-repicked=${this.onStockChanged}
					@repick-close=${() => {
						this.repicking = null;
					}}
				></stockroom-lot-repick-form>
			</td>
		</tr>`;
	}

	private ledger() {
		if (this.movements.length === 0) return html`<p class="muted">${t("noMovements")}</p>`;
		const delta = (value: number) =>
			value === 0 ? "" : value > 0 ? `+${formatQuantity(value)}` : formatQuantity(value).replace("-", "−");
		return html`<div class="table-wrap">
				<table class="data ledger-table" data-table="ledger">
					<thead>
						<tr>
							<th scope="col">${t("when")}</th>
							<th scope="col">${t("location")}</th>
							<th scope="col">${t("what")}</th>
							<th scope="col" class="num">${t("onHand")}</th>
							<th scope="col" class="num">${t("after")}</th>
							<th scope="col" class="num">${t("reserved")}</th>
							<th scope="col" class="num">${t("incoming")}</th>
							<th scope="col">${t("by")}</th>
						</tr>
					</thead>
					<tbody>
						${this.movements.map(
							(m) => html`<tr data-movement-id=${m.id}>
								<td class="nowrap">${formatDateTime(m.at)}</td>
								<td>${this.locationName(m.locationId)}</td>
								<td>
									${movementKindLabel(m.kind)}${documentSuffix(m)}${reasonNote(m, "muted", " — ")}
									${this.repickButton(m)}
								</td>
								<td class="num ${m.onHandDelta < 0 ? "down" : m.onHandDelta > 0 ? "up" : ""}">${delta(m.onHandDelta)}</td>
								<td class="num">${formatQuantity(m.onHandAfter)}</td>
								<td class="num">${delta(m.reservedDelta)}</td>
								<td class="num">${delta(m.incomingDelta)}</td>
								<td data-by=${m.by?.kind ?? nothing}>${actorLabel(m.by)}</td>
							</tr>
							${this.repickRow(m)}`,
						)}
					</tbody>
				</table>
			</div>
			${loadMoreFooter({
				more: Boolean(this.cursor),
				loading: this.loadingMore,
				onMore: () => this.loadMore(),
				label: t("loadMore"),
				status: plural(t, this.cursor ? "shown" : "allShown", this.movements.length),
			})}`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-product-page": ProductPage;
	}
}
