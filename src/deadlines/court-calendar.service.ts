import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../auth/decorators';
import { badRequest, conflict, notFound } from '../common/app-error';
import { isCalendarDate } from '../time';
import { CourtsService } from '../courts/courts.service';
import { CourtClosure } from './court-closure.entity';
import { CourtDeadlineSettings } from './court-deadline-settings.entity';
import { CreateClosureDto, DeadlineSettingsDto } from './deadlines.dto';
import { CourtClosureView, DeadlineSettingsView } from './deadlines.views';
import { DEFAULT_PRE_HEARING_FILING_DAYS } from './engine';
import { DeadlinesService } from './deadlines.service';

/**
 * A court's deadline calendar: its closure days (not business days) and its filing-day settings. Every change
 * recomputes the deadlines of the court's cases in the same transaction.
 */
@Injectable()
export class CourtCalendarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly courts: CourtsService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
  ) {}

  async listClosures(code: string): Promise<CourtClosureView[]> {
    const court = await this.courts.getCourt(code);
    const rows = await this.dataSource
      .getRepository(CourtClosure)
      .find({ where: { courtCode: court.code }, order: { closedOn: 'ASC' } });
    return rows.map(closureView);
  }

  async addClosure(
    user: AuthenticatedUser,
    code: string,
    input: CreateClosureDto,
  ): Promise<CourtClosureView> {
    const court = await this.courts.getCourt(code);
    if (!isCalendarDate(input.date)) {
      throw badRequest('invalid_date', `date: ${input.date} is not a date on the calendar.`, [
        { field: 'date', message: 'not a real date' },
      ]);
    }
    const id = await this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(CourtClosure, { courtCode: court.code, closedOn: input.date })) {
        throw conflict('closure_exists', `${court.code} is already recorded as closed on ${input.date}.`);
      }
      const row = await manager.save(
        manager.create(CourtClosure, {
          courtCode: court.code,
          closedOn: input.date,
          reason: input.reason,
          createdBy: user.id,
        }),
      );
      const cases = await this.deadlines.recomputeCourt(manager, court.code, `court closed on ${input.date}`);
      await this.audit.record(
        {
          action: 'court.closure_add',
          entityType: 'court',
          entityId: court.code,
          details: { court: court.code, date: input.date, casesRecomputed: cases },
        },
        manager,
      );
      return row.id;
    });
    return closureView(await this.dataSource.getRepository(CourtClosure).findOneByOrFail({ id }));
  }

  async removeClosure(code: string, date: string): Promise<void> {
    const court = await this.courts.getCourt(code);
    await this.dataSource.transaction(async (manager) => {
      const row = isCalendarDate(date)
        ? await manager.findOneBy(CourtClosure, { courtCode: court.code, closedOn: date })
        : null;
      if (!row) throw notFound('closure_not_found', `${court.code} has no closure recorded on ${date}.`);
      await manager.delete(CourtClosure, { id: row.id });
      const cases = await this.deadlines.recomputeCourt(manager, court.code, `closure of ${date} removed`);
      await this.audit.record(
        {
          action: 'court.closure_remove',
          entityType: 'court',
          entityId: court.code,
          details: { court: court.code, date, casesRecomputed: cases },
        },
        manager,
      );
    });
  }

  async getSettings(code: string): Promise<DeadlineSettingsView> {
    const court = await this.courts.getCourt(code);
    const row = await this.dataSource
      .getRepository(CourtDeadlineSettings)
      .findOneBy({ courtCode: court.code });
    return settingsView(court.code, row);
  }

  async putSettings(
    user: AuthenticatedUser,
    code: string,
    input: DeadlineSettingsDto,
  ): Promise<DeadlineSettingsView> {
    const court = await this.courts.getCourt(code);
    await this.dataSource.transaction(async (manager) => {
      await manager.upsert(
        CourtDeadlineSettings,
        {
          courtCode: court.code,
          masterHearingFilingDays: input.masterHearingFilingDays,
          individualHearingFilingDays: input.individualHearingFilingDays,
          note: input.note ?? null,
          updatedBy: user.id,
        },
        ['courtCode'],
      );
      const cases = await this.deadlines.recomputeCourt(
        manager,
        court.code,
        'court deadline settings changed',
      );
      await this.audit.record(
        {
          action: 'court.deadline_settings',
          entityType: 'court',
          entityId: court.code,
          details: { court: court.code, ...input, casesRecomputed: cases },
        },
        manager,
      );
    });
    return this.getSettings(court.code);
  }
}

function closureView(row: CourtClosure): CourtClosureView {
  return {
    id: row.id,
    courtCode: row.courtCode,
    date: row.closedOn,
    reason: row.reason,
    createdAt: row.createdAt,
  };
}

function settingsView(courtCode: string, row: CourtDeadlineSettings | null): DeadlineSettingsView {
  return {
    courtCode,
    masterHearingFilingDays: row?.masterHearingFilingDays ?? DEFAULT_PRE_HEARING_FILING_DAYS,
    individualHearingFilingDays: row?.individualHearingFilingDays ?? DEFAULT_PRE_HEARING_FILING_DAYS,
    note: row?.note ?? null,
    configured: row !== null,
  };
}
