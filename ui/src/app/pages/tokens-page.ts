/**
 * Tokens (owner): API tokens for scripts and other systems (a role, for staff and viewers maybe some
 * locations, and a secret shown once), and embed tokens for the grid in another portal, with the
 * HTML to paste there; the embed tokens still working are listed, each revocable.
 */
import { html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type {
	ApiToken,
	ApiTokenRequest,
	CreatedApiToken,
	EmbedScope,
	EmbedToken,
	EmbedTokenListed,
	Location,
	Page,
	Role,
} from "../../api/types";
import { plural } from "../../i18n/plural";
import { AppPage } from "../app-page";
import { copyText } from "../clipboard";
import { formatDateTime } from "../dates";
import { embedSnippets, parseOrigins } from "../embed-snippet";
import { fieldError, textField } from "../form-field";
import { locationChecks, locationsText, roleSelect } from "../grant-fields";
import { fieldErrors, formMessage, problemMessage } from "../problems";
import { locationLimitFor } from "../role-access";
import { roleMessages } from "../role-messages";
import { tokensPageMessages as t } from "./tokens-page.messages";

const LIFETIMES = [900, 3600, 8 * 3600, 24 * 3600] as const;

@customElement("stockroom-tokens-page")
export class TokensPage extends AppPage {
	@state() private tokens: ApiToken[] | null = null;
	@state() private cursor: string | null = null;
	@state() private loadError = "";
	@state() private createError = "";
	@state() private createMessage = "";
	@state() private created: CreatedApiToken | null = null;
	@state() private notice = "";
	@state() private busy = false;
	/** Every location, archived ones too: a token may still name one. */
	@state() private locations: Location[] = [];
	/** The role chosen in the API token form: its locations show for staff and viewers. */
	@state() private apiRole: Role = "viewer";
	@state() private apiLocations: string[] = [];
	@state() private apiLocationsError = "";
	@state() private embedTokens: EmbedTokenListed[] | null = null;
	@state() private embedErrors: Record<string, string> = {};
	@state() private embedMessage = "";
	@state() private embed: EmbedToken | null = null;
	@state() private embedBusy = false;
	@state() private copyState = new Map<string, string>();

	protected override forgetMessages(): void {
		this.notice = "";
		this.createError = "";
		this.createMessage = "";
		this.apiLocationsError = "";
		this.embedErrors = {};
		this.embedMessage = "";
		this.copyState = new Map();
	}

	override connectedCallback(): void {
		super.connectedCallback();
		if (this.may("owner")) void this.load();
	}

	private async load(more = false): Promise<void> {
		try {
			const [page, embedTokens, locations] = await Promise.all([
				this.api.get<Page<ApiToken>>("/tokens", { limit: 100, cursor: more ? this.cursor : undefined }),
				more ? Promise.resolve(this.embedTokens ?? []) : this.loadEmbedTokens(),
				more ? Promise.resolve(this.locations) : this.api.all<Location>("/locations", { includeArchived: "true" }),
			]);
			this.tokens = more ? [...(this.tokens ?? []), ...page.items] : page.items;
			this.cursor = page.nextCursor;
			this.embedTokens = embedTokens;
			this.locations = locations;
			this.loadError = "";
		} catch (error) {
			this.loadError = problemMessage(error);
		}
	}

	private async loadEmbedTokens(): Promise<EmbedTokenListed[]> {
		return (await this.api.get<Page<EmbedTokenListed>>("/embed-tokens")).items;
	}

	/** The locations a new token may name. */
	private activeLocations(): Location[] {
		return this.locations.filter((l) => !l.archivedAt);
	}

	private locationNames(): Map<string, string> {
		return new Map(this.locations.map((l) => [l.id, l.name]));
	}

	private async create(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const form = event.currentTarget as HTMLFormElement;
		const data = new FormData(form);
		const name = String(data.get("name") ?? "").trim();
		this.created = null;
		this.createMessage = "";
		if (!name) {
			this.createError = t("required");
			form.querySelector<HTMLInputElement>("[name=name]")?.focus();
			return;
		}
		this.busy = true;
		this.createError = "";
		this.apiLocationsError = "";
		const locationIds = locationLimitFor(this.apiRole, this.apiLocations);
		const body: ApiTokenRequest = { name, role: this.apiRole, ...(locationIds ? { locationIds } : {}) };
		try {
			this.created = await this.api.post<CreatedApiToken>("/tokens", body);
			form.reset();
			this.apiRole = "viewer";
			this.apiLocations = [];
			await this.load();
			await this.updateComplete;
			this.querySelector<HTMLInputElement>("#new-token-secret")?.focus();
		} catch (error) {
			const errors = fieldErrors(error);
			this.createError = errors.name ?? "";
			this.apiLocationsError = errors.locationIds ?? "";
			this.createMessage = formMessage(error, ["name", "locationIds"]) ?? "";
		} finally {
			this.busy = false;
		}
	}

	private async revoke(token: ApiToken): Promise<void> {
		if (!confirm(t("confirmRevoke", { name: token.name }))) return;
		try {
			await this.api.delete(`/tokens/${encodeURIComponent(token.id)}`);
			this.notice = t("revoked", { name: token.name });
			if (this.created?.id === token.id) this.created = null;
			await this.load();
			this.querySelector<HTMLElement>("#tokens-title")?.focus();
		} catch (error) {
			this.notice = problemMessage(error);
		}
	}

	private async mint(event: SubmitEvent): Promise<void> {
		event.preventDefault();
		const form = event.currentTarget as HTMLFormElement;
		const data = new FormData(form);
		const origins = parseOrigins(String(data.get("origins") ?? ""));
		this.embed = null;
		this.embedMessage = "";
		if (origins.length === 0) {
			this.embedErrors = { origins: t("originsRequired") };
			form.querySelector<HTMLTextAreaElement>("[name=origins]")?.focus();
			return;
		}
		const scopes: EmbedScope[] = data.get("edit") ? ["read", "edit:reorder"] : ["read"];
		const locationIds = data.getAll("locationIds").map(String);
		const label = String(data.get("label") ?? "").trim();
		this.embedBusy = true;
		this.embedErrors = {};
		try {
			this.embed = await this.api.post<EmbedToken>("/embed-tokens", {
				...(label ? { label } : {}),
				scopes,
				origins,
				...(locationIds.length > 0 ? { locationIds } : {}),
				ttlSeconds: Number(data.get("ttlSeconds") ?? 3600),
			});
			this.embedTokens = await this.loadEmbedTokens().catch(() => this.embedTokens);
			await this.updateComplete;
			this.querySelector<HTMLElement>("#embed-result-title")?.focus();
		} catch (error) {
			// "origins.2: must use https" → next to the origins, naming the line at fault.
			const errors: Record<string, string> = {};
			for (const [field, message] of Object.entries(fieldErrors(error))) {
				const [name, index] = field.split(".");
				const key = name ?? field;
				const text =
					index !== undefined && name === "origins"
						? t("originLine", { origin: origins[Number(index)] ?? index, message })
						: message;
				errors[key] = errors[key] ? `${errors[key]} ${text}` : text;
			}
			this.embedErrors = errors;
			this.embedMessage = formMessage(error, ["label", "origins", "locationIds", "scopes", "ttlSeconds"]) ?? "";
		} finally {
			this.embedBusy = false;
		}
	}

	private async revokeEmbed(token: EmbedTokenListed): Promise<void> {
		if (!confirm(t("confirmRevokeEmbed", { name: token.label }))) return;
		try {
			await this.api.delete(`/embed-tokens/${encodeURIComponent(token.id)}`);
			this.notice = t("revokedEmbed", { name: token.label });
			if (this.embed?.id === token.id) this.embed = null;
			this.embedTokens = await this.loadEmbedTokens();
			this.querySelector<HTMLElement>("#embed-list-title")?.focus();
		} catch (error) {
			this.notice = problemMessage(error);
		}
	}

	private async copy(key: string, text: string, fieldId: string): Promise<void> {
		const field = this.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#${fieldId}`) ?? undefined;
		const ok = await copyText(text, field);
		this.copyState = new Map(this.copyState).set(key, ok ? t("copied") : t("copyFailed"));
	}

	override render() {
		if (!this.may("owner"))
			return html`<section class="page narrow" data-page="tokens">
				<div class="page-head"><h1>${t("title")}</h1></div>
				<p class="notice-banner">${t("ownerOnly")}</p>
			</section>`;
		return html`<section class="page" data-page="tokens" aria-labelledby="page-tokens-title">
			<div class="page-head">
				<h1 id="page-tokens-title">${t("title")}</h1>
				<p class="notice" role="status">${this.notice}</p>
			</div>
			${this.loadError ? html`<p class="error-banner" role="alert">${this.loadError}</p>` : nothing}
			<div class="two-columns">
				<section class="card" aria-labelledby="tokens-title">
					<h2 id="tokens-title" tabindex="-1">${t("apiTokens")}</h2>
					<p class="help">${t("apiLead")}</p>
					${this.createForm()} ${this.createdSecret()} ${this.tokenTable()}
				</section>
				<section class="card" aria-labelledby="embed-title">
					<h2 id="embed-title">${t("embedTokens")}</h2>
					<p class="help">${t("embedLead")}</p>
					${this.embedForm()} ${this.embedResult()} ${this.embedTable()}
				</section>
			</div>
		</section>`;
	}

	private createForm() {
		return html`<form class="stack" data-form="create-token" novalidate @submit=${this.create}>
			<div class="field-row">
				${textField({ id: "token-name", name: "name", label: t("name"), error: this.createError, required: true, maxlength: 100 })}
				${roleSelect({
					id: "token-role",
					value: this.apiRole,
					onChange: (role) => {
						this.apiRole = role;
					},
				})}
			</div>
			${locationChecks({
				id: "token-locations",
				role: this.apiRole,
				locations: this.activeLocations(),
				checked: this.apiLocations,
				onChange: (ids) => {
					this.apiLocations = ids;
				},
				error: this.apiLocationsError,
			})}
			<div class="actions">
				<button type="submit" class="primary" ?disabled=${this.busy}>${t("create")}</button>
				<span class="form-status error" role="alert">${this.createMessage}</span>
			</div>
		</form>`;
	}

	private createdSecret() {
		const created = this.created;
		if (!created) return nothing;
		return html`<div class="secret-box" data-secret="api-token">
			<p><strong>${t("secretOnce")}</strong></p>
			<div class="copy-row">
				<label class="visually-hidden" for="new-token-secret">${t("token")} ${created.name}</label>
				<input id="new-token-secret" class="mono" readonly .value=${created.token} />
				<button type="button" data-action="copy-token" @click=${() => this.copy("api", created.token, "new-token-secret")}>
					${t("copy")}
				</button>
			</div>
			<p class="small" role="status">${this.copyState.get("api") ?? ""}</p>
		</div>`;
	}

	private tokenTable() {
		if (!this.tokens) return nothing;
		if (this.tokens.length === 0) return html`<p class="muted">${t("noTokens")}</p>`;
		const names = this.locationNames();
		return html`<div class="table-wrap">
				<table class="data" data-table="tokens">
					<thead>
						<tr>
							<th scope="col">${t("name")}</th>
							<th scope="col">${t("role")}</th>
							<th scope="col">${t("locations")}</th>
							<th scope="col">${t("created")}</th>
							<th scope="col"><span class="visually-hidden">${t("revoke")}</span></th>
						</tr>
					</thead>
					<tbody>
						${this.tokens.map(
							(token) => html`<tr data-token-id=${token.id}>
								<th scope="row">${token.name}</th>
								<td data-role=${token.role}>${roleMessages(token.role)}</td>
								<td>${locationsText(token.locationIds, names)}</td>
								<td class="nowrap">${formatDateTime(token.createdAt)}</td>
								<td>
									<button
										type="button"
										class="danger"
										data-action="revoke"
										aria-label=${t("revokeLabel", { name: token.name })}
										@click=${() => this.revoke(token)}
									>
										${t("revoke")}
									</button>
								</td>
							</tr>`,
						)}
					</tbody>
				</table>
			</div>
			${
				this.cursor
					? html`<div class="actions"><button type="button" @click=${() => this.load(true)}>${t("loadMore")}</button></div>`
					: nothing
			}`;
	}

	private embedForm() {
		const errors = this.embedErrors;
		const error = (field: string) => fieldError(`embed-${field}-error`, errors[field]);
		return html`<form class="stack" data-form="embed-token" novalidate @submit=${this.mint}>
			<div class="field">
				<label for="embed-label">${t("label")}</label>
				<input
					id="embed-label"
					name="label"
					maxlength="100"
					autocomplete="off"
					aria-invalid=${errors.label ? "true" : nothing}
					aria-describedby=${errors.label ? "embed-label-help embed-label-error" : "embed-label-help"}
				/>
				<p class="help" id="embed-label-help">${t("labelHelp")}</p>
				${error("label")}
			</div>
			<fieldset>
				<legend>${t("scopes")}</legend>
				<label class="check"><input type="checkbox" checked disabled /> ${t("scopeRead")}</label>
				<label class="check"><input type="checkbox" name="edit" /> ${t("scopeEdit")}</label>
				${error("scopes")}
			</fieldset>
			<div class="field">
				<label for="embed-origins">${t("origins")}</label>
				<textarea
					id="embed-origins"
					name="origins"
					rows="3"
					spellcheck="false"
					autocomplete="off"
					placeholder="https://portal.example.com"
					aria-invalid=${errors.origins ? "true" : nothing}
					aria-describedby=${errors.origins ? "embed-origins-help embed-origins-error" : "embed-origins-help"}
				></textarea>
				<p class="help" id="embed-origins-help">${t("originsHelp")}</p>
				${error("origins")}
			</div>
			${
				this.activeLocations().length > 1
					? html`<fieldset aria-describedby="embed-locations-help">
							<legend>${t("locations")}</legend>
							<p class="help" id="embed-locations-help">${t("locationsHelp")}</p>
							<div class="check-list">
								${this.activeLocations().map(
									(l) =>
										html`<label class="check"><input type="checkbox" name="locationIds" value=${l.id} /> ${l.name}</label>`,
								)}
							</div>
							${error("locationIds")}
						</fieldset>`
					: nothing
			}
			<div class="field">
				<label for="embed-ttl">${t("lifetime")}</label>
				<select id="embed-ttl" name="ttlSeconds">
					${LIFETIMES.map(
						(seconds) => html`<option value=${seconds} ?selected=${seconds === 3600}>
							${seconds < 3600 ? plural(t, "minutes", seconds / 60) : plural(t, "hours", seconds / 3600)}
						</option>`,
					)}
				</select>
				${error("ttlSeconds")}
			</div>
			<div class="actions">
				<button type="submit" class="primary" ?disabled=${this.embedBusy}>${this.embedBusy ? t("working") : t("mint")}</button>
				<span class="form-status error" role="alert">${this.embedMessage}</span>
			</div>
		</form>`;
	}

	private embedTable() {
		const tokens = this.embedTokens;
		if (!tokens) return nothing;
		const names = this.locationNames();
		return html`<h3 id="embed-list-title" tabindex="-1">${t("embedList")}</h3>
			${
				tokens.length === 0
					? html`<p class="muted">${t("noEmbedTokens")}</p>`
					: html`<div class="table-wrap">
							<table class="data" data-table="embed-tokens">
								<thead>
									<tr>
										<th scope="col">${t("label")}</th>
										<th scope="col">${t("role")}</th>
										<th scope="col">${t("origins")}</th>
										<th scope="col">${t("locations")}</th>
										<th scope="col">${t("expires")}</th>
										<th scope="col"><span class="visually-hidden">${t("revoke")}</span></th>
									</tr>
								</thead>
								<tbody>
									${tokens.map(
										(token) => html`<tr data-embed-token-id=${token.id}>
											<th scope="row">${token.label}</th>
											<td data-role=${token.role}>${roleMessages(token.role)}</td>
											<td class="mono small">${token.origins.map((origin) => html`<div>${origin}</div>`)}</td>
											<td>${locationsText(token.locationIds, names)}</td>
											<td class="nowrap"><time datetime=${token.expiresAt}>${formatDateTime(token.expiresAt)}</time></td>
											<td>
												<button
													type="button"
													class="danger"
													data-action="revoke-embed"
													aria-label=${t("revokeEmbedLabel", { name: token.label })}
													@click=${() => this.revokeEmbed(token)}
												>
													${t("revoke")}
												</button>
											</td>
										</tr>`,
									)}
								</tbody>
							</table>
						</div>`
			}`;
	}

	private embedResult() {
		const embed = this.embed;
		if (!embed) return nothing;
		const snippets = embedSnippets(location.origin, embed.token);
		return html`<div class="secret-box" data-secret="embed-token">
			<h3 id="embed-result-title" tabindex="-1">${t("token")}</h3>
			<div class="copy-row">
				<label class="visually-hidden" for="embed-token-value">${t("token")}</label>
				<input id="embed-token-value" class="mono" readonly .value=${embed.token} />
				<button type="button" data-action="copy-embed-token" @click=${() => this.copy("embed", embed.token, "embed-token-value")}>
					${t("copy")}
				</button>
			</div>
			<p class="small" role="status">${this.copyState.get("embed") ?? ""}</p>
			<p>${t("expires")} <time datetime=${embed.expiresAt} data-expires>${formatDateTime(embed.expiresAt)}</time></p>
			<div class="field">
				<label for="embed-snippet">${t("elementSnippet")}</label>
				<textarea id="embed-snippet" class="mono" rows="3" readonly .value=${snippets.element}></textarea>
				<div class="actions">
					<button type="button" data-action="copy-snippet" @click=${() => this.copy("snippet", snippets.element, "embed-snippet")}>
						${t("copy")}
					</button>
					<span class="small" role="status">${this.copyState.get("snippet") ?? ""}</span>
				</div>
			</div>
			<div class="field">
				<label for="embed-iframe">${t("iframeSnippet")}</label>
				<textarea id="embed-iframe" class="mono" rows="2" readonly .value=${snippets.iframe}></textarea>
				<div class="actions">
					<button type="button" data-action="copy-iframe" @click=${() => this.copy("iframe", snippets.iframe, "embed-iframe")}>
						${t("copy")}
					</button>
					<span class="small" role="status">${this.copyState.get("iframe") ?? ""}</span>
				</div>
			</div>
		</div>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-tokens-page": TokensPage;
	}
}
