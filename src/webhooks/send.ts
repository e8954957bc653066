import { performance } from 'node:perf_hooks';

/** One HTTP POST of a webhook, with a time limit. Never throws: the outcome says what happened. */

export interface SendOutcome {
  /** The HTTP status, or null when no response arrived. */
  status_code: number | null;
  duration_ms: number;
  /** Why it did not succeed (no secrets: URL, headers and body are not repeated). */
  error: string | null;
  ok: boolean;
}

export const USER_AGENT = 'Scrip-Webhooks/1';

export async function postWebhook(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
      // A redirect is a failure: following it would send a signed event somewhere not configured.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The receiver's answer is not needed; drop it without reading an unbounded body.
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { status_code: response.status, duration_ms: elapsed(), error: ok ? null : `receiver answered ${response.status}`, ok };
  } catch (error) {
    return { status_code: null, duration_ms: elapsed(), error: describeFailure(error, timeoutMs), ok: false };
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no response within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return `connection failed: ${cause.code}`;
  if (typeof cause?.message === 'string') return `connection failed: ${cause.message.slice(0, 200)}`;
  return `request failed: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`;
}
