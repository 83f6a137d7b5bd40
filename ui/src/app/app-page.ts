/**
 * What every page of the app shares: it renders into the light DOM (so that app.css styles it and
 * labels reach their inputs by id), receives the API client and the caller's role from the shell,
 * and re-renders when the language changes.
 */
import { LitElement } from "lit";
import { property } from "lit/decorators.js";
import { ApiClient } from "../api/api-client";
import { onLocaleChange } from "../i18n/locale-listener";

/** The caller's role; null while unknown (the server still decides). */
export type Role = "owner" | "member" | null;

export class AppPage extends LitElement {
	@property({ attribute: false }) api: ApiClient = new ApiClient();
	@property({ attribute: false }) userRole: Role = null;

	constructor() {
		super();
		onLocaleChange(this, () => {
			this.forgetMessages();
			this.requestUpdate();
		});
	}

	protected override createRenderRoot(): HTMLElement {
		return this;
	}

	/**
	 * Called when the language changes: a page drops the sentences it composed in the old language
	 * (a "saved" notice, a field's error); what the server holds is shown again in the new one.
	 */
	protected forgetMessages(): void {}

	/** Owners change settings, tokens and the connection; an unknown role is left to the server. */
	protected get canManage(): boolean {
		return this.userRole !== "member";
	}
}

/** A fresh key for one submission of a stock command: the server applies each key once. */
export function idempotencyKey(): string {
	return crypto.randomUUID();
}
