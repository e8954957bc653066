import { describe, expect, it } from 'vitest';
import { COMMENT_MAX, commentProblem, stageOf } from './approvals-api.js';

describe('approval decisions', () => {
  it('needs a comment to reject, as the API does', () => {
    expect(commentProblem('reject', '  ')).toBe('comment_required');
    expect(commentProblem('reject', 'budget too high')).toBeNull();
    expect(commentProblem('approve', '')).toBeNull();
    expect(commentProblem('approve', 'x'.repeat(COMMENT_MAX + 1))).toBe('comment_too_long');
  });

  it('names the review stage of a waiting request', () => {
    expect(stageOf('pending_first_review')).toBe('first');
    expect(stageOf('pending_final_review')).toBe('final');
    expect(stageOf('approved')).toBeNull();
  });
});
