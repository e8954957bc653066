import { problem } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { IdParams, problems } from '../http/schemas.js';
import { getJob, type JobRow, listJobs } from './jobs.repo.js';
import { Job, JobPage, JobQuery } from './records.schemas.js';

function jobView(row: JobRow) {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    progress: JSON.parse(row.progress) as Record<string, unknown>,
    last_error: row.last_error,
    run_at: row.run_at,
    locked_by: row.locked_by,
    locked_until: row.locked_until,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Background jobs and their progress, read-only. */
export function jobsRoutes(ctx: AppContext) {
  return async function plugin(app: App): Promise<void> {
    app.get(
      '/jobs',
      { schema: { tags: ['jobs'], summary: 'Background jobs, newest first', querystring: JobQuery, response: { 200: JobPage, ...problems(400) } } },
      async (request) => {
        const page = await listJobs(ctx.db, request.query);
        return { items: page.items.map(jobView), next_cursor: page.next_cursor };
      },
    );

    app.get(
      '/jobs/:id',
      { schema: { tags: ['jobs'], summary: 'A job: state, attempts, progress, last error', params: IdParams, response: { 200: Job, ...problems(404) } } },
      async (request) => {
        const row = await getJob(ctx.db, request.params.id);
        if (!row) throw problem('job_not_found');
        return jobView(row);
      },
    );
  };
}
