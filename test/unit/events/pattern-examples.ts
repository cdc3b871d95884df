/**
 * The examples of AWS's EventBridge documentation ("Amazon EventBridge event patterns", "Content filtering in
 * Amazon EventBridge event patterns", "Comparison operators", "Arrays", "Null values and empty strings") as
 * pattern / event / expected result. Where the documentation shows only the pattern, the events are the ones
 * the prose says it matches or not.
 */
export interface PatternExample {
  name: string;
  pattern: string;
  matches: readonly object[];
  misses: readonly object[];
}

const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

const autoscalingEvent = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

const macieEvent = {
  version: '0',
  id: '3e355723-fca9-4de3-9fd7-154c289d6b59',
  'detail-type': 'Macie Alert',
  source: 'aws.macie',
  account: '123456789012',
  time: '2017-04-24T22:28:49Z',
  region: 'us-east-1',
  resources: [
    'arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id',
    'arn:aws:macie:us-east-1:123456789012:trigger/trigger_id',
  ],
  detail: {
    'notification-type': 'ALERT_CREATED',
    name: 'Scanning bucket policies',
    tags: ['Custom_Alert', 'Insider'],
    'risk-score': 80,
    trigger: { 'alert-type': 'basic', risk: 8 },
  },
};

/** The Event Ruler README's sample event, used by the content-filtering examples. */
const rulerEvent = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

const withDetail = (detail: object): object => ({ ...rulerEvent, detail });
const withField = (name: string, value: unknown): object => ({ ...rulerEvent, [name]: value });

export const PATTERN_EXAMPLES: readonly PatternExample[] = [
  {
    name: 'EC2 instance-termination events',
    pattern: `{"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], "detail": {"state": ["terminated"]}}`,
    matches: [ec2Event],
    misses: [
      { ...ec2Event, detail: { ...ec2Event.detail, state: 'running' } },
      { ...ec2Event, source: 'aws.s3' },
    ],
  },
  {
    name: 'match values: source is aws.ec2 or aws.fargate',
    pattern: `{"source": ["aws.ec2", "aws.fargate"]}`,
    matches: [ec2Event, { ...ec2Event, source: 'aws.fargate' }],
    misses: [{ ...ec2Event, source: 'aws.s3' }],
  },
  {
    name: 'field matching: responseElements is null',
    pattern: `{"source": ["aws.autoscaling"], "detail-type": ["EC2 Instance Launch Successful"], "detail": {"responseElements": [null]}}`,
    matches: [autoscalingEvent],
    misses: [{ ...autoscalingEvent, detail: { eventVersion: '', responseElements: '' } }],
  },
  {
    name: 'value matching: risk score 80 and trigger risk 8',
    pattern: `{"source": ["aws.macie"], "detail-type": ["Macie Alert"], "detail": {"risk-score": [80], "trigger": {"risk": [8]}}}`,
    matches: [macieEvent],
    misses: [{ ...macieEvent, detail: { ...macieEvent.detail, trigger: { risk: 7 } } }],
  },
  {
    name: 'empty string: eventVersion is ""',
    pattern: `{"detail": {"eventVersion": [""]}}`,
    matches: [autoscalingEvent],
    misses: [{ ...autoscalingEvent, detail: { eventVersion: null } }],
  },
  {
    name: 'null: an empty-string pattern does not match null, nor null an empty string',
    pattern: `{"detail": {"responseElements": [null]}}`,
    matches: [autoscalingEvent],
    misses: [
      { ...autoscalingEvent, detail: { responseElements: '' } },
      { ...autoscalingEvent, detail: {} },
    ],
  },
  {
    name: 'arrays: the intersection of the pattern array and the event array is non-empty',
    pattern: `{"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f", "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f", "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f"]}`,
    matches: [
      withField('resources', [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ]),
    ],
    misses: [
      withField('resources', ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f']),
      withField('resources', []),
    ],
  },
  {
    name: 'prefix: time starts with 2017-10-02',
    pattern: `{"time": [{"prefix": "2017-10-02"}]}`,
    matches: [withField('time', '2017-10-02T18:43:48Z')],
    misses: [withField('time', '2017-10-03T18:43:48Z')],
  },
  {
    name: 'prefix: Auto Scaling events from European regions',
    pattern: `{"source": ["aws.autoscaling"], "region": [{"prefix": "eu-"}]}`,
    matches: [{ ...autoscalingEvent, region: 'eu-west-1' }],
    misses: [autoscalingEvent],
  },
  {
    name: 'prefix ignoring case: service starts with EventB in any casing',
    pattern: `{"detail": {"service": [{"prefix": {"equals-ignore-case": "EventB"}}]}}`,
    matches: [
      withDetail({ service: 'EventBridge' }),
      withDetail({ service: 'EVENTBRIDGE' }),
      withDetail({ service: 'eventbridge' }),
    ],
    misses: [withDetail({ service: 'AmazonEventBridge' })],
  },
  {
    name: 'suffix: FileName ends with .png',
    pattern: `{"detail": {"FileName": [{"suffix": ".png"}]}}`,
    matches: [withDetail({ FileName: 'image.png' })],
    misses: [withDetail({ FileName: 'image.PNG' }), withDetail({ FileName: 'image.jpg' })],
  },
  {
    name: 'suffix ignoring case: FileName ends with .png in any casing',
    pattern: `{"detail": {"FileName": [{"suffix": {"equals-ignore-case": ".png"}}]}}`,
    matches: [withDetail({ FileName: 'image.png' }), withDetail({ FileName: 'image.PNG' })],
    misses: [withDetail({ FileName: 'image.jpg' })],
  },
  {
    name: 'anything-but a string',
    pattern: `{"detail": {"state": [{"anything-but": "initializing"}]}}`,
    matches: [rulerEvent],
    misses: [withDetail({ state: 'initializing' }), withDetail({})],
  },
  {
    name: 'anything-but a number',
    pattern: `{"detail": {"x-limit": [{"anything-but": 123}]}}`,
    matches: [rulerEvent],
    misses: [withDetail({ 'x-limit': 123 })],
  },
  {
    name: 'anything-but a list of strings',
    pattern: `{"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}}`,
    matches: [rulerEvent],
    misses: [withDetail({ state: 'stopped' }), withDetail({ state: 'overloaded' })],
  },
  {
    name: 'anything-but a list of numbers',
    pattern: `{"detail": {"x-limit": [{"anything-but": [100, 200, 300]}]}}`,
    matches: [rulerEvent],
    misses: [withDetail({ 'x-limit': 200 })],
  },
  {
    name: 'anything-but a prefix',
    pattern: `{"detail": {"state": [{"anything-but": {"prefix": "init"}}]}}`,
    matches: [rulerEvent],
    misses: [withDetail({ state: 'initializing' })],
  },
  {
    name: 'anything-but: every event except CloudTrail API calls',
    pattern: `{"detail-type": [{"anything-but": "AWS API Call via CloudTrail"}]}`,
    matches: [rulerEvent],
    misses: [withField('detail-type', 'AWS API Call via CloudTrail')],
  },
  {
    name: 'anything-but: events not from EC2 or S3',
    pattern: `{"source": [{"anything-but": ["aws.ec2", "aws.s3"]}]}`,
    matches: [withField('source', 'aws.autoscaling')],
    misses: [rulerEvent, withField('source', 'aws.s3')],
  },
  {
    name: 'anything-but: only your own events (source not starting with aws.)',
    pattern: `{"source": [{"anything-but": {"prefix": "aws."}}]}`,
    matches: [withField('source', 'com.mycompany.orders')],
    misses: [rulerEvent],
  },
  {
    name: 'anything-but ends with: FileName does not end with .png',
    pattern: `{"detail": {"FileName": [{"anything-but": {"suffix": ".png"}}]}}`,
    matches: [withDetail({ FileName: 'notes.txt' })],
    misses: [withDetail({ FileName: 'image.png' })],
  },
  {
    name: 'anything-but ignoring case: state is not initializing in any casing',
    pattern: `{"detail": {"state": [{"anything-but": {"equals-ignore-case": "initializing"}}]}}`,
    matches: [rulerEvent],
    misses: [withDetail({ state: 'INITIALIZING' }), withDetail({ state: 'initializing' })],
  },
  {
    name: 'anything-but ignoring case, a list',
    pattern: `{"detail": {"state": [{"anything-but": {"equals-ignore-case": ["Stopped", "OverLoaded"]}}]}}`,
    matches: [rulerEvent],
    misses: [withDetail({ state: 'STOPPED' }), withDetail({ state: 'overloaded' })],
  },
  {
    name: 'anything-but using a wildcard: FilePath does not include /lib/',
    pattern: `{"detail": {"FilePath": [{"anything-but": {"wildcard": "*/lib/*"}}]}}`,
    matches: [withDetail({ FilePath: '/usr/bin/env' })],
    misses: [withDetail({ FilePath: '/usr/lib/libc.so' })],
  },
  {
    name: 'anything-but using a list of wildcards',
    pattern: `{"detail": {"FilePath": [{"anything-but": {"wildcard": ["*/lib/*", "*/bin/*"]}}]}}`,
    matches: [withDetail({ FilePath: '/home/me/notes.txt' })],
    misses: [withDetail({ FilePath: '/usr/lib/libc.so' }), withDetail({ FilePath: '/usr/bin/env' })],
  },
  {
    name: 'anything-but a list of prefixes',
    pattern: `{"detail": {"Region": [{"anything-but": {"prefix": ["us-", "eu-"]}}]}}`,
    matches: [withDetail({ Region: 'ap-south-1' })],
    misses: [withDetail({ Region: 'us-east-1' }), withDetail({ Region: 'eu-west-1' })],
  },
  {
    name: 'numeric: all fields must be true',
    pattern: `{"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}], "d-count": [{"numeric": ["<", 10]}], "x-limit": [{"numeric": ["=", 3.018e2]}]}}`,
    matches: [rulerEvent],
    misses: [
      withDetail({ ...rulerEvent.detail, 'c-count': 6 }),
      withDetail({ ...rulerEvent.detail, 'c-count': 0 }),
      withDetail({ ...rulerEvent.detail, 'x-limit': 301.9 }),
      withDetail({ ...rulerEvent.detail, 'c-count': '5' }),
    ],
  },
  {
    name: 'numeric equals: Price is 100',
    pattern: `{"detail": {"Price": [{"numeric": ["=", 100]}]}}`,
    matches: [withDetail({ Price: 100 }), withDetail({ Price: 100.0 }), withDetail({ Price: 1e2 })],
    misses: [withDetail({ Price: 101 })],
  },
  {
    name: 'numeric range: Price is more than 10 and at most 20',
    pattern: `{"detail": {"Price": [{"numeric": [">", 10, "<=", 20]}]}}`,
    matches: [withDetail({ Price: 20 }), withDetail({ Price: 10.5 })],
    misses: [withDetail({ Price: 10 }), withDetail({ Price: 20.01 })],
  },
  {
    name: 'IP address matching: 10.0.0.0/24',
    pattern: `{"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}}`,
    matches: [withDetail({ sourceIPAddress: '10.0.0.0' }), withDetail({ sourceIPAddress: '10.0.0.255' })],
    misses: [withDetail({ sourceIPAddress: '10.0.1.0' }), withDetail({ sourceIPAddress: 'not-an-ip' })],
  },
  {
    name: 'IP address matching: an IPv6 block',
    pattern: `{"detail": {"source-ip": [{"cidr": "2001:db8::/32"}]}}`,
    matches: [withDetail({ 'source-ip': '2001:db8:1234::1' })],
    misses: [withDetail({ 'source-ip': '2001:db9::1' }), withDetail({ 'source-ip': '10.0.0.1' })],
  },
  {
    name: 'exists: detail.state is present',
    pattern: `{"detail": {"state": [{"exists": true}]}}`,
    matches: [
      {
        version: '0',
        id: '7bf73129-1428-4cd3-a780-95db273d1602',
        'detail-type': 'EC2 Instance State-change Notification',
        source: 'aws.ec2',
        account: '123456789012',
        time: '2015-11-11T21:29:54Z',
        region: 'us-east-1',
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
        detail: { 'instance-id': 'i-abcd1111', state: 'pending' },
      },
    ],
    misses: [
      {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
        detail: { 'c-count': { c1: 100 } },
      },
    ],
  },
  {
    name: 'exists false: no detail.c-count leaf (an object there is not a leaf)',
    pattern: `{"detail": {"c-count": [{"exists": false}]}}`,
    matches: [
      {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
        detail: { state: ['initializing', 'running'] },
      },
      {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
        detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } },
      },
    ],
    misses: [rulerEvent],
  },
  {
    name: 'exists: events with a description field',
    pattern: `{"detail": {"description": [{"exists": true}]}}`,
    matches: [withDetail({ description: 'full text' })],
    misses: [rulerEvent],
  },
  {
    name: 'comparison operators: UserID is null, LastName is empty, Name is Alice',
    pattern: `{"detail": {"UserID": [null], "LastName": [""], "Name": ["Alice"]}}`,
    matches: [withDetail({ UserID: null, LastName: '', Name: 'Alice' })],
    misses: [withDetail({ UserID: null, LastName: '', Name: 'alice' }), withDetail({ LastName: '', Name: 'Alice' })],
  },
  {
    name: 'equals ignoring case: Name is alice in any casing',
    pattern: `{"detail": {"Name": [{"equals-ignore-case": "alice"}]}}`,
    matches: [withDetail({ Name: 'Alice' }), withDetail({ Name: 'ALICE' })],
    misses: [withDetail({ Name: 'Alicia' })],
  },
  {
    name: 'and: Location is New York and Day is Monday',
    pattern: `{"detail": {"Location": ["New York"], "Day": ["Monday"]}}`,
    matches: [withDetail({ Location: 'New York', Day: 'Monday' })],
    misses: [withDetail({ Location: 'New York', Day: 'Tuesday' })],
  },
  {
    name: 'or: PaymentType is Credit or Debit',
    pattern: `{"detail": {"PaymentType": ["Credit", "Debit"]}}`,
    matches: [withDetail({ PaymentType: 'Debit' })],
    misses: [withDetail({ PaymentType: 'Cash' })],
  },
  {
    name: 'or across fields: Location is New York, or Day is Monday',
    pattern: `{"detail": {"$or": [{"Location": ["New York"]}, {"Day": ["Monday"]}]}}`,
    matches: [withDetail({ Location: 'Boston', Day: 'Monday' }), withDetail({ Location: 'New York', Day: 'Sunday' })],
    misses: [withDetail({ Location: 'Boston', Day: 'Sunday' })],
  },
  {
    name: 'not: Weather is anything but Raining',
    pattern: `{"detail": {"Weather": [{"anything-but": ["Raining"]}]}}`,
    matches: [withDetail({ Weather: 'Sunny' })],
    misses: [withDetail({ Weather: 'Raining' })],
  },
  {
    name: 'exists / does not exist: ProductName',
    pattern: `{"detail": {"ProductName": [{"exists": true}], "Discount": [{"exists": false}]}}`,
    matches: [withDetail({ ProductName: 'Tea' })],
    misses: [withDetail({ ProductName: 'Tea', Discount: 5 }), withDetail({})],
  },
  {
    name: 'begins with: Region is in the US',
    pattern: `{"detail": {"Region": [{"prefix": "us-"}]}}`,
    matches: [withDetail({ Region: 'us-east-1' })],
    misses: [withDetail({ Region: 'eu-west-1' })],
  },
  {
    name: 'wildcard: any .png file within the folder dir',
    pattern: `{"detail": {"FileName": [{"wildcard": "dir/*.png"}]}}`,
    matches: [withDetail({ FileName: 'dir/image.png' }), withDetail({ FileName: 'dir/sub/image.png' })],
    misses: [withDetail({ FileName: 'other/image.png' }), withDetail({ FileName: 'dir/image.jpg' })],
  },
  {
    name: 'wildcard: an event bus ARN in any account',
    pattern: `{"detail": {"EventBusArn": [{"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"}]}}`,
    matches: [withDetail({ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' })],
    misses: [withDetail({ EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/default' })],
  },
  {
    name: 'wildcard: an escaped asterisk is literal',
    pattern: `{"source": [{"wildcard": "Simple\\\\*Service"}]}`,
    matches: [withField('source', 'Simple*Service')],
    misses: [withField('source', 'SimpleQueueService')],
  },
  {
    name: '$or: source and (metricName or namespace)',
    pattern: `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization", "ReadLatency"]}, {"namespace": ["AWS/EC2", "AWS/ES"]}]}`,
    matches: [
      { ...rulerEvent, source: 'aws.cloudwatch', metricName: 'ReadLatency' },
      { ...rulerEvent, source: 'aws.cloudwatch', namespace: 'AWS/ES' },
    ],
    misses: [
      { ...rulerEvent, source: 'aws.cloudwatch', namespace: 'AWS/S3' },
      { ...rulerEvent, metricName: 'ReadLatency' },
    ],
  },
  {
    name: '$or: numeric alternatives',
    pattern: `{"detail": {"$or": [{"c-count": [{"numeric": [">", 0, "<=", 5]}]}, {"d-count": [{"numeric": ["<", 10]}]}, {"x-limit": [{"numeric": ["=", 3.018e2]}]}]}}`,
    matches: [withDetail({ 'c-count': 100, 'd-count': 100, 'x-limit': 301.8 }), withDetail({ 'd-count': 2 })],
    misses: [withDetail({ 'c-count': 100, 'd-count': 100, 'x-limit': 1 })],
  },
  {
    name: '$or with an and inside, nested',
    pattern: `{"source": ["aws.cloudwatch"], "$or": [{"metricName": ["CPUUtilization"]}, {"metricType": ["MetricType"], "namespace": ["AWS/EC2"], "$or": [{"metricId": [1234]}, {"spaceId": [1000]}]}, {"scope": ["Service"]}]}`,
    matches: [
      { ...rulerEvent, source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 },
      { ...rulerEvent, source: 'aws.cloudwatch', scope: 'Service' },
    ],
    misses: [{ ...rulerEvent, source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1 }],
  },
  {
    name: 'complex example: prefix, anything-but, numeric',
    pattern: `{"time": [{"prefix": "2017-10-02"}], "detail": {"state": [{"anything-but": "initializing"}], "c-count": [{"numeric": [">", 0, "<=", 5]}], "d-count": [{"numeric": ["<", 10]}], "x-limit": [{"anything-but": [100, 200, 300]}]}}`,
    matches: [rulerEvent],
    misses: [withField('time', '2017-10-03T00:00:00Z'), withDetail({ ...rulerEvent.detail, 'x-limit': 300 })],
  },
  {
    name: 'a key given twice: the last one is used',
    pattern: `{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}`,
    matches: [withDetail({ location: 'eu-west' })],
    misses: [withDetail({ location: 'us-east' })],
  },
];

/** Numbers match by their JSON text: 300, 300.0 and 3.0e2 are not equal (events given as JSON text). */
export const NUMBER_TEXT_EXAMPLE = {
  pattern: `{"detail": {"count": [300]}}`,
  matches: [`{"detail": {"count": 300}}`],
  misses: [`{"detail": {"count": 300.0}}`, `{"detail": {"count": 3.0e2}}`],
};
