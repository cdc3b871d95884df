import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, isCliError } from '../../../src/cli/errors';
import { readExecutionInput } from '../../../src/cli/input';
import { loadWorkflow } from '../../../src/cli/workflow';
import { stateMachineNameFor } from '../../../src/runtime/workflow-names';
import { substitute } from '../../../src/integrations/substitutions';
import { thrown } from '../../support/thrown';

const dir = mkdtempSync(join(tmpdir(), 'fanout-cli-'));

describe('stateMachineNameFor', () => {
  it.each([
    ['workflows/demo.asl.json', 'demo'],
    ['/a/b/nightly-etl.json', 'nightly-etl'],
    ['x/My Flow.v2.asl.json', 'My-Flow-v2'],
    ['plain', 'plain'],
  ])('%s → %s', (path, name) => {
    expect(stateMachineNameFor(path)).toBe(name);
  });
});

describe('substitute', () => {
  it('replaces known placeholders as raw text and lists the unknown ones once', () => {
    const text = '{"Resource":"${TaskDef}","Max":${Limit},"Q":"${Queue}","Q2":"${Queue}"}';
    const result = substitute(text, { TaskDef: 'arn:aws:ecs:td/ocr:1', Limit: '10' });
    expect(result.text).toBe('{"Resource":"arn:aws:ecs:td/ocr:1","Max":10,"Q":"${Queue}","Q2":"${Queue}"}');
    expect(result.unresolved).toEqual(['Queue']);
  });

  it('leaves JSONata and JSONPath text alone', () => {
    const text = '{"Output":"{% $states.input %}","Path":"$.x"}';
    expect(substitute(text, { x: 'y' })).toEqual({ text, unresolved: [] });
  });
});

describe('loadWorkflow', () => {
  it('reads, substitutes and names the workflow', () => {
    const path = join(dir, 'hello.asl.json');
    writeFileSync(path, '{"Comment":"${Greeting}"}');
    expect(loadWorkflow(path, { Greeting: 'hi' })).toEqual({
      path,
      name: 'hello',
      definition: '{"Comment":"hi"}',
      unresolved: [],
    });
  });

  it('reports an unreadable file as an input error naming the file', () => {
    const error = thrown(() => loadWorkflow(join(dir, 'missing.asl.json')));
    expect(isCliError(error) && error.exitCode).toBe(ExitCode.Input);
    expect((error as Error).message).toMatch(/cannot read workflow '.*missing\.asl\.json': no such file/);
    expect((thrown(() => loadWorkflow(dir)) as Error).message).toMatch(/is a directory/);
  });
});

describe('readExecutionInput', () => {
  it('defaults to {} and takes inline JSON or @file relative to cwd', () => {
    writeFileSync(join(dir, 'in.json'), '{"a":[1,2]}');
    expect(readExecutionInput(undefined, dir)).toBe('{}');
    expect(readExecutionInput('[1]', dir)).toBe('[1]');
    expect(readExecutionInput('@in.json', dir)).toBe('{"a":[1,2]}');
  });

  it('rejects invalid JSON and missing files as input errors', () => {
    const bad = thrown(() => readExecutionInput('{nope', dir));
    expect(isCliError(bad) && bad.exitCode).toBe(ExitCode.Input);
    expect((bad as Error).message).toMatch(/^--input is not valid JSON/);
    expect((thrown(() => readExecutionInput('@absent.json', dir)) as Error).message).toMatch(/cannot read input file/);
  });
});
