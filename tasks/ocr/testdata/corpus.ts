/**
 * Ground-truth prose for generated test pages: the kinds of text an archive of scanned paperwork holds (letters,
 * invoices, minutes, reports), with digits, punctuation and capitals. ASCII only, so the measured error is OCR's and
 * not a quote-style or ligature mismatch.
 */
export const PARAGRAPHS: readonly string[] = [
  'Dear Ms. Holloway, thank you for your letter of 14 March regarding the renewal of the warehouse lease at 218 Canal Street. We have reviewed the proposed terms and would like to meet before the end of the month to discuss the rent review clause.',
  'Invoice number 2024-0117 lists twelve pallets of galvanised steel brackets at $41.25 each, freight of $186.00 and sales tax of 7.5 percent. The total amount due is $733.91, payable within thirty days of the invoice date.',
  'Minutes of the meeting held on Tuesday, 9 April 1996. Present: J. Arkwright (chair), P. Delgado, M. Okafor and S. Lindqvist. Apologies were received from R. Baptiste. The minutes of the previous meeting were approved without changes.',
  'The inspection found that the north boiler room ventilation was adequate, but two of the six smoke detectors on the third floor did not respond to the test signal. Both units were replaced on site and retested successfully.',
  'Shipping manifest 88-4410: container MSKU 7730215, gross weight 18,240 kg, sealed at the port of Rotterdam and bound for Baltimore. Contents declared as machine parts, spare bearings and lubricating oil in sealed drums.',
  'Please note that our office will be closed from 23 December until 2 January. Orders received during this period will be processed in the order of arrival, and urgent requests may be sent to the emergency address below.',
  'Quarterly report, third quarter. Revenue rose 4.2 percent to 12.8 million, driven by higher volumes in the northern region, while operating costs fell slightly after the consolidation of the two distribution centres.',
  'The applicant, born 17 June 1958 in Leeds, was employed as a machinist from 1976 to 1989 and as a workshop supervisor until 2003. Pension contributions for the years 1981 to 1984 could not be located in the records.',
  'Table 3 shows the results of the water samples taken at stations A through F. Readings at stations C and D exceeded the limit of 0.05 mg per litre on two occasions, both following heavy rainfall in early May.',
  'We regret to inform you that the replacement parts ordered on your behalf are no longer manufactured. A compatible assembly is available from a second supplier at a cost of $1,120, with delivery expected in six weeks.',
  'Policy holder: Margaret E. Lindley. Policy number HL-550-2291-B. The claim for storm damage to the roof and garden wall was assessed on 3 November, and a settlement of 2,450 pounds has been approved for payment.',
  'Agenda item 4: the committee discussed the proposal to extend library opening hours on Saturdays. A trial period of three months was agreed, after which visitor numbers and staffing costs will be reviewed again.',
  'Received with thanks the sum of forty-five dollars and fifty cents in full settlement of account 10772 for the period ending 31 August. This receipt is issued without prejudice to any other claims between the parties.',
  'The engine was serviced at 96,500 miles. The oil and filters were changed, the timing belt was inspected and found serviceable, and the front brake pads were replaced. The next service is due at 105,000 miles.',
  'Course outline: week one covers the history of the printing press; week two, paper making and binding; week three, the rise of the typewriter; and week four, the conversion of office records to microfilm.',
  'Notice is hereby given that the annual general meeting of the Riverside Rowing Club will be held at the boathouse on Friday, 12 October, at 7:30 pm. All members in good standing are entitled to attend and vote.',
];

/** Words of the corpus in order, cycling from `start`: deterministic text of any length for a page. */
export function corpusWords(start: number, count: number): string[] {
  const words = PARAGRAPHS.join(' ').split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(words[(start + i) % words.length]!);
  return out;
}

/** Greedy wrap of `words` into lines of at most `width` characters. */
export function wrapWords(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
