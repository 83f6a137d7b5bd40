/**
 * The serial numbers of a line generated from a pattern (ui/src/lots/serial-pattern.ts): a prefix,
 * a first number whose zeros set the padding, and how many. Folded under the serial rows
 * (lot-rows-field.ts) that take what it makes; Enter in its fields generates rather than sending
 * the form around it. Its inputs have no name: they are no part of that form's data.
 *
 * @event serials-generated - the serial numbers made (`detail`: string[])
 */
import { html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import {
	MAX_GENERATED_SERIALS,
	type SerialPattern,
	type SerialPatternField,
	serialsFromPattern,
} from "../../lots/serial-pattern";
import { AppPage } from "../app-page";
import { fieldError } from "../form-field";
import { serialPatternFieldMessages as t } from "./serial-pattern-field.messages";

@customElement("stockroom-serial-pattern")
export class SerialPatternInput extends AppPage {
	/** Unique in the page: the prefix of the fields' ids. */
	@property() name = "serials";
	@state() private pattern: SerialPattern = { prefix: "", start: "0001", count: "" };
	@state() private error: { field: SerialPatternField; message: string } | null = null;

	protected override forgetMessages(): void {
		this.error = null;
	}

	private set(field: SerialPatternField, value: string): void {
		this.pattern = { ...this.pattern, [field]: value };
		this.error = null;
	}

	private generate(): void {
		const made = serialsFromPattern(this.pattern);
		if ("error" in made) {
			this.error = { field: made.field, message: t(made.error, { max: MAX_GENERATED_SERIALS }) };
			void this.updateComplete.then(() =>
				this.querySelector<HTMLInputElement>(`#${this.name}-pattern-${made.field}`)?.focus(),
			);
			return;
		}
		this.dispatchEvent(new CustomEvent("serials-generated", { detail: made.serials, bubbles: true, composed: true }));
	}

	private onKeydown(event: KeyboardEvent): void {
		if (event.key !== "Enter" || event.isComposing) return;
		event.preventDefault();
		this.generate();
	}

	/** The first and last serial the pattern makes, as a hint while it is typed. */
	private example(): string {
		const made = serialsFromPattern(this.pattern);
		return "serials" in made ? t("example", { first: made.serials[0] ?? "", last: made.serials.at(-1) ?? "" }) : "";
	}

	override render() {
		const id = (field: SerialPatternField) => `${this.name}-pattern-${field}`;
		const input = (field: SerialPatternField, label: string, options: { numeric?: boolean } = {}) => {
			const error = this.error?.field === field ? this.error.message : undefined;
			return html`<div class="field" data-cell=${field}>
				<label for=${id(field)}>${label}</label>
				<input
					id=${id(field)}
					data-pattern=${field}
					class=${options.numeric ? "num" : nothing}
					inputmode=${options.numeric ? "numeric" : nothing}
					autocomplete="off"
					spellcheck="false"
					.value=${this.pattern[field]}
					aria-invalid=${error ? "true" : nothing}
					aria-describedby=${error ? `${id(field)}-error` : `${this.name}-pattern-help`}
					@input=${(e: Event) => this.set(field, (e.target as HTMLInputElement).value)}
					@keydown=${this.onKeydown}
				/>
				${fieldError(`${id(field)}-error`, error)}
			</div>`;
		};
		return html`<details class="serial-pattern" data-serial-pattern>
			<summary>${t("title")}</summary>
			<p class="help" id=${`${this.name}-pattern-help`}>${t("help")}</p>
			<div class="field-row serial-pattern-fields">
				${input("prefix", t("prefix"))} ${input("start", t("start"), { numeric: true })}
				${input("count", t("count"), { numeric: true })}
				<div class="field serial-pattern-go">
					<button type="button" data-action="generate-serials" @click=${this.generate}>${t("generate")}</button>
				</div>
			</div>
			<p class="muted small serial-pattern-example" aria-live="polite">${this.example()}</p>
		</details>`;
	}
}

declare global {
	interface HTMLElementTagNameMap {
		"stockroom-serial-pattern": SerialPatternInput;
	}
}
