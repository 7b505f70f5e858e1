import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';

export const TASK_KINDS = ['call_needed', 'family_stopped', 'family_unreachable', 'delivery_failed'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export class TaskQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: [...TASK_STATUSES, 'all'], default: 'open' })
  @IsOptional()
  @IsIn([...TASK_STATUSES, 'all'])
  status?: TaskStatus | 'all';

  @ApiPropertyOptional({ enum: TASK_KINDS }) @IsOptional() @IsIn(TASK_KINDS) kind?: TaskKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() caseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: only this organization' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class UpdateTaskDto {
  @ApiProperty({ enum: TASK_STATUSES, description: '`done` when handled; `open` to reopen' })
  @IsIn(TASK_STATUSES)
  status!: TaskStatus;

  @ApiPropertyOptional({ description: 'What was done, e.g. "Called the sponsor; they will attend"' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export interface TaskView {
  id: string;
  organizationId: string;
  caseId: string | null;
  kind: TaskKind;
  status: TaskStatus;
  title: string;
  subjectKind: 'hearing' | 'deadline' | null;
  subjectId: string | null;
  recipientRole: string | null;
  details: Record<string, unknown>;
  note: string | null;
  doneAt: Date | null;
  doneBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}
