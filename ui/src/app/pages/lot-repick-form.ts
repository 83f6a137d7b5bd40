/**
 * "Change lots" of stock that left (a re-pick, `POST /lots/repicks`, docs/architecture.md#lots):
 * opened from a movement on an order's page (order-page.ts) or a product's ledger (product-page.ts),
 * it reads what the movement's source took at its location (`GET /movements/{id}/lots`) and the
 * lots held there, pre-fills the rows with the lots it took, and lets the user name the lots the
 * goods really came from (`<stockroom-lot-rows>`, lot-rows-field.ts; serial rows for a product
 * tracked by serial number). Lots move, totals do not. The idempotency key is kept after a network
 * failure, so that trying again cannot re-pick twice; a refusal shows at its row, or under the rows.
 *
 * @event lots-repicked - the re-pick was saved: the page reloads what it shows
 * @event repick-close - the user closed the form
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { MovementLots, ProductLot, ProductLots, RepickRequest, StockCommandResult } from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { formatQuantity } from "../../i18n/numbers";
import { emptyLotRow, LOTS_FIELD, type LotRow, lotFieldOf, lotsPlan, lotsTotal } from "../../lots/lot-rows";
import { serialsPlan } from "../../lots/serial-rows";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDay } from "../dates";
import { fieldError } from "../form-field";
import { formStatus } from "../form-status";
import { fieldErrors, formMessage, problemMessage } from "../problems";
import { lotRepickFormMessages as t } from "./lot-repick-form.messages";
import { type LotRowsChange, lotErrorWords, lotRowsRendered } from "./lot-rows-field";
import "./lot-rows-field";

type FormState = { errors: Record<string, string>; message: string; ok: boolean; busy: boolean; key: string | null };
const idle = (): FormState => ({ errors: {}, message: "", ok: false, busy: false, key: null });

/** The rows a re-pick starts from: the lots the source took, each with what it took. */
function takenRows(taken: MovementLots): LotRow[] {
	const locale = getLocale();
	const rows = taken.lots.map((l) => ({
		...emptyLotRow(),
		lot: l.lot,
		quantity: taken.tracking === "serial" ? "" : formatQuantity(l.quantity, locale),
	}));
	return rows.length > 0 ? rows : [emptyLotRow()];
}

@customElement("stockroom-lot-repick-form")
export class LotRepickForm extends AppPage {
	@property() movementId = "";
	/** How the page names a location. */
	@property({ attribute: false }) locationName: (id: string) => string = (id) => id;
	/** What the source holds now; null while it loads. */
	@state() private taken: MovementLots | null = null;
	/** The lots held at the movement's location, offered in the lot field. */
	@state() private here: ProductLot[] = [];
	@state() private loadError = "";
	@state() private rows: LotRow[] = [emptyLotRow()];
	@state() private form: FormState = idle();

	protected override forgetMessages(): void {
		this.form = { ...idle(), busy: this.form.busy, key: this.form.key };
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("movementId") && this.movementId) void this.load(true);
	}

	/** The source's lots and the lots at its location, as the server has them now; `prefill` resets the rows. */
	private async load(prefill: boolean): Promise<void> {
		if (prefill) {
			this.taken = null;
			this.form = idle();
		}
		this.loadError = "";
		try {
			const taken = await this.api.get<MovementLots>(`/movements/${encodeURIComponent(this.movementId)}/lots`);
			const lots = await this.api.get<ProductLots>(`/products/${encodeURIComponent(taken.productId)}/lots`);
			this.here = lots.items.find((l) => l.locationId === taken.locationId)?.lots ?? [];
			this.taken = taken;
			if (prefill) this.rows = takenRows(taken);
		} catch (error) {
			this.loadError = problemMessage(error);
		}
	}

	private onRowsChange(change: LotRowsChange): void {
		this.rows = change.rows;
		const errors = Object.fromEntries(Object.entries(this.form.errors).filter(([k]) => !change.stale.includes(k)));
		this.form = { ...this.form, errors: { ...errors, ...change.errors } };
	}

	private close(): void {
		this.dispatchEvent(new CustomEvent("repick-close", { bubbles: true, composed: true }));
	}

	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const taken = this.taken;
		if (this.form.busy || !taken) return;
		const form = event.currentTarget as HTMLFormElement;
		const options = { locale: getLocale(), total: taken.taken, withExpiry: false };
		const plan = taken.tracking === "serial" ? serialsPlan(this.rows, options) : lotsPlan(this.rows, options);
		const errors = lotErrorWords(this.rows, plan.errors);
		if (plan.errors.get(LOTS_FIELD)) errors[LOTS_FIELD] = t("over", { total: formatQuantity(taken.taken) });
		if (plan.lots.length === 0 && plan.errors.size === 0) errors[LOTS_FIELD] = t("noLots");
		if (Object.keys(errors).length > 0) {
			this.form = { ...idle(), errors };
			await lotRowsRendered(this);
			form.querySelector<HTMLElement>('[aria-invalid="true"], [data-lots] .field-error')?.focus();
			return;
		}
		const reason = String(new FormData(form).get("reason") ?? "").trim();
		// One key per submission; kept after a network failure so that trying again cannot re-pick twice.
		const key = this.form.key ?? idempotencyKey();
		this.form = { ...idle(), busy: true, key };
		const body: RepickRequest = {
			movementId: this.movementId,
			locationId: taken.locationId,
			lots: plan.lots.map((l) => ({ lot: l.lot, quantity: l.quantity })),
			...(reason ? { reason } : {}),
			idempotencyKey: key,
		};
		try {
			await this.api.post<StockCommandResult>("/lots/repicks", body);
			this.form = { ...idle(), ok: true, message: t("saved") };
			form.reset();
			await this.load(true);
			this.form = { ...idle(), ok: true, message: t("saved") };
			this.dispatchEvent(new CustomEvent("lots-repicked", { bubbles: true, composed: true }));
		} catch (error) {
			const networkError = error instanceof ApiError && error.status === 0;
			const placed: Record<string, string> = {};
			const atLots: string[] = [];
			for (const [field, words] of Object.entries(fieldErrors(error))) {
				const at = lotFieldOf(field, plan.sentKeys);
				if (at) atLots.push(field);
				placed[at ?? field] ??= this.namingLocation(words);
			}
			// A refusal of the lots as a whole (more than the source took, the rest too short) says so under the rows.
			const lotRefused = error instanceof ApiError && error.problem.code === "lot_refused" && atLots.length === 0;
			if (lotRefused) placed[LOTS_FIELD] = this.namingLocation(problemMessage(error));
			const message = lotRefused ? null : formMessage(error, ["reason", ...atLots]);
			this.form = {
				...idle(),
				errors: placed,
				message: message ? this.namingLocation(message) : "",
				key: networkError ? key : null,
			};
			await lotRowsRendered(this);
			form.querySelector<HTMLElement>('[data-lots] [aria-invalid="true"]')?.focus();
		}
	}

	/** The server's words with the location's id ("at location 01J…") as the page names it. */
	private namingLocation(words: string): string {
		const id = this.taken?.locationId;
		return id ? words.replaceAll(id, this.locationName(id)) : words;
	}

	override render() {
		if (this.loadError) return html`<p class="field-error" role="alert">${this.loadError}</p>`;
		const taken = this.taken;
		if (!taken) return html`<p class="muted" role="status">${t("loading")}</p>`;
		const serial = taken.tracking === "serial";
		const total = formatQuantity(taken.taken);
		return html`<form class="stack repick-form" data-form="repick" data-movement-id=${this.movementId} novalidate @submit=${this.submit}>
			<p class="small" data-taken>
				${t("took", { quantity: total, location: this.locationName(taken.locationId) })}
				${this.takenWords(taken)}
			</p>
			${
				taken.repickable
					? html`<stockroom-lot-rows
								.api=${this.api}
								name=${`repick-${this.movementId}`}
								.rows=${this.rows}
								.errors=${this.form.errors}
								.serial=${serial}
								.withExpiry=${false}
								.suggestions=${this.here.map((l) => ({ lot: l.lot, label: this.lotLabel(l) }))}
								.legend=${t(serial ? "serialsLegend" : "lotsLegend")}
								.help=${t(serial ? "serialsHelp" : "lotsHelp", { quantity: total })}
								.note=${(row: LotRow) => this.rowNote(row, taken)}
								.summary=${serial ? "" : this.summary(taken)}
								@lot-rows-change=${(e: CustomEvent<LotRowsChange>) => this.onRowsChange(e.detail)}
							></stockroom-lot-rows>
							<div class="field">
								<label for=${`repick-${this.movementId}-reason`}>${t("reason")}</label>
								<input id=${`repick-${this.movementId}-reason`} name="reason" autocomplete="off" maxlength="500" />
								${fieldError(`repick-${this.movementId}-reason-error`, this.form.errors.reason)}
							</div>`
					: html`<p class="muted small">${t("notRepickable")}</p>`
			}
			<div class="actions">
				${
					taken.repickable
						? html`<button type="submit" class="primary" ?disabled=${this.form.busy}>${t("submit")}</button>`
						: nothing
				}
				<button type="button" data-action="close-repick" @click=${this.close}>${t("close")}</button>
				${formStatus(this.form, t("saving"))}
			</div>
		</form>`;
	}

	/** "Taken from: A (2), B (1), 1 not assigned to a lot." */
	private takenWords(taken: MovementLots) {
		const parts = taken.lots.map((l) => `${l.lot} (${formatQuantity(l.quantity)})`);
		if (taken.unassigned > 0) parts.push(t("fromUnassigned", { quantity: formatQuantity(taken.unassigned) }));
		return parts.length > 0 ? t("tookFrom", { lots: parts.join(", ") }) : t("nothingTaken");
	}

	private lotLabel(lot: ProductLot): string {
		return [lot.expiry ? formatDay(lot.expiry) : "", t("lotHolds", { quantity: formatQuantity(lot.onHand) })]
			.filter(Boolean)
			.join(" · ");
	}

	/** Beside a row: what its lot holds here now, and what the source took from it. */
	private rowNote(row: LotRow, taken: MovementLots) {
		const lot = row.lot.trim();
		if (lot === "") return nothing;
		const held = this.here.find((l) => l.lot === lot);
		const took = taken.lots.find((l) => l.lot === lot);
		const parts = [
			held ? t("lotHolds", { quantity: formatQuantity(held.onHand) }) : took ? "" : t("lotNotHere"),
			took ? t("lotTaken", { quantity: formatQuantity(took.quantity) }) : "",
		].filter(Boolean);
		return html`<span data-lot-status=${held || took ? "ok" : "absent"}>${parts.join(" · ")}</span>`;
	}

	/** What the rows take from lots against what left; the rest comes from the unassigned stock. */
	private summary(taken: MovementLots): string {
		const inLots = lotsTotal(this.rows, getLocale()) ?? 0;
		const rest = Math.round((taken.taken - inLots) * 10_000) / 10_000;
		const total = formatQuantity(taken.taken);
		if (rest < 0) return t("over", { total });
		if (rest === 0) return t("allInLots", { total });
		return t("inLots", { inLots: formatQuantity(inLots), total, rest: formatQuantity(rest) });
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-lot-repick-form": LotRepickForm;
	}
}
