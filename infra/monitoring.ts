/**
 * Monitoring: one dashboard for the morning after — executions per workflow, Map Run children that failed, the
 * DLQ (depth and age of the oldest message), and how many ECS tasks and Batch jobs ran — and alarms on failed
 * executions, sent to the notices topic like the DLQ alarms.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import type { Compute } from './compute';
import type { Messaging } from './messaging';
import type { Workflows } from './workflows/workflows';

export interface MonitoringProps {
  readonly workflows: Workflows;
  readonly messaging: Messaging;
  readonly compute: Compute;
}

const PERIOD = Duration.minutes(5);

export class Monitoring extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { workflows, messaging, compute } = props;
    const stackName = Stack.of(this).stackName;
    const notify = new actions.SnsAction(messaging.topic);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${stackName}-workflows`,
      defaultInterval: Duration.days(1),
    });

    const alarms: cloudwatch.Alarm[] = [];
    for (const { name, stateMachine } of workflows.deployed) {
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${name}: executions`,
          left: [
            stateMachine.metricStarted({ period: PERIOD, label: 'started' }),
            stateMachine.metricSucceeded({ period: PERIOD, label: 'succeeded' }),
            stateMachine.metricFailed({ period: PERIOD, label: 'failed' }),
            stateMachine.metricTimedOut({ period: PERIOD, label: 'timed out' }),
            stateMachine.metricAborted({ period: PERIOD, label: 'aborted' }),
          ],
          width: 12,
        }),
      );
      const alarm = new cloudwatch.Alarm(this, `${name}Failed`, {
        alarmDescription: `An execution of ${name} failed, timed out or was aborted`,
        metric: new cloudwatch.MathExpression({
          expression: 'failed + timedOut + aborted',
          usingMetrics: {
            failed: stateMachine.metricFailed({ period: PERIOD }),
            timedOut: stateMachine.metricTimedOut({ period: PERIOD }),
            aborted: stateMachine.metricAborted({ period: PERIOD }),
          },
          period: PERIOD,
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(notify);
      alarms.push(alarm);
    }

    // Map Run metrics carry the Map Run's ARN (arn:…:mapRun:<machine>/<label>:<id>), known only at run time, so a
    // SEARCH picks up every Map Run of this stack's machines.
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Map Runs: child executions failed / timed out / aborted',
        left: ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'].map(
          (metric) =>
            new cloudwatch.MathExpression({
              expression: `SEARCH('{AWS/States,MapRunArn} MetricName="${metric}" "mapRun:${stackName}-"', 'Sum', 300)`,
              label: metric,
              period: PERIOD,
            }),
        ),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'DLQ: messages and age of the oldest',
        left: [
          messaging.dlq.metricApproximateNumberOfMessagesVisible({
            period: PERIOD,
            statistic: 'Maximum',
            label: 'messages',
          }),
          messaging.scheduleDlq.metricApproximateNumberOfMessagesVisible({
            period: PERIOD,
            statistic: 'Maximum',
            label: 'schedule DLQ messages',
          }),
        ],
        right: [
          messaging.dlq.metricApproximateAgeOfOldestMessage({
            period: PERIOD,
            statistic: 'Maximum',
            label: 'oldest (s)',
          }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'ECS (OCR) tasks',
        left: ['RunningTaskCount', 'PendingTaskCount'].map(
          (metric) =>
            new cloudwatch.Metric({
              namespace: 'ECS/ContainerInsights',
              metricName: metric,
              dimensionsMap: { ClusterName: compute.cluster.clusterName },
              statistic: 'Maximum',
              period: PERIOD,
            }),
        ),
        right: integrationMetrics('arn:aws:states:::ecs:runTask.sync', 'runTask.sync'),
        width: 12,
      }),
      // Batch publishes no job-count metrics of its own; Step Functions counts the jobs it submits and sees end.
      new cloudwatch.GraphWidget({
        title: 'Batch (ETL) jobs',
        left: integrationMetrics('arn:aws:states:::batch:submitJob.sync', 'submitJob.sync'),
        width: 12,
      }),
    );
    this.alarms = alarms;
  }
}

function integrationMetrics(resourceArn: string, label: string): cloudwatch.IMetric[] {
  return ['ServiceIntegrationsStarted', 'ServiceIntegrationsSucceeded', 'ServiceIntegrationsFailed'].map(
    (metricName) =>
      new cloudwatch.Metric({
        namespace: 'AWS/States',
        metricName,
        dimensionsMap: { ServiceIntegrationResourceArn: resourceArn },
        statistic: 'Sum',
        period: PERIOD,
        label: `${label} ${metricName.replace('ServiceIntegrations', '').toLowerCase()}`,
      }),
  );
}
