import { civilFromDays, SECONDS_PER_DAY } from './civil';

/**
 * Formats epoch milliseconds as the context object shows timestamps ($$.Execution.StartTime,
 * $$.State.EnteredTime): ISO-8601 UTC like java.time's Instant.toString, so the fraction is dropped when
 * the milliseconds are zero and otherwise printed as three digits ("2024-03-06T10:29:14.120Z").
 */
export function formatTimestamp(epochMs: number): string {
  const ms = Math.floor(epochMs);
  const days = Math.floor(ms / (SECONDS_PER_DAY * 1000));
  const msOfDay = ms - days * SECONDS_PER_DAY * 1000;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(msOfDay / 3_600_000);
  const minute = Math.floor(msOfDay / 60_000) % 60;
  const second = Math.floor(msOfDay / 1000) % 60;
  const millis = msOfDay % 1000;
  const fraction = millis === 0 ? '' : `.${pad(millis, 3)}`;
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}Z`;
}

/** ISO-8601 years outside 0000–9999 carry a sign, as java.time prints them. */
function formatYear(year: number): string {
  if (year < 0) return `-${pad(-year, 4)}`;
  return year > 9999 ? `+${year}` : pad(year, 4);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
