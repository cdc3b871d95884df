/** The ResultWriter: result files in S3 for an export, and the transformations for results returned inline. */
export type { ChildResultRecord, ResultCategory } from './child-result-record';
export { categoryOf, recordObject } from './child-result-record';
export type { ResultFileEntry, ResultFilesOptions, ResultManifest, ResultTarget } from './result-files';
export { DEFAULT_MAX_RESULT_FILE_BYTES, ResultFiles } from './result-files';
export type { ResultTransformation } from './transform-outputs';
export { recordEntries, transformOutputs } from './transform-outputs';
