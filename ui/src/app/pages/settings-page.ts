/**
 * Settings: how QuickBooks documents move stock (order mode, estimates), the default location,
 * stock sync to QuickBooks, purchases created in QuickBooks, and expiry (expired stock not
 * available, what "expiring" means). Everyone reads them; managers and owners change them (the API says so too).
 */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { Location, OrderMode, Settings } from "../../api/types";
import { AppPage } from "../app-page";
import { fieldError } from "../form-field";
import { fieldErrors, formMessage, problemMessage } from "../problems";
import { settingsPageMessages as t } from "./settings-page.messages";

const ORDER_MODES: readonly OrderMode[] = ["ship_on_invoice", "reserve_until_delivery"];
/** The API's bound on "expiring within N days" (ten years). */
const EXPIRING_DAYS_MAX = 3650;

/** The typed "expiring within" days: a whole number from 0 to the bound, or null. */
function parseExpiringDays(text: string): number | null {
	const s = text.trim();
	if (!/^\d+$/.test(s)) return null;
	const days = Number(s);
	return days <= EXPIRING_DAYS_MAX ? days : null;
}

@customElement("stockroom-settings-page")
export class SettingsPage extends AppPage {
	@state() private settings: Settings | null = null;
	@state() private locations: Location[] = [];
	@state() private loadError = "";
	@state() private errors: Record<string, string> = {};
	@state() private message = "";
	@state() private ok = false;
	@state() private busy = false;

	protected override forgetMessages(): void {
		this.message = "";
		this.errors = {};
	}

	override connectedCallback(): void {
		super.connectedCallback();
		void this.load();
	}

	private async load(): Promise<void> {
		try {
			const [settings, locations] = await Promise.all([
				this.api.get<Settings>("/settings"),
				this.api.all<Location>("/locations"),
			]);
			this.settings = settings;
			this.locations = locations;
			this.loadError = "";
		} catch (error) {
			this.loadError = problemMessage(error);
		}
	}

	private async save(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const current = this.settings;
		if (!current) return;
		const data = new FormData(event.currentTarget as HTMLFormElement);
		// Only what changed: a PATCH of one field cannot undo another user's change of another.
		const patch: Partial<Settings> = {};
		const orderMode = data.get("orderMode") as OrderMode | null;
		if (orderMode && orderMode !== current.orderMode) patch.orderMode = orderMode;
		const estimates = data.get("estimatesCreateOrders") !== null;
		if (estimates !== current.estimatesCreateOrders) patch.estimatesCreateOrders = estimates;
		const defaultLocationId = String(data.get("defaultLocationId") ?? "");
		if (defaultLocationId && defaultLocationId !== current.defaultLocationId)
			patch.defaultLocationId = defaultLocationId;
		if (current.stockSyncAvailable) {
			const sync = data.get("stockSyncToQbo") !== null;
			if (sync !== current.stockSyncToQbo) patch.stockSyncToQbo = sync;
		}
		const purchasesToQbo = data.get("purchasesToQbo") !== null;
		if (purchasesToQbo !== current.purchasesToQbo) patch.purchasesToQbo = purchasesToQbo;
		const negativeStockAllowed = data.get("negativeStockAllowed") !== null;
		if (negativeStockAllowed !== current.negativeStockAllowed) patch.negativeStockAllowed = negativeStockAllowed;
		const expiredNotAvailable = data.get("expiredNotAvailable") !== null;
		if (expiredNotAvailable !== current.expiredNotAvailable) patch.expiredNotAvailable = expiredNotAvailable;
		const days = parseExpiringDays(String(data.get("expiringWithinDays") ?? ""));
		if (days === null) {
			this.ok = false;
			this.errors = { expiringWithinDays: t("expiringDaysInvalid") };
			this.message = t("expiringDaysInvalid");
			return;
		}
		if (days !== current.expiringWithinDays) patch.expiringWithinDays = days;
		this.busy = true;
		this.errors = {};
		this.message = "";
		try {
			this.settings = await this.api.patch<Settings>("/settings", { ...patch, version: current.version });
			this.ok = true;
			this.message = t("saved");
		} catch (error) {
			this.ok = false;
			if (error instanceof ApiError && error.problem.code === "version_conflict") {
				this.message = t("conflict");
				await this.load();
			} else {
				this.errors = fieldErrors(error);
				this.message =
					formMessage(error, [
						"orderMode",
						"estimatesCreateOrders",
						"defaultLocationId",
						"stockSyncToQbo",
						"purchasesToQbo",
						"negativeStockAllowed",
						"expiredNotAvailable",
						"expiringWithinDays",
					]) ?? "";
			}
		} finally {
			this.busy = false;
		}
	}

	override render() {
		return html`<section class="page narrow" data-page="settings" aria-labelledby="settings-title">
			<div class="page-head"><h1 id="settings-title">${t("title")}</h1></div>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			${this.settings ? this.form(this.settings) : this.loadError ? nothing : html`<p class="muted" role="status">${t("loading")}</p>`}
		</section>`;
	}

	private form(settings: Settings) {
		const locked = !this.may("manager");
		const error = (field: string) => fieldError(`${field}-error`, this.errors[field]);
		const describedBy = (...ids: (string | false)[]) => ids.filter(Boolean).join(" ") || nothing;
		return html`<form class="card stack" data-form="settings" novalidate @submit=${this.save}>
			${locked ? html`<p class="notice-banner">${t("managersOnly")}</p>` : nothing}
			<fieldset ?disabled=${locked}>
				<legend>${t("orderMode")}</legend>
				${ORDER_MODES.map(
					(mode) => html`<label class="choice">
						<input
							type="radio"
							name="orderMode"
							value=${mode}
							?checked=${settings.orderMode === mode}
							aria-describedby=${`${mode}-help`}
						/>
						<span>
							<strong>${t(mode)}</strong>
							<span class="help" id=${`${mode}-help`}>${t(`${mode}Help`)}</span>
						</span>
					</label>`,
				)}
				${error("orderMode")}
			</fieldset>
			<fieldset ?disabled=${locked}>
				<legend class="visually-hidden">${t("estimates")}</legend>
				<label class="choice">
					<input
						type="checkbox"
						name="estimatesCreateOrders"
						?checked=${settings.estimatesCreateOrders}
						aria-describedby=${describedBy("estimates-help", !!this.errors.estimatesCreateOrders && "estimatesCreateOrders-error")}
					/>
					<span>
						<strong>${t("estimates")}</strong>
						<span class="help" id="estimates-help">${t("estimatesHelp")}</span>
					</span>
				</label>
				${error("estimatesCreateOrders")}
			</fieldset>
			<div class="field">
				<label for="default-location">${t("defaultLocation")}</label>
				<select
					id="default-location"
					name="defaultLocationId"
					?disabled=${locked}
					aria-describedby=${describedBy("default-location-help", !!this.errors.defaultLocationId && "defaultLocationId-error")}
				>
					${settings.defaultLocationId === null ? html`<option value="" selected>${t("noDefault")}</option>` : nothing}
					${this.locations.map(
						(l) => html`<option value=${l.id} ?selected=${l.id === settings.defaultLocationId}>${l.name}</option>`,
					)}
				</select>
				<p class="help" id="default-location-help">${t("defaultLocationHelp")}</p>
				${error("defaultLocationId")}
			</div>
			<fieldset ?disabled=${locked || !settings.stockSyncAvailable}>
				<legend class="visually-hidden">${t("stockSync")}</legend>
				<label class="choice">
					<input
						type="checkbox"
						name="stockSyncToQbo"
						?checked=${settings.stockSyncToQbo}
						aria-describedby=${describedBy("stock-sync-help", !settings.stockSyncAvailable && "stock-sync-note", !!this.errors.stockSyncToQbo && "stockSyncToQbo-error")}
					/>
					<span>
						<strong>${t("stockSync")}</strong>
						<span class="help" id="stock-sync-help">${t("stockSyncHelp")}</span>
					</span>
				</label>
				${
					settings.stockSyncAvailable
						? nothing
						: html`<p class="notice-banner" id="stock-sync-note" data-note="stock-sync">
								${t("stockSyncUnavailable", { note: settings.stockSyncNote ?? "" })}
							</p>`
				}
				${error("stockSyncToQbo")}
			</fieldset>
			<fieldset ?disabled=${locked}>
				<legend class="visually-hidden">${t("purchasesToQbo")}</legend>
				<label class="choice">
					<input
						type="checkbox"
						name="purchasesToQbo"
						?checked=${settings.purchasesToQbo}
						aria-describedby=${describedBy("purchases-to-qbo-help", !!this.errors.purchasesToQbo && "purchasesToQbo-error")}
					/>
					<span>
						<strong>${t("purchasesToQbo")}</strong>
						<span class="help" id="purchases-to-qbo-help">${t("purchasesToQboHelp")}</span>
					</span>
				</label>
				${error("purchasesToQbo")}
			</fieldset>
			<fieldset ?disabled=${locked} data-section="negative-stock">
				<legend class="visually-hidden">${t("negativeStockAllowed")}</legend>
				<label class="choice">
					<input
						type="checkbox"
						role="switch"
						name="negativeStockAllowed"
						?checked=${settings.negativeStockAllowed}
						aria-describedby=${describedBy("negative-stock-help", !!this.errors.negativeStockAllowed && "negativeStockAllowed-error")}
					/>
					<span>
						<strong>${t("negativeStockAllowed")}</strong>
						<span class="help" id="negative-stock-help">${t("negativeStockAllowedHelp")}</span>
					</span>
				</label>
				${error("negativeStockAllowed")}
			</fieldset>
			<fieldset ?disabled=${locked} data-section="expiry">
				<legend>${t("expiry")}</legend>
				<label class="choice">
					<input
						type="checkbox"
						name="expiredNotAvailable"
						?checked=${settings.expiredNotAvailable}
						aria-describedby=${describedBy("expired-help", !!this.errors.expiredNotAvailable && "expiredNotAvailable-error")}
					/>
					<span>
						<strong>${t("expiredNotAvailable")}</strong>
						<span class="help" id="expired-help">${t("expiredNotAvailableHelp")}</span>
					</span>
				</label>
				${error("expiredNotAvailable")}
				<div class="field">
					<label for="expiring-days">${t("expiringWithinDays")}</label>
					<input
						id="expiring-days"
						name="expiringWithinDays"
						type="number"
						inputmode="numeric"
						min="0"
						max=${EXPIRING_DAYS_MAX}
						step="1"
						.value=${String(settings.expiringWithinDays)}
						aria-invalid=${this.errors.expiringWithinDays ? "true" : nothing}
						aria-describedby=${describedBy("expiring-help", !!this.errors.expiringWithinDays && "expiringWithinDays-error")}
					/>
					<p class="help" id="expiring-help">${t("expiringWithinDaysHelp")}</p>
					${error("expiringWithinDays")}
				</div>
			</fieldset>
			${
				locked
					? nothing
					: html`<div class="actions">
							<button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t("saving") : t("save")}</button>
							<span class="form-status ${this.ok ? "ok" : "error"}" role=${this.ok ? "status" : "alert"}>${this.message}</span>
						</div>`
			}
		</form>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-settings-page": SettingsPage;
	}
}
