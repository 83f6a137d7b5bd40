/**
 * Tells a barcode scanner from a person. A USB or Bluetooth scanner is a keyboard that types the
 * whole code within a few milliseconds and ends it with Enter; a person leaves 100 ms or more between
 * keys. Keys typed outside any field feed this; Enter asks whether they made a scan.
 */

/** A scan types its keys this close together on average (a person is several times slower). */
const SCAN_AVERAGE_GAP_MS = 30;
/** Any longer pause ends a burst: a busy page may hold one key back, never this long. */
const SCAN_MAX_GAP_MS = 100;
/** Shorter codes are no barcode (GTIN-8 is the shortest) and too easily typed by chance. */
const SCAN_MIN_LENGTH = 6;

export class ScanBurst {
	#text = "";
	#first = 0;
	#last = 0;

	/** A printable key typed at `at` (ms, e.g. `event.timeStamp`). */
	key(char: string, at: number): void {
		if (this.#text === "" || at - this.#last > SCAN_MAX_GAP_MS) {
			this.#text = "";
			this.#first = at;
		}
		this.#text += char;
		this.#last = at;
	}

	/** Enter at `at`: the scanned code if the keys before it were a scan, else null. Starts afresh either way. */
	enter(at: number): string | null {
		const text = this.#text;
		const gaps = text.length - 1;
		const scanned =
			text.length >= SCAN_MIN_LENGTH &&
			at - this.#last <= SCAN_MAX_GAP_MS &&
			(this.#last - this.#first) / gaps < SCAN_AVERAGE_GAP_MS;
		this.reset();
		return scanned ? text : null;
	}

	reset(): void {
		this.#text = "";
	}
}
