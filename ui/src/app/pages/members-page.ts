/**
 * Members (owners): the company's people with their role, the locations a staff member or viewer is
 * limited to, and their last sign-in; an owner changes a role and its locations in a row of its own
 * under the member, or removes them. The API keeps at least one owner (409 `last_owner`), said at
 * the row. Invitations are below (invites-panel.ts).
 */
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/api-client";
import type { Location, Member, MemberPatch, Page, Role } from "../../api/types";
import { AppPage } from "../app-page";
import { formatDateTime } from "../dates";
import { formStatus } from "../form-status";
import { locationChecks, locationsText, roleSelect } from "../grant-fields";
import { fieldErrors, problemMessage } from "../problems";
import { locationLimitFor } from "../role-access";
import { roleMessages } from "../role-messages";
import { membersPageMessages as t } from "./members-page.messages";
import "./invites-panel";

/** A member being changed: the role and the locations chosen so far. */
type Editing = { id: string; role: Role; locationIds: string[] };

@customElement("stockroom-members-page")
export class MembersPage extends AppPage {
	/** The signed-in user's id: their row says so, and demoting or removing themselves asks first. */
	@property() userId = "";
	@state() private members: Member[] | null = null;
	/** Every location, archived ones too: a limit may still name one. */
	@state() private locations: Location[] = [];
	@state() private loadError = "";
	@state() private notice = "";
	@state() private editing: Editing | null = null;
	/** Per member: why the last change or removal was refused. */
	@state() private rowErrors = new Map<string, string>();
	@state() private busyId: string | null = null;

	protected override forgetMessages(): void {
		this.notice = "";
		this.rowErrors = new Map();
	}

	override connectedCallback(): void {
		super.connectedCallback();
		if (this.may("owner")) void this.load();
	}

	private async load(): Promise<void> {
		try {
			const [page, locations] = await Promise.all([
				this.api.get<Page<Member>>("/members"),
				this.api.all<Location>("/locations", { includeArchived: "true" }),
			]);
			this.members = page.items;
			this.locations = locations;
			this.loadError = "";
		} catch (error) {
			this.loadError = problemMessage(error);
		}
	}

	private nameOf(member: Member): string {
		return member.name ?? member.email ?? t("unnamed");
	}

	/** The refusal in words: the last owner's in this page's, the others as the API says them. */
	private refusal(error: unknown): string {
		if (error instanceof ApiError && error.problem.code === "last_owner") return t("lastOwner");
		const fields = fieldErrors(error);
		return fields.locationIds ?? fields.role ?? problemMessage(error);
	}

	private setRowError(id: string, message: string | null): void {
		const errors = new Map(this.rowErrors);
		if (message) errors.set(id, message);
		else errors.delete(id);
		this.rowErrors = errors;
	}

	private async startEdit(member: Member): Promise<void> {
		this.setRowError(member.id, null);
		this.editing = { id: member.id, role: member.role, locationIds: member.locationIds ?? [] };
		await this.updateComplete;
		// Without scrolling: on a phone the table scrolls sideways, and the form stays at its left edge.
		this.querySelector<HTMLSelectElement>(`#member-role-${member.id}`)?.focus({ preventScroll: true });
	}

	private async stopEdit(member: Member): Promise<void> {
		this.editing = null;
		await this.updateComplete;
		this.querySelector<HTMLButtonElement>(`[data-member-id="${member.id}"] [data-action="change"]`)?.focus();
	}

	private async save(event: SubmitEvent, member: Member): Promise<void> {
		event.preventDefault();
		const editing = this.editing;
		if (!editing || editing.id !== member.id) return;
		if (member.id === this.userId && editing.role !== "owner" && !confirm(t("confirmSelfDemote"))) return;
		const body: MemberPatch = {
			role: editing.role,
			locationIds: locationLimitFor(editing.role, editing.locationIds),
		};
		this.busyId = member.id;
		this.setRowError(member.id, null);
		try {
			const saved = await this.api.patch<Member>(`/members/${encodeURIComponent(member.id)}`, body);
			this.notice = t("saved", { name: this.nameOf(saved), role: roleMessages(saved.role) });
			await this.load();
			await this.stopEdit(member);
		} catch (error) {
			this.setRowError(member.id, this.refusal(error));
		} finally {
			this.busyId = null;
		}
	}

	private async removeMember(member: Member): Promise<void> {
		const name = this.nameOf(member);
		const question = member.id === this.userId ? t("confirmRemoveSelf") : t("confirmRemove", { name });
		if (!confirm(question)) return;
		this.busyId = member.id;
		this.setRowError(member.id, null);
		try {
			await this.api.delete(`/members/${encodeURIComponent(member.id)}`);
			this.notice = t("removed", { name });
			if (this.editing?.id === member.id) this.editing = null;
			await this.load();
			this.querySelector<HTMLElement>("#members-list-title")?.focus();
		} catch (error) {
			this.setRowError(member.id, this.refusal(error));
		} finally {
			this.busyId = null;
		}
	}

	override render() {
		if (!this.may("owner"))
			return html`<section class="page narrow" data-page="members">
				<div class="page-head"><h1>${t("title")}</h1></div>
				<p class="notice-banner">${t("ownerOnly")}</p>
			</section>`;
		return html`<section class="page" data-page="members" aria-labelledby="members-title">
			<div class="page-head">
				<h1 id="members-title">${t("title")}</h1>
				<p class="notice" role="status">${this.notice}</p>
			</div>
			<p class="lead">${t("lead")}</p>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			<section class="card" aria-labelledby="members-list-title">
				<h2 id="members-list-title" tabindex="-1">${t("list")}</h2>
				${this.table()}
			</section>
			<stockroom-invites-panel
				class="two-columns"
				.api=${this.api}
				.userRole=${this.userRole}
				.locations=${this.locations}
			></stockroom-invites-panel>
		</section>`;
	}

	private table() {
		const members = this.members;
		if (!members) return this.loadError ? nothing : html`<p class="muted" role="status">${t("loading")}</p>`;
		const names = new Map(this.locations.map((l) => [l.id, l.name]));
		return html`<div class="table-wrap">
			<table class="data" data-table="members">
				<thead>
					<tr>
						<th scope="col">${t("name")}</th>
						<th scope="col">${t("email")}</th>
						<th scope="col">${t("role")}</th>
						<th scope="col">${t("locations")}</th>
						<th scope="col">${t("lastSignIn")}</th>
						<th scope="col"><span class="visually-hidden">${t("actions")}</span></th>
					</tr>
				</thead>
				<tbody>
					${members.map((member) => this.row(member, names))}
				</tbody>
			</table>
		</div>`;
	}

	private row(member: Member, names: ReadonlyMap<string, string>) {
		const editing = this.editing?.id === member.id ? this.editing : null;
		const error = this.rowErrors.get(member.id);
		const busy = this.busyId === member.id;
		const name = this.nameOf(member);
		return html`<tr data-member-id=${member.id} data-role=${member.role}>
				<th scope="row">
					${name} ${member.id === this.userId ? html`<span class="badge accent">${t("you")}</span>` : nothing}
					${!editing && error ? html`<p class="field-error" role="alert">${error}</p>` : nothing}
				</th>
				<td>${member.email ?? "—"}</td>
				<td>${roleMessages(member.role)}</td>
				<td>${locationsText(member.locationIds, names)}</td>
				<td class="nowrap">${member.lastSignInAt ? formatDateTime(member.lastSignInAt) : t("never")}</td>
				<td class="row-actions">
					<div class="row-buttons">
						<button
							type="button"
							data-action="change"
							aria-label=${t("changeLabel", { name })}
							aria-expanded=${editing ? "true" : "false"}
							?disabled=${busy}
							@click=${() => (editing ? this.stopEdit(member) : this.startEdit(member))}
						>
							${t("change")}
						</button>
						<button
							type="button"
							class="danger"
							data-action="remove"
							aria-label=${t("removeLabel", { name })}
							?disabled=${busy}
							@click=${() => this.removeMember(member)}
						>
							${t("remove")}
						</button>
					</div>
				</td>
			</tr>
			${editing ? this.editRow(member, editing, error, busy) : nothing}`;
	}

	private editRow(member: Member, editing: Editing, error: string | undefined, busy: boolean) {
		const name = this.nameOf(member);
		return html`<tr class="edit-row" data-editing=${member.id}>
			<td class="row-detail" colspan="6">
				<form
					class="stack"
					data-form="member"
					aria-label=${t("changeLabel", { name })}
					novalidate
					@submit=${(e: SubmitEvent) => this.save(e, member)}
					@keydown=${(e: KeyboardEvent) => {
						if (e.key === "Escape") void this.stopEdit(member);
					}}
				>
					<div class="field-row">
						${roleSelect({
							id: `member-role-${member.id}`,
							value: editing.role,
							onChange: (role) => {
								this.editing = { ...editing, role };
							},
						})}
					</div>
					${locationChecks({
						id: `member-locations-${member.id}`,
						role: editing.role,
						locations: this.locations.filter((l) => !l.archivedAt),
						checked: editing.locationIds,
						onChange: (locationIds) => {
							this.editing = { ...editing, locationIds };
						},
					})}
					<div class="actions">
						<button type="submit" class="primary" ?disabled=${busy}>${t("save")}</button>
						<button type="button" class="quiet" @click=${() => this.stopEdit(member)}>${t("cancel")}</button>
						${formStatus({ busy, message: error ?? "" }, t("saving"))}
					</div>
				</form>
			</td>
		</tr>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-members-page": MembersPage;
	}
}
