/**
 * QBO's words in a refusal: its `Fault` body (`{"Fault":{"Error":[{"Message","Detail","code"}]}}`,
 * or the lower-case envelope of authentication faults) read as text a user can follow, without
 * the JSON around it.
 */
import { z } from "zod";

const errorSchema = z.looseObject({
	Message: z.string().optional(),
	Detail: z.string().optional(),
	message: z.string().optional(),
	detail: z.string().optional(),
});
const faultSchema = z.looseObject({ Fault: z.looseObject({ Error: z.array(errorSchema) }) });
const authFaultSchema = z.looseObject({ fault: z.looseObject({ error: z.array(errorSchema) }) });

/** QBO's messages, each ending with a full stop, or "" when the body is not a Fault. */
export function faultText(body: unknown): string {
	const fault = faultSchema.safeParse(body);
	const authFault = authFaultSchema.safeParse(body);
	const errors = fault.success ? fault.data.Fault.Error : authFault.success ? authFault.data.fault.error : [];
	return errors
		.map((e) => (e.Detail ?? e.detail ?? e.Message ?? e.message ?? "").trim())
		.filter((text) => text !== "")
		.map((text) => (/[.!?]$/.test(text) ? text : `${text}.`))
		.join(" ");
}
