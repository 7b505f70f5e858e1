import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AttorneysService } from '../../attorneys/attorneys.service';
import { AuthenticatedUser } from '../../auth/decorators';
import { positional, seesEveryOrganization, visibility } from '../../auth/visibility';
import { CaseHandoff } from '../../cases/case.entity';
import { openHandoff } from '../../cases/handoff';
import { Clock } from '../../clock/clock';
import { notFound } from '../../common/app-error';
import { Page } from '../../common/pagination';
import { rowsOf, typeormDb } from '../../database/sql';
import { FieldCipher } from '../../privacy/field-cipher';
import { CaseFacts, loadCaseFacts } from '../candidates/case-facts';
import { OfferRow, loadOffer, selectOffers } from './offer-row';
import { ExplanationView, OfferCaseSummaryView, OfferView } from './offer-views';
import { OfferQueryDto } from './offers.dto';

/** Reading offers: one, a page, and the views (an attorney sees less than a coordinator). */
@Injectable()
export class OfferReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly attorneys: AttorneysService,
    private readonly clock: Clock,
    private readonly cipher: FieldCipher,
  ) {}

  async get(user: AuthenticatedUser, offerId: string): Promise<OfferView> {
    const row = await this.findVisible(user, offerId);
    const [view] = await this.views([row], user.role === 'attorney');
    return view;
  }

  async list(user: AuthenticatedUser, query: OfferQueryDto): Promise<Page<OfferView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    // Attorneys without a profile answer attorney_profile_missing (404), not an empty list.
    if (user.role === 'attorney') await this.attorneys.ownId(user);
    where.push(visibility.offer.where(user, 'o', positional(params)));
    if (user.role !== 'attorney' && query.attorneyId) add('o.attorney_id = ?', query.attorneyId);
    if (seesEveryOrganization(user) && query.organizationId) add('o.organization_id = ?', query.organizationId);
    if (query.caseId) add('o.case_id = ?', query.caseId);
    if (query.status) add('o.status = ?', query.status);
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = rowsOf<{ total: number }>(
      await this.dataSource.query(`SELECT count(*)::int AS total FROM offers o ${filter}`, params),
    );
    const rows = await selectOffers(
      this.dataSource.manager,
      `${filter} ORDER BY o.created_at DESC, o.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    return {
      items: await this.views(rows, user.role === 'attorney'),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Others' offers answer 404 (no leak). */
  async findVisible(user: AuthenticatedUser, offerId: string): Promise<OfferRow> {
    const row = await this.load(offerId);
    visibility.offer.check(user, row && offerFacts(row), offerId);
    return row!;
  }

  /** An offer made to this attorney (for their answer). */
  async findOwn(attorneyId: string, offerId: string): Promise<OfferRow> {
    const row = await this.load(offerId);
    if (!row || row.attorneyId !== attorneyId)
      throw notFound('offer_not_found', `No offer ${offerId} is yours.`);
    return row;
  }

  load(offerId: string): Promise<OfferRow | undefined> {
    return loadOffer(this.dataSource.manager, offerId);
  }

  /** Views with the case summary as of now; an attorney sees the case id only once they accepted. */
  async views(rows: readonly OfferRow[], forAttorney: boolean): Promise<OfferView[]> {
    const facts = await loadCaseFacts(
      typeormDb(this.dataSource),
      [...new Set(rows.map((r) => r.caseId))],
      this.clock.now(),
    );
    const byCase = new Map(facts.map((f) => [f.caseId, f]));
    return rows.map((r) => {
      const caseFacts = byCase.get(r.caseId);
      if (!caseFacts) throw new Error(`case ${r.caseId} of offer ${r.id} not found`);
      const showCase = !forAttorney || r.status === 'accepted';
      return {
        id: r.id,
        status: r.status,
        source: r.source,
        ...(showCase ? { caseId: r.caseId } : {}),
        ...(forAttorney ? {} : { organizationId: r.organizationId }),
        withdrawReason: r.withdrawReason,
        attorney: { id: r.attorneyId, displayName: r.attorneyName },
        case: caseSummary(caseFacts, openHandoff(this.cipher, caseFacts.handoffEnc)),
        explanation: forAttorney ? coarsened(r.explanation) : r.explanation,
        expiresAt: r.expiresAt,
        declineReason: r.declineReason,
        respondedAt: r.respondedAt,
        endedAt: r.endedAt,
        ...(forAttorney ? {} : { planId: r.planId, previousOfferId: r.previousOfferId }),
        createdAt: r.createdAt,
      };
    });
  }
}

/**
 * The explanation as an attorney sees it: whole miles and points to one decimal. Exact distance points would
 * give away the exact distance from the attorney's office to the child's home.
 */
function coarsened(e: ExplanationView): ExplanationView {
  const tenth = (n: number) => Math.round(n * 10) / 10;
  return {
    ...e,
    score: tenth(e.score),
    distanceMiles: e.distanceMiles === null ? null : Math.round(e.distanceMiles),
    factors: e.factors.map((x) => ({ ...x, points: tenth(x.points) })),
  };
}

/** The de-identified summary an attorney sees before accepting. */
export function caseSummary(facts: CaseFacts, handoff: CaseHandoff): OfferCaseSummaryView {
  return {
    caseType: facts.caseType,
    age: facts.childAge,
    languages: {
      primary: facts.childPrimaryLanguage,
      others: facts.childOtherLanguages,
      sponsor: facts.sponsorLanguage,
    },
    county: facts.childCounty,
    state: facts.childState,
    court: facts.court
      ? { code: facts.court.code, name: facts.court.name, city: facts.court.city, state: facts.court.state }
      : null,
    nextHearingDate: facts.nextHearingDate,
    flags: handoff.safetyFlags ?? [],
  };
}

/** What the offer policy decides on: the offer's organization and the user of the attorney it was made to. */
function offerFacts(row: OfferRow): { organizationId: string; attorneyUserId: string } {
  return { organizationId: row.organizationId, attorneyUserId: row.attorneyUserId };
}
