import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { LegalCase } from '../../cases/case.entity';
import { Page } from '../../common/pagination';
import { SqlParams } from '../candidates/candidate-sql';
import { CaseUrgency, UrgencyRow, toUrgency, urgencySql } from './urgency-sql';

/**
 * A page of the cases `filtered` selects (alias `k`, with the caller's scope and filters), most urgent first:
 * fewest days to the next hearing, deadline or age-out, cases with nothing known last, then the longest
 * waiting. Each item carries its urgency. Used by GET /cases?sort=urgency (the urgent queue).
 */
export async function listCasesByUrgency<V>(
  dataSource: DataSource,
  filtered: SelectQueryBuilder<LegalCase>,
  page: { limit: number; offset: number },
  now: Date,
  toView: (row: LegalCase) => V,
): Promise<Page<V & { urgency: CaseUrgency }>> {
  const total = await filtered.clone().getCount();
  const [filterSql, filterValues] = filtered.clone().select('k.id', 'id').orderBy().getQueryAndParameters();
  const params = new SqlParams(filterValues);
  const urgency = urgencySql(params, now);
  const rows = (await dataSource.query(
    `SELECT k.id, ${urgency.columns}
     FROM cases k
     JOIN (${filterSql}) f ON f.id = k.id
     ${urgency.joins}
     ORDER BY um.days ASC NULLS LAST, k.created_at ASC, k.id ASC
     LIMIT ${params.add(page.limit, 'int')} OFFSET ${params.add(page.offset, 'int')}`,
    params.values,
  )) as (UrgencyRow & { id: string })[];
  const entities = rows.length
    ? await dataSource.getRepository(LegalCase).findBy({ id: In(rows.map((r) => r.id)) })
    : [];
  const byId = new Map(entities.map((e) => [e.id, e]));
  const items = rows.flatMap((row) => {
    const entity = byId.get(row.id);
    return entity ? [{ ...toView(entity), urgency: toUrgency(row) }] : [];
  });
  return { items, total, limit: page.limit, offset: page.offset };
}
