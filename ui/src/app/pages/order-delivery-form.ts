/**
 * An order's "new delivery note" form, on its page (order-page.ts): each line still to deliver with
 * its quantity prefilled from what remains (kit components under their kit), the location it leaves
 * from and a note for the driver. What the form reads and checks is ui/src/orders/delivery-form.ts.
 *
 * A line of a product tracked by lot takes lot rows (lot-rows-field.ts), filled from the order's
 * pick proposal: the lots at the location first-expiry-first-out, expired lots skipped. The user may
 * change them — another of the product's lots there (expired ones are offered, marked), other
 * quantities; rows left as proposed follow the line's quantity. What they do not cover is taken by
 * the server first-expiry-first-out, then from the unassigned rest. A product tracked by serial
 * number takes serial rows (one unit each, no quantity), proposed the same way, the line saying how
 * many of its units they name.
 *
 * The form is made once per order the page shows, with one idempotency key: a double click, or a
 * retry after a lost answer, delivers once. A new `order` (the page's refresh after a refusal)
 * updates the figures and keeps what was typed; the page makes a new form to start afresh.
 *
 * A note that would take available below zero is refused at its line, in the user's language, with
 * a "go below zero anyway?" checkbox when the company allows it (below-zero-confirm.ts).
 *
 * @event order-stale - a delivery was refused (4xx): the order may have moved on, the page reloads it
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type {
	DeliveryNote,
	DeliveryRequest,
	Location,
	Order,
	PickProposal,
	Product,
	ProductLot,
} from "../../api/types";
import { getLocale } from "../../i18n/locale";
import { formatQuantity, parseQuantity } from "../../i18n/numbers";
import { lineLotErrors, lotsSummary, proposedRows } from "../../lots/line-lots";
import { type LotRow, lotsPlan } from "../../lots/lot-rows";
import { serialsPlan, serialsSummary } from "../../lots/serial-rows";
import {
	type DeliveryLineError,
	deliverableLines,
	errorsByLine,
	prefillQuantities,
	readDeliveryLines,
} from "../../orders/delivery-form";
import { groupLinesByKit } from "../../orders/order-line-groups";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDay } from "../dates";
import { fieldError } from "../form-field";
import { formStatus } from "../form-status";
import { fieldErrors, problemMessage } from "../problems";
import { routeHash } from "../router";
import { type BelowZero, belowZeroConfirm, belowZeroOf } from "./below-zero-confirm";
import { type LotRowsChange, lotErrorWords, lotRowsRendered, serialSummaryWords } from "./lot-rows-field";
import { orderDeliveryFormMessages as t } from "./order-delivery-form.messages";
import "./lot-rows-field";

/**
 * A tracked line's proposal at the form's location, every lot of the product held there (expired
 * ones too), and whether those are serial numbers.
 */
type LineLots = { proposed: PickProposal["lines"][number]; here: ProductLot[]; serial: boolean };

/** Typed quantities per product, its errors, and the key of its submission. */
type DeliveryForm = {
	quantities: Map<string, string>;
	locationId: string;
	note: string;
	/** Generated once per form: a double click or a retry after a lost answer delivers once. */
	key: string;
	busy: boolean;
	lineErrors: Map<string, string>;
	fieldErrors: Record<string, string>;
	message: string;
	/** Lines of products tracked by lot: their rows, and the rows' errors by `${rowKey}.${field}`. */
	lots: Map<string, LotRow[]>;
	lotErrors: Map<string, Record<string, string>>;
	/** Lines whose rows the user changed: they no longer follow the line's quantity. */
	touched: Set<string>;
	/** The last refusal to go below zero, which offers the confirmation. */
	belowZero: BelowZero | null;
};

@customElement("stockroom-order-delivery-form")
export class OrderDeliveryForm extends AppPage {
	@property({ attribute: false }) order: Order | null = null;
	/** Every location, archived ones too: the order's own may be archived. */
	@property({ attribute: false }) locations: Location[] = [];
	@state() private form: DeliveryForm | null = null;
	/** By product, at `#lotsAt`; empty until the proposal is in (or for an order without tracked lines). */
	@state() private lineLots = new Map<string, LineLots>();
	@state() private lotsError = "";
	/** The location the lots were asked for: answers for another one are dropped. */
	#lotsAt = "";

	protected override forgetMessages(): void {
		if (this.form)
			this.form = {
				...this.form,
				lineErrors: new Map(),
				lotErrors: new Map(),
				fieldErrors: {},
				message: "",
				belowZero: null,
			};
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("order") && this.order && !this.form) {
			this.form = {
				quantities: prefillQuantities(this.order.lines),
				locationId: this.order.locationId,
				note: "",
				key: idempotencyKey(),
				busy: false,
				lineErrors: new Map(),
				fieldErrors: {},
				message: "",
				lots: new Map(),
				lotErrors: new Map(),
				touched: new Set(),
				belowZero: null,
			};
			void this.loadLots(this.order.locationId);
		}
	}

	/**
	 * The pick proposal at `locationId` and the lots held there, then the rows of every tracked line
	 * filled from it: a new location starts every line's lots afresh.
	 */
	private async loadLots(locationId: string): Promise<void> {
		const order = this.order;
		if (!order) return;
		this.#lotsAt = locationId;
		try {
			const proposal = await this.api.get<PickProposal>(`/orders/${encodeURIComponent(order.id)}/pick-proposal`, {
				locationId,
			});
			const here = await Promise.all(
				proposal.lines.map((line) =>
					this.api
						.get<{ items: { locationId: string; lots: ProductLot[] }[] }>(
							`/products/${encodeURIComponent(line.productId)}/lots`,
						)
						.then((answer) => answer.items.find((i) => i.locationId === locationId)?.lots ?? []),
				),
			);
			// The proposal does not say how each product is tracked: its own record does.
			const serials = await Promise.all(
				proposal.lines.map((line) =>
					this.api
						.get<Product>(`/products/${encodeURIComponent(line.productId)}`)
						.then((product) => product.tracking === "serial"),
				),
			);
			if (this.#lotsAt !== locationId || !this.form) return;
			this.lineLots = new Map(
				proposal.lines.map((line, i) => [
					line.productId,
					{ proposed: line, here: here[i] ?? [], serial: serials[i] ?? false },
				]),
			);
			this.lotsError = "";
			const lots = new Map<string, LotRow[]>();
			for (const [productId, { proposed }] of this.lineLots)
				lots.set(productId, this.proposedFor(proposed, this.form.quantities.get(productId) ?? ""));
			this.form = { ...this.form, lots, lotErrors: new Map(), touched: new Set() };
		} catch (error) {
			if (this.#lotsAt === locationId) this.lotsError = t("lotsNotLoaded", { reason: problemMessage(error) });
		}
	}

	/** The proposal's rows for a line's typed quantity (all it proposes while that is no number). */
	private proposedFor(proposed: LineLots["proposed"], typed: string): LotRow[] {
		const locale = getLocale();
		return proposedRows(proposed.lots, parseQuantity(typed, locale), locale);
	}

	private setLots(productId: string, change: LotRowsChange): void {
		if (!this.form) return;
		const lots = new Map(this.form.lots).set(productId, change.rows);
		const before = this.form.lotErrors.get(productId) ?? {};
		const kept = Object.fromEntries(Object.entries(before).filter(([k]) => !change.stale.includes(k)));
		const lotErrors = new Map(this.form.lotErrors).set(productId, { ...kept, ...change.errors });
		const touched = new Set(this.form.touched).add(productId);
		this.form = { ...this.form, lots, lotErrors, touched };
	}

	private setLocation(locationId: string): void {
		if (!this.form) return;
		this.form = { ...this.form, locationId };
		this.lineLots = new Map();
		void this.loadLots(locationId);
	}

	private lineError(error: DeliveryLineError): string {
		if (error.code === "not_a_number") return t("notNumber");
		if (error.code === "negative") return t("negative");
		return t("aboveRemaining", { remaining: formatQuantity(error.remaining) });
	}

	private typedQuantity(productId: string, event: Event): void {
		if (!this.form) return;
		const typed = (event.target as HTMLInputElement).value;
		const quantities = new Map(this.form.quantities);
		quantities.set(productId, typed);
		// Rows left as proposed follow the quantity; the user's own stay as they are.
		const line = this.lineLots.get(productId);
		const lots = new Map(this.form.lots);
		if (line && !this.form.touched.has(productId)) lots.set(productId, this.proposedFor(line.proposed, typed));
		const lotErrors = new Map(this.form.lotErrors);
		lotErrors.delete(productId);
		this.form = { ...this.form, quantities, lots, lotErrors };
	}

	private async submit(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const { order, form } = this;
		if (!order || !form || form.busy) return;
		const read = readDeliveryLines(order.lines, form.quantities);
		const lots = read.ok ? this.lotsOfLines(form, read.lines) : null;
		if (read.ok && lots && lots.errors.size > 0) {
			this.form = { ...form, lineErrors: new Map(), lotErrors: lots.errors, fieldErrors: {}, message: t("fixLots") };
			await lotRowsRendered(this);
			this.querySelector<HTMLElement>('[data-form="delivery"] [data-lots] [aria-invalid="true"]')?.focus();
			return;
		}
		if (!read.ok) {
			const lineErrors = new Map([...read.errors].map(([productId, error]) => [productId, this.lineError(error)]));
			this.form = {
				...form,
				lineErrors,
				fieldErrors: {},
				message: read.nothingToDeliver ? t("nothingToDeliver") : "",
			};
			const first = [...read.errors.keys()][0];
			if (first) this.querySelector<HTMLInputElement>(`input[data-quantity-of="${CSS.escape(first)}"]`)?.focus();
			return;
		}
		const sentKeys = lots?.sentKeys ?? new Map<string, string[]>();
		const confirm = this.querySelector<HTMLInputElement>('[data-form="delivery"] input[name=allowNegative]');
		const body: DeliveryRequest = {
			lines: read.lines.map((l) => {
				const named = lots?.lots.get(l.productId);
				return named ? { ...l, lots: named } : l;
			}),
			...(form.locationId && form.locationId !== order.locationId ? { locationId: form.locationId } : {}),
			...(form.note.trim() ? { note: form.note.trim() } : {}),
			...(confirm?.checked ? { allowNegative: true } : {}),
			idempotencyKey: form.key,
		};
		this.form = {
			...form,
			busy: true,
			lineErrors: new Map(),
			lotErrors: new Map(),
			fieldErrors: {},
			message: "",
			belowZero: null,
		};
		try {
			const note = await this.api.post<DeliveryNote>(`/orders/${encodeURIComponent(order.id)}/deliveries`, body);
			location.hash = routeHash({ page: "delivery", deliveryId: note.id });
		} catch (error) {
			// A lot's error at its row (`lines.0.lots.1.quantity`), the rest at its line or field.
			const atLots = lineLotErrors(fieldErrors(error), read.lines, sentKeys);
			const { lines, fields } = errorsByLine(atLots.rest, read.lines);
			// The problem's own sentence, unless every error it names already shows at its line or field.
			const named = Object.keys(fields);
			const allShown =
				(lines.size > 0 || named.length > 0 || atLots.lots.size > 0) &&
				named.every((f) => f === "locationId" || f === "note");
			// Refused (4xx): nothing was delivered, so the corrected form is a new request with a new key.
			// Otherwise (network, 5xx) the request may have arrived: a retry must reuse the key.
			const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
			// Below zero: the line it names says so in the user's language, not in the server's words.
			const belowZero = belowZeroOf(error);
			if (belowZero) for (const productId of lines.keys()) lines.set(productId, belowZero.sentence);
			this.form = {
				...form,
				busy: false,
				key: refused ? idempotencyKey() : form.key,
				lineErrors: lines,
				lotErrors: atLots.lots,
				fieldErrors: fields,
				message: allShown ? "" : problemMessage(error),
				belowZero,
			};
			// Refused because the order moved on (delivered meanwhile, cancelled, the key's first request
			// went through after all): the page shows the order as it is now, the typed quantities kept.
			if (refused) this.dispatchEvent(new Event("order-stale", { bubbles: true, composed: true }));
		}
	}

	/** The lots each tracked line sends, and the rows' errors that stop the delivery. */
	private lotsOfLines(form: DeliveryForm, lines: { productId: string; quantity: number }[]) {
		const locale = getLocale();
		const lots = new Map<string, { lot: string; quantity: number }[]>();
		const sentKeys = new Map<string, string[]>();
		const errors = new Map<string, Record<string, string>>();
		for (const line of lines) {
			const rows = form.lots.get(line.productId);
			if (!rows) continue;
			const plan = this.lineLots.get(line.productId)?.serial
				? serialsPlan(rows, { total: line.quantity, withExpiry: false })
				: lotsPlan(rows, { locale, total: line.quantity, withExpiry: false });
			if (plan.errors.size > 0) errors.set(line.productId, lotErrorWords(rows, plan.errors));
			if (plan.lots.length > 0) {
				lots.set(
					line.productId,
					plan.lots.map((l) => ({ lot: l.lot, quantity: l.quantity })),
				);
				sentKeys.set(line.productId, plan.sentKeys);
			}
		}
		return { lots, sentKeys, errors };
	}

	/** What a lot held here is: its expiry, what it holds, expired. */
	private lotLabel(lot: ProductLot): string {
		const parts = [
			lot.expiry ? t("lotExpires", { date: formatDay(lot.expiry) }) : t("lotNoExpiry"),
			t("lotHolds", { quantity: formatQuantity(lot.onHand) }),
		];
		if (lot.expired) parts.push(t("lotExpired"));
		return parts.join(" · ");
	}

	/** The lot rows of a tracked line, under it across the table. */
	private lotLine(productId: string, sku: string, form: DeliveryForm) {
		const line = this.lineLots.get(productId);
		const rows = form.lots.get(productId);
		if (!line || !rows) return nothing;
		const locale = getLocale();
		const here = new Map(line.here.map((l) => [l.lot, l]));
		const expired = line.here.filter((l) => l.expired);
		const typed = form.quantities.get(productId) ?? "";
		const summary = line.serial ? null : lotsSummary(rows, typed, locale);
		const help = [
			t(form.touched.has(productId) ? "lotsChanged" : "lotsProposed"),
			expired.length > 0
				? t("expiredSkipped", { lots: expired.map((l) => `${l.lot} (${formatQuantity(l.onHand)})`).join(", ") })
				: "",
		].join(" ");
		return html`<tr class="lot-line" data-lots-of=${productId}>
			<td colspan="4">
				<stockroom-lot-rows
					.api=${this.api}
					name=${`deliver-${productId}`}
					.rows=${rows}
					.errors=${form.lotErrors.get(productId) ?? {}}
					.withExpiry=${false}
					.serial=${line.serial}
					.suggestions=${line.here.map((l) => ({ lot: l.lot, label: this.lotLabel(l) }))}
					.legend=${t(line.serial ? "serialsOf" : "lotsOf", { sku })}
					.help=${help.trim()}
					.note=${(row: LotRow) => {
						const lot = row.lot.trim();
						if (lot === "") return nothing;
						const held = here.get(lot);
						if (!held) return html`<span class="negative" data-lot-status="absent">${t("lotNotHere")}</span>`;
						return html`<span data-lot-status=${held.expired ? "expired" : "ok"}
							>${
								held.expired
									? html`<span class="badge status-dead" data-marker="expired">${t("lotExpired")}</span> `
									: nothing
							}${held.expiry ? t("lotExpires", { date: formatDay(held.expiry) }) : t("lotNoExpiry")} ·
							${t("lotHolds", { quantity: formatQuantity(held.onHand) })}</span
						>`;
					}}
					.summary=${
						line.serial
							? serialSummaryWords(serialsSummary(rows, typed, locale))
							: summary === null
								? ""
								: summary.over
									? t("lotsOver")
									: summary.rest === 0
										? t("allFromLots", { total: formatQuantity(summary.inLots, locale) })
										: t("restUnnamed", { rest: formatQuantity(summary.rest, locale) })
					}
					@lot-rows-change=${(e: CustomEvent<LotRowsChange>) => this.setLots(productId, e.detail)}
				></stockroom-lot-rows>
			</td>
		</tr>`;
	}

	override render() {
		const { order, form } = this;
		if (!order) return nothing;
		if (order.status === "cancelled") return html`<p class="muted">${t("cancelledOrder")}</p>`;
		const lines = deliverableLines(order.lines);
		if (lines.length === 0 || !form) return html`<p class="muted">${t("nothingLeft")}</p>`;
		const locations = this.locations.filter((l) => !l.archivedAt || l.id === order.locationId);
		const locationError = form.fieldErrors.locationId;
		const noteError = form.fieldErrors.note;
		return html`<form class="stack" data-form="delivery" novalidate @submit=${this.submit}>
			<p class="muted small">${t("deliveryHelp")}</p>
			<div class="table-wrap">
				<table class="data delivery-lines" data-table="delivery-lines">
					<thead>
						<tr>
							<th scope="col">${t("product")}</th>
							<th scope="col" class="num">${t("remaining")}</th>
							<th scope="col" class="num">${t("shortfall")}</th>
							<th scope="col">${t("quantity")}</th>
						</tr>
					</thead>
					${groupLinesByKit(lines).map(
						(group) => html`<tbody>
							${
								group.kit
									? html`<tr class="group-row"><th scope="rowgroup" colspan="4">${t("kit", { name: group.kit.name, quantity: formatQuantity(group.kit.quantity) })}</th></tr>`
									: nothing
							}
							${group.lines.map((line) => {
								const id = `deliver-${line.productId}`;
								const error = form.lineErrors.get(line.productId);
								const row = html`<tr data-product-id=${line.productId}>
									<th scope="row">${line.sku} ${line.name}</th>
									<td class="num">${formatQuantity(line.remaining)}</td>
									<td class="num ${line.shortfall > 0 ? "negative" : "muted"}">${formatQuantity(line.shortfall)}</td>
									<td>
										<input
											id=${id}
											class="quantity-input"
											inputmode="decimal"
											autocomplete="off"
											data-quantity-of=${line.productId}
											aria-label=${t("quantityOf", { product: `${line.sku} ${line.name}` })}
											aria-invalid=${error ? "true" : nothing}
											aria-describedby=${error ? `${id}-error` : nothing}
											.value=${form.quantities.get(line.productId) ?? ""}
											@input=${(e: Event) => this.typedQuantity(line.productId, e)}
										/>
										${fieldError(`${id}-error`, error)}
									</td>
								</tr>`;
								return [row, this.lotLine(line.productId, line.sku, form)];
							})}
						</tbody>`,
					)}
				</table>
			</div>
			<div class="field-row">
				<div class="field">
					<label for="delivery-location">${t("location")}</label>
					<select
						id="delivery-location"
						name="locationId"
						aria-invalid=${locationError ? "true" : nothing}
						aria-describedby=${locationError ? "delivery-location-error" : nothing}
						@change=${(e: Event) => this.setLocation((e.target as HTMLSelectElement).value)}
					>
						${locations.map((l) => html`<option value=${l.id} ?selected=${l.id === form.locationId}>${l.name}</option>`)}
					</select>
					${fieldError("delivery-location-error", locationError)}
				</div>
				<div class="field">
					<label for="delivery-note">${t("note")}</label>
					<input
						id="delivery-note"
						name="note"
						maxlength="500"
						autocomplete="off"
						aria-invalid=${noteError ? "true" : nothing}
						aria-describedby=${noteError ? "delivery-note-error" : nothing}
						.value=${form.note}
						@input=${(e: Event) => {
							if (this.form) this.form = { ...this.form, note: (e.target as HTMLInputElement).value };
						}}
					/>
					${fieldError("delivery-note-error", noteError)}
				</div>
			</div>
			${this.lotsError ? html`<p class="error-banner" role="alert" data-lots-error>${this.lotsError}</p>` : nothing}
			${belowZeroConfirm(form.belowZero, "delivery")}
			<div class="actions">
				<button type="submit" class="primary" data-action="create-delivery" ?disabled=${form.busy}>${t("createDelivery")}</button>
				${formStatus(form, t("saving"))}
			</div>
		</form>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-order-delivery-form": OrderDeliveryForm;
	}
}
