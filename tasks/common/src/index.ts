/** The task runtime: input, task tokens, SIGTERM, structured logs and S3 for every task program. */
export { awsClientConfig, type AwsClientConfig, type Env } from './aws-config';
export { readTaskInput, TaskInputError, type InputSources } from './input';
export { createLogger, taskLogFields, type Logger, type LogFields, type LogLevel } from './log';
export { TaskS3, parseS3Uri, type S3Location, type ObjectHead } from './s3';
export { Shutdown, EXIT_INTERRUPTED, type ShutdownOptions } from './shutdown';
export { TaskTokenReporter, taskTokenFromEnv, type SfnSender } from './task-token';
export { runTask, TaskFailure, type TaskContext, type RunTaskOptions } from './run-task';
