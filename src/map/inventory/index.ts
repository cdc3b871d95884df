/** Writing S3 Inventory reports (`fanout inventory`): the input a Distributed Map's MANIFEST reader takes. */
export { INVENTORY_FILE_SCHEMA, encodeInventoryKey, inventoryRow } from './inventory-csv';
export type { InventoryDataFile, InventoryLocation, InventoryManifestJson } from './inventory-layout';
export { inventoryLocation } from './inventory-layout';
export type { InventoryOptions, InventoryReport } from './write-inventory';
export { DEFAULT_ROWS_PER_FILE, writeInventory } from './write-inventory';
