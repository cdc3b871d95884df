import { QueueDoesNotExist, SQSServiceException } from '@aws-sdk/client-sqs';
import { serviceError } from '../../../../src/integrations/messaging/service-errors';
import { SQS_ERRORS } from '../../../../src/integrations/messaging/sqs-send-message';

const metadata = { httpStatusCode: 400, requestId: 'req-1' };

describe('serviceError', () => {
  it('names modeled SQS errors <Name>Exception with the query code in the cause', () => {
    const error = Object.assign(
      new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: metadata }),
      {
        Code: 'AWS.SimpleQueueService.NonExistentQueue',
      },
    );
    const states = serviceError(error, SQS_ERRORS);
    expect(states.error).toBe('SQS.QueueDoesNotExistException');
    expect(states.cause).toBe(
      'The specified queue does not exist. (Service: AmazonSQS; Status Code: 400; Error Code: AWS.SimpleQueueService.NonExistentQueue; Request ID: req-1; Proxy: null)',
    );
  });

  it('reports unmodeled errors as SQS.AmazonSQSException and network failures as SdkClientException', () => {
    const unmodeled = new SQSServiceException({
      name: 'MissingParameter',
      $fault: 'client',
      message: 'The request must contain the parameter MessageBody.',
      $metadata: metadata,
    });
    expect(serviceError(unmodeled, SQS_ERRORS)).toMatchObject({
      error: 'SQS.AmazonSQSException',
      cause: expect.stringContaining('Error Code: MissingParameter;') as string,
    });
    expect(serviceError(new Error('connect ECONNREFUSED'), SQS_ERRORS)).toMatchObject({
      error: 'SQS.SdkClientException',
      cause: 'Unable to execute HTTP request: connect ECONNREFUSED',
    });
  });

  it('uses the aws-sdk cause format and renames for S3', () => {
    const error = {
      name: 'NotFound',
      message: 'UnknownError',
      $metadata: { httpStatusCode: 404, requestId: 'r', extendedRequestId: 'x' },
    };
    expect(
      serviceError(error, { prefix: 'S3', service: 'S3', sdkStyle: true, rename: { NotFound: 'NoSuchKey' } }),
    ).toMatchObject({
      error: 'S3.NoSuchKeyException',
      cause: 'NoSuchKey (Service: S3, Status Code: 404, Request ID: r, Extended Request ID: x)',
    });
  });
});
