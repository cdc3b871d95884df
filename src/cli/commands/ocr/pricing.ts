/**
 * The Fargate prices and OCR task size behind every OCR cost estimate, read from `workflows/fargate-price.json`
 * (the one copy: bench/ocr reads it too) and handed to bulk-ocr as `${Name}` substitutions, the way infra/ fills
 * them on AWS.
 */
import { join } from 'node:path';
import type { Substitutions } from '../../../integrations';
import { readTextFile } from '../../files';
import { inputError } from '../../errors';

export interface FargatePrice {
  region: string;
  /** When the prices were checked (YYYY-MM). */
  date: string;
  source: string;
  spot: { vcpuHour: number; gbHour: number };
  onDemand: { vcpuHour: number; gbHour: number };
  /** The task size the estimate assumes. */
  ocrTask: { vcpu: number; gb: number };
}

export const PRICE_FILE = join('workflows', 'fargate-price.json');

export function loadFargatePrice(root: string): FargatePrice {
  const path = join(root, PRICE_FILE);
  const raw = JSON.parse(readTextFile(path, 'price file')) as Partial<FargatePrice>;
  const numbers = [raw.spot?.vcpuHour, raw.spot?.gbHour, raw.onDemand?.vcpuHour, raw.onDemand?.gbHour];
  const task = [raw.ocrTask?.vcpu, raw.ocrTask?.gb];
  if (
    ![...numbers, ...task].every((n) => typeof n === 'number' && n > 0) ||
    typeof raw.date !== 'string' ||
    typeof raw.source !== 'string'
  ) {
    throw inputError(`${path}: needs date, source, spot/onDemand {vcpuHour, gbHour} and ocrTask {vcpu, gb}`);
  }
  return raw as FargatePrice;
}

/** The workflow's price placeholders. Text goes inside JSON and JSONata strings, so quotes are refused. */
export function priceSubstitutions(price: FargatePrice): Substitutions {
  for (const text of [price.date, price.source]) {
    if (/["'\\{}]/.test(text)) throw inputError(`${PRICE_FILE}: date and source may not hold quotes or braces`);
  }
  return {
    FargateSpotVcpuHour: String(price.spot.vcpuHour),
    FargateSpotGbHour: String(price.spot.gbHour),
    FargateVcpuHour: String(price.onDemand.vcpuHour),
    FargateGbHour: String(price.onDemand.gbHour),
    FargatePriceDate: price.date,
    FargatePriceSource: price.source,
    OcrTaskVcpu: String(price.ocrTask.vcpu),
    OcrTaskMemoryGb: String(price.ocrTask.gb),
  };
}
