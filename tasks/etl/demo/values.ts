/**
 * Plausible values for a column from its type and name (currency → ISO codes, email → addresses, …), and the
 * wrong values real feeds send (`N/A` in a number, `31/12/2025` in a date). Values are text, as they are in a
 * CSV; `null` is an empty field.
 */
import type { Random } from './random';

export type Value = string | null;

const LISTS: readonly [RegExp, readonly string[]][] = [
  [/currency/, ['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'BRL']],
  [/country/, ['US', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', 'NL']],
  [/status|stage|decision|result/, ['new', 'active', 'pending', 'approved', 'completed', 'cancelled']],
  [/method/, ['card', 'paypal', 'apple_pay', 'sepa', 'cash']],
  [/platform|device$/, ['ios', 'android', 'web']],
  [/carrier/, ['UPS', 'DHL', 'FedEx', 'USPS']],
  [/priority/, ['low', 'normal', 'high', 'urgent']],
  [/event_type|event_name/, ['created', 'updated', 'opened', 'clicked', 'delivered', 'closed']],
  [/first_name/, ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances']],
  [/last_name/, ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen']],
  [/city/, ['Berlin', 'Paris', 'Austin', 'Osaka', 'Lyon', 'Leeds']],
];

export function plausible(random: Random, column: string, type: string, day: Date): Value {
  if (type === 'BIGINT' || type === 'INTEGER') {
    if (/quantity|items|seats|visitors|pageviews|points|on_hand|reserved|line_no/.test(column))
      return String(random.int(1, 40));
    if (/score|rating/.test(column)) return String(random.int(1, 10));
    if (/rssi/.test(column)) return String(random.int(-110, -30));
    return String(random.int(1, 999_999));
  }
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(type);
  if (decimal) return (random.int(0, 500_000) / 100).toFixed(Number(decimal[2]));
  if (type === 'DOUBLE') {
    if (/latitude/.test(column)) return (random.next() * 180 - 90).toFixed(5);
    if (/longitude/.test(column)) return (random.next() * 360 - 180).toFixed(5);
    return (random.next() * 1000).toFixed(3);
  }
  if (type === 'BOOLEAN') return random.next() < 0.5 ? 'true' : 'false';
  if (type === 'DATE') return isoDate(addDays(day, -random.int(0, 365)));
  if (type === 'TIMESTAMP') return timestamp(new Date(day.getTime() - random.int(0, 30 * 86_400) * 1000));
  for (const [pattern, list] of LISTS) if (pattern.test(column)) return random.pick(list);
  if (/email/.test(column)) return `user${random.int(1, 99_999)}@example.com`;
  if (/url|page|referrer/.test(column)) return `https://shop.example.com/p/${random.int(1, 5000)}`;
  return `${column.replace(/_id$/, '').toUpperCase()}-${random.int(1, 99_999)}`;
}

/** A key value unique per `i` (for the last primary-key column; the others are random). */
export function unique(column: string, type: string, i: number, day: Date): string {
  if (type === 'BIGINT' || type === 'INTEGER') return String(100_000 + i);
  if (type === 'DATE') return isoDate(addDays(day, -i));
  if (type === 'TIMESTAMP') return timestamp(new Date(day.getTime() + i * 60_000));
  const prefix =
    column
      .replace(/_id$/, '')
      .replace(/[^a-z]/g, '')
      .slice(0, 4)
      .toUpperCase() || 'K';
  return `${prefix}-${String(i).padStart(7, '0')}`;
}

/** A value the column's type cannot take: each of these fails TRY_CAST in DuckDB. */
export function mismatch(random: Random, type: string): string {
  if (type === 'BIGINT' || type === 'INTEGER') return random.pick(['N/A', '12abc', 'one', '#REF!']);
  if (type.startsWith('DECIMAL')) return random.pick(['12,50', '$10.00', 'n/a', '1e40']);
  if (type === 'DOUBLE') return random.pick(['n/a', '1,5', '--']);
  if (type === 'BOOLEAN') return random.pick(['maybe', 'unknown']);
  if (type === 'DATE') return random.pick(['2026-02-30', '31/12/2025', 'tomorrow']);
  return random.pick(['2026-13-01 00:00:00', 'yesterday', '1700000000']);
}

export function timestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
