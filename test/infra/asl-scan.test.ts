import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWithPlaceholders, placeholdersIn, scanWorkflow } from '../../infra/workflows/asl-scan';
import { FIXTURES } from './support';

describe('scanWorkflow', () => {
  const text = readFileSync(join(FIXTURES, 'workflows/fixture.asl.json'), 'utf8');

  it('finds every placeholder, inside strings and as bare numbers', () => {
    expect(placeholdersIn(text)).toEqual([
      'DocumentsBucket',
      'OcrMaxConcurrency',
      'ResultsBucket',
      'Cluster',
      'OcrTaskDefinition',
      'OcrSubnets',
      'OcrSecurityGroups',
      'DlqUrl',
      'LakeBucket',
      'EtlSourcesKey',
      'EtlJobQueue',
      'EtlLoadJobDefinition',
      'ReportTopicArn',
    ]);
  });

  it('lists each integration with its pattern and the placeholders of its arguments', () => {
    const scan = scanWorkflow(text, 'fixture.asl.json');
    const summary = scan.integrations.map((u) => `${u.state} ${u.service}:${u.action} ${u.pattern}`);
    expect(summary).toEqual([
      'Documents/Ocr ecs:runTask sync',
      'Documents/Park sqs:sendMessage request-response',
      'Documents#ItemReader s3:listObjectsV2 request-response',
      'Documents#ResultWriter s3:putObject request-response',
      'Sources aws-sdk:s3:getObject request-response',
      'Load batch:submitJob sync',
      'Notify sns:publish request-response',
    ]);
    const ocr = scan.integrations[0]!;
    expect(ocr.args['TaskDefinition']).toEqual({
      placeholders: ['OcrTaskDefinition'],
      literal: '\u27e6OcrTaskDefinition\u27e7',
      value: '\u27e6OcrTaskDefinition\u27e7',
    });
    // A JSONPath field (`Subnets.$` nested) carries its placeholders but no literal.
    expect(ocr.args['NetworkConfiguration']?.placeholders).toEqual(['OcrSubnets', 'OcrSecurityGroups']);
    expect(scan.distributedMaps).toEqual(['Documents']);
  });

  it('parses a definition whose placeholders stand for numbers', () => {
    expect(parseWithPlaceholders('{"A": ${N}, "B": "x-${S}"}', 'f')).toEqual({ A: 0, B: 'x-\u27e6S\u27e7' });
  });

  it('names the file when the definition is not JSON', () => {
    expect(() => scanWorkflow('{"States": ', 'broken.asl.json')).toThrow(/broken\.asl\.json is not valid JSON/);
  });
});
