import type { Json } from '../../engine';

/** One item as the Map Run sees it: its value and where it came from. */
export interface ReadItem {
  value: Json;
  /** `$$.Map.Item.Source`: "S3://bucket" for listObjectsV2 without a transformation, else "S3://bucket/key". */
  source: string;
  /** `$$.Map.Item.Key`: only when iterating over a JSON object's members. */
  key?: string;
}

export function itemSource(bucket: string, key?: string): string {
  return key === undefined ? `S3://${bucket}` : `S3://${bucket}/${key}`;
}
