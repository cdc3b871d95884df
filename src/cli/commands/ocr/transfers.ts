/** Transfers in flight at once between the command and the endpoint: enough to hide a request's latency, few enough
 * not to take the cores from the OCR workers that share the machine. */
export const TRANSFERS_IN_FLIGHT = 8;
