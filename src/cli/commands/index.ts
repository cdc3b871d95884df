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
  history: {
    summary: "print an execution's event history",
    load: async () => (await import('./history')).command,
  },
};
