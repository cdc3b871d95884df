/**
 * Storage: the buckets the workloads read and write. Every bucket is encrypted (SSE-S3: no KMS request charge on
 * millions of small objects), blocks public access, refuses plain HTTP and logs access to one log bucket.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * CDK's L2 classes are not assignable to their own interfaces under the root tsconfig's exactOptionalPropertyTypes
 * (optional members typed without `| undefined`), so each construct is published as its interface, cast once here.
 */
const asBucket = (bucket: s3.Bucket): s3.IBucket => bucket as s3.IBucket;

/** Where the daily inventory of the documents bucket lands: `s3://<inventory>/<prefix>/<documents>/<id>/…`. */
export const DOCUMENTS_INVENTORY_ID = 'documents-daily';
export const DOCUMENTS_INVENTORY_PREFIX = 'inventory';

export class Storage extends Construct {
  /** Server access logs of every other bucket, and the VPC flow logs. */
  readonly accessLogs: s3.IBucket;
  /** The scanned documents bulk-ocr reads (never written by the workflows). */
  readonly documents: s3.IBucket;
  /** The daily S3 Inventory of `documents`: the item source of bulk-ocr's Distributed Map. */
  readonly inventory: s3.IBucket;
  /** OCR outputs (`<key>.txt`, `<key>.json`) and Map Run result files. */
  readonly results: s3.IBucket;
  /** Where the 50 ETL sources drop their nightly files (`ETL_RAW_BUCKET`). */
  readonly raw: s3.IBucket;
  /** The lake and the warehouse: Parquet partitions, quarantine, watermarks, metrics, warehouse.duckdb, reports. */
  readonly lake: s3.IBucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...secure(),
      // Server access log delivery writes with the bucket-owner-enforced ownership model.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging its own access would log the log writes forever.',
    });
    this.accessLogs = asBucket(accessLogs);

    const logged = (prefix: string): Pick<s3.BucketProps, 'serverAccessLogsBucket' | 'serverAccessLogsPrefix'> => ({
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: `${prefix}/`,
    });

    this.inventory = bucket(this, 'Inventory', {
      ...secure(),
      ...logged('inventory'),
      // A bulk-ocr run reads the newest report; a week of older ones is enough to re-run a recent day.
      lifecycleRules: [{ id: 'expire-old-inventories', expiration: Duration.days(14) }, abortUploads()],
    });

    this.documents = bucket(this, 'Documents', {
      ...secure(),
      ...logged('documents'),
      lifecycleRules: [abortUploads()],
      inventories: [
        {
          inventoryId: DOCUMENTS_INVENTORY_ID,
          destination: { bucket: this.inventory, prefix: DOCUMENTS_INVENTORY_PREFIX },
          frequency: s3.InventoryFrequency.DAILY,
          format: s3.InventoryFormat.CSV,
          includeObjectVersions: s3.InventoryObjectVersion.CURRENT,
          // ETag and Size let the OCR task skip finished documents and refuse oversized ones without a request.
          optionalFields: ['Size', 'ETag', 'LastModifiedDate'],
        },
      ],
    });

    this.results = bucket(this, 'Results', {
      ...secure(),
      ...logged('results'),
      lifecycleRules: [
        // OCR text is read rarely after a run; Intelligent-Tiering moves it to cheaper tiers without retrieval fees.
        {
          id: 'tier-results',
          transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) }],
        },
        abortUploads(),
      ],
    });

    this.raw = bucket(this, 'Raw', {
      ...secure(),
      ...logged('raw'),
      // Raw feeds are re-readable for a quarter (backfills, re-runs of a night); the lake keeps the typed rows.
      lifecycleRules: [{ id: 'expire-raw', expiration: Duration.days(90) }, abortUploads()],
    });

    this.lake = bucket(this, 'Lake', {
      ...secure(),
      ...logged('lake'),
      lifecycleRules: [
        // Quarantined rows are for diagnosis, not history.
        { id: 'expire-quarantine', prefix: 'quarantine/', expiration: Duration.days(90) },
        abortUploads(),
      ],
    });
  }
}

function bucket(scope: Construct, id: string, props: s3.BucketProps): s3.IBucket {
  return asBucket(new s3.Bucket(scope, id, props));
}

function secure(): Pick<s3.BucketProps, 'encryption' | 'blockPublicAccess' | 'enforceSSL'> {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
  };
}

/** A Spot-interrupted task can leave a multipart upload behind; its parts are billed until aborted. */
function abortUploads(): s3.LifecycleRule {
  return { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) };
}

/** What grantObjects gave each grantee, so nag.ts can acknowledge exactly those key patterns. */
const OBJECT_GRANTS = new WeakMap<iam.IGrantable, { bucket: s3.IBucket; keys: string }[]>();

export function objectGrantsOf(grantee: iam.IGrantable): readonly { bucket: s3.IBucket; keys: string }[] {
  return OBJECT_GRANTS.get(grantee) ?? [];
}

export interface ObjectAccess {
  /** s3:GetObject (HEAD included) on the keys. */
  readonly read?: boolean;
  /** s3:ListBucket on the bucket. */
  readonly list?: boolean;
  /** s3:PutObject and the multipart calls a large upload needs. */
  readonly write?: boolean;
  /** s3:DeleteObject on the keys. */
  readonly delete?: boolean;
}

/**
 * Grants named S3 actions on a bucket's keys — not CDK's `grantRead`/`grantReadWrite`, whose `s3:GetObject*`,
 * `s3:List*`, `s3:GetBucket*` and `s3:DeleteObject*` reach object ACLs, tags and versions no task needs.
 */
export function grantObjects(grantee: iam.IGrantable, bucket: s3.IBucket, access: ObjectAccess, keys = '*'): void {
  const grants = OBJECT_GRANTS.get(grantee) ?? [];
  grants.push({ bucket, keys });
  OBJECT_GRANTS.set(grantee, grants);
  const objectActions = [
    ...(access.read === true ? ['s3:GetObject'] : []),
    ...(access.write === true ? ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] : []),
    ...(access.delete === true ? ['s3:DeleteObject'] : []),
  ];
  if (objectActions.length > 0) {
    iam.Grant.addToPrincipal({ grantee, actions: objectActions, resourceArns: [bucket.arnForObjects(keys)] });
  }
  if (access.list === true) {
    iam.Grant.addToPrincipal({ grantee, actions: ['s3:ListBucket'], resourceArns: [bucket.bucketArn] });
  }
}
