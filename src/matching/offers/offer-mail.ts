import { localDateOf } from '../../time';
import { CASE_TYPE_LABELS } from '../scoring/score-candidate';
import { AttorneyMailKind } from './offer-jobs';
import { OfferCaseSummaryView, OfferView } from './offer-views';

export interface MailText {
  subject: string;
  text: string;
}

function languageLine(summary: OfferCaseSummaryView, names: ReadonlyMap<string, string>): string {
  const name = (code: string) => names.get(code) ?? code;
  const parts = [`${name(summary.languages.primary)} (primary)`, ...summary.languages.others.map(name)];
  if (summary.languages.sponsor && summary.languages.sponsor !== summary.languages.primary) {
    parts.push(`sponsor: ${name(summary.languages.sponsor)}`);
  }
  return parts.join(', ');
}

function place(summary: OfferCaseSummaryView): string {
  return [summary.county, summary.state].filter((p): p is string => !!p).join(', ') || 'place not recorded';
}

/** The de-identified summary, one fact a line (the same fields the attorney's offer view shows). */
export function summaryLines(summary: OfferCaseSummaryView, names: ReadonlyMap<string, string>): string[] {
  return [
    `Case type: ${CASE_TYPE_LABELS[summary.caseType]}`,
    `Child's age: ${summary.age}`,
    `Languages: ${languageLine(summary, names)}`,
    `Where: ${place(summary)}`,
    `Court: ${summary.court ? `${summary.court.name} (${summary.court.code})` : 'not yet known'}`,
    `Next hearing: ${summary.nextHearingDate ?? 'none scheduled'}`,
    ...(summary.flags.length ? [`Flags: ${summary.flags.join(', ')}`] : []),
  ];
}

/** To the attorney: a new offer (de-identified) or an offer withdrawn. */
export function attorneyMail(
  offer: OfferView,
  about: AttorneyMailKind,
  baseUrl: string,
  names: ReadonlyMap<string, string>,
): MailText {
  const label = CASE_TYPE_LABELS[offer.case.caseType];
  if (about === 'withdrawn') {
    return {
      subject: `Offer withdrawn: ${label} case, age ${offer.case.age}`,
      text: [
        `The ${label} case offered to you on ${localDateOf(offer.createdAt, 'UTC')} is no longer available` +
          (offer.withdrawReason ? ` (${offer.withdrawReason}).` : '.'),
        '',
        'Thank you for considering it.',
      ].join('\n'),
    };
  }
  return {
    subject: `New case offer: ${label}, age ${offer.case.age}, ${place(offer.case)}`,
    text: [
      `A legal services program would like to refer a case to you. Until you accept, you see only this summary:`,
      '',
      ...summaryLines(offer.case, names),
      '',
      `Why you: ${offer.explanation.summary}`,
      `Please answer by ${offer.expiresAt.toISOString()}; after that the offer lapses and may go to another attorney.`,
      '',
      `Accept: POST ${baseUrl}/offers/${offer.id}/accept`,
      `Decline (with a reason): POST ${baseUrl}/offers/${offer.id}/decline`,
      `Details: GET ${baseUrl}/offers/${offer.id}`,
    ].join('\n'),
  };
}

/** To the organization's coordinators: the attorney's answer (or the offer lapsing). */
export function coordinatorMail(offer: OfferView, baseUrl: string): MailText {
  const caseRef = offer.caseId ?? '';
  const who = offer.attorney.displayName;
  const outcome =
    offer.status === 'accepted'
      ? `${who} accepted the offer. The case is now represented.`
      : offer.status === 'declined'
        ? `${who} declined the offer: "${offer.declineReason ?? ''}".`
        : `The offer to ${who} expired without an answer.`;
  return {
    subject: `Offer ${offer.status}: ${CASE_TYPE_LABELS[offer.case.caseType]} case ${caseRef.slice(0, 8)}`,
    text: [
      outcome,
      ...(offer.status === 'accepted'
        ? []
        : ['', 'The case is back in the queue unless it was offered to the next candidate.']),
      '',
      `Case: ${baseUrl}/cases/${caseRef}`,
      `Offer: ${baseUrl}/offers/${offer.id}`,
    ].join('\n'),
  };
}
