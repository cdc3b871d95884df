/**
 * Delivering a matched event to one target: the transformed input sent through the target's port, retried
 * with exponential back-off (capped at a minute) while the RetryPolicy allows, then — on exhaustion or an
 * error no retry can fix — sent to the DeadLetterConfig queue with EventBridge's message attributes.
 * A delivery waiting to retry is a RETRYING row with its target and next attempt time, so a restarted server
 * resumes it (`resume`) with its attempts and ingestion time — the retry policy counts across the restart.
 */
import type { Json } from '../engine';
import type { EventsClock } from './clock';
import { targetInput } from './input';
import { DEFAULT_MAX_EVENT_AGE_SECONDS, DEFAULT_MAX_RETRY_ATTEMPTS, type RuleRef, type Target } from './model';
import type { EventsTables } from './tables';

/** A failure a target reported: `retryable` false for errors retrying cannot fix (no such state machine, …). */
export class TargetError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** How events reach the services targets name. Each returns the ARN of what it started or sent. */
export interface TargetPorts {
  startExecution(stateMachineArn: string, input: string): Promise<string>;
  sendMessage(queueArn: string, body: string, attributes?: Record<string, string>): Promise<string>;
}

export function targetKind(arn: string): 'states' | 'sqs' | undefined {
  if (/^arn:aws[a-z-]*:states:[^:]*:\d*:stateMachine:[^:]+(:[^:]+)?$/.test(arn)) return 'states';
  if (/^arn:aws[a-z-]*:sqs:[^:]*:\d*:[^:]+$/.test(arn)) return 'sqs';
  return undefined;
}

export interface DeliveryOptions {
  ports: TargetPorts;
  tables: EventsTables;
  /** The first retry's delay; each next one doubles, up to a minute. @default 1000 */
  retryBaseMs?: number;
  clock: EventsClock;
  log?: (line: string) => void;
}

const MAX_BACKOFF_MS = 60_000;

export class Deliveries {
  private readonly timers = new Set<unknown>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: DeliveryOptions) {}

  /** Starts delivering; the returned promise settles when the delivery is final (tests, close). */
  deliver(rule: RuleRef, target: Target, event: Json & { id: string }, ingestionTime: number): Promise<void> {
    const eventText = JSON.stringify(event);
    const id = this.options.tables.addDelivery({
      bus: rule.bus,
      rule: rule.name,
      targetId: target.Id,
      eventId: event.id,
      event: eventText,
      time: ingestionTime,
      outcome: 'RETRYING',
      attempts: 0,
      target,
    });
    return this.track(this.attempt({ id, rule, target, event, eventText, ingestionTime }, 0));
  }

  /**
   * Takes up the deliveries a previous run of the server left RETRYING: each is attempted at its next attempt
   * time (at once if that passed, or if it was under way), unless it outlived MaximumEventAgeInSeconds meanwhile.
   */
  resume(ruleRef: (bus: string, name: string) => RuleRef): number {
    const pending = this.options.tables.retryingDeliveries();
    for (const row of pending) {
      const delivery: Delivery = {
        id: row.id,
        rule: ruleRef(row.bus, row.rule),
        target: row.target,
        event: JSON.parse(row.event) as Json,
        eventText: row.event,
        ingestionTime: row.time,
      };
      const failure = failureOf(row.error);
      const wait = Math.max(0, (row.nextAttempt ?? 0) - this.options.clock.now());
      const expired = this.options.clock.now() + wait - row.time > maxAgeMs(row.target);
      void this.track(
        expired && failure !== undefined
          ? this.deadLetter(delivery, failure, row.attempts - 1, 'MaximumEventAgeInSeconds')
          : this.sleep(wait).then(() => (this.closed ? undefined : this.attempt(delivery, row.attempts))),
      );
    }
    return pending.length;
  }

  /** Waits for the deliveries in flight that need no back-off to finish. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) this.options.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private track(run: Promise<void>): Promise<void> {
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = this.options.clock.setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async attempt(delivery: Delivery, retries: number): Promise<void> {
    const { tables, clock } = this.options;
    const { id, rule, target, event, ingestionTime } = delivery;
    let failure: TargetError;
    try {
      const input = targetInput(target, event, { rule, ingestionTime });
      const resourceArn = await this.send(target, input);
      tables.updateDeliveryOutcome(id, targetKind(target.Arn) === 'states' ? 'STARTED' : 'DELIVERED', retries + 1, {
        resourceArn,
      });
      return;
    } catch (error) {
      failure =
        error instanceof TargetError
          ? error
          : new TargetError('InternalFailure', error instanceof Error ? error.message : String(error), true);
    }
    const maxRetries = target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS;
    const delay = Math.min((this.options.retryBaseMs ?? 1000) * 2 ** retries, MAX_BACKOFF_MS);
    const exhausted = !failure.retryable
      ? undefined
      : retries >= maxRetries
        ? 'MaximumRetryAttempts'
        : clock.now() + delay - ingestionTime > maxAgeMs(target)
          ? 'MaximumEventAgeInSeconds'
          : null;
    if (exhausted !== null) {
      await this.deadLetter(delivery, failure, retries, exhausted);
      return;
    }
    tables.updateDeliveryOutcome(id, 'RETRYING', retries + 1, {
      error: `${failure.code}: ${failure.message}`,
      nextAttempt: clock.now() + delay,
    });
    if (this.closed) return;
    await this.sleep(delay);
    if (this.closed) return;
    return this.attempt(delivery, retries + 1);
  }

  private send(target: Target, input: string): Promise<string> {
    switch (targetKind(target.Arn)) {
      case 'states':
        return this.options.ports.startExecution(target.Arn, input);
      case 'sqs':
        return this.options.ports.sendMessage(target.Arn, input);
      default:
        return Promise.reject(
          new TargetError(
            'UnsupportedTarget',
            `fanout delivers only to state machines and SQS queues: ${target.Arn}`,
            false,
          ),
        );
    }
  }

  private async deadLetter(
    { id, rule, target, eventText }: Delivery,
    failure: TargetError,
    retries: number,
    exhausted: string | undefined,
  ): Promise<void> {
    const { tables, log } = this.options;
    const error = `${failure.code}: ${failure.message}`;
    const dlq = target.DeadLetterConfig?.Arn;
    if (dlq === undefined) {
      log?.(`rule ${rule.name} target ${target.Id}: event dropped after ${retries + 1} attempts: ${error}`);
      tables.updateDeliveryOutcome(id, 'FAILED', retries + 1, { error });
      return;
    }
    const attributes: Record<string, string> = {
      RULE_ARN: rule.arn,
      TARGET_ARN: target.Arn,
      ERROR_CODE: failure.code,
      ERROR_MESSAGE: failure.message,
      RETRY_ATTEMPTS: String(retries),
      ...(exhausted === undefined ? {} : { EXHAUSTED_RETRY_CONDITION: exhausted }),
    };
    try {
      const messageId = await this.options.ports.sendMessage(dlq, eventText, attributes);
      tables.updateDeliveryOutcome(id, 'FAILED', retries + 1, {
        resourceArn: messageId,
        error: `${error} (sent to the dead-letter queue)`,
      });
    } catch (dlqError) {
      const reason = dlqError instanceof Error ? dlqError.message : String(dlqError);
      log?.(`rule ${rule.name} target ${target.Id}: the dead-letter queue ${dlq} refused the event: ${reason}`);
      tables.updateDeliveryOutcome(id, 'FAILED', retries + 1, {
        error: `${error}; the dead-letter queue refused it: ${reason}`,
      });
    }
  }
}

interface Delivery {
  id: number;
  rule: RuleRef;
  target: Target;
  event: Json;
  eventText: string;
  ingestionTime: number;
}

function maxAgeMs(target: Target): number {
  return (target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;
}

/** The failure a RETRYING row recorded (`CODE: message`), undefined when its first attempt was under way. */
function failureOf(error: string | undefined): TargetError | undefined {
  if (error === undefined) return undefined;
  const colon = error.indexOf(': ');
  return colon < 0
    ? new TargetError('InternalFailure', error, true)
    : new TargetError(error.slice(0, colon), error.slice(colon + 2), true);
}
