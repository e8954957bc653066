import { problem } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, problems } from '../http/schemas.js';
import { type EventRow, getEvent, listEvents } from './events.repo.js';
import { Event, EventPage, EventQuery } from './records.schemas.js';

function eventView(row: EventRow) {
  return { id: row.id, seq: row.seq, type: row.type, created_at: row.created_at, data: JSON.parse(row.payload) as Record<string, unknown> };
}

/** The events outbox, read-only. */
export function eventsRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.get(
      '/events',
      { schema: { tags: ['events'], summary: 'Domain events, newest first', querystring: EventQuery, response: { 200: EventPage, ...problems(400) } } },
      async (request) => {
        const page = await listEvents(ctx.db, request.query);
        return { items: page.items.map(eventView), next_cursor: page.next_cursor };
      },
    );

    app.get(
      '/events/:id',
      { schema: { tags: ['events'], summary: 'One event', params: IdParams, response: { 200: Event, ...problems(404) } } },
      async (request) => {
        const row = await getEvent(ctx.db, request.params.id);
        if (!row) throw problem('event_not_found');
        return eventView(row);
      },
    );
  };
}
