import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../common/app-error';
import { AuthService } from './auth.service';
import { AuthenticatedUser, CurrentUser, Public, Roles } from './decorators';
import { LoginDto, LoginResponseDto, UserDto } from './dto';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @UseGuards(LoginThrottlerGuard)
  @ApiOperation({ summary: 'Exchange e-mail and password for a short-lived bearer token' })
  login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto> {
    const address = req.ip ?? 'unknown';
    const wait = this.auth.loginRetryAfter(address);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new AppError(
        HttpStatus.TOO_MANY_REQUESTS,
        'rate_limited',
        'Too many failed logins from your address. Wait a minute and try again.',
      );
    }
    return this.auth.login(body.email, body.password, address);
  }

  @Post('logout')
  @HttpCode(204)
  @Roles('admin', 'coordinator', 'attorney')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Sign out everywhere: every access token of your account stops working at once (calendar feeds stay)',
  })
  @ApiNoContentResponse()
  logout(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.users.signOut(user.id);
  }

  @Get('me')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in user' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    return this.users.get(user.id);
  }
}
