/**
 * The CDK app (`npx cdk synth|deploy`, cdk.json at the repository root runs the compiled dist/infra/app.js).
 * Environment-agnostic: it deploys into whichever account and region the CLI's credentials name, and synthesizes
 * with no credentials and no network. cdk-nag's AwsSolutions checks run on every synth: an unsuppressed error
 * fails it.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FanoutStack } from './fanout-stack';
import { findProjectRoot } from './paths';

const app = new App();
const stackName = (app.node.tryGetContext('fanout:stackName') as string | undefined) ?? 'Fanout';
new FanoutStack(app, stackName, {
  root: findProjectRoot(),
  description: 'fanout: Step Functions workflows over ECS/Fargate Spot and AWS Batch (infra/, issue 6)',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
