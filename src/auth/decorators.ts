import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { UserRole } from './user.entity';

export const IS_PUBLIC = 'amparo:isPublic';
export const ROLES = 'amparo:roles';

/** No login needed (health, login, public unsubscribe links). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Who may call this handler. A handler with neither @Roles nor @Public is refused for everyone. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);

export interface AuthenticatedUser {
  id: string;
  email: string;
  role: UserRole;
  displayName: string;
  organizationId: string | null;
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
    const request = ctx.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    if (!request.user) throw new Error('CurrentUser used on a route without authentication');
    return request.user;
  },
);
