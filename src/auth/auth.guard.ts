import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppError } from '../common/app-error';
import { RequestContext } from '../common/request-context';
import { AuthService } from './auth.service';
import { AuthenticatedUser, IS_PUBLIC, ROLES } from './decorators';
import { UserRole } from './user.entity';

/**
 * Deny by default: a handler is reachable only if it is marked @Public() or lists the roles allowed
 * with @Roles(...). Applied globally, so a new controller cannot forget it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = match ? await this.auth.authenticate(match[1]) : undefined;
    if (!user) {
      throw new AppError(
        HttpStatus.UNAUTHORIZED,
        'unauthenticated',
        'Log in first: send "Authorization: Bearer <token>" from POST /auth/login.',
      );
    }
    request.user = user;
    const state = RequestContext.current();
    if (state) state.actor = { userId: user.id, role: user.role, email: user.email };

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES, targets);
    if (!roles || !roles.includes(user.role)) {
      throw new AppError(HttpStatus.FORBIDDEN, 'forbidden_role', `Your role (${user.role}) may not do this.`);
    }
    return true;
  }
}
