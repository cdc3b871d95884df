/** Where everything lives in the lake bucket: one place, so the jobs, the load and the report agree. */
export const layout = {
  lakePrefix: (source: string, runDate: string): string => `lake/${source}/dt=${runDate}/`,
  quarantineKey: (source: string, runDate: string): string => `quarantine/${source}/dt=${runDate}/quarantine.parquet`,
  /** Written last by a job: its presence means the source's lake partition for the night is complete. */
  metricsPrefix: (runDate: string): string => `metrics/dt=${runDate}/`,
  metricsKey: (source: string, runDate: string): string => `metrics/dt=${runDate}/${source}.json`,
  watermarkPrefix: (source: string): string => `watermarks/${source}/`,
  watermarkKey: (source: string, runDate: string): string => `watermarks/${source}/dt=${runDate}.json`,
  warehouseKey: 'warehouse/warehouse.duckdb',
  reportKey: (runDate: string): string => `reports/dt=${runDate}/report.json`,
  /** Why a job failed, for the workflow's DLQ message (a job's own message never reaches Batch's job record). */
  failureKey: (source: string, runDate: string): string => `failures/dt=${runDate}/${source}.json`,
} as const;

export const s3Uri = (bucket: string, key: string): string => `s3://${bucket}/${key}`;
