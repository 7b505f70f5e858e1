import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { RECIPIENT_ROLES, type RecipientRole } from './planning';

export const REMINDER_STATUSES = ['scheduled', 'sent', 'failed', 'cancelled', 'skipped'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

export class ReminderQueryDto extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Reminders of this case (required for attorneys)' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Reminders about this hearing or deadline' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @ApiPropertyOptional({ enum: REMINDER_STATUSES })
  @IsOptional()
  @IsIn(REMINDER_STATUSES)
  status?: ReminderStatus;

  @ApiPropertyOptional({ enum: RECIPIENT_ROLES })
  @IsOptional()
  @IsIn(RECIPIENT_ROLES)
  recipientRole?: RecipientRole;
}

export interface ReminderView {
  id: string;
  caseId: string;
  subjectKind: 'hearing' | 'deadline';
  subjectId: string;
  /** 'v3' for the third version of a hearing; '<due>-<remindBy>' for a deadline. */
  subjectVersion: string;
  recipientRole: RecipientRole;
  recipientKey: string;
  recipientTimeZone: string;
  channel: 'email' | 'sms';
  language: string;
  templateLanguage: string;
  callNeeded: boolean;
  offsetKey: string;
  catchUp: boolean;
  /** The send window: from startAt (up to REMINDER_SEND_AHEAD early) to sendAt at the latest. */
  startAt: Date;
  sendAt: Date;
  dueAt: Date;
  status: ReminderStatus;
  statusReason: string | null;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryView {
  id: string;
  subjectVersion: string;
  channel: string;
  status: string;
  attempt: number;
  claimedAt: Date;
  finishedAt: Date | null;
  providerMessageId: string | null;
  error: string | null;
}

export interface ReminderDetailView extends ReminderView {
  deliveries: DeliveryView[];
}
