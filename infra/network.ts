/**
 * Network: a VPC whose task subnets have no route to the internet at all. Tasks reach AWS through endpoints only:
 * S3 through a gateway endpoint (free, and it carries the ECR image layers too), ECR, CloudWatch Logs, Step Functions
 * and SQS through interface endpoints. No NAT gateway means no per-GB NAT charge on a million task-hours of image
 * pulls and S3 traffic; docs/infra.md has the arithmetic and when NAT would be the better choice.
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface NetworkProps {
  /** Where the VPC flow logs go (rejected traffic only: the useful part, at a fraction of the volume). */
  readonly flowLogBucket: s3.IBucket;
  /** @default 2 — two AZs keep Spot capacity available when one AZ runs short, at two of each interface endpoint. */
  readonly maxAzs?: number;
}

/** The interface endpoints the task containers and the Fargate agent need. */
const INTERFACE_ENDPOINTS = {
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  // SendTaskSuccess/Failure/Heartbeat from a task started with .waitForTaskToken.
  StepFunctions: ec2.InterfaceVpcEndpointAwsService.STEP_FUNCTIONS,
  Sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
} as const;

export class Network extends Construct {
  readonly vpc: ec2.IVpc;
  /** The subnets tasks and Batch jobs run in. */
  readonly taskSubnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  /** The security group of every OCR task and ETL job: no inbound rule; outbound only to the endpoints. */
  readonly taskSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: props.maxAzs ?? 2,
      natGateways: 0,
      // /20 per AZ: 4,091 addresses, room for a few thousand concurrent Fargate tasks (one ENI each).
      subnetConfiguration: [{ name: 'tasks', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 20 }],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      // Nothing is placed in the default security group; restricting it would cost a custom-resource Lambda.
      restrictDefaultSecurityGroup: false,
    });
    vpc.addFlowLog('RejectedTraffic', {
      destination: ec2.FlowLogDestination.toS3(props.flowLogBucket, 'vpc-flow-logs/'),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });

    // The interface, not the class: see storage.ts on exactOptionalPropertyTypes.
    this.vpc = vpc as ec2.IVpc;

    // Outbound is open, but the subnets route nowhere except the VPC and the S3 gateway: the endpoints are the only
    // way out, so a tighter egress rule would add nothing but a prefix-list lookup.
    this.taskSecurityGroup = new ec2.SecurityGroup(this, 'Tasks', {
      vpc: this.vpc,
      description: 'fanout OCR tasks and ETL jobs: no inbound; outbound reaches only the VPC endpoints',
      allowAllOutbound: true,
    });

    // Closed by default (CDK would open 443 to the whole VPC CIDR): only the tasks may reach the endpoints.
    for (const [name, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      const endpoint = vpc.addInterfaceEndpoint(name, {
        service,
        subnets: this.taskSubnets,
        privateDnsEnabled: true,
        open: false,
      });
      endpoint.connections.allowDefaultPortFrom(this.taskSecurityGroup, 'HTTPS from fanout tasks');
    }
  }
}
