/**
 * The invitations of the members page (members-page.ts; owners): a form that invites a person by
 * email with a role (and for staff and viewers maybe some locations), then shows the invitation's
 * link this once, to copy and send; and the invitations still pending, each revocable. The link
 * works once, for 7 days, for an Intuit account whose verified email is the one invited.
 */
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { CreatedInvite, Invite, InviteRequest, Location, Page, Role } from "../../api/types";
import { AppPage } from "../app-page";
import { copyText } from "../clipboard";
import { formatDateTime } from "../dates";
import { textField } from "../form-field";
import { locationChecks, locationsText, roleSelect } from "../grant-fields";
import { fieldErrors, formMessage, problemMessage } from "../problems";
import { locationLimitFor } from "../role-access";
import { roleMessages } from "../role-messages";
import { invitesPanelMessages as t } from "./invites-panel.messages";

@customElement("stockroom-invites-panel")
export class InvitesPanel extends AppPage {
	/** Every location, archived ones too (the page's): an invitation may still name one. */
	@property({ attribute: false }) locations: Location[] = [];
	@state() private invites: Invite[] | null = null;
	@state() private loadError = "";
	@state() private notice = "";
	@state() private chosenRole: Role = "viewer";
	@state() private ticked: string[] = [];
	@state() private errors: Record<string, string> = {};
	@state() private message = "";
	@state() private busy = false;
	/** The invitation just made, with its link: shown until another is made or it is revoked. */
	@state() private created: CreatedInvite | null = null;
	@state() private copyState = "";

	protected override forgetMessages(): void {
		this.notice = "";
		this.errors = {};
		this.message = "";
		this.copyState = "";
	}

	override connectedCallback(): void {
		super.connectedCallback();
		if (this.may("owner")) void this.load();
	}

	private async load(): Promise<void> {
		try {
			this.invites = (await this.api.get<Page<Invite>>("/invites")).items;
			this.loadError = "";
		} catch (error) {
			this.loadError = problemMessage(error);
		}
	}

	private async invite(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const form = event.currentTarget as HTMLFormElement;
		const email = String(new FormData(form).get("email") ?? "").trim();
		this.created = null;
		this.message = "";
		this.copyState = "";
		// The API checks the address; this only spares a round trip for the obvious slip.
		if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
			this.errors = { email: t(email ? "emailInvalid" : "emailRequired") };
			form.querySelector<HTMLInputElement>("[name=email]")?.focus();
			return;
		}
		const locationIds = locationLimitFor(this.chosenRole, this.ticked);
		const body: InviteRequest = { email, role: this.chosenRole, ...(locationIds ? { locationIds } : {}) };
		this.busy = true;
		this.errors = {};
		try {
			this.created = await this.api.post<CreatedInvite>("/invites", body);
			form.reset();
			this.chosenRole = "viewer";
			this.ticked = [];
			await this.load();
			await this.updateComplete;
			this.querySelector<HTMLInputElement>("#invite-link")?.focus();
		} catch (error) {
			this.errors = fieldErrors(error);
			this.message = formMessage(error, ["email", "role", "locationIds"]) ?? "";
		} finally {
			this.busy = false;
		}
	}

	private async revoke(invite: Invite): Promise<void> {
		if (!confirm(t("confirmRevoke", { email: invite.email }))) return;
		try {
			await this.api.delete(`/invites/${encodeURIComponent(invite.id)}`);
			this.notice = t("revoked", { email: invite.email });
			if (this.created?.id === invite.id) this.created = null;
			await this.load();
			this.querySelector<HTMLElement>("#invites-title")?.focus();
		} catch (error) {
			this.notice = problemMessage(error);
		}
	}

	private async copyLink(link: string): Promise<void> {
		const ok = await copyText(link, this.querySelector<HTMLInputElement>("#invite-link") ?? undefined);
		this.copyState = ok ? t("copied") : t("copyFailed");
	}

	override render() {
		return html`<section class="card" aria-labelledby="invite-title">
				<h2 id="invite-title">${t("invite")}</h2>
				<p class="help">${t("inviteLead")}</p>
				${this.form()} ${this.link()}
			</section>
			<section class="card" aria-labelledby="invites-title">
				<h2 id="invites-title" tabindex="-1">${t("pending")}</h2>
				<p class="notice" role="status">${this.notice}</p>
				${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
				${this.table()}
			</section>`;
	}

	private form() {
		return html`<form class="stack" data-form="invite" novalidate @submit=${this.invite}>
			<div class="field-row">
				${textField({
					id: "invite-email",
					name: "email",
					type: "email",
					label: t("email"),
					error: this.errors.email,
					required: true,
					maxlength: 254,
				})}
				${roleSelect({
					id: "invite-role",
					value: this.chosenRole,
					error: this.errors.role,
					onChange: (role) => {
						this.chosenRole = role;
					},
				})}
			</div>
			${locationChecks({
				id: "invite-locations",
				role: this.chosenRole,
				locations: this.locations.filter((l) => !l.archivedAt),
				checked: this.ticked,
				onChange: (ids) => {
					this.ticked = ids;
				},
				error: this.errors.locationIds,
			})}
			<div class="actions">
				<button type="submit" class="primary" ?disabled=${this.busy}>${this.busy ? t("working") : t("create")}</button>
				<span class="form-status error" role="alert">${this.message}</span>
			</div>
		</form>`;
	}

	private link() {
		const created = this.created;
		if (!created) return nothing;
		return html`<div class="secret-box" data-secret="invite-link">
			<p><strong>${t("linkOnce")}</strong></p>
			<div class="copy-row">
				<label class="visually-hidden" for="invite-link">${t("linkFor", { email: created.email })}</label>
				<input id="invite-link" class="mono" readonly .value=${created.link} />
				<button type="button" data-action="copy-invite-link" @click=${() => this.copyLink(created.link)}>
					${t("copy")}
				</button>
			</div>
			<p class="small" role="status">${this.copyState}</p>
			<p class="small">${t("linkRules", { email: created.email })}</p>
		</div>`;
	}

	private table() {
		const invites = this.invites;
		if (!invites) return this.loadError ? nothing : html`<p class="muted" role="status">${t("loading")}</p>`;
		if (invites.length === 0) return html`<p class="muted">${t("none")}</p>`;
		const names = new Map(this.locations.map((l) => [l.id, l.name]));
		return html`<div class="table-wrap">
			<table class="data" data-table="invites">
				<thead>
					<tr>
						<th scope="col">${t("email")}</th>
						<th scope="col">${t("role")}</th>
						<th scope="col">${t("locations")}</th>
						<th scope="col">${t("expires")}</th>
						<th scope="col"><span class="visually-hidden">${t("revoke")}</span></th>
					</tr>
				</thead>
				<tbody>
					${invites.map(
						(invite) => html`<tr data-invite-id=${invite.id}>
							<th scope="row">${invite.email}</th>
							<td data-role=${invite.role}>${roleMessages(invite.role)}</td>
							<td>${locationsText(invite.locationIds, names)}</td>
							<td class="nowrap"><time datetime=${invite.expiresAt}>${formatDateTime(invite.expiresAt)}</time></td>
							<td>
								<button
									type="button"
									class="danger"
									data-action="revoke-invite"
									aria-label=${t("revokeLabel", { email: invite.email })}
									@click=${() => this.revoke(invite)}
								>
									${t("revoke")}
								</button>
							</td>
						</tr>`,
					)}
				</tbody>
			</table>
		</div>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-invites-panel": InvitesPanel;
	}
}
