import { registerVisibilitySource } from '../auth/index.js';

export * from './feedback.js';

// Reviewers (peers, other departments' viewers) may see the people they were invited to give 360° feedback on:
// their profile only — feedback aggregates and scorecards keep their own stricter checks.
registerVisibilitySource(async (engine, user) => {
  if (!user.personId) return [];
  const rows = await engine.query<{ subject_person_id: string }>(
    'SELECT DISTINCT subject_person_id FROM feedback_requests WHERE reviewer_person_id = $1',
    [user.personId],
  );
  return rows.map((r) => r.subject_person_id);
});
