import type { ReactiveControllerHost } from "lit";
import { LOCALE_EVENT } from "./locale";

/**
 * Calls `onChange` whenever the language changes while `host` is in the document: the listener is
 * added on connect and removed on disconnect, so a removed component is neither kept alive nor
 * re-rendered. Call it once, from the constructor.
 */
export function onLocaleChange(host: ReactiveControllerHost, onChange: () => void): void {
	host.addController({
		hostConnected: () => window.addEventListener(LOCALE_EVENT, onChange),
		hostDisconnected: () => window.removeEventListener(LOCALE_EVENT, onChange),
	});
}
