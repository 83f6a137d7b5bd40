/**
 * Timers the simulator can cancel all at once: injected delays and hung requests must not keep a test
 * process (or a stopping server) alive after `close()`.
 */
export class Sleeper {
	private readonly pending = new Map<ReturnType<typeof setTimeout>, () => void>();

	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.pending.delete(timer);
				resolve();
			}, ms);
			this.pending.set(timer, resolve);
		});
	}

	/** Wakes every sleeper now. */
	cancelAll(): void {
		for (const [timer, resolve] of this.pending) {
			clearTimeout(timer);
			resolve();
		}
		this.pending.clear();
	}
}
