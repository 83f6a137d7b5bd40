import type { ChildProcess } from "node:child_process";
import type { Writable } from "node:stream";

export function exited(child: ChildProcess): Promise<number>;
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void;
export function spawnInGroup(
	children: Set<ChildProcess>,
	file: string,
	args: readonly string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; log?: Writable },
): ChildProcess;
export function stopGroups(children: Iterable<ChildProcess>, graceMs?: number): Promise<void>;
