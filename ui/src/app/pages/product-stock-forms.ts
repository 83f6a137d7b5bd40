/**
 * The stock commands of a product's page (product-page.ts), each a form of its own: an adjustment
 * (adds to or removes from on hand at one location) and a transfer between two locations. For a
 * product tracked by lot, each also takes lot rows (lot, expiry for an adjustment, quantity); for
 * one tracked by serial number, serial rows (one unit each; for an adjustment, the serials' lot and
 * expiry) — both `<stockroom-lot-rows>` (lot-rows-field.ts): Enter goes to the next row or adds one,
 * a pasted list fills them, and a paste into an empty quantity sets it to what was pasted. A
 * submission's idempotency key is kept after a network failure, so that trying again cannot apply
 * it twice; after a command the page reloads the product (`afterSave`), and a failure to do so shows
 * in the form like the command's own. The server's errors land at their field, a lot's at its row.
 * A move that would take available below zero is refused with the location and the shortfall and,
 * when the company allows it, a "go below zero anyway?" checkbox (below-zero-confirm.ts).
 */
import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { Location, Product, StockCommandResult } from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { formatQuantity, parseQuantity } from "../../i18n/numbers";
import { emptyLotRow, type LotRow, lotFieldOf, lotsPlan, lotsTotal } from "../../lots/lot-rows";
import { isBlankSerial, serialsPlan, serialsSummary } from "../../lots/serial-rows";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDay } from "../dates";
import { fieldError, textField } from "../form-field";
import { formStatus } from "../form-status";
import { fieldErrors, formMessage } from "../problems";
import { type BelowZero, belowZeroConfirm, belowZeroConfirmed, belowZeroOf } from "./below-zero-confirm";
import { type LotRowsChange, lotErrorWords, lotRowsRendered, serialSummaryWords } from "./lot-rows-field";
import { productStockFormsMessages as t } from "./product-stock-forms.messages";
import "./lot-rows-field";

/**
 * One form's state: its field errors, its message, the idempotency key of the submission under way,
 * and the last refusal to go below zero (which offers the confirmation).
 */
type FormState = {
	errors: Record<string, string>;
	message: string;
	ok: boolean;
	busy: boolean;
	key: string | null;
	belowZero: BelowZero | null;
};
const idle = (): FormState => ({ errors: {}, message: "", ok: false, busy: false, key: null, belowZero: null });

/** What the typed values ask for: a command to send, or the errors that stop it (and the field to focus). */
type Command =
	| {
			path: "/adjustments" | "/transfers";
			body: { quantity: number } & Record<string, string | number>;
			/** The fields it shows errors at; the problem's message says the others. */
			shownFields: string[];
			saved: (result: StockCommandResult) => string;
	  }
	| { errors: Record<string, string>; focus?: string };

/** A lot the product already has, offered as the lot field's suggestion. */
export type KnownLot = { lot: string; expiry: string | null };

/** What both forms share: the product, the locations it may move between, their fields and their submission. */
abstract class StockCommandForm extends AppPage {
	@property() productId = "";
	/** The active locations: a command may use no other. */
	@property({ attribute: false }) locations: Location[] = [];
	/** How the page names a location in its sentences. */
	@property({ attribute: false }) locationName: (id: string) => string = (id) => id;
	/** The page's reload of the product, its ledger and chart, once a command is saved. */
	@property({ attribute: false }) afterSave: () => Promise<void> = async () => {};
	/** How the product's stock is tracked: by lot or serial number, the form takes lot or serial rows. */
	@property({ attribute: false }) tracking: Product["tracking"] = "none";
	/** New lots need an expiry (the server checks which lots are new). */
	@property({ attribute: false }) expiryRequired = false;
	@property({ attribute: false }) knownLots: KnownLot[] = [];
	@state() protected form: FormState = idle();
	@state() protected lotRows: LotRow[] = [emptyLotRow()];
	/** The quantity as typed: serial rows say how many of its units they name. */
	@state() protected quantityText = "";

	/** `data-form`, and the prefix of its fields' ids (`adjust-quantity`). */
	protected abstract readonly formName: "adjust" | "transfer";
	/** The lot rows take an expiry (a new lot's); a transfer moves lots that have theirs. */
	protected abstract readonly withExpiry: boolean;

	/** The command the typed values ask for; `read("quantity")` is a field's text. */
	protected abstract command(read: (name: string) => string): Command;

	protected override forgetMessages(): void {
		// A submission under way keeps its key: its answer still arrives.
		this.form = { ...idle(), busy: this.form.busy, key: this.form.key };
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("productId") || changed.has("tracking")) {
			this.form = idle();
			this.lotRows = [emptyLotRow()];
			this.quantityText = "";
		}
	}

	/**
	 * Sends the command under this submission's key, says what it did, then has the page reload.
	 * A refusal shows its errors in place; the key is kept only when the request may not have arrived.
	 */
	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		if (this.form.busy) return;
		const form = event.currentTarget as HTMLFormElement;
		const data = new FormData(form);
		const command = this.command((name) => String(data.get(name) ?? ""));
		const total = "errors" in command ? null : command.body.quantity;
		const options = { locale: getLocale(), total, withExpiry: this.withExpiry };
		const plan =
			this.tracking === "serial"
				? serialsPlan(this.lotRows, options)
				: this.tracking === "lot"
					? lotsPlan(this.lotRows, options)
					: null;
		const errors = {
			...("errors" in command ? command.errors : {}),
			...(plan ? lotErrorWords(this.lotRows, plan.errors) : {}),
		};
		if ("errors" in command || Object.keys(errors).length > 0) {
			this.form = { ...idle(), errors };
			await lotRowsRendered(this);
			const focus = "errors" in command && command.focus ? `[name=${command.focus}]` : '[aria-invalid="true"]';
			form.querySelector<HTMLElement>(focus)?.focus();
			return;
		}
		const reason = String(data.get("reason") ?? "").trim();
		const lots = plan && plan.lots.length > 0 ? plan.lots : null;
		const allowNegative = belowZeroConfirmed(data);
		// One key per submission; kept after a network failure so that trying again cannot apply it twice.
		const key = this.form.key ?? idempotencyKey();
		this.form = { ...idle(), busy: true, key };
		try {
			const result = await this.api.post<StockCommandResult>(command.path, {
				productId: this.productId,
				...command.body,
				...(lots ? { lots } : {}),
				...(reason ? { reason } : {}),
				...(allowNegative ? { allowNegative } : {}),
				idempotencyKey: key,
			});
			this.form = { ...idle(), ok: true, message: command.saved(result) };
			form.reset();
			this.lotRows = [emptyLotRow()];
			this.quantityText = "";
			await this.afterSave();
		} catch (error) {
			const belowZero = belowZeroOf(error);
			if (belowZero) {
				await this.refusedBelowZero(form, error, belowZero);
				return;
			}
			const networkError = error instanceof ApiError && error.status === 0;
			// A lot's error at its row (`lots.1.expiry`), the lots' together under them; the rest at their field.
			const placed: Record<string, string> = {};
			const atLots: string[] = [];
			for (const [field, words] of Object.entries(fieldErrors(error))) {
				const at = plan ? lotFieldOf(field, plan.sentKeys) : null;
				if (at) atLots.push(field);
				placed[at ?? field] ??= this.namingLocations(words);
			}
			const message = formMessage(error, [...command.shownFields, ...atLots]);
			this.form = {
				...idle(),
				errors: placed,
				message: message ? this.namingLocations(message) : "",
				key: networkError ? key : null,
			};
			await lotRowsRendered(this);
			if (atLots.length > 0) form.querySelector<HTMLElement>('[data-lots] [aria-invalid="true"]')?.focus();
		}
	}

	/**
	 * The refusal to go below zero, said in the user's language at the field it names (the quantity),
	 * with the confirmation offered when the company allows it; the key was not used up.
	 */
	private async refusedBelowZero(form: HTMLFormElement, error: unknown, belowZero: BelowZero): Promise<void> {
		const [field = "quantity"] = Object.keys(fieldErrors(error));
		this.form = { ...idle(), errors: { [field]: belowZero.sentence }, belowZero };
		await this.updateComplete;
		const confirm = form.querySelector<HTMLElement>("[name=allowNegative]");
		(confirm ?? form.querySelector<HTMLElement>(`[name="${field}"]`))?.focus();
	}

	/** The server's words with its location ids ("lot A1 holds 6 at location 01J…") as the page names them. */
	private namingLocations(words: string): string {
		return this.locations.reduce((text, l) => text.replaceAll(l.id, this.locationName(l.id)), words);
	}

	/** The form around its fields, with its lot rows, its submit button and status. */
	protected view(fields: TemplateResult, submitLabel: string) {
		return html`<form class="stack" data-form=${this.formName} novalidate @submit=${this.submit} @input=${this.onInput}>
			${fields}
			${this.tracking === "none" ? nothing : this.lotRowsView()}
			${belowZeroConfirm(this.form.belowZero, this.formName)}
			<div class="actions">
				<button type="submit" class="primary" ?disabled=${this.form.busy}>${submitLabel}</button>
				${formStatus(this.form, t("saving"))}
			</div>
		</form>`;
	}

	protected input(
		name: string,
		label: string,
		options: { inputmode?: string; required?: boolean; maxlength?: number },
	) {
		const id = `${this.formName}-${name}`;
		return textField({ id, name, label, error: this.form.errors[name], type: "text", ...options });
	}

	protected select(name: string, label: string, selected?: string) {
		const id = `${this.formName}-${name}`;
		const error = this.form.errors[name];
		return html`<div class="field">
			<label for=${id}>${label}</label>
			<select
				id=${id}
				name=${name}
				aria-invalid=${error ? "true" : nothing}
				aria-describedby=${error ? `${id}-error` : nothing}
			>
				${this.locations.map(
					(l) => html`<option value=${l.id} ?selected=${selected ? l.id === selected : l.isDefault}>${l.name}</option>`,
				)}
			</select>
			${fieldError(`${id}-error`, error)}
		</div>`;
	}

	// ——— Lot and serial rows ———

	/** The quantity typed, for the serial rows' "n of m". */
	private onInput(event: Event): void {
		const target = event.target as HTMLInputElement;
		if (target.name === "quantity") this.quantityText = target.value;
	}

	/**
	 * The rows as edited, their errors that no longer hold dropped; after a paste, an empty quantity
	 * becomes what was pasted: the lots' total, or one unit per serial.
	 */
	private onLotsChange(change: LotRowsChange): void {
		this.lotRows = change.rows;
		const errors = Object.fromEntries(Object.entries(this.form.errors).filter(([k]) => !change.stale.includes(k)));
		this.form = { ...this.form, errors: { ...errors, ...change.errors } };
		const quantity = this.querySelector<HTMLInputElement>(`#${this.formName}-quantity`);
		if (!change.added || !quantity || quantity.value.trim() !== "") return;
		const locale = getLocale();
		const sum =
			this.tracking === "serial" ? change.rows.filter((r) => !isBlankSerial(r)).length : lotsTotal(change.rows, locale);
		if (sum === null || sum === 0) return;
		quantity.value = formatQuantity(sum, locale);
		this.quantityText = quantity.value;
	}

	protected abstract lotsHelp(): string;

	private lotRowsView() {
		const serial = this.tracking === "serial";
		const summary = serial ? serialSummaryWords(serialsSummary(this.lotRows, this.quantityText, getLocale())) : "";
		return html`<stockroom-lot-rows
			.api=${this.api}
			name=${this.formName}
			.rows=${this.lotRows}
			.errors=${this.form.errors}
			.serial=${serial}
			.withExpiry=${this.withExpiry}
			.expiryRequired=${this.expiryRequired}
			.suggestions=${this.knownLots.map((l) => ({
				lot: l.lot,
				label: l.expiry ? t("expires", { date: formatDay(l.expiry) }) : "",
			}))}
			.legend=${t(serial ? "serials" : "lots")}
			.help=${this.lotsHelp()}
			.summary=${summary}
			@lot-rows-change=${(e: CustomEvent<LotRowsChange>) => this.onLotsChange(e.detail)}
		></stockroom-lot-rows>`;
	}
}

@customElement("stockroom-product-adjust-form")
export class ProductAdjustForm extends StockCommandForm {
	protected readonly formName = "adjust";
	protected readonly withExpiry = true;

	protected lotsHelp(): string {
		return t(this.tracking === "serial" ? "adjustSerialsHelp" : "adjustLotsHelp");
	}

	protected command(read: (name: string) => string): Command {
		const locationId = read("locationId");
		const quantity = parseQuantity(read("quantity"));
		if (quantity === null || quantity === 0)
			return { errors: { quantity: t(quantity === null ? "notNumber" : "notZero") }, focus: "quantity" };
		return {
			path: "/adjustments",
			body: { locationId, quantity },
			shownFields: ["quantity", "locationId", "reason"],
			saved: (result) =>
				t("adjusted", {
					location: this.locationName(locationId),
					onHand: formatQuantity(result.levels.find((l) => l.locationId === locationId)?.onHand ?? 0),
				}),
		};
	}

	override render() {
		if (this.locations.length === 0) return html`<p class="muted">${t("noLocations")}</p>`;
		return this.view(
			html`<p class="muted small">${t("adjustHelp")}</p>
				<div class="field-row">
					${this.select("locationId", t("location"))}
					${this.input("quantity", t("quantity"), { inputmode: "decimal", required: true })}
				</div>
				${this.input("reason", t("reason"), { maxlength: 500 })}`,
			t("adjustSubmit"),
		);
	}
}

@customElement("stockroom-product-transfer-form")
export class ProductTransferForm extends StockCommandForm {
	protected readonly formName = "transfer";
	protected readonly withExpiry = false;

	protected lotsHelp(): string {
		return t(this.tracking === "serial" ? "transferSerialsHelp" : "transferLotsHelp");
	}

	protected command(read: (name: string) => string): Command {
		const fromLocationId = read("fromLocationId");
		const toLocationId = read("toLocationId");
		const quantity = parseQuantity(read("quantity"));
		const errors: Record<string, string> = {};
		if (quantity === null) errors.quantity = t("notNumber");
		else if (quantity <= 0) errors.quantity = t("notPositive");
		if (fromLocationId === toLocationId) errors.toLocationId = t("sameLocation");
		if (Object.keys(errors).length > 0 || quantity === null) return { errors };
		return {
			path: "/transfers",
			body: { fromLocationId, toLocationId, quantity },
			shownFields: ["quantity", "fromLocationId", "toLocationId", "reason"],
			saved: () =>
				t("transferred", {
					quantity: formatQuantity(quantity),
					from: this.locationName(fromLocationId),
					to: this.locationName(toLocationId),
				}),
		};
	}

	override render() {
		if (this.locations.length < 2) return html`<p class="muted">${t("noLocations")}</p>`;
		return this.view(
			html`<div class="field-row">
					${this.select("fromLocationId", t("from"))}
					${this.select("toLocationId", t("to"), this.locations[1]?.id)}
				</div>
				<div class="field-row">
					${this.input("quantity", t("quantity"), { inputmode: "decimal", required: true })}
					${this.input("reason", t("reason"), { maxlength: 500 })}
				</div>`,
			t("transferSubmit"),
		);
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-product-adjust-form": ProductAdjustForm;
		"stockroom-product-transfer-form": ProductTransferForm;
	}
}
