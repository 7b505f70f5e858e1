import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password);
  }

  @Get('me')
  @Roles('admin', 'coordinator', 'attorney')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in user' })
  me(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    return this.users.get(user.id);
  }
}
