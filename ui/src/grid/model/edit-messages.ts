/** Messages of a cell's input check (shown in place, in the user's language). */
import { defineMessages } from "../../i18n/messages";

export const editMessages = defineMessages({
	en: {
		notANumber: "Enter a number (at most 4 decimals)",
		negative: "Must be 0 or more",
		tooLarge: "Must be at most {max}",
		binTooLong: "At most {max} characters",
	},
	fr: {
		notANumber: "Saisissez un nombre (4 décimales au plus)",
		negative: "Doit être supérieur ou égal à 0",
		tooLarge: "Doit être au plus {max}",
		binTooLong: "{max} caractères au plus",
	},
});
