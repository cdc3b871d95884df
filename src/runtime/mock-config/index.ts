/** Step Functions Local's mock configuration files: loading them, and running test cases against them. */
export { loadMockConfig, parseMockConfig, MockConfigError } from './file';
export type { MockConfig } from './file';
export { MockedTaskRunner } from './runner';
