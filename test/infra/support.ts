/** Building the stack the way `cdk synth` does (cdk.json's context), into a temporary cloud assembly. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FanoutStack, type FanoutStackProps } from '../../infra/fanout-stack';

export const ROOT = resolve(__dirname, '../..');
export const FIXTURES = join(ROOT, 'test/fixtures/infra');

export interface Built {
  app: App;
  stack: FanoutStack;
  template: Template;
  outdir: string;
}

export function buildStack(props: Partial<FanoutStackProps> = {}): Built {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'fanout-infra-'));
  const app = new App({ context: cdkJson.context, outdir });
  const stack = new FanoutStack(app, 'Fanout', { root: ROOT, ...props });
  return { app, stack, template: Template.fromStack(stack), outdir };
}

type Intrinsic = { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]] };

/** A resolved CloudFormation value as readable text: `{Ref: X}` → `<X>`, GetAtt → `<X.Attr>`, Join → joined. */
export function render(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const v = value as Intrinsic;
  if (v.Ref !== undefined) return `<${v.Ref}>`;
  if (v['Fn::GetAtt'] !== undefined) return `<${v['Fn::GetAtt'].join('.')}>`;
  if (v['Fn::Join'] !== undefined) return v['Fn::Join'][1].map(render).join(v['Fn::Join'][0]);
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

/** The logical IDs a resolved value refers to. */
export function referencedIds(value: unknown): string[] {
  const json = JSON.stringify(value);
  return [
    ...[...json.matchAll(/"Ref":"([^"]+)"/g)].map((m) => m[1] ?? ''),
    ...[...json.matchAll(/"Fn::GetAtt":\["([^"]+)"/g)].map((m) => m[1] ?? ''),
  ].filter((id) => !id.startsWith('AWS::'));
}
