/** Copying a token or a snippet: the Clipboard API where the page may use it, a selection otherwise. */
export async function copyText(text: string, fallbackField?: HTMLInputElement | HTMLTextAreaElement): Promise<boolean> {
	try {
		await navigator.clipboard.writeText(text);
		return true;
	} catch {
		// No clipboard permission (an insecure origin, an old browser): select it for Ctrl+C.
		fallbackField?.focus();
		fallbackField?.select();
		return false;
	}
}
