/** Where an S3 Inventory report's files go, and its manifest (spec §3, storage-inventory-location). */
export interface InventoryDataFile {
  key: string;
  size: number;
  MD5checksum: string;
}

export interface InventoryManifestJson {
  sourceBucket: string;
  destinationBucket: string;
  version: string;
  creationTimestamp: string;
  fileFormat: 'CSV';
  fileSchema: string;
  files: InventoryDataFile[];
}

export interface InventoryLocation {
  destinationBucket: string;
  /** `<destPrefix>/<sourceBucket>/<configId>/`, or without the prefix when it is empty. */
  base: string;
  /** `YYYY-MM-DDTHH-MMZ`: the report's folder name. */
  stamp: string;
}

export function inventoryLocation(
  destinationBucket: string,
  destinationPrefix: string,
  sourceBucket: string,
  configId: string,
  now: Date,
): InventoryLocation {
  const prefix = destinationPrefix.replace(/^\/+|\/+$/g, '');
  const base = `${prefix === '' ? '' : `${prefix}/`}${sourceBucket}/${configId}/`;
  // 2024-01-02T03:04:05.678Z → 2024-01-02T03-04Z
  const stamp = `${now.toISOString().slice(0, 13)}-${now.toISOString().slice(14, 16)}Z`;
  return { destinationBucket, base, stamp };
}

export const manifestKey = (l: InventoryLocation): string => `${l.base}${l.stamp}/manifest.json`;
export const checksumKey = (l: InventoryLocation): string => `${l.base}${l.stamp}/manifest.checksum`;
export const symlinkKey = (l: InventoryLocation): string =>
  `${l.base}hive/dt=${l.stamp.slice(0, 10)}-${l.stamp.slice(11, 16)}/symlink.txt`;
export const dataKey = (l: InventoryLocation, name: string): string => `${l.base}data/${name}.csv.gz`;
