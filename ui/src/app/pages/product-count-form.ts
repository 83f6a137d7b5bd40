/**
 * A product's count form, on its page (product-page.ts; staff and above): what is on the shelf at
 * one location becomes its on hand (`POST /counts`). An untracked product takes one counted
 * quantity. A product tracked by lot is counted per lot (docs/architecture.md#lots): rows pre-filled
 * with the lots at the location, a count typed for each, lots found besides added with their expiry
 * (`<stockroom-lot-rows>`, lot-rows-field.ts: keyboard, paste); by serial number, the serials found,
 * typed, pasted or scanned as a list, the form saying which in stock here were not found. Beside the
 * rows, what was found without a lot (the unassigned rest), and the total the count comes to. What
 * is sent is ui/src/lots/count-rows.ts. The idempotency key is kept after a network failure, so that
 * trying again cannot count twice; the server's errors land at their field, a lot's at its row.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { CountRequest, Location, LocationLots, Product, StockCommandResult } from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { formatQuantity, parseQuantity } from "../../i18n/numbers";
import { type CountPlan, countPlan, countRows, countTotal, serialCount } from "../../lots/count-rows";
import { type LotRow, lotFieldOf } from "../../lots/lot-rows";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDay } from "../dates";
import { fieldError } from "../form-field";
import { formStatus } from "../form-status";
import { fieldErrors, formMessage } from "../problems";
import { type LotErrorCode, type LotRowsChange, lotErrorWords, lotRowsRendered } from "./lot-rows-field";
import { productCountFormMessages as t } from "./product-count-form.messages";
import "./lot-rows-field";

type FormState = { errors: Record<string, string>; message: string; ok: boolean; busy: boolean; key: string | null };
const idle = (): FormState => ({ errors: {}, message: "", ok: false, busy: false, key: null });

/** At most this many serials are named in "not found" and "not in stock here"; the rest as "…". */
const SERIALS_NAMED = 10;

@customElement("stockroom-product-count-form")
export class ProductCountForm extends AppPage {
	@property() productId = "";
	/** The active locations: a count may use no other. */
	@property({ attribute: false }) locations: Location[] = [];
	@property({ attribute: false }) locationName: (id: string) => string = (id) => id;
	@property({ attribute: false }) afterSave: () => Promise<void> = async () => {};
	@property({ attribute: false }) tracking: Product["tracking"] = "none";
	@property({ attribute: false }) expiryRequired = false;
	/** The product's levels: what is on hand now at each location. */
	@property({ attribute: false }) levels: Product["levels"] = [];
	/** Each location's lots (null while they load): the rows a count starts from. */
	@property({ attribute: false }) lots: LocationLots[] | null = null;
	@property({ attribute: false }) knownLots: { lot: string; expiry: string | null }[] = [];
	@state() private form: FormState = idle();
	@state() private locationId = "";
	@state() private rows: LotRow[] = [];
	/** The rows as the location's lots made them, until edited: new lots replace them then. */
	@state() private edited = false;
	@state() private unassignedText = "";

	protected override forgetMessages(): void {
		this.form = { ...idle(), busy: this.form.busy, key: this.form.key };
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("productId") || changed.has("tracking")) {
			this.form = idle();
			this.edited = false;
		}
		const before = this.locationId;
		if (!this.locations.some((l) => l.id === this.locationId))
			this.locationId = (this.locations.find((l) => l.isDefault) ?? this.locations[0])?.id ?? "";
		const moved = before !== this.locationId;
		if (!this.edited && (moved || changed.has("lots") || changed.has("tracking"))) this.prefill();
	}

	/** The rows from the location's lots as they are now, what was found without a lot left to type. */
	private prefill(): void {
		this.rows = countRows(this.here()?.lots ?? [], this.tracking === "serial");
		this.unassignedText = "";
	}

	private here(): LocationLots | undefined {
		return this.lots?.find((l) => l.locationId === this.locationId);
	}

	private onHandNow(): number {
		return this.levels.find((l) => l.locationId === this.locationId)?.onHand ?? 0;
	}

	private chooseLocation(event: Event): void {
		this.locationId = (event.target as HTMLSelectElement).value;
		this.edited = false;
		this.form = idle();
		this.prefill();
	}

	private onRowsChange(change: LotRowsChange): void {
		this.rows = change.rows;
		this.edited = true;
		const errors = Object.fromEntries(Object.entries(this.form.errors).filter(([k]) => !change.stale.includes(k)));
		this.form = { ...this.form, errors: { ...errors, ...change.errors } };
	}

	private plan(): CountPlan {
		const lotHere = this.here()?.lots.find((l) => l.onHand !== 0)?.lot ?? null;
		return countPlan(this.rows, { locale: getLocale(), serial: this.tracking === "serial", lotHere });
	}

	/** A row's error in words: the count's own codes here, the rows' shared ones as the rows say them. */
	private errorWords(errors: CountPlan["errors"]): Record<string, string> {
		const words: Record<string, string> = {};
		const shared = new Map<string, LotErrorCode>();
		for (const [key, code] of errors) {
			if (code === "countMissing" || code === "countNegative" || code === "notNumber") words[key] = t(code);
			else shared.set(key, code);
		}
		return { ...lotErrorWords(this.rows, shared), ...words };
	}

	/** What the typed values ask for: the request to send, or the errors that stop it. */
	private request(
		data: FormData,
	): { body: Omit<CountRequest, "idempotencyKey">; plan: CountPlan | null } | { errors: Record<string, string> } {
		const reason = String(data.get("reason") ?? "").trim();
		const base = { productId: this.productId, locationId: this.locationId, ...(reason ? { reason } : {}) };
		const locale = getLocale();
		if (this.tracking === "none") {
			const typed = String(data.get("quantity") ?? "").trim();
			const onHand = parseQuantity(typed, locale);
			if (typed === "") return { errors: { quantity: t("countMissing") } };
			if (onHand === null) return { errors: { quantity: t("notNumber") } };
			if (onHand < 0) return { errors: { quantity: t("countNegative") } };
			return { body: { ...base, onHand }, plan: null };
		}
		const plan = this.plan();
		const errors = this.errorWords(plan.errors);
		const rest = this.unassignedText.trim() === "" ? 0 : parseQuantity(this.unassignedText, locale);
		if (rest === null) errors.unassigned = t("notNumber");
		else if (rest < 0) errors.unassigned = t("countNegative");
		const total = countTotal(plan, this.unassignedText, locale);
		if (Object.keys(errors).length > 0 || total === null) return { errors };
		return { body: { ...base, onHand: total, ...(plan.lots.length > 0 ? { lots: plan.lots } : {}) }, plan };
	}

	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		if (this.form.busy) return;
		const form = event.currentTarget as HTMLFormElement;
		const asked = this.request(new FormData(form));
		if ("errors" in asked) {
			this.form = { ...idle(), errors: asked.errors };
			await lotRowsRendered(this);
			form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
			return;
		}
		const { body, plan } = asked;
		// One key per submission; kept after a network failure so that trying again cannot count twice.
		const key = this.form.key ?? idempotencyKey();
		this.form = { ...idle(), busy: true, key };
		try {
			const result = await this.api.post<StockCommandResult>("/counts", { ...body, idempotencyKey: key });
			const onHand = result.levels.find((l) => l.locationId === this.locationId)?.onHand ?? body.onHand;
			this.form = {
				...idle(),
				ok: true,
				message: t("saved", { location: this.locationName(this.locationId), onHand: formatQuantity(onHand) }),
			};
			form.reset();
			this.edited = false;
			await this.afterSave();
		} catch (error) {
			const networkError = error instanceof ApiError && error.status === 0;
			const placed: Record<string, string> = {};
			const atLots: string[] = [];
			for (const [field, words] of Object.entries(fieldErrors(error))) {
				const at = plan ? lotFieldOf(field, plan.sentKeys) : null;
				if (at) atLots.push(field);
				const shown = field === "onHand" ? (this.tracking === "none" ? "quantity" : "unassigned") : field;
				placed[at ?? shown] ??= words;
			}
			const message = formMessage(error, ["onHand", "locationId", "reason", ...atLots]);
			this.form = { ...idle(), errors: placed, message: message ?? "", key: networkError ? key : null };
			await lotRowsRendered(this);
			form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
		}
	}

	override render() {
		if (this.locations.length === 0) return html`<p class="muted">${t("noLocations")}</p>`;
		const id = (name: string) => `count-${name}`;
		const error = (name: string) => this.form.errors[name];
		const invalid = (name: string) => (error(name) ? "true" : nothing);
		const help =
			this.tracking === "serial" ? t("serialCountHelp") : this.tracking === "lot" ? t("lotCountHelp") : t("countHelp");
		return html`<form class="stack" data-form="count" novalidate @submit=${this.submit}>
			<p class="muted small">${help}</p>
			<div class="field-row">
				<div class="field">
					<label for=${id("locationId")}>${t("location")}</label>
					<select id=${id("locationId")} name="locationId" @change=${this.chooseLocation}>
						${this.locations.map((l) => html`<option value=${l.id} ?selected=${l.id === this.locationId}>${l.name}</option>`)}
					</select>
				</div>
				${this.tracking === "none" ? this.quantityField(id("quantity"), error("quantity"), invalid("quantity")) : nothing}
			</div>
			${this.tracking === "none" ? nothing : this.trackedFields()}
			<div class="field">
				<label for=${id("reason")}>${t("reason")}</label>
				<input id=${id("reason")} name="reason" autocomplete="off" maxlength="500" />
				${fieldError(`${id("reason")}-error`, error("reason"))}
			</div>
			<div class="actions">
				<button type="submit" class="primary" ?disabled=${this.form.busy}>${t("submit")}</button>
				${formStatus(this.form, t("saving"))}
			</div>
		</form>`;
	}

	private quantityField(fieldId: string, error: string | undefined, invalid: string | typeof nothing) {
		return html`<div class="field">
			<label for=${fieldId}>${t("counted")}</label>
			<input
				id=${fieldId}
				name="quantity"
				inputmode="decimal"
				autocomplete="off"
				aria-invalid=${invalid}
				aria-describedby=${error ? `${fieldId}-error` : `${fieldId}-now`}
			/>
			<p class="muted small" id=${`${fieldId}-now`}>${t("onHandNow", { quantity: formatQuantity(this.onHandNow()) })}</p>
			${fieldError(`${fieldId}-error`, error)}
		</div>`;
	}

	/** The lot or serial rows, what was found without one, and the total. */
	private trackedFields() {
		const serial = this.tracking === "serial";
		const here = this.here();
		const held = new Map((here?.lots ?? []).map((l) => [l.lot, l]));
		const locale = getLocale();
		const total = countTotal(this.plan(), this.unassignedText, locale);
		const unassignedId = "count-unassigned";
		const unassignedError = this.form.errors.unassigned;
		return html`<stockroom-lot-rows
				.api=${this.api}
				name="count"
				.rows=${this.rows}
				.errors=${this.form.errors}
				.serial=${serial}
				.withExpiry=${true}
				.expiryRequired=${this.expiryRequired}
				.suggestions=${this.knownLots.map((l) => ({ lot: l.lot, label: l.expiry ? formatDay(l.expiry) : "" }))}
				.legend=${t(serial ? "serialsLegend" : "lotsLegend")}
				.help=${t(serial ? "serialsRowsHelp" : "lotsRowsHelp")}
				.note=${(row: LotRow) => {
					if (serial || row.lot.trim() === "") return nothing;
					const lot = held.get(row.lot.trim());
					return lot && lot.onHand !== 0
						? html`<span data-lot-status="held">${t("lotHolds", { quantity: formatQuantity(lot.onHand) })}</span>`
						: html`<span data-lot-status="new">${t("newLot")}</span>`;
				}}
				.summary=${serial ? this.serialSummary(here) : ""}
				@lot-rows-change=${(e: CustomEvent<LotRowsChange>) => this.onRowsChange(e.detail)}
			></stockroom-lot-rows>
			<div class="field">
				<label for=${unassignedId}>${t(serial ? "unassignedSerial" : "unassigned")}</label>
				<input
					id=${unassignedId}
					name="unassigned"
					inputmode="decimal"
					autocomplete="off"
					placeholder="0"
					.value=${this.unassignedText}
					aria-invalid=${unassignedError ? "true" : nothing}
					aria-describedby=${unassignedError ? `${unassignedId}-error` : `${unassignedId}-now`}
					@input=${(e: Event) => {
						this.unassignedText = (e.target as HTMLInputElement).value;
						this.edited = true;
					}}
				/>
				<p class="muted small" id=${`${unassignedId}-now`}>
					${t("unassignedNow", { quantity: formatQuantity(here?.unassigned ?? this.onHandNow()) })}
				</p>
				${fieldError(`${unassignedId}-error`, unassignedError)}
			</div>
			<p class="count-total" role="status" data-count-total>
				${
					total === null
						? t("totalUnknown")
						: t("total", { total: formatQuantity(total), onHand: formatQuantity(this.onHandNow()) })
				}
			</p>`;
	}

	/** Serials found against those in stock here: how many, which were not found, which were not there. */
	private serialSummary(here: LocationLots | undefined): string {
		const inStock = (here?.lots ?? []).filter((l) => l.onHand > 0).map((l) => l.lot);
		const count = serialCount(this.rows, inStock);
		const named = (serials: string[]) =>
			serials.slice(0, SERIALS_NAMED).join(", ") + (serials.length > SERIALS_NAMED ? ", …" : "");
		return [
			t("serialsFound", { found: count.found, inStock: inStock.length }),
			count.missing.length > 0 ? t("serialsMissing", { serials: named(count.missing) }) : "",
			count.extra.length > 0 ? t("serialsExtra", { serials: named(count.extra) }) : "",
		]
			.filter(Boolean)
			.join(" ");
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-product-count-form": ProductCountForm;
	}
}
