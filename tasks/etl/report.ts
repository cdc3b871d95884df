/**
 * `etl report --run-date D`: the night in one JSON document, from the metrics objects: per source its counts or
 * MISSING (no metrics: the job failed or did not run — the workflow's DLQ says why), and the totals. Written to
 * `reports/dt=<runDate>/report.json` and printed.
 */
import type { EtlContext } from './context';
import { layout, s3Uri } from './layout';
import { checkRunDate } from './location';
import { assertRowInvariant, type RowCounts, type SourceMetrics } from './metrics';
import { mapLimit } from './object-store';

export interface SourceReport extends Partial<RowCounts> {
  readonly name: string;
  readonly owner: string;
  readonly status: 'SUCCEEDED' | 'MISSING';
  readonly seconds?: number;
}

export interface NightReport {
  readonly runDate: string;
  readonly report: string;
  readonly sources: readonly SourceReport[];
  readonly totals: RowCounts & { readonly sources: number; readonly succeeded: number; readonly missing: number };
}

export async function report(context: EtlContext, runDateText: string): Promise<NightReport> {
  const runDate = checkRunDate(runDateText);
  const bucket = context.config.lakeBucket;
  const sources = await mapLimit(context.config.sources, 8, async (source): Promise<SourceReport> => {
    const text = await context.store.getText(bucket, layout.metricsKey(source.name, runDate));
    if (text === undefined) return { name: source.name, owner: source.owner, status: 'MISSING' };
    const m = JSON.parse(text) as SourceMetrics;
    assertRowInvariant(source.name, m);
    return {
      name: source.name,
      owner: source.owner,
      status: 'SUCCEEDED',
      rowsRead: m.rowsRead,
      rowsLoaded: m.rowsLoaded,
      rowsQuarantined: m.rowsQuarantined,
      duplicatesDropped: m.duplicatesDropped,
      lateRowsDropped: m.lateRowsDropped,
      seconds: m.seconds,
    };
  });
  const total = (field: keyof RowCounts): number => sources.reduce((n, s) => n + (s[field] ?? 0), 0);
  const succeeded = sources.filter((s) => s.status === 'SUCCEEDED').length;
  const night: NightReport = {
    runDate,
    report: s3Uri(bucket, layout.reportKey(runDate)),
    sources,
    totals: {
      sources: sources.length,
      succeeded,
      missing: sources.length - succeeded,
      rowsRead: total('rowsRead'),
      rowsLoaded: total('rowsLoaded'),
      rowsQuarantined: total('rowsQuarantined'),
      duplicatesDropped: total('duplicatesDropped'),
      lateRowsDropped: total('lateRowsDropped'),
    },
  };
  await context.store.putText(
    bucket,
    layout.reportKey(runDate),
    `${JSON.stringify(night, null, 2)}\n`,
    'application/json',
  );
  return night;
}
