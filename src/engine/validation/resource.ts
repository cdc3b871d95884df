/**
 * Which Task `Resource` ARNs AWS recognises when a state machine is created: the optimized integrations
 * (`arn:aws:states:::<service>:<action>`), the AWS SDK integrations (`arn:aws:states:::aws-sdk:<service>:<action>`,
 * checked against the SDK's service models when a catalog is given), activity ARNs and Lambda function ARNs.
 * Recognised is not the same as runnable here: a resource AWS knows but fanout does not run locally passes, and
 * fails when an execution reaches it (States.Runtime, naming the resource).
 */

/** The AWS SDK integrations' services and actions (models/aws-sdk-operations.json, from botocore's models). */
export interface ResourceCatalog {
  /** The service's actions in lowerCamelCase, or undefined for a service the SDK does not have. */
  awsSdkActions(service: string): ReadonlySet<string> | undefined;
}

/**
 * The optimized integrations' service names, from the AWS developer guide's "Integrating optimized services with
 * Step Functions" table (API Gateway, Athena, Batch, Bedrock, CodeBuild, DynamoDB, ECS, EKS, EMR, EMR on EKS, EMR
 * Serverless, EventBridge, Glue, Glue DataBrew, Lambda, MediaConvert, SageMaker, SNS, SQS, Step Functions) and its
 * HTTP Task (`http:invoke`).
 */
const OPTIMIZED_SERVICES: ReadonlySet<string> = new Set([
  'apigateway',
  'athena',
  'batch',
  'bedrock',
  'codebuild',
  'dynamodb',
  'ecs',
  'eks',
  'elasticmapreduce',
  'emr-containers',
  'emr-serverless',
  'events',
  'glue',
  'databrew',
  'lambda',
  'mediaconvert',
  'sagemaker',
  'sns',
  'sqs',
  'states',
  'http',
]);

const PATTERN = /(\.sync(:2)?|\.waitForTaskToken)$/;
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;

/** True when AWS would refuse the resource at create time (SCHEMA_VALIDATION_FAILED). */
export function unrecognisedResource(resource: string, catalog?: ResourceCatalog): boolean {
  const parts = resource.split(':');
  if (parts[0] !== 'arn' || parts.length < 6 || !/^aws(-[a-z]+)*$/.test(parts[1] ?? '')) return true;
  const [, , service, region = '', account = '', ...rest] = parts;
  if (service === 'states' && region === '' && account === '') {
    const [integration = '', ...path] = rest;
    if (integration === 'aws-sdk') {
      const [sdkService = '', action = '', ...extra] = path;
      if (extra.length > 0 || sdkService === '' || action === '') return true;
      const bare = action.replace(PATTERN, '');
      const actions = catalog?.awsSdkActions(sdkService);
      return catalog !== undefined && (actions === undefined || !actions.has(bare));
    }
    const action = path.join(':').replace(PATTERN, '');
    return !OPTIMIZED_SERVICES.has(integration) || !/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)?$/.test(action);
  }
  // AWS checks the shape, not the region and account (TestState accepts `your-region:your-account-id`).
  const located = region !== '' && account !== '';
  if (service === 'states' && rest[0] === 'activity') {
    return !located || rest.length !== 2 || !NAME.test(rest[1] ?? '');
  }
  if (service === 'lambda' && rest[0] === 'function') {
    const [, name = '', qualifier, ...extra] = rest;
    return (
      !located ||
      extra.length > 0 ||
      !/^[A-Za-z0-9_-]{1,64}$/.test(name) ||
      (qualifier !== undefined && !/^(\$LATEST|[A-Za-z0-9_-]{1,128})$/.test(qualifier))
    );
  }
  return true;
}

export function unrecognisedResourceMessage(resource: string): string {
  return `The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`;
}
