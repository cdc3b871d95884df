import { diagnose, messages, single } from './helpers';

const processor = (config?: Record<string, unknown>): Record<string, unknown> => ({
  ...(config === undefined ? {} : { ProcessorConfig: config }),
  StartAt: 'Inner',
  States: { Inner: { Type: 'Succeed' } },
});
const map = (extra: Record<string, unknown>): unknown =>
  single({ Type: 'Map', ItemProcessor: processor(), End: true, ...extra });

describe('Map', () => {
  it('accepts a Distributed Map with reader, batcher, writer, label and tolerated failures', () => {
    const state = {
      Type: 'Map',
      ItemProcessor: processor({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }),
      ItemReader: {
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' },
        Parameters: { Bucket: 'b', 'Key.$': '$.key' },
      },
      ItemBatcher: { MaxItemsPerBatch: 10 },
      ResultWriter: {
        Resource: 'arn:aws:states:::s3:putObject',
        Parameters: { Bucket: 'b', Prefix: 'p' },
        WriterConfig: { Transformation: 'COMPACT', OutputType: 'JSONL' },
      },
      Label: 'ocr-batch',
      ToleratedFailurePercentage: 12.5,
      MaxConcurrency: 100,
      End: true,
    };
    expect(diagnose(single(state))).toEqual([]);
  });

  it('requires ExecutionType for a Distributed Map, and rejects it for an inline one', () => {
    expect(
      messages(diagnose(single({ Type: 'Map', ItemProcessor: processor({ Mode: 'DISTRIBUTED' }), End: true }))),
    ).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [ExecutionType] at /States/A/ItemProcessor/ProcessorConfig',
    ]);
    expect(
      messages(
        diagnose(
          single({ Type: 'Map', ItemProcessor: processor({ Mode: 'INLINE', ExecutionType: 'EXPRESS' }), End: true }),
        ),
      ),
    ).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'ExecutionType' is not supported at /States/A/ItemProcessor/ProcessorConfig",
    ]);
  });

  it('rejects a Distributed Map in an Express machine', () => {
    const state = {
      Type: 'Map',
      ItemProcessor: processor({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }),
      End: true,
    };
    expect(diagnose(single(state), 'EXPRESS')).toHaveLength(1);
    expect(diagnose(single(state), 'STANDARD')).toEqual([]);
  });

  it.each([
    [
      'ProcessorConfig.Mode',
      { ItemProcessor: processor({ Mode: 'PARALLEL' }) },
      '/States/A/ItemProcessor/ProcessorConfig/Mode',
    ],
    [
      'ProcessorConfig.ExecutionType',
      { ItemProcessor: processor({ Mode: 'DISTRIBUTED', ExecutionType: 'SYNC' }) },
      '/States/A/ItemProcessor/ProcessorConfig/ExecutionType',
    ],
    [
      'ReaderConfig.InputType',
      { ItemReader: { Resource: 'r', ReaderConfig: { InputType: 'XML' } } },
      '/States/A/ItemReader/ReaderConfig/InputType',
    ],
    [
      'ReaderConfig.CSVHeaderLocation',
      { ItemReader: { Resource: 'r', ReaderConfig: { CSVHeaderLocation: 'LAST_ROW' } } },
      '/States/A/ItemReader/ReaderConfig/CSVHeaderLocation',
    ],
    [
      'WriterConfig.Transformation',
      { ResultWriter: { WriterConfig: { Transformation: 'ZIP' } } },
      '/States/A/ResultWriter/WriterConfig/Transformation',
    ],
    [
      'WriterConfig.OutputType',
      { ResultWriter: { WriterConfig: { OutputType: 'CSV' } } },
      '/States/A/ResultWriter/WriterConfig/OutputType',
    ],
  ])('rejects a wrong %s', (_name, extra, location) => {
    const found = diagnose(map(extra));
    expect(found.map((d) => d.location)).toEqual([location]);
    expect(found[0]?.message).toMatch(/must be one of \[/);
  });

  it.each([
    ['', 'Label cannot be empty'],
    ['x'.repeat(41), 'Label cannot exceed 40 characters'],
    ['a b', "Label contains invalid character: ' '"],
    ['a:b', "Label contains invalid character: ':'"],
    ['a\u0001', "Label contains invalid character: '\u0001'"],
  ])('rejects Label %p with the recorded message', (label, message) => {
    expect(messages(diagnose(map({ Label: label })))).toEqual([
      `SCHEMA_VALIDATION_FAILED: ${message} at /States/A/Label`,
    ]);
  });

  it('accepts a 40-character label and rejects a label used twice', () => {
    expect(diagnose(map({ Label: 'x'.repeat(40) }))).toEqual([]);
    const twice = {
      StartAt: 'A',
      States: {
        A: { Type: 'Map', ItemProcessor: processor(), Label: 'L', Next: 'B' },
        B: {
          Type: 'Map',
          Iterator: { StartAt: 'Inner2', States: { Inner2: { Type: 'Succeed' } } },
          Label: 'L',
          End: true,
        },
      },
    };
    expect(messages(diagnose(twice))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Label 'L' is not unique in the state machine at /States/B/Label",
    ]);
  });

  it('requires exactly one of ItemProcessor and Iterator, and at most one of each field/Path pair', () => {
    expect(messages(diagnose(single({ Type: 'Map', End: true })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [ItemProcessor, Iterator] at /States/A',
    ]);
    expect(messages(diagnose(map({ MaxConcurrency: 1, MaxConcurrencyPath: '$.m' })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: Only one of these fields is allowed: [MaxConcurrency, MaxConcurrencyPath] at /States/A',
    ]);
    expect(diagnose(map({ ItemSelector: {}, Parameters: {} }))).toHaveLength(1);
  });

  it('checks numeric bounds but lets JSONata expressions through', () => {
    expect(diagnose(map({ ToleratedFailurePercentage: 101 }))).toHaveLength(1);
    expect(diagnose(map({ ToleratedFailureCount: 1.5 }))).toHaveLength(1);
    expect(diagnose(map({ MaxConcurrency: -1 }))).toHaveLength(1);
    expect(
      diagnose(
        single(
          { Type: 'Map', Items: '{% [1,2] %}', MaxConcurrency: '{% 2 %}', ItemProcessor: processor(), End: true },
          { QueryLanguage: 'JSONata' },
        ),
      ),
    ).toEqual([]);
  });
});
