/**
 * Settings: how QuickBooks documents move stock (order mode, estimates), the default location,
 * stock sync to QuickBooks and purchases created in QuickBooks. Everyone reads them; managers and owners change them (the API says so too).
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
