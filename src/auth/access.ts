import { AuthenticatedUser } from './decorators';
import { notFound } from '../common/app-error';

/**
 * The organization a coordinator acts for, or the one an admin names. Other organizations' records are
 * answered with 404, not 403, so their existence does not leak.
 */
export function actingOrganization(user: AuthenticatedUser, requested: string | undefined): string {
  if (user.role === 'admin') {
    if (!requested) throw notFound('organization_required', 'As an admin, say which organization: give organizationId.');
    return requested;
  }
  if (user.role === 'coordinator' && user.organizationId) {
    if (requested && requested !== user.organizationId) {
      throw notFound('organization_not_found', `No organization ${requested} is visible to you.`);
    }
    return user.organizationId;
  }
  throw notFound('organization_not_found', 'You do not act for an organization.');
}
