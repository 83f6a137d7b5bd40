/**
 * The lots part of a product's page (product-page.ts; docs/architecture.md#lots): for a product
 * tracked by lot, each location's lots with their expiry (expired, and expiring within 30 days,
 * marked) and on hand, and the unassigned rest — stock not yet in any lot; for one tracked by serial
 * number, the serials in stock (each with its lot, expiry and location) and their count. For
 * managers, the product's tracking: none, by lot or by serial number, and whether new lots need an
 * expiry. The server's refusals are said in full: switching to serial numbers while a lot holds more
 * than one unit, to none while lots hold stock (409).
 *
 * @event product-changed - the product as the server now has it (`detail`), after its tracking was saved
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { LocationLots, Product, ProductLot, ProductPatch } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import { plural } from "../../i18n/plural";
import { EXPIRING_SOON_DAYS, expiryStatus, utcDay } from "../../lots/lot-expiry";
import { lotSections, type SerialInStock, serialsInStock } from "../../lots/product-lots";
import { AppPage } from "../app-page";
import { formatDay } from "../dates";
import { formStatus } from "../form-status";
import { problemMessage } from "../problems";
import { routeHash } from "../router";
import { productLotsPanelMessages as t } from "./product-lots-panel.messages";

type Tracking = Product["tracking"];
/** `conflict`: the server's refusal in full, under what was asked (`refused`). */
type TrackingForm = { busy: boolean; ok: boolean; message: string; conflict: string; refused: Tracking | null };
const idleTracking = (): TrackingForm => ({ busy: false, ok: false, message: "", conflict: "", refused: null });
const TRACKINGS: Tracking[] = ["none", "lot", "serial"];
/** Serial numbers listed at most: beyond, the Lots page lists them a page at a time. */
const SERIALS_SHOWN = 500;

@customElement("stockroom-product-lots-panel")
export class ProductLotsPanel extends AppPage {
	@property({ attribute: false }) product: Product | null = null;
	/** Each location's lots; null while they load. */
	@property({ attribute: false }) lots: LocationLots[] | null = null;
	@property({ attribute: false }) lotsError = "";
	/** The app's locations in order, and how the page names them. */
	@property({ attribute: false }) locationIds: string[] = [];
	@property({ attribute: false }) locationName: (id: string) => string = (id) => id;

	/** The tracking form's choice as made (the product's until changed). */
	@state() private tracking: Tracking = "none";
	@state() private expiryRequired = false;
	@state() private trackingForm: TrackingForm = idleTracking();

	protected override forgetMessages(): void {
		this.trackingForm = { ...idleTracking(), busy: this.trackingForm.busy };
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (!changed.has("product") || !this.product || this.trackingForm.busy) return;
		// A reload of the same product (its stock moved) leaves the boxes as the user ticked them.
		const before = changed.get("product") as Product | null | undefined;
		const p = this.product;
		if (before?.id === p.id && before.tracking === p.tracking && before.expiryRequired === p.expiryRequired) return;
		this.tracking = p.tracking;
		this.expiryRequired = p.expiryRequired;
		if (before?.id !== p.id) this.trackingForm = idleTracking();
	}

	override render() {
		const product = this.product;
		if (!product) return nothing;
		const tracked = product.tracking !== "none";
		// Only stock can be tracked by lot or serial number (the API refuses the others).
		const manage = this.may("manager") && (product.type === "inventory" || tracked);
		if (!tracked && !manage) return nothing;
		const serial = product.tracking === "serial";
		return html`<section class="card lots-card" aria-labelledby="lots-title" data-section="lots">
			<h2 id="lots-title">${t(serial ? "serialsTitle" : tracked ? "title" : "tracking")}</h2>
			${serial ? this.serialsTable() : tracked ? this.lotsTable() : html`<p class="muted">${t("notTracked")}</p>`}
			${manage ? this.trackingSettings(product, tracked) : nothing}
		</section>`;
	}

	/** A serial product's serials in stock: serial, its lot, expiry, location; the unassigned rest after. */
	private serialsTable() {
		if (this.lotsError) return html`<p class="error-banner" role="alert">${this.lotsError}</p>`;
		const lots = this.lots;
		if (!lots) return html`<p class="muted" role="status">${t("loading")}</p>`;
		const serials = serialsInStock(lots, this.locationIds);
		const unassigned = lotSections(lots, this.locationIds).filter((s) => s.unassigned !== 0);
		if (serials.length === 0 && unassigned.length === 0) return html`<p class="muted">${t("empty")}</p>`;
		const today = utcDay();
		const shown = serials.slice(0, SERIALS_SHOWN);
		return html`<p class="serial-count" data-serial-count=${serials.length}>
				${plural(t, "serialsInStock", serials.length)}
			</p>
			${
				serials.length > 0
					? html`<div class="table-wrap">
							<table class="data lots-table" data-table="serials">
								<thead>
									<tr>
										<th scope="col">${t("serial")}</th>
										<th scope="col">${t("serialLot")}</th>
										<th scope="col">${t("expiry")}</th>
										<th scope="col">${t("location")}</th>
									</tr>
								</thead>
								<tbody>
									${shown.map((s) => this.serialRow(s, today))}
								</tbody>
							</table>
						</div>`
					: nothing
			}
			${
				serials.length > shown.length
					? html`<p class="help" data-help="more-serials">
							${t("moreSerials", { shown: shown.length, total: serials.length })}
							<a href=${routeHash({ page: "lots" })}>${t("lotsPage")}</a>
						</p>`
					: nothing
			}
			${
				unassigned.length > 0
					? html`<ul class="plain-list small" data-unassigned-serials>
								${unassigned.map(
									(u) =>
										html`<li data-location-id=${u.locationId}>
											${t("unassignedAt", {
												location: this.locationName(u.locationId),
												quantity: formatQuantity(u.unassigned),
											})}
										</li>`,
								)}
							</ul>
							<p class="help" data-help="unassigned">${t("unassignedSerialsHelp")}</p>`
					: nothing
			}`;
	}

	private serialRow(s: SerialInStock, today: string) {
		const status = expiryStatus(s, today, EXPIRING_SOON_DAYS);
		return html`<tr data-lot=${s.serial} data-location-id=${s.locationId} data-expiry-status=${status.kind}>
			<th scope="row" class="mono">
				${
					this.product
						? html`<a href=${routeHash({ page: "lot", productId: this.product.id, lot: s.serial })} data-lot-link
								>${s.serial}</a
							>`
						: s.serial
				}
			</th>
			<td class="mono">${s.batch ?? html`<span class="muted">—</span>`}</td>
			<td>
				${s.expiry ? html`<time datetime=${s.expiry}>${formatDay(s.expiry)}</time>` : html`<span class="muted">${t("noExpiry")}</span>`}
				${status.kind === "expired" ? html`<span class="badge status-dead" data-marker="expired">${t("expired")}</span>` : nothing}
			</td>
			<td>${this.locationName(s.locationId)}</td>
		</tr>`;
	}

	private lotsTable() {
		if (this.lotsError) return html`<p class="error-banner" role="alert">${this.lotsError}</p>`;
		const lots = this.lots;
		if (!lots) return html`<p class="muted" role="status">${t("loading")}</p>`;
		const sections = lotSections(lots, this.locationIds);
		if (sections.length === 0) return html`<p class="muted">${t("empty")}</p>`;
		const today = utcDay();
		const anyUnassigned = sections.some((s) => s.unassigned !== 0);
		return html`<div class="table-wrap">
				<table class="data lots-table" data-table="lots">
					<thead>
						<tr>
							<th scope="col">${t("lot")}</th>
							<th scope="col">${t("expiry")}</th>
							<th scope="col" class="num">${t("onHand")}</th>
						</tr>
					</thead>
					${sections.map(
						(section) => html`<tbody data-location-id=${section.locationId}>
							<tr class="group-row">
								<th scope="colgroup" colspan="3">
									${this.locationName(section.locationId)}
									<span class="muted small">${t("locationOnHand", { onHand: formatQuantity(section.onHand) })}</span>
								</th>
							</tr>
							${section.lots.map((lot) => this.lotRow(lot, today))}
							${
								section.unassigned !== 0
									? html`<tr class="unassigned-row" data-unassigned>
											<th scope="row">
												${t("unassigned")}
												<span class="help block" id=${`unassigned-${section.locationId}`}>${t("unassignedShort")}</span>
											</th>
											<td class="muted">—</td>
											<td class="num ${section.unassigned < 0 ? "negative" : ""}">${formatQuantity(section.unassigned)}</td>
										</tr>`
									: nothing
							}
						</tbody>`,
					)}
				</table>
			</div>
			${anyUnassigned ? html`<p class="help" data-help="unassigned">${t("unassignedHelp")}</p>` : nothing}`;
	}

	private lotRow(lot: ProductLot, today: string) {
		const status = expiryStatus(lot, today, EXPIRING_SOON_DAYS);
		const badge =
			status.kind === "expired"
				? html`<span class="badge status-dead" data-marker="expired">${t("expired")}</span>`
				: status.kind === "soon"
					? html`<span class="badge status-pending" data-marker="expiring"
							>${status.days === 0 ? t("expiresToday") : status.days === 1 ? t("expiresTomorrow") : plural(t, "expiresIn", status.days)}</span
						>`
					: nothing;
		return html`<tr data-lot=${lot.lot} data-expiry-status=${status.kind} class=${status.kind === "expired" ? "expired-row" : ""}>
			<th scope="row" class="mono">
				${
					this.product
						? html`<a href=${routeHash({ page: "lot", productId: this.product.id, lot: lot.lot })} data-lot-link>${lot.lot}</a>`
						: lot.lot
				}
			</th>
			<td>
				${lot.expiry ? html`<time datetime=${lot.expiry}>${formatDay(lot.expiry)}</time>` : html`<span class="muted">${t("noExpiry")}</span>`}
				${badge}
			</td>
			<td class="num">${formatQuantity(lot.onHand)}</td>
		</tr>`;
	}

	private trackingSettings(product: Product, tracked: boolean) {
		const f = this.trackingForm;
		const unchanged =
			this.tracking === product.tracking &&
			(this.tracking === "none" || this.expiryRequired === product.expiryRequired);
		const label: Record<Tracking, string> = { none: t("trackNone"), lot: t("trackByLot"), serial: t("trackBySerial") };
		return html`<form
			class="tracking-form"
			data-form="tracking"
			aria-labelledby=${tracked ? "lot-tracking-title" : "lots-title"}
			novalidate
			@submit=${this.saveTracking}
		>
			${tracked ? html`<h3 id="lot-tracking-title">${t("tracking")}</h3>` : nothing}
			<div class="inline-form tight">
				<fieldset class="tracking-choices" aria-describedby="tracking-help">
					<legend class="visually-hidden">${t("tracking")}</legend>
					${TRACKINGS.map(
						(value) => html`<label class="check">
							<input
								type="radio"
								name="tracking"
								value=${value}
								.checked=${this.tracking === value}
								@change=${() => {
									this.tracking = value;
									this.trackingForm = idleTracking();
								}}
							/>
							<span>${label[value]}</span>
						</label>`,
					)}
				</fieldset>
				<label class="check">
					<input
						type="checkbox"
						name="expiryRequired"
						.checked=${this.expiryRequired}
						?disabled=${this.tracking === "none"}
						@change=${(e: Event) => {
							this.expiryRequired = (e.target as HTMLInputElement).checked;
							this.trackingForm = idleTracking();
						}}
					/>
					<span>${t("requireExpiry")}</span>
				</label>
				<button type="submit" data-action="save-tracking" ?disabled=${f.busy || unchanged}>${t("save")}</button>
				${formStatus(f, t("saving"))}
			</div>
			<p class="help" id="tracking-help">
				${t(this.tracking === "serial" ? "trackingHelpSerial" : this.tracking === "lot" ? "trackingHelpOn" : "trackingHelpOff")}
			</p>
			${
				f.conflict
					? html`<div class="error-banner" role="alert" data-problem="conflict">
							<p><strong>${t(this.conflictTitle(product, f.refused))}</strong></p>
							<p class="small">${f.conflict}</p>
						</div>`
					: nothing
			}
		</form>`;
	}

	/** What a refusal means: serial numbers while a lot holds more than a unit, or none while stock is in lots or serials. */
	private conflictTitle(product: Product, refused: Tracking | null) {
		if (refused === "serial") return "notSerial" as const;
		return product.tracking === "serial" ? ("stillHeldSerials" as const) : ("stillHeld" as const);
	}

	private async saveTracking(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const product = this.product;
		if (!product || this.trackingForm.busy) return;
		const asked = this.tracking;
		const patch: ProductPatch =
			asked === "none" ? { tracking: "none" } : { tracking: asked, expiryRequired: this.expiryRequired };
		this.trackingForm = { ...idleTracking(), busy: true };
		try {
			const saved = await this.api.patch<Product>(`/products/${encodeURIComponent(product.id)}`, patch);
			const words =
				saved.tracking === "serial"
					? saved.expiryRequired
						? "savedSerialExpiry"
						: "savedSerial"
					: saved.tracking === "lot"
						? saved.expiryRequired
							? "savedLotExpiry"
							: "savedLot"
						: "savedNone";
			this.trackingForm = { ...idleTracking(), ok: true, message: t(words) };
			this.dispatchEvent(new CustomEvent("product-changed", { detail: saved, bubbles: true, composed: true }));
		} catch (error) {
			// 409: lots still hold stock, or a lot more than a unit. Said in full beside the form, the choice back as the product has it.
			if (error instanceof ApiError && error.status === 409) {
				this.tracking = product.tracking;
				this.expiryRequired = product.expiryRequired;
				this.trackingForm = { ...idleTracking(), conflict: problemMessage(error), refused: asked };
				return;
			}
			this.trackingForm = { ...idleTracking(), message: problemMessage(error) };
		}
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-product-lots-panel": ProductLotsPanel;
	}
}
