/**
 * An order's page: its QuickBooks documents, what needs attention (flags in words), its lines
 * (ordered, delivered, reserved, remaining, what the stock cannot serve; kit components under their
 * kit), a "new delivery note" form (order-delivery-form.ts), its delivery notes (print, cancel; the
 * lots each line took) and its stock movements. Delivering and cancelling are staff's and above; a
 * viewer reads. Stock of a tracked product that left under the order — its delivery notes' lines,
 * or its invoice in ship-on-invoice mode — offers "Change lots" (lot-repick-form.ts) to staff and
 * above at the location.
 */
import { html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { keyed } from "lit/directives/keyed.js";
import { ApiError } from "../../api/api-client";
import type { DeliveryNote, Location, MovementKind, Order, OrderLine, OrderMovement, Product } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import { offersRepick } from "../../lots/repick";
import { movementSource } from "../../orders/movement-source";
import { describeFlag, documentLabel, documentState, productLabel } from "../../orders/order-flags";
import { groupLinesByKit, otherKits } from "../../orders/order-line-groups";
import { orderMessages } from "../../orders/order-messages";
import { actorLabel } from "../actor-label";
import { AppPage, idempotencyKey } from "../app-page";
import { formatDate, formatDateTime } from "../dates";
import { movementKindLabel } from "../movement-kinds";
import { problemMessage } from "../problems";
import { routeHash } from "../router";
import "./lot-repick-form";
import "./order-delivery-form";
import { orderPageMessages as t } from "./order-page.messages";

type MessageKey = Parameters<typeof t>[0];
/** The kinds an order's movements have; any other shows as the API names it. */
const KINDS: Partial<Record<MovementKind, MessageKey>> = {
	delivery: "deliveryKind",
	invoice: "invoiceKind",
	sales_receipt: "salesReceiptKind",
	estimate: "estimateKind",
};

@customElement("stockroom-order-page")
export class OrderPage extends AppPage {
	@property() orderId = "";
	@state() private order: Order | null = null;
	@state() private locations = new Map<string, Location>();
	@state() private missing = false;
	@state() private loadError = "";
	/** Counts the orders shown: each makes a new delivery form, with a new key. */
	@state() private shown = 0;
	@state() private notice = "";
	@state() private noteErrors = new Map<string, string>();
	@state() private cancelling: string | null = null;
	/** How each product whose stock left under the order is tracked: "Change lots" is for tracked ones. */
	@state() private tracking = new Map<string, Product["tracking"]>();
	/** The movement whose lots are being changed, and the table its form is open in. */
	@state() private repicking: { movementId: string; in: "movements" | "deliveries" } | null = null;
	/** One key per note being cancelled, kept until the cancel is answered, so that a retry cancels once. */
	#cancelKeys = new Map<string, string>();

	protected override forgetMessages(): void {
		this.notice = "";
		this.noteErrors = new Map();
	}

	protected override willUpdate(changed: PropertyValues<this>): void {
		if (changed.has("orderId") && this.orderId) void this.load();
	}

	protected override updated(): void {
		if (this.order) document.title = `${t("orderTitle", { number: this.order.number })} — Stockroom`;
	}

	private async load(): Promise<void> {
		this.order = null;
		this.missing = false;
		this.loadError = "";
		this.notice = "";
		try {
			const [order, locations] = await Promise.all([
				this.fetchOrder(),
				this.api.all<Location>("/locations", { includeArchived: "true" }),
			]);
			this.locations = new Map(locations.map((l) => [l.id, l]));
			this.show(order);
		} catch (error) {
			if (error instanceof ApiError && error.status === 404) this.missing = true;
			else this.loadError = problemMessage(error);
		}
	}

	private fetchOrder(): Promise<Order> {
		return this.api.get<Order>(`/orders/${encodeURIComponent(this.orderId)}`);
	}

	/** The order as the server has it, with a fresh delivery form (new key) prefilled from what remains. */
	private show(order: Order): void {
		this.order = order;
		this.shown += 1;
		void this.loadTracking(order);
	}

	/** The tracking of the products whose stock left under the order (staff and above only: they alone change lots). */
	private async loadTracking(order: Order): Promise<void> {
		if (!this.may("staff")) return;
		const ids = new Set(order.movements.filter((m) => offersRepick(m.kind, m.onHand)).map((m) => m.productId));
		const unknown = [...ids].filter((id) => !this.tracking.has(id));
		if (unknown.length === 0) return;
		const found = await Promise.all(
			unknown.map((id) =>
				this.api.get<Product>(`/products/${encodeURIComponent(id)}`).then(
					(p) => [id, p.tracking] as const,
					() => null, // a product gone since: no "Change lots"
				),
			),
		);
		const tracking = new Map(this.tracking);
		for (const entry of found) if (entry) tracking.set(entry[0], entry[1]);
		this.tracking = tracking;
	}

	/** True when the movement's lots may be changed here: a tracked product's stock that left a location of the caller's. */
	private offersRepick(m: OrderMovement): boolean {
		const tracking = this.tracking.get(m.productId);
		return (
			tracking !== undefined &&
			tracking !== "none" &&
			this.may("staff") &&
			this.locations.has(m.locationId) &&
			offersRepick(m.kind, m.onHand)
		);
	}

	private repickButton(m: OrderMovement, where: "movements" | "deliveries", what: string) {
		if (!this.offersRepick(m)) return nothing;
		const open = this.repicking?.movementId === m.id && this.repicking.in === where;
		return html`<button
			type="button"
			class="quiet small"
			data-action="change-lots"
			aria-expanded=${open ? "true" : "false"}
			aria-label=${t("changeLotsOf", { what })}
			@click=${() => {
				this.repicking = open ? null : { movementId: m.id, in: where };
			}}
		>
			${t("changeLots")}
		</button>`;
	}

	private repickRow(movementId: string | undefined, where: "movements" | "deliveries", columns: number) {
		if (!movementId || this.repicking?.movementId !== movementId || this.repicking.in !== where) return nothing;
		return html`<tr class="lot-line repick-row" data-repick-of=${movementId}>
			<td colspan=${columns}>
				<stockroom-lot-repick-form
					.api=${this.api}
					.movementId=${movementId}
					.locationName=${(id: string) => this.locationName(id)}
					@lots-repicked=${() => void this.refreshOrder()}
					@repick-close=${() => {
						this.repicking = null;
					}}
				></stockroom-lot-repick-form>
			</td>
		</tr>`;
	}

	private locationName(id: string): string {
		return this.locations.get(id)?.name ?? t("unknownLocation");
	}

	/** The order's figures as the server has them now, leaving the delivery form as typed. */
	private async refreshOrder(): Promise<void> {
		try {
			this.order = await this.fetchOrder();
		} catch {
			// the page keeps what it showed; the form's message already says what went wrong
		}
	}

	private async cancelNote(note: DeliveryNote): Promise<void> {
		if (!confirm(t("confirmCancel", { number: note.number, location: this.locationName(note.locationId) }))) return;
		const key = this.#cancelKeys.get(note.id) ?? idempotencyKey();
		this.#cancelKeys.set(note.id, key);
		this.cancelling = note.id;
		this.notice = "";
		const errors = new Map(this.noteErrors);
		errors.delete(note.id);
		this.noteErrors = errors;
		try {
			await this.api.post<DeliveryNote>(`/deliveries/${encodeURIComponent(note.id)}/cancel`, { idempotencyKey: key });
			this.#cancelKeys.delete(note.id);
			this.show(await this.fetchOrder());
			this.notice = t("cancelledNote", { number: note.number });
		} catch (error) {
			this.noteErrors = new Map(this.noteErrors).set(note.id, problemMessage(error));
		} finally {
			this.cancelling = null;
		}
	}

	override render() {
		const order = this.order;
		const heading = this.missing
			? t("notFound")
			: order
				? t("orderTitle", { number: order.number })
				: this.loadError
					? t("order")
					: t("loading");
		return html`<section
			class="page"
			data-page="order"
			data-order-id=${order?.id ?? nothing}
			aria-busy=${!order && !this.missing && !this.loadError ? "true" : "false"}
		>
			<p class="breadcrumb"><a href="#/orders">← ${t("back")}</a></p>
			<div class="page-head">
				<h1 tabindex="-1">${heading}</h1>
				${
					order
						? html`<span class="badge order-status-${order.status}" data-order-status=${order.status}
								>${orderMessages(order.status)}</span
							>`
						: nothing
				}
			</div>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			${this.notice ? html`<p class="ok-banner" role="status">${this.notice}</p>` : nothing}
			${order ? this.body(order) : nothing}
		</section>`;
	}

	private body(order: Order) {
		return html`
			<section class="card" aria-label=${t("order")}>
				<dl class="facts">
					<div><dt>${t("customer")}</dt><dd data-customer>${order.customerName ?? "—"}</dd></div>
					<div><dt>${t("date")}</dt><dd>${formatDate(order.txnDate ?? order.createdAt)}</dd></div>
					<div><dt>${t("location")}</dt><dd>${this.locationName(order.locationId)}</dd></div>
				</dl>
				<h2 class="subheading">${t("documents")}</h2>
				<ul class="plain-list" data-list="documents">
					${order.documents.map(
						(d) => html`<li data-document=${`${d.type}:${d.qboId}`} data-document-status=${d.status}>
							${documentLabel(d)}
							<span class="badge ${d.status === "active" ? "quiet" : "status-pending"}">${documentState(d)}</span>
						</li>`,
					)}
				</ul>
			</section>
			${
				order.flags.length > 0
					? html`<section class="notice-banner flags" aria-labelledby="flags-title" data-section="flags">
							<h2 id="flags-title">${t("attention")}</h2>
							<ul>
								${order.flags.map((flag) => html`<li data-flag=${flag.code}>${describeFlag(flag, order)}</li>`)}
							</ul>
						</section>`
					: nothing
			}
			<section class="card" aria-labelledby="lines-title">
				<h2 id="lines-title">${t("lines")}</h2>
				${this.linesTable(order.lines)}
			</section>
			${
				// Delivery notes move stock: staff and above.
				this.may("staff")
					? html`<section class="card" aria-labelledby="delivery-title">
							<h2 id="delivery-title">${t("newDelivery")}</h2>
							${keyed(
								this.shown,
								html`<stockroom-order-delivery-form
									.api=${this.api}
									.order=${order}
									.locations=${[...this.locations.values()]}
									@order-stale=${() => void this.refreshOrder()}
								></stockroom-order-delivery-form>`,
							)}
						</section>`
					: nothing
			}
			<section class="card" aria-labelledby="deliveries-title">
				<h2 id="deliveries-title">${t("deliveries")}</h2>
				${this.deliveries(order.deliveries)}
			</section>
			<section class="card" aria-labelledby="movements-title">
				<h2 id="movements-title">${t("movements")}</h2>
				${this.movements(order)}
			</section>`;
	}

	private linesTable(lines: OrderLine[]) {
		if (lines.length === 0) return html`<p class="muted">${t("noLines")}</p>`;
		const q = (value: number) => formatQuantity(value);
		return html`<div class="table-wrap">
			<table class="data order-lines" data-table="lines">
				<thead>
					<tr>
						<th scope="col">${t("product")}</th>
						<th scope="col" class="num">${t("ordered")}</th>
						<th scope="col" class="num">${t("delivered")}</th>
						<th scope="col" class="num">${t("reserved")}</th>
						<th scope="col" class="num">${t("remaining")}</th>
						<th scope="col" class="num">${t("shortfall")}</th>
					</tr>
				</thead>
				${groupLinesByKit(lines).map(
					(group) => html`<tbody data-kit=${group.kit?.productId ?? nothing}>
						${
							group.kit
								? html`<tr class="group-row">
										<th scope="rowgroup" colspan="6">${t("kit", { name: group.kit.name, quantity: formatQuantity(group.kit.quantity) })} <span class="muted">${group.kit.sku}</span></th>
									</tr>`
								: nothing
						}
						${group.lines.map(
							(line) => html`<tr data-product-id=${line.productId} class=${group.kit ? "kit-component" : ""}>
								<th scope="row">${this.productCell(line)}</th>
								<td class="num" data-field="ordered">${q(line.ordered)}</td>
								<td class="num" data-field="delivered">${q(line.delivered)}</td>
								<td class="num" data-field="reserved">${q(line.reserved)}</td>
								<td class="num" data-field="remaining">${q(line.remaining)}</td>
								${
									line.shortfall > 0
										? html`<td class="num negative" data-field="shortfall" title=${t("shortfallHelp", { quantity: q(line.shortfall) })}>
												${q(line.shortfall)}<span class="visually-hidden"> — ${t("shortfallHelp", { quantity: q(line.shortfall) })}</span>
											</td>`
										: html`<td class="num muted" data-field="shortfall">${q(0)}</td>`
								}
							</tr>`,
						)}
					</tbody>`,
				)}
			</table>
		</div>`;
	}

	private productCell(line: OrderLine) {
		const also = otherKits(line);
		return html`<a href=${routeHash({ page: "product", productId: line.productId })}>${line.sku}</a> ${line.name}
			${also.length > 0 ? html`<span class="muted small">(${t("alsoIn", { kits: also.map((k) => k.name).join(", ") })})</span>` : nothing}`;
	}

	private deliveries(notes: DeliveryNote[]) {
		if (notes.length === 0) return html`<p class="muted">${t("noDeliveries")}</p>`;
		return html`<div class="table-wrap">
			<table class="data" data-table="deliveries">
				<thead>
					<tr>
						<th scope="col">${t("number")}</th>
						<th scope="col">${t("created")}</th>
						<th scope="col">${t("location")}</th>
						<th scope="col">${t("status")}</th>
						<th scope="col">${t("items")}</th>
						<th scope="col"><span class="visually-hidden">${t("print")}</span></th>
					</tr>
				</thead>
				<tbody>
					${notes.map((note) => {
						const error = this.noteErrors.get(note.id);
						return html`<tr data-delivery-id=${note.id} data-status=${note.status} class=${note.status === "cancelled" ? "archived" : ""}>
							<th scope="row"><a href=${routeHash({ page: "delivery", deliveryId: note.id })}>${note.number}</a></th>
							<td class="nowrap">${formatDateTime(note.createdAt)}</td>
							<td>${this.locationName(note.locationId)}</td>
							<td>
								<span class="badge ${note.status === "active" ? "status-applied" : "quiet"}"
									>${orderMessages(note.status === "active" ? "deliveryActive" : "deliveryCancelled")}</span
								>
							</td>
							<td>${note.lines.map((l) => this.noteLine(note, l))}</td>
							<td>
								<div class="row-buttons">
									<a
										class="button"
										href=${routeHash({ page: "delivery", deliveryId: note.id })}
										data-action="print-delivery"
										aria-label=${t("printOf", { number: note.number })}
										>${t("print")}</a
									>
									${
										note.status === "active" && this.may("staff")
											? html`<button
													type="button"
													class="danger"
													data-action="cancel-delivery"
													aria-label=${t("cancelOf", { number: note.number })}
													?disabled=${this.cancelling !== null}
													@click=${() => this.cancelNote(note)}
												>
													${t("cancel")}
												</button>`
											: nothing
									}
								</div>
								${error ? html`<p class="field-error" role="alert">${error}</p>` : nothing}
							</td>
						</tr>
						${this.repickRow(this.noteMovements(note).find((m) => m.id === this.repicking?.movementId)?.id, "deliveries", 6)}`;
					})}
				</tbody>
			</table>
		</div>`;
	}

	/** The movements of a delivery note's lines that took stock (one per product). */
	private noteMovements(note: DeliveryNote): OrderMovement[] {
		return (this.order?.movements ?? []).filter((m) => m.source === `delivery:${note.id}` && m.onHand < 0);
	}

	/** A note's line: quantity, product, the lots it took, and "Change lots" while the note stands. */
	private noteLine(note: DeliveryNote, line: DeliveryNote["lines"][number]) {
		const taken = line.lots.map((l) => `${l.lot} (${formatQuantity(l.quantity)})`).join(", ");
		const movement =
			note.status === "active"
				? this.noteMovements(note)
						.filter((m) => m.productId === line.productId)
						.at(-1)
				: undefined;
		return html`<div data-note-line=${line.productId}>
			${formatQuantity(line.quantity)} × ${line.sku} ${line.name}
			${taken ? html`<span class="muted small" data-lots-taken>${t("lotsTaken", { lots: taken })}</span>` : nothing}
			${movement ? this.repickButton(movement, "deliveries", `${t("deliveryNote", { number: note.number })}, ${line.sku}`) : nothing}
		</div>`;
	}

	private movements(order: Order) {
		if (order.movements.length === 0) return html`<p class="muted">${t("noMovements")}</p>`;
		const delta = (value: number) =>
			value === 0 ? "" : value > 0 ? `+${formatQuantity(value)}` : formatQuantity(value).replace("-", "−");
		return html`<div class="table-wrap">
			<table class="data ledger-table" data-table="movements">
				<thead>
					<tr>
						<th scope="col">${t("when")}</th>
						<th scope="col">${t("product")}</th>
						<th scope="col">${t("location")}</th>
						<th scope="col">${t("what")}</th>
						<th scope="col" class="num">${t("onHand")}</th>
						<th scope="col" class="num">${t("reserved")}</th>
						<th scope="col">${t("by")}</th>
					</tr>
				</thead>
				<tbody>
					${order.movements.map((m) => {
						const source = movementSource(m.source, order);
						const kind = KINDS[m.kind];
						const by =
							source.kind === "delivery"
								? t("deliveryNote", { number: source.number })
								: source.kind === "document"
									? documentLabel(source.document)
									: kind
										? t(kind)
										: movementKindLabel(m.kind);
						// A re-pick is filed under the source it re-picked: said so, beside it.
						const what = m.kind === "lot_repick" ? `${movementKindLabel(m.kind)} — ${by}` : by;
						return html`<tr data-movement-id=${m.id}>
							<td class="nowrap">${formatDateTime(m.at)}</td>
							<td>${productLabel(m.productId, order.lines)}</td>
							<td>${this.locationName(m.locationId)}</td>
							<td>
								${what}
								${this.repickButton(m, "movements", `${what}, ${formatDateTime(m.at)}`)}
							</td>
							<td class="num ${m.onHand < 0 ? "down" : m.onHand > 0 ? "up" : ""}">${delta(m.onHand)}</td>
							<td class="num">${delta(m.reserved)}</td>
							<td data-by=${m.by?.kind ?? nothing}>${actorLabel(m.by)}</td>
						</tr>
						${this.repickRow(m.id, "movements", 7)}`;
					})}
				</tbody>
			</table>
		</div>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-order-page": OrderPage;
	}
}
