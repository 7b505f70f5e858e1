import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ParseUUIDPipe } from '../common/validation';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser, Roles } from '../auth/decorators';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { COLUMNS, exampleCsv, ImportKind } from './csv-columns';
import { ImportListQueryDto, ImportQueryDto } from './imports.dto';
import { ImportsService, toHttpError } from './imports.service';
import { ImportPageView, ImportReportView, ImportView } from './imports.views';
import { MAX_UPLOAD_BYTES, readAhead, receiveCsvUpload } from './multipart';

const fileBody = (kind: ImportKind) => ({
  schema: {
    type: 'object',
    required: ['file'],
    properties: {
      file: {
        type: 'string',
        format: 'binary',
        description:
          `CSV, UTF-8, first row = header (names case- and space-insensitive). Columns: ` +
          `${COLUMNS[kind].map((c) => `${c.name}${c.required ? ' (required)' : ''}`).join(', ')}. ` +
          `Lists are separated by ";". Example:\n${exampleCsv(kind)}`,
      },
    },
  },
});

const DESCRIPTION =
  'Each row is checked with the same rules as the API; the answer is a per-row report (row numbers as in the file, ' +
  'header = row 1). Re-importing a file updates rather than duplicates (children by A-number within the organization, ' +
  'attorneys by e-mail); blank cells keep what is on record. ?dryRun=true checks everything and writes nothing. ' +
  `?async=true stores the file and answers 202 with an import to follow at GET /imports/:id (Location header). ` +
  'A file larger than IMPORT_SYNC_MAX_BYTES (default 5 MiB) is always handled that way: 202 even without ?async=true. ' +
  'Reading stops after IMPORT_MAX_ERRORS failed rows (default 1,000; the report says stoppedEarly). ' +
  `Up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB.`;

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('children')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Import children and sponsors from a CSV file', description: DESCRIPTION })
  @ApiConsumes('multipart/form-data')
  @ApiBody(fileBody('children'))
  @ApiOkResponse({ type: ImportReportView })
  @ApiAcceptedResponse({ type: ImportView, description: 'With ?async=true, or a file over IMPORT_SYNC_MAX_BYTES' })
  children(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ImportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportReportView | ImportView> {
    return this.upload('children', user, query, req, res);
  }

  @Post('attorneys')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary: 'Import volunteer attorneys from a CSV file',
    description: `${DESCRIPTION} New attorneys get an account without a usable password (an admin sets one).`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody(fileBody('attorneys'))
  @ApiOkResponse({ type: ImportReportView })
  @ApiAcceptedResponse({ type: ImportView, description: 'With ?async=true, or a file over IMPORT_SYNC_MAX_BYTES' })
  attorneys(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ImportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportReportView | ImportView> {
    return this.upload('attorneys', user, query, req, res);
  }

  @Get()
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: "Recent imports (a coordinator's organization; admins: all)" })
  @ApiOkResponse({ type: ImportPageView })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ImportListQueryDto): Promise<ImportPageView> {
    return this.imports.list(user, query);
  }

  @Get(':id')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'An import: progress while it runs, the per-row report when done' })
  @ApiOkResponse({ type: ImportView })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseUUIDPipe) id: string): Promise<ImportView> {
    return this.imports.get(user, id);
  }

  private async upload(
    kind: ImportKind,
    user: AuthenticatedUser,
    query: ImportQueryDto,
    req: Request,
    res: Response,
  ): Promise<ImportReportView | ImportView> {
    const organizationId = await this.imports.targetOrganization(user, query.organizationId);
    const upload = await receiveCsvUpload(req);
    const actor = ImportsService.actorOf(user);
    const source = { file: upload.file, fileName: upload.fileName, bytes: upload.bytes };
    try {
      let queue = query.async === true;
      if (!queue) {
        // A big file inside one request kept the API busy for minutes: above the limit it is queued instead.
        // The declared length decides at once; without one, the first syncMaxBytes bytes are read to find out.
        const limit = this.config.imports.syncMaxBytes;
        const declared = Number(req.headers['content-length'] ?? NaN);
        if (declared > limit + 64 * 1024) queue = true;
        else {
          const head = await readAhead(upload.file, limit);
          source.file = head.file;
          queue = !head.complete;
        }
      }
      if (queue) {
        const accepted = await this.imports.enqueue(kind, organizationId, actor, source, {
          dryRun: query.dryRun,
        });
        res.status(202).location(`/imports/${accepted.id}`);
        return accepted;
      }
      return await this.imports.importNow(kind, organizationId, actor, source, { dryRun: query.dryRun });
    } catch (err) {
      throw toHttpError(err);
    } finally {
      // Read the request to its end before answering, even when the file was refused early.
      await upload.finish();
    }
  }
}
