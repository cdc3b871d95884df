import type { Db } from './database';

export interface ScheduleFiring {
  schedule: string;
  slot: number;
  fired: number;
  trigger: 'schedule' | 'run-missed';
  executionArn: string | null;
  error: string | null;
}

interface Row {
  schedule: string;
  slot: number;
  fired: number;
  trigger: string;
  execution_arn: string | null;
  error: string | null;
}

/** The slots schedules have fired. Claiming a slot is the insert itself, so two firings of one slot cannot both win. */
export class ScheduleFiringTable {
  constructor(private readonly db: Db) {}

  /** True when this call claimed the slot; false when it had been fired already. */
  claim(schedule: string, slot: number, trigger: ScheduleFiring['trigger'], now: number): boolean {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO schedule_firings (schedule, slot, fired, trigger) VALUES (?, ?, ?, ?)')
      .run(schedule, slot, now, trigger);
    return result.changes === 1;
  }

  /** Records what the firing started, or why it could not. */
  complete(schedule: string, slot: number, outcome: { executionArn: string } | { error: string }): void {
    this.db
      .prepare('UPDATE schedule_firings SET execution_arn = ?, error = ? WHERE schedule = ? AND slot = ?')
      .run(
        'executionArn' in outcome ? outcome.executionArn : null,
        'error' in outcome ? outcome.error : null,
        schedule,
        slot,
      );
  }

  /** The latest slot fired, if any. */
  last(schedule: string): ScheduleFiring | undefined {
    const row = this.db
      .prepare('SELECT * FROM schedule_firings WHERE schedule = ? ORDER BY slot DESC LIMIT 1')
      .get(schedule) as Row | undefined;
    return row === undefined ? undefined : toFiring(row);
  }

  has(schedule: string, slot: number): boolean {
    return (
      this.db.prepare('SELECT 1 FROM schedule_firings WHERE schedule = ? AND slot = ?').get(schedule, slot) !==
      undefined
    );
  }

  /** Firings of a schedule, newest first. */
  list(schedule: string, limit = 100): ScheduleFiring[] {
    return (
      this.db
        .prepare('SELECT * FROM schedule_firings WHERE schedule = ? ORDER BY slot DESC LIMIT ?')
        .all(schedule, limit) as Row[]
    ).map(toFiring);
  }
}

function toFiring(row: Row): ScheduleFiring {
  return {
    schedule: row.schedule,
    slot: row.slot,
    fired: row.fired,
    trigger: row.trigger === 'run-missed' ? 'run-missed' : 'schedule',
    executionArn: row.execution_arn,
    error: row.error,
  };
}
