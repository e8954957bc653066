import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AssertionFailure } from '../assert.js';
import { type ErrorCode, type FieldError, Problem, languageFrom, titleOf } from '../errors.js';

/** Renders every error as application/problem+json; nothing else ever leaves as an error body. */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: Problem): FastifyReply {
  const language = languageFrom(request.headers['accept-language']);
  const body = {
    type: `urn:scrip:problem:${error.code}`,
    title: titleOf(error.code, language),
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    instance: request.url.split('?')[0],
    request_id: request.id,
    ...(error.errors ? { errors: error.errors } : {}),
    ...(error.extra ?? {}),
  };
  if (error.retryAfterS !== undefined) reply.header('retry-after', String(error.retryAfterS));
  return reply.code(error.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  const fastifyError = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (fastifyError?.validation) {
    const errors = fastifyError.validation.map((issue) => fieldError(fastifyError.validationContext ?? 'body', issue));
    return new Problem('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
  if (error instanceof AssertionFailure) return new Problem('internal_error');
  const code = byFastifyCode(fastifyError);
  if (code) return new Problem(code);
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new Problem('validation_failed', fastifyError.message);
  }
  return new Problem('internal_error');
}

function byFastifyCode(error: FastifyError | undefined): ErrorCode | undefined {
  switch (error?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'malformed_json';
    default:
      return error instanceof SyntaxError || error?.name === 'SyntaxError' ? 'malformed_json' : undefined;
  }
}

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldError(context: string, issue: ValidationIssue): FieldError {
  let field = `${context}${issue.instancePath}`;
  if (issue.keyword === 'required') field += `/${String(issue.params.missingProperty)}`;
  if (issue.keyword === 'additionalProperties') {
    field += `/${String(issue.params.additionalProperty)}`;
    return { field, code: 'unknown_field', message: 'is not a known field' };
  }
  return { field, code: issue.keyword, message: issue.message ?? 'is not valid' };
}
