/**
 * "Agreement with QuickBooks", a section of the QuickBooks page (sync-page.ts;
 * docs/qbo.md#drift-report): the last drift report — every item agrees, or the list of those that
 * differ with QuickBooks' quantity, the expected one and why — a "Check now" that polls the new
 * report's progress, and the repairs of a chosen set of items (managers and owners).
 */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { DriftItem, DriftReason, DriftRepair, DriftReport, MovementKind } from "../../api/types";
import { formatQuantity } from "../../i18n/numbers";
import { plural } from "../../i18n/plural";
import { AppPage } from "../app-page";
import { formatDateTime } from "../dates";
import { qboIdLabel } from "../document-names";
import { movementKindLabel } from "../movement-kinds";
import { problemMessage } from "../problems";
import { routeHash } from "../router";
import { qboDriftMessages as t } from "./qbo-drift-section.messages";

const POLL_MS = 2000;

/** "Invoice 1004", or "Invoice (QuickBooks id 130)" when QuickBooks gave it no number. */
function documentName(doc: DriftReason["documents"][number]): string {
	const kind = doc.entity.replace(/(?<=[a-z])(?=[A-Z])/g, "_").toLowerCase() as MovementKind;
	return `${movementKindLabel(kind)} ${doc.docNumber ?? qboIdLabel(doc.qboId)}`;
}

function reasonWords(reason: DriftReason): string {
	return t(`reason_${reason.code}`, {
		quantity: formatQuantity(Math.abs(reason.quantity ?? 0)),
		documents: reason.documents.map(documentName).join(", "),
	});
}

const signed = (value: number) => (value > 0 ? `+${formatQuantity(value)}` : formatQuantity(value));

@customElement("stockroom-qbo-drift")
export class QboDriftSection extends AppPage {
	@state() private report: DriftReport | null = null;
	@state() private loaded = false;
	@state() private error = "";
	@state() private message = "";
	@state() private busy = false;
	@state() private selected = new Set<string>();
	#timer: ReturnType<typeof setTimeout> | undefined;

	protected override forgetMessages(): void {
		this.message = "";
		this.error = "";
	}

	override connectedCallback(): void {
		super.connectedCallback();
		void this.load();
	}

	override disconnectedCallback(): void {
		clearTimeout(this.#timer);
		super.disconnectedCallback();
	}

	private get running(): boolean {
		return this.report?.status === "queued" || this.report?.status === "running";
	}

	private async load(id?: string): Promise<void> {
		clearTimeout(this.#timer);
		try {
			this.report = await this.api.get<DriftReport>(id ? `/qbo-drift/${encodeURIComponent(id)}` : "/qbo-drift/latest");
		} catch (error) {
			if (error instanceof ApiError && error.status === 404 && !id) this.report = null;
			else this.error = problemMessage(error);
		}
		this.loaded = true;
		if (this.isConnected && this.running) this.#timer = setTimeout(() => void this.load(this.report?.id), POLL_MS);
	}

	private async checkNow(): Promise<void> {
		await this.act(async () => {
			this.report = await this.api.post<DriftReport>("/qbo-drift");
			this.selected = new Set();
			void this.load(this.report.id);
		});
	}

	private async repair(action: "push" | "reread"): Promise<void> {
		const report = this.report;
		if (!report) return;
		if (this.selected.size === 0) {
			this.error = t("nothingSelected");
			return;
		}
		await this.act(async () => {
			const queued = await this.api.post<DriftRepair>(`/qbo-drift/${encodeURIComponent(report.id)}/repairs`, {
				action,
				qboItemIds: [...this.selected],
			});
			await this.load(report.id);
			this.message = t("repaired", { pushes: formatQuantity(queued.pushes), events: formatQuantity(queued.events) });
		});
	}

	private async act(run: () => Promise<void>): Promise<void> {
		this.busy = true;
		this.message = "";
		this.error = "";
		try {
			await run();
		} catch (error) {
			this.error = problemMessage(error);
		} finally {
			this.busy = false;
		}
	}

	private toggle(qboItemId: string, on: boolean): void {
		const selected = new Set(this.selected);
		if (on) selected.add(qboItemId);
		else selected.delete(qboItemId);
		this.selected = selected;
	}

	private toggleAll(on: boolean): void {
		this.selected = new Set(on ? (this.report?.items ?? []).map((i) => i.qboItemId) : []);
	}

	override render() {
		const manager = this.may("manager");
		return html`<section class="card" aria-labelledby="drift-title" data-section="qbo-drift">
			<h2 id="drift-title">${t("title")}</h2>
			<p class="help">${t("intro")}</p>
			${this.message ? html`<p class="ok-banner" role="status">${this.message}</p>` : nothing}
			${this.error ? html`<p class="error-banner" role="alert">${this.error}</p>` : nothing}
			${this.loaded ? this.summary() : nothing}
			${
				manager
					? html`<p>
							<button type="button" data-action="drift-check" ?disabled=${this.busy || this.running} @click=${this.checkNow}>
								${t("checkNow")}
							</button>
						</p>`
					: nothing
			}
			${this.report?.status === "done" && this.report.items.length > 0 ? this.table(this.report, manager) : nothing}
			${this.report && this.report.repairs.length > 0 ? this.repairs(this.report) : nothing}
		</section>`;
	}

	private summary() {
		const report = this.report;
		if (!report) return html`<p class="muted" data-drift-state="never">${t("never")}</p>`;
		if (report.status === "queued" || report.status === "running")
			return html`<p role="status" data-drift-state="running">
					${t("checking")} ${t(`phase_${report.phase}`, {
						checked: formatQuantity(report.checked),
						total: formatQuantity(report.total),
						differing: formatQuantity(report.differing),
					})}
				</p>
				<progress
					class="sync-progress"
					aria-label=${t("checking")}
					max=${report.total || 1}
					value=${report.phase === "finding_reasons" ? report.total || 1 : report.checked}
				></progress>`;
		if (report.status === "failed")
			return html`<p class="error-banner" data-drift-state="failed">${t("failed", { error: report.error ?? "" })}</p>`;
		const when = report.finishedAt ? t("checkedAt", { when: formatDateTime(report.finishedAt) }) : "";
		const notes = report.notes;
		if (notes && !notes.qboTracksInventory)
			return html`<p data-drift-state="not-tracking">${t("notTracking")} ${when}</p>`;
		return html`<p role="status" data-drift-state=${report.differing === 0 ? "agree" : "differ"}>
				<strong>
					${
						report.differing === 0
							? plural(t, "allAgree", report.total)
							: plural(t, "differ", report.differing, { total: formatQuantity(report.total) })
					}
				</strong>
				${when}
			</p>
			${notes && notes.pendingEvents > 0 ? html`<p class="help">${plural(t, "pendingEvents", notes.pendingEvents)}</p>` : nothing}
			${notes && notes.documentsNotChecked > 0 ? html`<p class="help">${plural(t, "notChecked", notes.documentsNotChecked)}</p>` : nothing}`;
	}

	private table(report: DriftReport, manager: boolean) {
		const all = report.items.length > 0 && report.items.every((i) => this.selected.has(i.qboItemId));
		return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="drift-title">
				<table class="data" data-table="qbo-drift">
					<thead>
						<tr>
							${
								manager
									? html`<th scope="col">
											<input
												type="checkbox"
												aria-label=${t("selectAll")}
												.checked=${all}
												@change=${(e: Event) => this.toggleAll((e.target as HTMLInputElement).checked)}
											/>
										</th>`
									: nothing
							}
							<th scope="col">${t("sku")}</th>
							<th scope="col">${t("name")}</th>
							<th scope="col" class="num">${t("qbo")}</th>
							<th scope="col" class="num">${t("expected")}</th>
							<th scope="col" class="num">${t("difference")}</th>
							<th scope="col">${t("why")}</th>
						</tr>
					</thead>
					<tbody>
						${report.items.map((item) => this.row(item, manager))}
					</tbody>
				</table>
			</div>
			${
				manager
					? html`<div class="resync">
							<div>
								<button type="button" data-action="drift-push" aria-describedby="drift-push-help" ?disabled=${this.busy} @click=${() => this.repair("push")}>
									${t("push")}
								</button>
								<p class="help" id="drift-push-help">${t("pushHelp")}</p>
							</div>
							<div>
								<button type="button" data-action="drift-reread" aria-describedby="drift-reread-help" ?disabled=${this.busy} @click=${() => this.repair("reread")}>
									${t("reread")}
								</button>
								<p class="help" id="drift-reread-help">${t("rereadHelp")}</p>
							</div>
						</div>`
					: nothing
			}`;
	}

	private row(item: DriftItem, manager: boolean) {
		return html`<tr data-drift-item=${item.qboItemId}>
			${
				manager
					? html`<td>
							<input
								type="checkbox"
								aria-label=${t("select", { sku: item.sku })}
								.checked=${this.selected.has(item.qboItemId)}
								@change=${(e: Event) => this.toggle(item.qboItemId, (e.target as HTMLInputElement).checked)}
							/>
						</td>`
					: nothing
			}
			<td><a href=${routeHash({ page: "product", productId: item.productId })}>${item.sku}</a></td>
			<td>${item.name}</td>
			<td class="num">${formatQuantity(item.qbo)}</td>
			<td class="num" title=${t("explain", {
				onHand: formatQuantity(item.onHand),
				orders: signed(item.ordersCorrection),
				pending: formatQuantity(item.pendingPushes),
			})}>${formatQuantity(item.expected)}</td>
			<td class="num" data-difference>${signed(item.difference)}</td>
			<td class="drift-why">
				${
					item.reasons.length === 0
						? html`<span class="muted">${t("reason_none")}</span>`
						: html`<ul class="plain-list">
								${item.reasons.map((r) => html`<li data-reason=${r.code}>${reasonWords(r)}</li>`)}
							</ul>`
				}
			</td>
		</tr>`;
	}

	private repairs(report: DriftReport) {
		return html`<h3>${t("repairsTitle")}</h3>
			<ul class="plain-list" data-list="drift-repairs">
				${report.repairs.map(
					(r) =>
						html`<li>
							${t(`repair_${r.action}`, {
								when: formatDateTime(r.at),
								count: formatQuantity(r.qboItemIds.length),
								by: r.by ?? t("system"),
							})}
						</li>`,
				)}
			</ul>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-qbo-drift": QboDriftSection;
	}
}
