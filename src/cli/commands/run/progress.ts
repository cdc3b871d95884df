/** The lines `fanout run` prints on stderr while it follows an execution's history. */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { errorOf, eventDetail, stateNames } from '../../format/history';
import { formatDuration } from '../../format/time';
import { truncate } from '../../format/preview';

const ENTERED = /^(\w+)StateEntered$/;
const EXITED = /^(\w+)StateExited$/;
/** Failures that carry no error of their own, e.g. ParallelStateFailed (its branch's error is caught or reported). */
const FAILURE = /(Failed|TimedOut)$/;

export class ProgressPrinter {
  /** Entry times by state name, oldest first: iterations of a Map enter the same state name concurrently. */
  private readonly entered = new Map<string, number[]>();
  private readonly seen: HistoryEvent[] = [];

  constructor(private readonly write: (line: string) => void) {}

  onEvent(event: HistoryEvent): void {
    this.seen.push(event);
    const type = event.type ?? '';
    const at = event.timestamp?.getTime() ?? Date.now();
    const enteredMatch = ENTERED.exec(type);
    if (enteredMatch !== null) {
      const name = event.stateEnteredEventDetails?.name ?? '?';
      const times = this.entered.get(name) ?? [];
      times.push(at);
      this.entered.set(name, times);
      this.write(`▶ ${name} (${enteredMatch[1]})`);
      return;
    }
    const exitedMatch = EXITED.exec(type);
    if (exitedMatch !== null) {
      const name = event.stateExitedEventDetails?.name ?? '?';
      const since = this.entered.get(name)?.shift();
      const took = since === undefined ? '' : ` ${formatDuration(at - since)}`;
      this.write(`✔ ${name} (${exitedMatch[1]})${took}`);
      return;
    }
    // The execution's own failure is reported once, with the outcome, by the caller.
    if (type.startsWith('Execution')) return;
    const failure = errorOf(event);
    if (failure !== undefined || FAILURE.test(type)) {
      const name = event.id === undefined ? undefined : this.stateOf(event.id);
      const text =
        failure === undefined
          ? eventDetail(event)
          : [failure.error, failure.cause].filter((s) => s !== undefined && s !== '').join(': ');
      this.write(`✖ ${name ?? '?'}: ${type}${text === '' ? '' : `: ${truncate(text, 200)}`}`);
    }
  }

  private stateOf(id: number): string | undefined {
    return stateNames(this.seen).get(id);
  }
}
