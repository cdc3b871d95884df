/** The command table. Each command is loaded only when it runs, so `fanout validate` never loads the SDK or SQLite. */
import type { Command } from '../context';

export interface CommandEntry {
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  init: {
    summary: 'write a starter profile, an example workflow and its node:test test into a project',
    load: async () => (await import('./init')).command,
  },
  serve: {
    summary: 'start the local Step Functions endpoint',
    load: async () => (await import('./serve')).command,
  },
  run: {
    summary: 'run a workflow file, show its states, print its output',
    load: async () => (await import('./run')).command,
  },
  'test-state': {
    summary: 'run one state of a workflow once with the TestState API (mocked or real), show what it did',
    load: async () => (await import('./test-state')).command,
  },
  validate: {
    summary: 'validate workflow definitions',
    load: async () => (await import('./validate')).command,
  },
  executions: {
    summary: 'list executions, newest first',
    load: async () => (await import('./executions')).command,
  },
  activities: {
    summary: 'list activities with the tasks waiting for workers and the tasks workers hold',
    load: async () => (await import('./activities')).command,
  },
  dlq: {
    summary: 'list, show and redrive the dead-letter queue',
    load: async () => (await import('./dlq')).command,
  },
  sns: {
    summary: 'list the messages workflows published to SNS topics',
    load: async () => (await import('./sns')).command,
  },
  history: {
    summary: "print an execution's event history",
    load: async () => (await import('./history')).command,
  },
  logs: {
    summary: "print the logs of an execution's tasks or of one task",
    load: async () => (await import('./logs')).command,
  },
  graph: {
    summary: "draw a workflow's graph (SVG/PNG), or print an execution's page URL",
    load: async () => (await import('./graph')).command,
  },
  gc: {
    summary: 'remove expired executions and deleted state machines now, return the space, print what was freed',
    load: async () => (await import('./gc')).command,
  },
  doctor: {
    summary: 'check Node.js, native modules, the OCR model, disk and the data directory',
    load: async () => (await import('./doctor')).command,
  },
  start: {
    summary: 'start a workflow on AWS or a running local endpoint',
    load: async () => (await import('./start')).command,
  },
  ocr: {
    summary: 'OCR a folder or S3 prefix with the bulk-ocr workflow (--demo: generated documents, with accuracy)',
    load: async () => (await import('./ocr')).command,
  },
  inventory: {
    summary: 'write an S3 Inventory report of a bucket',
    load: async () => (await import('./inventory')).command,
  },
  schedule: {
    summary: 'list schedules and their next fire times; fire missed slots',
    load: async () => (await import('./schedule')).command,
  },
  demo: {
    summary: 'run the nightly ETL demo night end to end',
    load: async () => (await import('./demo')).command,
  },
};
