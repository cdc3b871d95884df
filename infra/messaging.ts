/**
 * Queues and notices: the dead-letter queue every workflow parks its failed items in (one message per item, with
 * error and cause — what `fanout dlq` reads locally), the queue EventBridge Scheduler parks a start it could not
 * make in, and the SNS topic for the nightly report and every alarm. Any message in either queue alarms.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** SQS's maximum: a failure parked on Friday night is still there after a two-week holiday. */
const DLQ_RETENTION = Duration.days(14);

export class Messaging extends Construct {
  /** Failed items of every workflow (the `${DlqUrl}` of the workflow files). */
  readonly dlq: sqs.Queue;
  /** Scheduled starts EventBridge Scheduler could not make after its retries. */
  readonly scheduleDlq: sqs.Queue;
  /** Nightly reports and alarms. */
  readonly topic: sns.Topic;
  readonly topicKey: kms.Key;
  readonly dlqAlarm: cloudwatch.Alarm;
  /** Documents uploaded after the inventory, waiting for the incremental-ocr drain (workflows/rules.json). */
  readonly ocrArrivals: sqs.Queue;
  /** The oldest arrival has waited more than five minutes: the drain is not keeping up. */
  readonly ocrBacklogAlarm: cloudwatch.Alarm;
  readonly scheduleDlqAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.dlq = deadLetterQueue(this, 'Dlq');
    this.scheduleDlq = deadLetterQueue(this, 'ScheduleDlq');

    // SNS needs a customer managed key: CloudWatch alarms cannot publish to a topic under the AWS managed key.
    this.topicKey = new kms.Key(this, 'TopicKey', {
      description: 'fanout notices topic (nightly reports, alarms)',
      enableKeyRotation: true,
    });
    this.topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Notices', {
      displayName: 'fanout notices',
      masterKey: this.topicKey,
      enforceSSL: true,
    });

    this.dlqAlarm = anyVisibleMessage(this, 'DlqNotEmpty', this.dlq, 'A workflow parked a failed item in the DLQ');
    this.scheduleDlqAlarm = anyVisibleMessage(
      this,
      'ScheduleDlqNotEmpty',
      this.scheduleDlq,
      'EventBridge Scheduler could not start a scheduled workflow',
    );
    // A message the drain received five times without finishing its batch is parked in the DLQ (alarmed).
    this.ocrArrivals = new sqs.Queue(this, 'OcrArrivals', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.minutes(31),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: 5 },
    });
    this.ocrBacklogAlarm = new cloudwatch.Alarm(this, 'OcrArrivalsBacklog', {
      alarmDescription: 'Uploaded documents have waited more than 5 minutes for incremental OCR',
      metric: this.ocrArrivals.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 300,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    for (const alarm of [this.dlqAlarm, this.scheduleDlqAlarm, this.ocrBacklogAlarm]) {
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
    }
  }
}

function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    retentionPeriod: DLQ_RETENTION,
    // SSE-SQS: encrypted at rest with no KMS key policy to keep in step with every sender.
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter queue: workflows and EventBridge Scheduler send failures to it directly. ' +
      'A DLQ of the DLQ would only move the same messages again; the alarm on any visible message is the safeguard.',
  });
  return queue;
}

/** Fires on the first message, so a parked failure is noticed the morning after, not at day 14. */
function anyVisibleMessage(scope: Construct, id: string, queue: sqs.IQueue, description: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
