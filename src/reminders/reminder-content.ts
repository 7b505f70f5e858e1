import type { RecipientRole } from './planning';
import {
  renderCounselDeadlineReminder,
  renderCounselHearingReminder,
  renderFamilyDeadlineReminder,
  renderFamilyHearingReminder,
  type HearingLocation,
  type RenderedMessage,
} from './templates';

/** Everything a reminder message is made of, read at send time (the current hearing, not the planned one). */
export interface SendContext {
  reminderId: string;
  subjectKind: 'hearing' | 'deadline';
  caseId: string;
  recipientRole: RecipientRole;
  recipientZone: string;
  language: string;
  childFirstName: string;
  childLastName: string;
  caseCourtName: string | null;
  hearing?: {
    startsAt: Date;
    zone: string;
    type: string;
    courtName: string | null;
    remote: boolean;
    remoteLink: string | null;
    remoteInstructions: string | null;
    locationName: string | null;
    locationAddress: string | null;
    locationCity: string | null;
    locationState: string | null;
  };
  deadline?: { ruleId: string; title: string; dueDate: string; zone: string };
}

export const CHANGE_OF_ADDRESS_RULE = 'eoir33_change_of_address';

/** A short reference counsel can quote, e.g. "AMP-1A2B3C4D". */
export function caseReference(caseId: string): string {
  return `AMP-${caseId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

function location(h: NonNullable<SendContext['hearing']>): HearingLocation {
  if (h.remote) {
    return {
      kind: 'remote',
      instructions: h.remoteInstructions ?? '',
      joinUrl: h.remoteLink ?? undefined,
    };
  }
  const place = [h.locationCity, h.locationState].filter(Boolean).join(', ');
  return {
    kind: 'in_person',
    courtName: h.locationName ?? 'Immigration court',
    address: h.locationAddress ?? (place || 'see the hearing notice'),
  };
}

/**
 * Families get who, what, when (court time with its zone, and theirs when it differs), where and that the child
 * must attend — nothing else about the case. Counsel get the case details and a link to it.
 */
export function renderReminder(
  ctx: SendContext,
  links: { stopUrl: string; caseUrl: string },
  now: Date,
): RenderedMessage {
  const family = ctx.recipientRole === 'child' || ctx.recipientRole === 'sponsor';
  const audience = ctx.recipientRole === 'child' ? 'child' : 'sponsor';
  const childName = `${ctx.childFirstName} ${ctx.childLastName}`.trim();
  if (ctx.subjectKind === 'hearing') {
    const h = ctx.hearing;
    if (!h) throw new Error(`reminder ${ctx.reminderId}: its hearing is gone`);
    const timing = { startsAt: h.startsAt, courtZone: h.zone, recipientZone: ctx.recipientZone, now };
    if (family) {
      return renderFamilyHearingReminder({
        ...timing,
        language: ctx.language,
        audience,
        childFirstName: ctx.childFirstName,
        location: location(h),
        stopUrl: links.stopUrl,
      });
    }
    return renderCounselHearingReminder({
      ...timing,
      language: ctx.language,
      childName,
      courtName: h.courtName ?? h.locationName ?? 'Immigration court',
      hearingType: h.type,
      caseReference: caseReference(ctx.caseId),
      caseUrl: links.caseUrl,
      location: location(h),
      stopUrl: links.stopUrl,
    });
  }
  const d = ctx.deadline;
  if (!d) throw new Error(`reminder ${ctx.reminderId}: its deadline is gone`);
  if (family) {
    return renderFamilyDeadlineReminder({
      language: ctx.language,
      audience,
      childFirstName: ctx.childFirstName,
      topic: d.ruleId === CHANGE_OF_ADDRESS_RULE ? 'change_of_address' : 'general',
      dueDate: d.dueDate,
      courtZone: d.zone,
      stopUrl: links.stopUrl,
    });
  }
  return renderCounselDeadlineReminder({
    language: ctx.language,
    childName,
    ruleTitle: d.title,
    dueDate: d.dueDate,
    courtZone: d.zone,
    courtName: ctx.caseCourtName ?? 'Immigration court',
    caseReference: caseReference(ctx.caseId),
    caseUrl: links.caseUrl,
    stopUrl: links.stopUrl,
  });
}
