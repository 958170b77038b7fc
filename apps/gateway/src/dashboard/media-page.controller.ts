import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { MediaEntity } from '@app/db';
import { notFound, validationError } from '@app/errors';
import { isMediaId, MediaManagement, MediaOwner } from '@app/media';
import { CurrentSession } from '../auth/auth.guard';
import { SignedIn } from '../auth/route-access';
import { FieldErrorCollector } from '../common/validation';
import { DeliveryFacts } from '../delivery/delivery-facts';
import { DeliveryService } from '../delivery/delivery.service';
import { parseBoolean } from '../media/media-fields';
import { parseListQuery } from '../media/media-list-query';
import { presentMedia } from '../media/media-presenter';
import { seeOther } from '../pages/see-other';
import { DashboardErrorPages } from './dashboard-error-pages';
import { sendDashboardPage } from './dashboard-page';
import type { DashboardSession } from './dashboard-session';
import { deleteConfirmationHtml, ListFields, listFieldsOf, MediaListView, mediaPageHtml, mediaPageStyle, MediaTile } from './media-page';
import { thumbnailTarget, thumbnailUrl } from './media-thumbnail';
import { signInForm } from './sign-in.controller';

/** A page of the grid unless `limit` says otherwise: few enough that a first visit renders few new thumbnails. */
const PAGE_SIZE = 24;

const ownerOf = (session: DashboardSession): MediaOwner => ({ accountId: session.account.id, verified: session.account.verified });

/**
 * `/media`: the signed-in owner's media, newest first, through the REST API's own list (keyset cursor,
 * filters), patch and delete, so the page follows the same rules. Every change is a POST form with the
 * session's CSRF token (checked by the request pipeline), on the account's own media only, answered 303 to
 * the same page of the list saying what was done (a reload shows the list again, it does not repeat the
 * change); opening the delete confirmation changes nothing.
 */
@ApiExcludeController()
@UseFilters(DashboardErrorPages)
@SignedIn()
@Controller('media')
export class MediaPageController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly management: MediaManagement,
    private readonly delivery: DeliveryService,
    private readonly deliveryFacts: DeliveryFacts,
  ) {}

  @Get()
  async show(@CurrentSession() session: DashboardSession | undefined, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    if (!session) return sendDashboardPage(res, 200, { title: 'Sign in', bodyHtml: signInForm() });
    await this.render(res, session, listFieldsOf(query), await this.doneNotice(session, query));
  }

  @Post(':id/visibility')
  async setVisibility(@CurrentSession() session: DashboardSession, @Param('id') id: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const wanted = parseBoolean(body.public);
    if ('error' in wanted) throw validationError({ public: [wanted.error] });
    await this.ownMedia(session, id);
    const media = await this.management.patch(ownerOf(session), id, { isPublic: wanted.value });
    seeOther(res, '/media', { ...listFieldsOf(body), done: media.isPublic ? 'public' : 'private', id: media.id });
  }

  @Get(':id/delete')
  async confirmDelete(@CurrentSession() session: DashboardSession | undefined, @Param('id') id: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    if (!session) return sendDashboardPage(res, 200, { title: 'Sign in', bodyHtml: signInForm() });
    const media = await this.ownMedia(session, id);
    const tile = this.tileOf(media);
    sendDashboardPage(res, 200, {
      title: 'Delete media',
      session,
      section: 'media',
      bodyHtml: deleteConfirmationHtml(session, tile, listFieldsOf(query)),
      pageStyle: mediaPageStyle([tile.media]),
      imageOrigins: [new URL(this.config.srcBaseUrl).origin],
    });
  }

  @Post(':id/delete')
  async delete(@CurrentSession() session: DashboardSession, @Param('id') id: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const media = await this.ownMedia(session, id);
    await this.management.delete(ownerOf(session), id);
    seeOther(res, '/media', { ...listFieldsOf(body), done: 'deleted', id: media.id });
  }

  /**
   * What the change a 303 came from did (`done` and the media's `id`), in the page's own words: the media's
   * name is read from the account's own media, never from the address, so a link cannot make the page say
   * what it likes. A deleted media can no longer be read, so it is named by its id.
   */
  private async doneNotice(session: DashboardSession, query: Record<string, unknown>): Promise<string | undefined> {
    const { done, id } = query;
    if (!isMediaId(id)) return undefined;
    if (done === 'deleted') return `Media ${id} was deleted.`;
    if (done !== 'public' && done !== 'private') return undefined;
    const media = await this.management.findVisible({ accountId: session.account.id }, id);
    if (!media || media.accountId !== session.account.id) return undefined;
    return `“${media.name || media.id}” is now ${media.isPublic ? 'public' : 'private'}.`;
  }

  /**
   * A private media's thumbnail for its owner's session only (anyone else, signed in or not: 404), never
   * kept by any cache. The `s` variant comes from delivery, rendered once and counted as `src` counts it.
   */
  @Get(':id/thumbnail')
  async thumbnail(@CurrentSession() session: DashboardSession | undefined, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = session ? await this.deliveryFacts.find({ accountId: session.account.id }, id) : null;
    const target = row && row.accountId === session!.account.id ? thumbnailTarget(row) : null;
    if (!row || !target) throw notFound();
    await this.delivery.serve(req, res, row, target, 'private, no-store');
  }

  /** The account's own media, visible to it now: another account's is as unknown as one that never existed. */
  private async ownMedia(session: DashboardSession, id: string): Promise<MediaEntity> {
    const media = await this.management.findVisible({ accountId: session.account.id }, id);
    if (!media || media.accountId !== session.account.id) throw notFound();
    return media;
  }

  private tileOf(media: MediaEntity): MediaTile {
    return { media: presentMedia(media, this.config), thumbnail: thumbnailUrl(this.config, media) };
  }

  private async render(res: Response, session: DashboardSession, filters: ListFields, notice?: string): Promise<void> {
    const view: MediaListView = { tiles: [], filters, nextCursor: null, notice };
    const errors = new FieldErrorCollector();
    const request = parseListQuery(filters, errors);
    if (filters.limit === undefined) request.limit = PAGE_SIZE;
    if (errors.isEmpty) {
      const page = await this.management.listPage(ownerOf(session), request);
      view.tiles = page.media.map((media) => this.tileOf(media));
      view.nextCursor = page.nextCursor;
    } else {
      view.errors = errors.fields;
    }
    sendDashboardPage(res, view.errors ? 422 : 200, {
      title: 'Media',
      session,
      section: 'media',
      bodyHtml: mediaPageHtml(session, view),
      pageStyle: mediaPageStyle(view.tiles.map((tile) => tile.media)),
      imageOrigins: [new URL(this.config.srcBaseUrl).origin],
    });
  }
}
