/**
 * The lot fields of the build form (assembly-panel.ts), as templates: the assembly's lot (generated
 * or typed, with its expiry, for a build; the lot taken apart, for an unbuild), and a component's
 * chosen lot in the needs table. The panel holds the form (build-lots.ts) and gets each change.
 */
import { html, nothing } from "lit";
import type { LocationLots } from "../api/types";
import { formatDay } from "../app/dates";
import { fieldError } from "../app/form-field";
import { formatQuantity } from "../i18n/numbers";
import { assemblyPanelMessages as t } from "./assembly-panel.messages";
import { type BuildLotForm, componentKey, EXPIRY_KEY, LOT_KEY } from "./build-lots";

type Lots = LocationLots["lots"];
type Change = (patch: Partial<BuildLotForm>) => void;

/** A datalist of the lots holding stock here, each with its quantity and expiry. */
export function lotOptions(id: string, lots: Lots) {
	return html`<datalist id=${id}>
		${lots
			.filter((l) => l.onHand > 0)
			.map(
				(l) =>
					html`<option value=${l.lot}>
						${t("lotOption", {
							quantity: formatQuantity(l.onHand),
							expiry: l.expiry ? t("lotExpires", { date: formatDay(l.expiry) }) : "",
						})}
					</option>`,
			)}
	</datalist>`;
}

const value = (e: Event) => (e.target as HTMLInputElement).value;

/** The assembly's lot: what a build produces, or what an unbuild takes apart. */
export function assemblyLotFields(
	kind: "build" | "unbuild",
	form: BuildLotForm,
	lots: Lots,
	expiryRequired: boolean,
	errors: Record<string, string>,
	change: Change,
) {
	const lotError = errors[LOT_KEY];
	const expiryError = errors[EXPIRY_KEY];
	const lotInput = (label: string) => html`<div class="field">
		<label for="build-lot">${label}</label>
		<input
			id="build-lot"
			name="lot"
			list="build-lot-options"
			autocomplete="off"
			maxlength="64"
			.value=${form.lot}
			aria-invalid=${lotError ? "true" : nothing}
			aria-describedby=${lotError ? "build-lot-error" : nothing}
			@input=${(e: Event) => change({ lot: value(e) })}
		/>
		${lotOptions("build-lot-options", lots)} ${fieldError("build-lot-error", lotError)}
	</div>`;
	if (kind === "unbuild")
		return html`<div class="field-row" data-lot="unbuild">
			${lotInput(t("lotTakenApart"))}
			<p class="muted small">${t("lotTakenApartHelp")}</p>
		</div>`;
	return html`<fieldset class="field" data-lot="build">
		<legend>${t("lotProduced")}</legend>
		${(["generate", "typed"] as const).map(
			(mode) => html`<label class="inline">
				<input
					type="radio"
					name="lot-mode"
					value=${mode}
					.checked=${form.mode === mode}
					@change=${() => change({ mode })}
				/>
				${t(mode === "generate" ? "lotGenerate" : "lotTyped")}
			</label>`,
		)}
		<div class="field-row">
			${form.mode === "typed" ? lotInput(t("lotNumber")) : lotError ? html`<p class="field-error">${lotError}</p>` : nothing}
			<div class="field">
				<label for="build-expiry">${t(expiryRequired ? "lotExpiryRequired" : "lotExpiry")}</label>
				<input
					id="build-expiry"
					name="expiry"
					type="date"
					.value=${form.expiry}
					?required=${expiryRequired}
					aria-invalid=${expiryError ? "true" : nothing}
					aria-describedby=${expiryError ? "build-expiry-error" : nothing}
					@input=${(e: Event) => change({ expiry: value(e) })}
				/>
				${fieldError("build-expiry-error", expiryError)}
			</div>
		</div>
	</fieldset>`;
}

/** A component's chosen lot and quantity, in its row of the needs table. */
export function componentLotCell(
	component: { productId: string; sku: string; need: number },
	form: BuildLotForm,
	lots: Lots,
	errors: Record<string, string>,
	change: Change,
) {
	const chosen = form.components[component.productId] ?? { lot: "", quantity: "" };
	const set = (patch: Partial<typeof chosen>) =>
		change({ components: { ...form.components, [component.productId]: { ...chosen, ...patch } } });
	const id = `build-lot-${component.productId}`;
	const error = errors[componentKey(component.productId)];
	return html`<td class="component-lot">
		<label class="visually-hidden" for=${id}>${t("chosenLotOf", { sku: component.sku })}</label>
		<input
			id=${id}
			list=${`${id}-options`}
			autocomplete="off"
			size="10"
			maxlength="64"
			.value=${chosen.lot}
			aria-invalid=${error ? "true" : nothing}
			aria-describedby=${error ? `${id}-error` : nothing}
			@input=${(e: Event) => set({ lot: value(e) })}
		/>
		${lotOptions(`${id}-options`, lots)}
		<label class="visually-hidden" for=${`${id}-quantity`}>${t("chosenQuantityOf", { sku: component.sku })}</label>
		<input
			id=${`${id}-quantity`}
			inputmode="decimal"
			autocomplete="off"
			size="6"
			placeholder=${formatQuantity(component.need)}
			.value=${chosen.quantity}
			@input=${(e: Event) => set({ quantity: value(e) })}
		/>
		${fieldError(`${id}-error`, error)}
	</td>`;
}
