/**
 * The fields of a grant, the same wherever a role is given (a member, an invitation, an API token):
 * the role, least to most, and for staff and viewers a checkbox per active location. The locations
 * show only while the chosen role can be limited, so the form follows its select: the page holds the
 * role and the ticked ids as state and passes them back in.
 */
import { html, nothing } from "lit";
import type { Location, Role } from "../api/types";
import { fieldError } from "./form-field";
import { locationNames, mayBeLimited, ROLES } from "./role-access";
import { roleMessages as r } from "./role-messages";

export interface RoleSelectOptions {
	/** The select's id; its help (what the chosen role may do) is `${id}-help`, its error `${id}-error`. */
	id: string;
	value: Role;
	onChange: (role: Role) => void;
	/** A label for a screen reader only (a table cell's select, where the column says it). */
	hiddenLabel?: string;
	error?: string | undefined;
}

/** The role's select, and under it what the chosen role may do. */
export function roleSelect(o: RoleSelectOptions) {
	const helpId = `${o.id}-help`;
	const errorId = `${o.id}-error`;
	return html`<div class="field">
		<label class=${o.hiddenLabel ? "visually-hidden" : ""} for=${o.id}>${o.hiddenLabel ?? r("role")}</label>
		<select
			id=${o.id}
			name="role"
			aria-invalid=${o.error ? "true" : nothing}
			aria-describedby=${o.error ? `${helpId} ${errorId}` : helpId}
			@change=${(e: Event) => o.onChange((e.target as HTMLSelectElement).value as Role)}
		>
			${ROLES.map((role) => html`<option value=${role} .selected=${role === o.value}>${r(role)}</option>`)}
		</select>
		<p class="help" id=${helpId}>${r(`${o.value}Help`)}</p>
		${fieldError(errorId, o.error)}
	</div>`;
}

export interface LocationChecksOptions {
	/** The prefix of the fieldset's ids (`${id}-help`, `${id}-error`). */
	id: string;
	role: Role;
	/** The active locations to choose from. */
	locations: readonly Location[];
	checked: readonly string[];
	onChange: (ids: string[]) => void;
	error?: string | undefined;
}

/** The locations of a limit, for staff and viewers only; nothing to choose with one location or none. */
export function locationChecks(o: LocationChecksOptions) {
	if (!mayBeLimited(o.role) || o.locations.length < 2) return nothing;
	const describedBy = o.error ? `${o.id}-help ${o.id}-error` : `${o.id}-help`;
	return html`<fieldset
		data-field="locations"
		aria-describedby=${describedBy}
		@change=${(e: Event) => {
			const boxes = (e.currentTarget as HTMLElement).querySelectorAll<HTMLInputElement>("input[type=checkbox]");
			o.onChange([...boxes].filter((box) => box.checked).map((box) => box.value));
		}}
	>
		<legend>${r("locations")}</legend>
		<p class="help" id=${`${o.id}-help`}>${r("locationsHelp")}</p>
		<div class="check-list">
			${o.locations.map(
				(l) =>
					html`<label class="check"
						><input type="checkbox" name="locationIds" value=${l.id} .checked=${o.checked.includes(l.id)} /> ${l.name}</label
					>`,
			)}
		</div>
		${fieldError(`${o.id}-error`, o.error)}
	</fieldset>`;
}

/** A limit as a cell reads it: its locations' names, or "All locations". */
export function locationsText(ids: readonly string[] | null, names: ReadonlyMap<string, string>): string {
	return locationNames(ids, names, r("unknownLocation"))?.join(", ") ?? r("allLocations");
}
