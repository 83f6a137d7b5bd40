/**
 * Locations: create, rename, make default, archive, restore and reorder (managers and owners; others
 * read the list). Each change carries the version the user saw; the server's refusals show next to
 * the field or row they concern. The order (the grid's columns, every list) is set by dragging a row
 * by its handle or with its Move up / Move down buttons, saved at once as the whole list
 * (PUT /api/v1/locations/order); the default location stays first.
 */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { Location } from "../../api/types";
import { AppPage } from "../app-page";
import { fieldError, textField } from "../form-field";
import { fieldErrors, problemMessage } from "../problems";
import { locationsPageMessages as t } from "./locations-page.messages";

type LocationPatch = { name?: string; isDefault?: true; archived?: boolean };

@customElement("stockroom-locations-page")
export class LocationsPage extends AppPage {
	@state() private locations: Location[] | null = null;
	@state() private loadError = "";
	@state() private createError = "";
	@state() private creating = false;
	@state() private renaming: string | null = null;
	/** Per location: the message of its last refused change. */
	@state() private rowErrors = new Map<string, string>();
	@state() private notice = "";
	@state() private busyId: string | null = null;
	/** The location being dragged by its handle. */
	#dragged: string | null = null;

	protected override forgetMessages(): void {
		this.notice = "";
		this.createError = "";
		this.rowErrors = new Map();
	}

	override connectedCallback(): void {
		super.connectedCallback();
		void this.load();
	}

	private async load(): Promise<void> {
		try {
			const all = await this.api.all<Location>("/locations", { includeArchived: "true" });
			// Active first, each group in the order shown (the API answers so: the default first).
			this.locations = [...all.filter((l) => !l.archivedAt), ...all.filter((l) => l.archivedAt)];
			this.loadError = "";
		} catch (error) {
			this.loadError = problemMessage(error);
		}
	}

	private async create(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const form = event.currentTarget as HTMLFormElement;
		const data = new FormData(form);
		const name = String(data.get("name") ?? "").trim();
		if (!name) {
			this.createError = t("required");
			form.querySelector<HTMLInputElement>("[name=name]")?.focus();
			return;
		}
		this.creating = true;
		this.createError = "";
		try {
			const created = await this.api.post<Location>("/locations", {
				name,
				...(data.get("isDefault") ? { isDefault: true } : {}),
			});
			form.reset();
			this.notice = t("added", { name: created.name });
			await this.load();
		} catch (error) {
			// A name problem (empty, too long, already taken) belongs next to the name.
			this.createError = fieldErrors(error).name ?? problemMessage(error);
			form.querySelector<HTMLInputElement>("[name=name]")?.focus();
		} finally {
			this.creating = false;
		}
	}

	private async change(location: Location, patch: LocationPatch): Promise<boolean> {
		this.busyId = location.id;
		const errors = new Map(this.rowErrors);
		errors.delete(location.id);
		this.rowErrors = errors;
		try {
			const saved = await this.api.patch<Location>(`/locations/${encodeURIComponent(location.id)}`, {
				...patch,
				version: location.version,
			});
			this.notice = t("saved", { name: saved.name });
			await this.load();
			return true;
		} catch (error) {
			const stale = error instanceof ApiError && error.problem.code === "version_conflict";
			const message = stale ? t("conflict") : (fieldErrors(error).name ?? problemMessage(error));
			this.rowErrors = new Map(this.rowErrors).set(location.id, message);
			if (stale) await this.load();
			return false;
		} finally {
			this.busyId = null;
		}
	}

	/** The active locations in the order shown, the default first. */
	private get active(): Location[] {
		return (this.locations ?? []).filter((l) => !l.archivedAt);
	}

	/** Moves a location to `to` (an index among the active ones, kept below the default) and saves the whole order. */
	private async moveTo(location: Location, to: number, focus?: "move-up" | "move-down"): Promise<void> {
		const active = this.active;
		const from = active.findIndex((l) => l.id === location.id);
		const first = active[0]?.isDefault ? 1 : 0;
		const target = Math.max(first, Math.min(active.length - 1, to));
		if (from < first || from === target) return;
		const ids = active.map((l) => l.id);
		ids.splice(from, 1);
		ids.splice(target, 0, location.id);
		this.busyId = location.id;
		const errors = new Map(this.rowErrors);
		errors.delete(location.id);
		this.rowErrors = errors;
		try {
			await this.api.put("/locations/order", { locationIds: ids });
			this.notice = t("reordered", { name: location.name, position: String(target + 1) });
		} catch (error) {
			// A list made before a location was added or archived elsewhere: show the list as it is now.
			const stale = error instanceof ApiError && fieldErrors(error).locationIds !== undefined;
			this.rowErrors = new Map(this.rowErrors).set(location.id, stale ? t("orderStale") : problemMessage(error));
		} finally {
			this.busyId = null;
		}
		await this.load();
		if (!focus) return;
		// The row moved: keep the keyboard on it, on the other button once this one has nothing left to do.
		await this.updateComplete;
		const row = this.querySelector(`[data-location-id="${location.id}"]`);
		const button =
			row?.querySelector<HTMLButtonElement>(`[data-action="${focus}"]:not([disabled])`) ??
			row?.querySelector<HTMLButtonElement>("[data-action^=move-]:not([disabled])");
		button?.focus();
	}

	private dragStart(event: DragEvent, location: Location): void {
		this.#dragged = location.id;
		event.dataTransfer?.setData("text/plain", location.name);
		if (event.dataTransfer) event.dataTransfer.effectAllowed = "move";
	}

	private dragOver(event: DragEvent, over: Location): void {
		if (this.#dragged && !over.archivedAt) event.preventDefault();
	}

	private drop(event: DragEvent, over: Location): void {
		const dragged = this.active.find((l) => l.id === this.#dragged);
		this.#dragged = null;
		if (!dragged) return;
		event.preventDefault();
		void this.moveTo(
			dragged,
			this.active.findIndex((l) => l.id === over.id),
		);
	}

	private async rename(event: SubmitEvent, location: Location): Promise<void> {
		event.preventDefault();
		const input = (event.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>("input[name=name]");
		const name = input?.value.trim() ?? "";
		if (!name) {
			this.rowErrors = new Map(this.rowErrors).set(location.id, t("required"));
			input?.focus();
			return;
		}
		if (name === location.name || (await this.change(location, { name }))) {
			this.renaming = null;
			await this.updateComplete;
			this.querySelector<HTMLButtonElement>(`[data-location-id="${location.id}"] [data-action="rename"]`)?.focus();
		} else input?.focus();
	}

	private async startRename(location: Location): Promise<void> {
		this.renaming = location.id;
		await this.updateComplete;
		this.querySelector<HTMLInputElement>(`#rename-${location.id}`)?.select();
	}

	override render() {
		return html`<section class="page" data-page="locations" aria-labelledby="locations-title">
			<div class="page-head">
				<h1 id="locations-title">${t("title")}</h1>
				<p class="notice" role="status">${this.notice}</p>
			</div>
			<p class="lead">${t("lead")}</p>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			${this.may("manager") ? this.createForm() : nothing}
			<section class="card" aria-labelledby="list-title">
				<h2 id="list-title">${t("list")}</h2>
				${this.may("manager") ? html`<p class="muted" id="order-help">${t("orderHelp")}</p>` : nothing}
				${this.table()}
			</section>
		</section>`;
	}

	private createForm() {
		return html`<section class="card" aria-labelledby="create-title">
				<h2 id="create-title">${t("create")}</h2>
				<form class="inline-form" data-form="create-location" novalidate @submit=${this.create}>
					${textField({ id: "location-name", name: "name", label: t("name"), error: this.createError, required: true, maxlength: 100 })}
					<label class="check"><input type="checkbox" name="isDefault" /> ${t("makeDefault")}</label>
					<button type="submit" class="primary" ?disabled=${this.creating}>${t("add")}</button>
				</form>
			</section>`;
	}

	private table() {
		if (!this.locations) return html`<p class="muted" role="status">${t("loading")}</p>`;
		if (this.locations.length === 0) return html`<p class="muted">${t("none")}</p>`;
		return html`<div class="table-wrap">
			<table class="data" data-table="locations">
				<thead>
					<tr>
						${this.may("manager") ? html`<th scope="col">${t("order")}</th>` : nothing}
						<th scope="col">${t("name")}</th>
						<th scope="col">${t("status")}</th>
						${this.may("manager") ? html`<th scope="col"><span class="visually-hidden">${t("actions")}</span></th>` : nothing}
					</tr>
				</thead>
				<tbody>
					${this.locations.map((location) => this.row(location))}
				</tbody>
			</table>
		</div>`;
	}

	private row(location: Location) {
		const error = this.rowErrors.get(location.id);
		const errorId = `location-error-${location.id}`;
		const busy = this.busyId === location.id;
		const archived = location.archivedAt !== null;
		const editing = this.renaming === location.id;
		return html`<tr
			data-location-id=${location.id}
			class=${archived ? "archived" : ""}
			@dragover=${(e: DragEvent) => this.dragOver(e, location)}
			@drop=${(e: DragEvent) => this.drop(e, location)}
		>
			${this.may("manager") ? this.orderCell(location, busy) : nothing}
			<th scope="row">
				${
					editing
						? html`<form class="inline-form tight" novalidate @submit=${(e: SubmitEvent) => this.rename(e, location)}>
								<label class="visually-hidden" for=${`rename-${location.id}`}
									>${t("renameLabel", { name: location.name })}</label
								>
								<input
									id=${`rename-${location.id}`}
									name="name"
									maxlength="100"
									.value=${location.name}
									aria-invalid=${error ? "true" : nothing}
									aria-describedby=${error ? errorId : nothing}
									@keydown=${(e: KeyboardEvent) => {
										if (e.key === "Escape") this.renaming = null;
									}}
								/>
								<button type="submit" class="primary" ?disabled=${busy}>${t("save")}</button>
								<button type="button" class="quiet" @click=${() => (this.renaming = null)}>${t("cancel")}</button>
							</form>`
						: location.name
				}
				${fieldError(errorId, error, { alert: true })}
			</th>
			<td>
				${
					location.isDefault
						? html`<span class="badge accent">${t("default")}</span>`
						: archived
							? html`<span class="badge">${t("archived")}</span>`
							: html`<span class="badge quiet">${t("active")}</span>`
				}
			</td>
			${this.may("manager") ? this.rowActions(location, { busy, archived, editing }) : nothing}
		</tr>`;
	}

	/** The drag handle and Move up / Move down: none for the default (always first) nor an archived location. */
	private orderCell(location: Location, busy: boolean) {
		if (location.isDefault || location.archivedAt) return html`<td></td>`;
		const active = this.active;
		const index = active.findIndex((l) => l.id === location.id);
		const first = active[0]?.isDefault ? 1 : 0;
		return html`<td class="row-actions"><div class="row-buttons">
			<span
				class="drag-handle"
				data-drag-handle
				draggable="true"
				title=${t("dragHandle", { name: location.name })}
				aria-hidden="true"
				style="cursor: grab; padding: 0 0.25rem; user-select: none"
				@dragstart=${(e: DragEvent) => this.dragStart(e, location)}
				@dragend=${() => {
					this.#dragged = null;
				}}
				>⠿</span
			>
			<button
				type="button"
				data-action="move-up"
				aria-label=${t("moveUpLabel", { name: location.name })}
				aria-describedby="order-help"
				?disabled=${busy || index <= first}
				@click=${() => this.moveTo(location, index - 1, "move-up")}
			>
				${t("moveUp")}
			</button>
			<button
				type="button"
				data-action="move-down"
				aria-label=${t("moveDownLabel", { name: location.name })}
				aria-describedby="order-help"
				?disabled=${busy || index >= active.length - 1}
				@click=${() => this.moveTo(location, index + 1, "move-down")}
			>
				${t("moveDown")}
			</button>
		</div></td>`;
	}

	private rowActions(location: Location, o: { busy: boolean; archived: boolean; editing: boolean }) {
		const { busy, archived, editing } = o;
		return html`<td class="row-actions"><div class="row-buttons">
				${
					editing
						? nothing
						: html`<button
								type="button"
								data-action="rename"
								aria-label=${`${t("rename")} ${location.name}`}
								?disabled=${busy}
								@click=${() => this.startRename(location)}
							>
								${t("rename")}
							</button>`
				}
				${
					!archived && !location.isDefault
						? html`<button
								type="button"
								data-action="make-default"
								aria-label=${t("setDefaultOf", { name: location.name })}
								?disabled=${busy}
								@click=${() => this.change(location, { isDefault: true })}
							>
								${t("setDefault")}
							</button>`
						: nothing
				}
				${
					archived
						? html`<button
								type="button"
								data-action="restore"
								aria-label=${`${t("restore")} ${location.name}`}
								?disabled=${busy}
								@click=${() => this.change(location, { archived: false })}
							>
								${t("restore")}
							</button>`
						: location.isDefault
							? nothing
							: html`<button
									type="button"
									data-action="archive"
									aria-label=${`${t("archive")} ${location.name}`}
									?disabled=${busy}
									@click=${() => this.change(location, { archived: true })}
								>
									${t("archive")}
								</button>`
				}
			</div></td>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-locations-page": LocationsPage;
	}
}
