import { ObjectLiteral, Repository } from 'typeorm';
import { Policy, Viewer } from './visibility';

/** The entity with this id if the viewer may see it (the policy's predicate); otherwise the policy's 404. */
export async function findVisibleRow<T extends ObjectLiteral>(
  repository: Repository<T>,
  policy: Pick<Policy<never>, 'forQueryBuilder' | 'hidden'>,
  viewer: Viewer,
  id: string,
  alias = 'x',
): Promise<T> {
  const row = await repository
    .createQueryBuilder(alias)
    .where(`${alias}.id = :id`, { id })
    .andWhere(...policy.forQueryBuilder(viewer, alias))
    .getOne();
  if (!row) throw policy.hidden(id);
  return row;
}
