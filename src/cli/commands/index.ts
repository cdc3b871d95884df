/** The command table. Each command is loaded only when it runs, so `fanout validate` never loads the SDK or SQLite. */
import type { Command } from '../context';

export interface CommandEntry {
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  serve: {
    summary: 'start the local Step Functions endpoint',
    load: async () => (await import('./serve')).command,
  },
  run: {
    summary: 'run a workflow file, show its states, print its output',
    load: async () => (await import('./run')).command,
  },
  validate: {
    summary: 'validate workflow definitions',
    load: async () => (await import('./validate')).command,
  },
  executions: {
    summary: 'list executions, newest first',
    load: async () => (await import('./executions')).command,
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
  inventory: {
    summary: 'write an S3 Inventory report of a bucket',
    load: async () => (await import('./inventory')).command,
  },
};
