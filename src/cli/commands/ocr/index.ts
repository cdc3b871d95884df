/**
 * `fanout ocr PATH|s3://bucket/prefix`: runs workflows/bulk-ocr.asl.json end to end on the local engine (in-process,
 * or a running `fanout serve` with --endpoint) and copies each document's text and JSON to --out. `--demo` does it
 * on the generated test documents and reports accuracy against their known text.
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { expectPositionals, defineCommand } from '../../args';
import { CONNECTION_OPTIONS, endpointOptions, withConnection } from '../../connect';
import type { CommandContext } from '../../context';
import { ExitCode, UsageError } from '../../errors';
import { loadCliProfile } from '../../profile';
import { parseS3Url } from '../inventory/s3-url';
import { runBulkOcr, type BulkOcrRun, type OcrSource } from './bulk-ocr';
import { formatAccuracy, measureAccuracy, type AccuracyReport } from './accuracy';
import { prepareDemo, reportDemo } from './demo';
import { OutputCopier } from './output-copier';
import { runNativeTesseract, type NativeRun } from './native';
import { ProgressBar } from './progress-bar';
import { formatNative, formatSummary } from './summary';
import { listFolder } from './upload';

const usage = `Usage: fanout ocr PATH|s3://BUCKET/PREFIX [--out DIR] [--lang eng] [--model best|fast] [--priority]
                  [--documents-per-task N] [--truth DIR] [--native] [--profile FILE] [--endpoint URL]
                  [--data-dir DIR] [--json]
       fanout ocr --demo [--out DIR] [...]

Runs the bulk-ocr workflow (workflows/bulk-ocr.asl.json) on a folder of documents or an S3 prefix of the local
endpoint: uploads the folder into the documents bucket, writes its S3 Inventory, starts bulk-ocr, shows progress on
stderr, then writes for every input a/b.png the files DIR/a/b.png.txt and DIR/a/b.png.json and prints a summary.
Documents already done (same content) are skipped. --demo generates test documents with known text (every bad kind
included) and reports the accuracy (CER) against it.

Options:
  --out DIR               where the texts go (default ./ocr-out; --demo: <data-dir>/ocr-demo/out)
  --lang CODE             tesseract language(s), e.g. eng or eng+deu (default eng)
  --model best|fast       best_int (bundled) or tessdata_fast (needs tesseract-ocr-eng) (default best)
  --priority              run on on-demand FARGATE capacity instead of FARGATE_SPOT
  --documents-per-task N  documents per OCR task (default: the profile's OcrDocumentsPerTask)
  --truth DIR             score each document against DIR/<path without extension>.txt: CER and order-free
                          word error per page kind
  --native                then run native tesseract (Debian tesseract-ocr, same model family, one process per
                          core, OMP_THREAD_LIMIT=1) on the same files and print its pages/s (and accuracy) beside ours
  --profile FILE          the local profile (default fanout.local.json, if present)
  --endpoint URL          use a running fanout serve (default: an in-process engine)
  --data-dir DIR          data directory of the in-process engine (default .fanout)
  --json                  print the workflow's summary as JSON on stdout
  -h, --help              show this help

Exit codes: 0 every document succeeded (--demo: every outcome as expected and CER under 2 %), 2 some documents
failed (listed with their reasons), 1 the workflow failed, 3 unreadable input, 4 endpoint unreachable.
`;

/** Exit code 2 here means "some documents failed"; usage errors also exit 2, but before any run starts. */
const SOME_FAILED = 2;

export const command = defineCommand(
  usage,
  {
    out: 'string',
    lang: 'string',
    model: 'string',
    priority: 'boolean',
    'documents-per-task': 'string',
    profile: 'string',
    ...CONNECTION_OPTIONS,
    json: 'boolean',
    demo: 'boolean',
    truth: 'string',
    native: 'boolean',
  },
  async ({ values, positionals }, context) => {
    const demo = values.demo === true;
    const [target = ''] = demo
      ? expectPositionals(positionals, [], usage)
      : expectPositionals(positionals, ['PATH'], usage);
    const model = values.model ?? 'best';
    if (model !== 'best' && model !== 'fast')
      throw new UsageError(`--model must be best or fast, got '${model}'`, usage);
    const lang = values.lang ?? 'eng';
    if (!/^[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/.test(lang))
      throw new UsageError(`--lang must be a tesseract code such as eng or eng+deu, got '${lang}'`, usage);
    const perTask = values['documents-per-task'];
    if (perTask !== undefined && !/^[1-9]\d{0,4}$/.test(perTask))
      throw new UsageError(`--documents-per-task must be a positive integer, got '${perTask}'`, usage);
    const { endpoint, dataDir } = endpointOptions(values, context.cwd, usage);
    const profile = loadCliProfile(values.profile, context.cwd);
    const root = profile.path === undefined ? context.cwd : resolve(profile.path, '..');

    const prepared = demo ? await prepareDemo(root, dataDir, (line) => context.stderr(`fanout: ${line}\n`)) : undefined;
    const source: OcrSource = prepared
      ? { kind: 'folder', path: prepared.documents }
      : target.startsWith('s3://')
        ? { kind: 's3', ...parseS3Url(target, 'the source', usage) }
        : { kind: 'folder', path: resolve(context.cwd, target) };
    const out = resolve(context.cwd, values.out ?? prepared?.out ?? 'ocr-out');
    const truthDir = values.truth === undefined ? undefined : resolve(context.cwd, values.truth);
    const native = values.native === true;
    if ((native || truthDir !== undefined) && source.kind !== 'folder')
      throw new UsageError('--native and --truth need a local folder, not an S3 prefix', usage);

    const server = { endpoint, dataDir, ...(profile.path === undefined ? {} : { profile: profile.path }) };
    return withConnection(server, context, async (connection) => {
      context.stderr(
        connection.inProcess
          ? `fanout: local engine, data in ${dataDir}\n`
          : `fanout: endpoint ${connection.endpoint}\n`,
      );
      const interrupt = new AbortController();
      void context.waitForStopSignal().then(() => interrupt.abort(new Error('interrupted')));
      const bar = new ProgressBar((text) => context.stderr(text), process.stderr.isTTY === true);
      const s3 = new S3Client({
        endpoint: connection.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'fanout', secretAccessKey: 'fanout' },
      });
      // Outputs are copied as documents finish, so the end of the run waits only for the last few.
      const copier = new OutputCopier(s3, out);
      let run: BulkOcrRun;
      try {
        run = await runBulkOcr({
          endpoint: connection.endpoint,
          client: connection.client,
          root,
          substitutions: profile.substitutions,
          source,
          lang,
          model,
          priority: values.priority === true,
          ...(perTask === undefined ? {} : { documentsPerTask: Number(perTask) }),
          log: (line) => context.stderr(`fanout: ${line}\n`),
          onProgress: (progress) => bar.update(progress),
          onOutputs: (from, documents) => copier.copyInBackground(from, documents),
          signal: interrupt.signal,
        });
      } catch (error) {
        bar.end();
        s3.destroy();
        if (!interrupt.signal.aborted) throw error;
        context.stderr(
          connection.inProcess
            ? 'fanout: interrupted; the engine stops with this process (its tasks are stopped)\n'
            : `fanout: interrupted; the run continues on ${connection.endpoint}\n`,
        );
        return ExitCode.Interrupted;
      }
      bar.end();
      try {
        await copier.copy(
          run,
          run.documents.filter((doc) => doc.status === 'succeeded'),
        );
        for (const key of copier.refused) context.stderr(`fanout: not written (its key leaves ${out}): ${key}\n`);
        context.stderr(`fanout: ${copier.written} files written to ${out}\n`);
        let nativeRun: NativeRun | undefined;
        if (native && source.kind === 'folder') {
          context.stderr('fanout: running native tesseract on the same files\n');
          const files = (await listFolder(source.path)).map((id) => ({ id, path: join(source.path, id) }));
          nativeRun = await runNativeTesseract(files, { model, lang, processes: availableParallelism() });
        }
        let accuracy: AccuracyReport | undefined;
        if (truthDir !== undefined)
          accuracy = measureAccuracy({
            root,
            out,
            truthDir,
            documents: run.documents,
            ...(nativeRun ? { native: nativeRun.texts } : {}),
          });
        if (values.json === true && run.summary !== undefined) {
          const client = { endToEndSeconds: run.seconds, profile: run.profile };
          const extra = {
            ...(nativeRun ? { native: { ...nativeRun, texts: undefined } } : {}),
            ...(accuracy ? { accuracy } : {}),
          };
          context.stdout(`${JSON.stringify({ ...run.summary, client, ...extra }, null, 2)}\n`);
        } else {
          context.stdout(formatSummary(run));
          if (nativeRun) context.stdout(formatNative(run, nativeRun));
          if (accuracy) context.stdout(formatAccuracy(accuracy));
        }
        if (prepared) return reportDemo(s3, run, prepared, context);
      } finally {
        s3.destroy();
      }
      return exitCodeOf(run, context);
    });
  },
);

function exitCodeOf(run: BulkOcrRun, context: CommandContext): number {
  if (run.execution.status !== 'SUCCEEDED') {
    context.stderr(`fanout: bulk-ocr ${run.execution.status}: ${run.execution.error ?? ''}\n`);
    return ExitCode.Failed;
  }
  return run.documents.every((d) => d.status === 'succeeded') ? ExitCode.Ok : SOME_FAILED;
}
