/**
 * A product's page: its levels per location, stock over time, adjustment and transfer forms, and
 * its ledger (newest first, "load more").
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import "../../assemblies/assembly-panel";
import type { Location, Movement, Page, Product, StockCommandResult } from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { defineMessages } from "../../i18n/messages";
import { formatQuantity, parseQuantity } from "../../i18n/numbers";
import { LiveFeed } from "../../live/live-feed";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDateTime } from "../dates";
import { fieldError, textField } from "../form-field";
import { loadMoreFooter } from "../load-more";
import { fieldErrors, formMessage, problemMessage } from "../problems";
import { stockChart } from "../stock-chart";
import { type StockPoint, stockHistory } from "../stock-history";

const t = defineMessages({
	en: {
		back: "Stock",
		productTitle: "Product",
		loading: "Loading the product…",
		notFound: "This product does not exist (or no longer does).",
		sku: "SKU",
		type: "Type",
		inventory: "Stock item",
		non_inventory: "Non-stock item",
		service: "Service",
		kit: "Kit",
		levels: "Stock per location",
		location: "Location",
		onHand: "On hand",
		reserved: "Reserved",
		available: "Available",
		incoming: "Incoming",
		total: "Total",
		oversold: "oversold",
		chart: "Stock over time",
		chartLabel: "Total on hand over time",
		chartSummary: "From {fromDate} to {toDate}, total on hand went from {from} to {to}, lowest {min}, highest {max}.",
		chartEmpty: "No movement of on hand yet.",
		chartPartial: "Covers the latest {count} movements.",
		adjust: "Adjust stock",
		adjustHelp: "Adds to or removes from on hand, e.g. −2 for damaged goods.",
		quantity: "Quantity",
		reason: "Reason (optional)",
		adjustSubmit: "Adjust",
		adjusted: "Saved: on hand at {location} is now {onHand}.",
		transfer: "Transfer between locations",
		from: "From",
		to: "To",
		transferSubmit: "Transfer",
		transferred: "Saved: {quantity} moved from {from} to {to}.",
		notNumber: "Enter a number, e.g. 12.5 (at most 4 decimals).",
		notZero: "Enter a quantity other than zero.",
		notPositive: "Enter a quantity above zero.",
		sameLocation: "Choose two different locations.",
		saving: "Saving…",
		ledger: "Ledger",
		when: "When",
		what: "What",
		change: "Change",
		after: "On hand after",
		loadMore: "Load more",
		noMovements: "No movements yet.",
		allShown: "All {count} movements shown.",
		shown: "{count} movements shown.",
		unknownLocation: "Unknown location",
		archived: "{name} (archived)",
		adjustment: "Adjustment",
		count: "Count",
		transferKind: "Transfer",
		invoice: "Invoice",
		sales_receipt: "Sales receipt",
		estimate: "Estimate",
		credit_memo: "Credit memo",
		refund_receipt: "Refund receipt",
		bill: "Bill",
		purchase: "Purchase",
		vendor_credit: "Vendor credit",
		purchase_order: "Purchase order",
		inventory_adjustment: "QuickBooks adjustment",
		opening: "Opening stock",
		build: "Build",
		unbuild: "Unbuild",
		noLocations: "This company has no active location yet: create one under Locations.",
	},
	fr: {
		back: "Stock",
		productTitle: "Produit",
		loading: "Chargement du produit…",
		notFound: "Ce produit n’existe pas (ou plus).",
		sku: "Référence",
		type: "Type",
		inventory: "Article stocké",
		non_inventory: "Article non stocké",
		service: "Service",
		kit: "Kit",
		levels: "Stock par emplacement",
		location: "Emplacement",
		onHand: "Réel",
		reserved: "Réservé",
		available: "Disponible",
		incoming: "À recevoir",
		total: "Total",
		oversold: "survendu",
		chart: "Stock dans le temps",
		chartLabel: "Stock réel total dans le temps",
		chartSummary:
			"Du {fromDate} au {toDate}, le stock réel total est passé de {from} à {to}, au plus bas {min}, au plus haut {max}.",
		chartEmpty: "Aucun mouvement du stock réel pour l’instant.",
		chartPartial: "Couvre les {count} derniers mouvements.",
		adjust: "Ajuster le stock",
		adjustHelp: "Ajoute au stock réel ou en retire, par ex. −2 pour de la marchandise abîmée.",
		quantity: "Quantité",
		reason: "Motif (facultatif)",
		adjustSubmit: "Ajuster",
		adjusted: "Enregistré : le stock réel à {location} est maintenant de {onHand}.",
		transfer: "Transfert entre emplacements",
		from: "De",
		to: "Vers",
		transferSubmit: "Transférer",
		transferred: "Enregistré : {quantity} déplacé(s) de {from} vers {to}.",
		notNumber: "Saisissez un nombre, par ex. 12,5 (4 décimales au plus).",
		notZero: "Saisissez une quantité différente de zéro.",
		notPositive: "Saisissez une quantité supérieure à zéro.",
		sameLocation: "Choisissez deux emplacements différents.",
		saving: "Enregistrement…",
		ledger: "Mouvements",
		when: "Date",
		what: "Origine",
		change: "Variation",
		after: "Réel après",
		loadMore: "Afficher plus",
		noMovements: "Aucun mouvement pour l’instant.",
		allShown: "Les {count} mouvements sont affichés.",
		shown: "{count} mouvements affichés.",
		unknownLocation: "Emplacement inconnu",
		archived: "{name} (archivé)",
		adjustment: "Ajustement",
		count: "Inventaire",
		transferKind: "Transfert",
		invoice: "Facture",
		sales_receipt: "Reçu de vente",
		estimate: "Devis",
		credit_memo: "Avoir",
		refund_receipt: "Reçu de remboursement",
		bill: "Facture fournisseur",
		purchase: "Achat",
		vendor_credit: "Avoir fournisseur",
		purchase_order: "Bon de commande",
		inventory_adjustment: "Ajustement QuickBooks",
		opening: "Stock initial",
		build: "Assemblage",
		unbuild: "Désassemblage",
		noLocations: "Cette entreprise n’a encore aucun emplacement actif : créez-en un dans Emplacements.",
	},
});

type MessageKey = Parameters<typeof t>[0];
const KINDS: Record<string, MessageKey> = {
	adjustment: "adjustment",
	count: "count",
	transfer: "transferKind",
	invoice: "invoice",
	sales_receipt: "sales_receipt",
	estimate: "estimate",
	credit_memo: "credit_memo",
	refund_receipt: "refund_receipt",
	bill: "bill",
	purchase: "purchase",
	vendor_credit: "vendor_credit",
	purchase_order: "purchase_order",
	inventory_adjustment: "inventory_adjustment",
	opening: "opening",
	build: "build",
	unbuild: "unbuild",
};

/** " #1042" for a movement of a QuickBooks document (source `qbo:Invoice:1042`), so that it can be found there. */
function documentNumber(source: string): string {
	const match = /^qbo:([A-Za-z]+):(.+)$/.exec(source);
	return match && match[1] !== "opening" ? ` #${match[2]}` : "";
}

const LEDGER_PAGE = 50;
/** The chart reads this many recent movements: a year of daily work for most products. */
const CHART_MOVEMENTS = 1000;

/** One form's state: its field errors, its message, and the idempotency key of the submission under way. */
type FormState = { errors: Record<string, string>; message: string; ok: boolean; busy: boolean; key: string | null };
const idle = (): FormState => ({ errors: {}, message: "", ok: false, busy: false, key: null });

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
	@state() private missing = false;
	@state() private loadingMore = false;
	@state() private adjust: FormState = idle();
	@state() private transfer: FormState = idle();

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

	protected override forgetMessages(): void {
		// A submission under way keeps its key: its answer still arrives.
		this.adjust = { ...idle(), busy: this.adjust.busy, key: this.adjust.key };
		this.transfer = { ...idle(), busy: this.transfer.busy, key: this.transfer.key };
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
		this.adjust = idle();
		this.transfer = idle();
		try {
			const [product, locations, chartMovements] = await Promise.all([
				this.api.get<Product>(`/products/${encodeURIComponent(this.productId)}`),
				this.api.all<Location>("/locations", { includeArchived: "true" }),
				this.api.get<Page<Movement>>("/movements", { productId: this.productId, limit: CHART_MOVEMENTS }),
				this.loadLedger(),
			]);
			this.locations = new Map(locations.map((l) => [l.id, l]));
			this.product = product;
			this.drawChart(product, chartMovements);
		} catch (error) {
			if (error instanceof ApiError && error.status === 404) this.missing = true;
			else this.loadError = problemMessage(error);
		}
	}

	private async loadLedger(): Promise<void> {
		const page = await this.api.get<Page<Movement>>("/movements", { productId: this.productId, limit: LEDGER_PAGE });
		this.movements = page.items;
		this.cursor = page.nextCursor;
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
	private async refresh(): Promise<void> {
		const [product, chartMovements] = await Promise.all([
			this.api.get<Product>(`/products/${encodeURIComponent(this.productId)}`),
			this.api.get<Page<Movement>>("/movements", { productId: this.productId, limit: CHART_MOVEMENTS }),
			this.loadLedger(),
		]);
		this.product = product;
		this.drawChart(product, chartMovements);
	}

	private onStockChanged = (): void => {
		this.refresh().catch((error: unknown) => {
			this.loadError = problemMessage(error);
		});
	};

	private locationName(id: string): string {
		const location = this.locations.get(id);
		if (!location) return t("unknownLocation");
		return location.archivedAt ? t("archived", { name: location.name }) : location.name;
	}

	/** Locations a command may use: the product's levels are at every active location. */
	private activeLocations(): Location[] {
		return [...this.locations.values()].filter((l) => !l.archivedAt);
	}

	private async submitAdjust(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const form = event.currentTarget as HTMLFormElement;
		const data = new FormData(form);
		const locationId = String(data.get("locationId") ?? "");
		const quantity = parseQuantity(String(data.get("quantity") ?? ""));
		const reason = String(data.get("reason") ?? "").trim();
		if (quantity === null || quantity === 0) {
			this.adjust = { ...idle(), errors: { quantity: t(quantity === null ? "notNumber" : "notZero") } };
			form.querySelector<HTMLInputElement>("[name=quantity]")?.focus();
			return;
		}
		// One key per submission; kept after a network failure so that trying again cannot apply it twice.
		const key = this.adjust.key ?? idempotencyKey();
		this.adjust = { ...idle(), busy: true, key };
		try {
			const result = await this.api.post<StockCommandResult>("/adjustments", {
				productId: this.productId,
				locationId,
				quantity,
				...(reason ? { reason } : {}),
				idempotencyKey: key,
			});
			const level = result.levels.find((l) => l.locationId === locationId);
			this.adjust = {
				...idle(),
				ok: true,
				message: t("adjusted", {
					location: this.locationName(locationId),
					onHand: formatQuantity(level?.onHand ?? 0),
				}),
			};
			form.reset();
			await this.refresh();
		} catch (error) {
			this.adjust = this.failed(error, key, ["quantity", "locationId", "reason"]);
		}
	}

	private async submitTransfer(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const form = event.currentTarget as HTMLFormElement;
		const data = new FormData(form);
		const fromLocationId = String(data.get("fromLocationId") ?? "");
		const toLocationId = String(data.get("toLocationId") ?? "");
		const quantity = parseQuantity(String(data.get("quantity") ?? ""));
		const reason = String(data.get("reason") ?? "").trim();
		const errors: Record<string, string> = {};
		if (quantity === null) errors.quantity = t("notNumber");
		else if (quantity <= 0) errors.quantity = t("notPositive");
		if (fromLocationId === toLocationId) errors.toLocationId = t("sameLocation");
		if (Object.keys(errors).length > 0 || quantity === null) {
			this.transfer = { ...idle(), errors };
			return;
		}
		const key = this.transfer.key ?? idempotencyKey();
		this.transfer = { ...idle(), busy: true, key };
		try {
			await this.api.post<StockCommandResult>("/transfers", {
				productId: this.productId,
				fromLocationId,
				toLocationId,
				quantity,
				...(reason ? { reason } : {}),
				idempotencyKey: key,
			});
			this.transfer = {
				...idle(),
				ok: true,
				message: t("transferred", {
					quantity: formatQuantity(quantity),
					from: this.locationName(fromLocationId),
					to: this.locationName(toLocationId),
				}),
			};
			form.reset();
			await this.refresh();
		} catch (error) {
			this.transfer = this.failed(error, key, ["quantity", "fromLocationId", "toLocationId", "reason"]);
		}
	}

	/** A refused command: its errors in place; the key kept only when the request may not have arrived. */
	private failed(error: unknown, key: string, fields: string[]): FormState {
		const networkError = error instanceof ApiError && error.status === 0;
		return {
			...idle(),
			errors: fieldErrors(error),
			message: formMessage(error, fields) ?? "",
			key: networkError ? key : null,
		};
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
							</dl>`
						: nothing
				}
			</div>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			${product ? this.body(product, locale) : nothing}
		</section>`;
	}

	private body(product: Product, locale: "en" | "fr") {
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
				<section class="card" aria-labelledby="adjust-title">
					<h2 id="adjust-title">${t("adjust")}</h2>
					${this.adjustForm()}
				</section>
				<section class="card" aria-labelledby="transfer-title">
					<h2 id="transfer-title">${t("transfer")}</h2>
					${this.transferForm()}
				</section>
			</div>
			${
				// Any stocked product may be assembled (QBO bundles are kits: sold, never built).
				product.type === "inventory"
					? html`<stockroom-assembly-panel
							class="two-columns"
							.api=${this.api}
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

	private chart(locale: "en" | "fr") {
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
			<p class="muted small">${summary}${this.chartPartial ? ` ${t("chartPartial", { count: CHART_MOVEMENTS })}` : ""}</p>`;
	}

	private adjustForm() {
		const state = this.adjust;
		const locations = this.activeLocations();
		if (locations.length === 0) return html`<p class="muted">${t("noLocations")}</p>`;
		return html`<form class="stack" data-form="adjust" novalidate @submit=${this.submitAdjust}>
			<p class="muted small">${t("adjustHelp")}</p>
			<div class="field-row">
				${this.select("adjust", "locationId", t("location"), locations, state)}
				${this.input("adjust", "quantity", t("quantity"), state, { inputmode: "decimal", required: true })}
			</div>
			${this.input("adjust", "reason", t("reason"), state, { maxlength: 500 })}
			<div class="actions">
				<button type="submit" class="primary" ?disabled=${state.busy}>${t("adjustSubmit")}</button>
				${this.formStatus(state)}
			</div>
		</form>`;
	}

	private transferForm() {
		const state = this.transfer;
		const locations = this.activeLocations();
		if (locations.length < 2) return html`<p class="muted">${t("noLocations")}</p>`;
		return html`<form class="stack" data-form="transfer" novalidate @submit=${this.submitTransfer}>
			<div class="field-row">
				${this.select("transfer", "fromLocationId", t("from"), locations, state)}
				${this.select("transfer", "toLocationId", t("to"), locations, state, locations[1]?.id)}
			</div>
			<div class="field-row">
				${this.input("transfer", "quantity", t("quantity"), state, { inputmode: "decimal", required: true })}
				${this.input("transfer", "reason", t("reason"), state, { maxlength: 500 })}
			</div>
			<div class="actions">
				<button type="submit" class="primary" ?disabled=${state.busy}>${t("transferSubmit")}</button>
				${this.formStatus(state)}
			</div>
		</form>`;
	}

	private formStatus(state: FormState) {
		if (state.busy) return html`<span class="form-status" role="status">${t("saving")}</span>`;
		if (state.ok) return html`<span class="form-status ok" role="status">${state.message}</span>`;
		if (state.message) return html`<span class="form-status error" role="alert">${state.message}</span>`;
		return html`<span class="form-status" role="status"></span>`;
	}

	private input(
		form: string,
		name: string,
		label: string,
		state: FormState,
		options: { inputmode?: string; required?: boolean; maxlength?: number },
	) {
		return textField({ id: `${form}-${name}`, name, label, error: state.errors[name], type: "text", ...options });
	}

	private select(
		form: string,
		name: string,
		label: string,
		locations: Location[],
		state: FormState,
		selected?: string,
	) {
		const id = `${form}-${name}`;
		const error = state.errors[name];
		return html`<div class="field">
			<label for=${id}>${label}</label>
			<select
				id=${id}
				name=${name}
				aria-invalid=${error ? "true" : nothing}
				aria-describedby=${error ? `${id}-error` : nothing}
			>
				${locations.map(
					(l) => html`<option value=${l.id} ?selected=${selected ? l.id === selected : l.isDefault}>${l.name}</option>`,
				)}
			</select>
			${fieldError(`${id}-error`, error)}
		</div>`;
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
						</tr>
					</thead>
					<tbody>
						${this.movements.map(
							(m) => html`<tr data-movement-id=${m.id}>
								<td class="nowrap">${formatDateTime(m.at)}</td>
								<td>${this.locationName(m.locationId)}</td>
								<td>
									${KINDS[m.kind] ? t(KINDS[m.kind] as MessageKey) : m.kind}${documentNumber(m.source)}${m.reason ? html`<span class="muted"> — ${m.reason}</span>` : nothing}
								</td>
								<td class="num ${m.onHandDelta < 0 ? "down" : m.onHandDelta > 0 ? "up" : ""}">${delta(m.onHandDelta)}</td>
								<td class="num">${formatQuantity(m.onHandAfter)}</td>
								<td class="num">${delta(m.reservedDelta)}</td>
								<td class="num">${delta(m.incomingDelta)}</td>
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
				status: t(this.cursor ? "shown" : "allShown", { count: this.movements.length }),
			})}`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-product-page": ProductPage;
	}
}
