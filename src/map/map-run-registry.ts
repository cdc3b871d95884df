/**
 * The Map Runs running in this process, by ARN: DescribeMapRun reads their live counts and UpdateMapRun
 * changes their concurrency and tolerances while they run.
 */
import type { MapRunCounts } from './map-run-counts';

export interface MapRunSettings {
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

export interface LiveMapRun {
  readonly counts: MapRunCounts;
  readonly settings: MapRunSettings;
  /** Applies an UpdateMapRun: the new limit and tolerances take effect for the children still to come. */
  update(settings: MapRunSettings): void;
}

export class MapRunRegistry {
  private readonly runs = new Map<string, LiveMapRun>();

  register(arn: string, run: LiveMapRun): void {
    this.runs.set(arn, run);
  }

  unregister(arn: string): void {
    this.runs.delete(arn);
  }

  get(arn: string): LiveMapRun | undefined {
    return this.runs.get(arn);
  }
}
