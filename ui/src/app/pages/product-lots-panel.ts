/**
 * The lots part of a product's page (product-page.ts; docs/architecture.md#lots): for a product
 * tracked by lot, each location's lots with their expiry (expired, and expiring within 30 days,
 * marked) and on hand, and the unassigned rest — stock not yet in any lot. For managers, the
 * product's tracking: by lot or not, and whether new lots need an expiry; turning tracking off while
 * lots hold stock is refused (409), and said so.
 *
 * @event product-changed - the product as the server now has it (`detail`), after its tracking was saved
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { LocationLots, Product, ProductLot, ProductPatch } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import { EXPIRING_SOON_DAYS, expiryStatus, utcDay } from "../../lots/lot-expiry";
import { lotSections } from "../../lots/product-lots";
import { AppPage } from "../app-page";
import { formatDay } from "../dates";
import { formStatus } from "../form-status";
import { problemMessage } from "../problems";
import { productLotsPanelMessages as t } from "./product-lots-panel.messages";

type TrackingForm = { busy: boolean; ok: boolean; message: string; conflict: string };
const idleTracking = (): TrackingForm => ({ busy: false, ok: false, message: "", conflict: "" });

@customElement("stockroom-product-lots-panel")
export class ProductLotsPanel extends AppPage {
	@property({ attribute: false }) product: Product | null = null;
	/** Each location's lots; null while they load. */
	@property({ attribute: false }) lots: LocationLots[] | null = null;
	@property({ attribute: false }) lotsError = "";
	/** The app's locations in order, and how the page names them. */
	@property({ attribute: false }) locationIds: string[] = [];
	@property({ attribute: false }) locationName: (id: string) => string = (id) => id;

	/** The tracking form's boxes as ticked (the product's until changed). */
	@state() private tracked = false;
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
		this.tracked = p.tracking === "lot";
		this.expiryRequired = p.expiryRequired;
		if (before?.id !== p.id) this.trackingForm = idleTracking();
	}

	override render() {
		const product = this.product;
		if (!product) return nothing;
		const tracked = product.tracking === "lot";
		// Only stock can be tracked by lot (the API refuses the others).
		const manage = this.may("manager") && (product.type === "inventory" || tracked);
		if (!tracked && !manage) return nothing;
		return html`<section class="card lots-card" aria-labelledby="lots-title" data-section="lots">
			<h2 id="lots-title">${t(tracked ? "title" : "tracking")}</h2>
			${tracked ? this.lotsTable() : html`<p class="muted">${t("notTracked")}</p>`}
			${manage ? this.trackingSettings(product, tracked) : nothing}
		</section>`;
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
							>${status.days === 0 ? t("expiresToday") : status.days === 1 ? t("expiresTomorrow") : t("expiresIn", { days: status.days })}</span
						>`
					: nothing;
		return html`<tr data-lot=${lot.lot} data-expiry-status=${status.kind} class=${status.kind === "expired" ? "expired-row" : ""}>
			<th scope="row" class="mono">${lot.lot}</th>
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
			this.tracked === (product.tracking === "lot") &&
			(!this.tracked || this.expiryRequired === product.expiryRequired);
		return html`<form
			class="tracking-form"
			data-form="tracking"
			aria-labelledby=${tracked ? "lot-tracking-title" : "lots-title"}
			novalidate
			@submit=${this.saveTracking}
		>
			${tracked ? html`<h3 id="lot-tracking-title">${t("tracking")}</h3>` : nothing}
			<div class="inline-form tight">
				<label class="check">
					<input
						type="checkbox"
						name="tracking"
						.checked=${this.tracked}
						@change=${(e: Event) => {
							this.tracked = (e.target as HTMLInputElement).checked;
							this.trackingForm = idleTracking();
						}}
					/>
					<span>${t("trackByLot")}</span>
				</label>
				<label class="check">
					<input
						type="checkbox"
						name="expiryRequired"
						.checked=${this.expiryRequired}
						?disabled=${!this.tracked}
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
			<p class="help">${t(this.tracked ? "trackingHelpOn" : "trackingHelpOff")}</p>
			${
				f.conflict
					? html`<div class="error-banner" role="alert" data-problem="conflict">
							<p><strong>${t("stillHeld")}</strong></p>
							<p class="small">${f.conflict}</p>
						</div>`
					: nothing
			}
		</form>`;
	}

	private async saveTracking(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const product = this.product;
		if (!product || this.trackingForm.busy) return;
		const patch: ProductPatch = this.tracked
			? { tracking: "lot", expiryRequired: this.expiryRequired }
			: { tracking: "none" };
		this.trackingForm = { ...idleTracking(), busy: true };
		try {
			const saved = await this.api.patch<Product>(`/products/${encodeURIComponent(product.id)}`, patch);
			this.trackingForm = {
				...idleTracking(),
				ok: true,
				message: t(saved.tracking === "lot" ? (saved.expiryRequired ? "savedLotExpiry" : "savedLot") : "savedNone"),
			};
			this.dispatchEvent(new CustomEvent("product-changed", { detail: saved, bubbles: true, composed: true }));
		} catch (error) {
			// 409: lots still hold stock. Said in full beside the form, the boxes back as the product has them.
			if (error instanceof ApiError && error.status === 409) {
				this.tracked = product.tracking === "lot";
				this.expiryRequired = product.expiryRequired;
				this.trackingForm = { ...idleTracking(), conflict: problemMessage(error) };
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
