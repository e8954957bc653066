import type { paths } from './api-schema.js';

/**
 * Types of the API's requests and answers, read from the generated OpenAPI types
 * (api-schema.ts, `npm run api-types`), so a screen's idea of an answer cannot drift from what
 * the route's schema says it is.
 */

export type ApiPath = keyof paths;
type Operations<P extends ApiPath> = { [M in keyof paths[P] as paths[P][M] extends { responses: unknown } ? M : never]: paths[P][M] };
export type ApiMethod<P extends ApiPath> = keyof Operations<P> & string;
type Operation<P extends ApiPath, M extends ApiMethod<P>> = Operations<P>[M];
/** What a type that names no JSON answer or body becomes: using it fails to type-check. */
interface NoSuchType<Why extends string> {
  readonly 'no such API type': Why;
}
type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : NoSuchType<'no JSON content'>;

/** The JSON answer of a route with the given status (200 unless told). */
export type ApiAnswer<P extends ApiPath, M extends ApiMethod<P>, S extends number = 200> = Operation<P, M> extends { responses: infer R }
  ? S extends keyof R
    ? JsonOf<R[S]>
    : NoSuchType<'no answer with this status'>
  : NoSuchType<'no such operation'>;

/** The JSON body a route takes. */
export type ApiBody<P extends ApiPath, M extends ApiMethod<P>> = Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : NoSuchType<'no body'>;

/** A route's query parameters. */
export type ApiQuery<P extends ApiPath, M extends ApiMethod<P>> = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : NoSuchType<'no query'>;
