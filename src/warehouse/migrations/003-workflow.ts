import type { Migration } from './index.js';

/**
 * Tables of the assessment workflow: periods, scorecards (items as validated JSON), bonus items, self-reports,
 * manager assessments, 360° feedback, calibration adjustments, score snapshots of calibrated/locked periods,
 * review-meeting plans, recalibration proposals and workflow settings (bands, guidance, incentive rules).
 */
export const workflowMigration: Migration = {
  id: 3,
  name: 'workflow',
  up: [
    `CREATE TABLE periods (
      id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, start_date DATE NOT NULL, end_date DATE NOT NULL,
      status VARCHAR NOT NULL, created_by VARCHAR, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE scorecards (
      id VARCHAR PRIMARY KEY, period_id VARCHAR NOT NULL, subject_type VARCHAR NOT NULL, subject_id VARCHAR NOT NULL,
      template_id VARCHAR, status VARCHAR NOT NULL, items VARCHAR NOT NULL, approved_by VARCHAR, approved_at TIMESTAMP,
      band_override VARCHAR, band_reason VARCHAR, created_by VARCHAR, created_at TIMESTAMP NOT NULL,
      updated_at TIMESTAMP NOT NULL, UNIQUE (period_id, subject_type, subject_id)
    )`,
    `CREATE TABLE bonus_items (
      id VARCHAR PRIMARY KEY, scorecard_id VARCHAR NOT NULL, points DOUBLE NOT NULL, cap DOUBLE NOT NULL,
      reason VARCHAR NOT NULL, approver_id VARCHAR, created_by VARCHAR, created_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE self_reports (
      scorecard_id VARCHAR PRIMARY KEY, content VARCHAR NOT NULL, attachments VARCHAR NOT NULL,
      updated_by VARCHAR, updated_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE manager_assessments (
      scorecard_id VARCHAR PRIMARY KEY, scores VARCHAR NOT NULL, comment VARCHAR, assessor_id VARCHAR,
      assessed_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE feedback_requests (
      id VARCHAR PRIMARY KEY, period_id VARCHAR NOT NULL, subject_person_id VARCHAR NOT NULL,
      reviewer_person_id VARCHAR NOT NULL, relation VARCHAR NOT NULL, created_by VARCHAR,
      created_at TIMESTAMP NOT NULL, UNIQUE (period_id, subject_person_id, reviewer_person_id)
    )`,
    `CREATE TABLE feedback_responses (
      request_id VARCHAR PRIMARY KEY, collaboration INTEGER NOT NULL, professionalism INTEGER NOT NULL,
      communication INTEGER NOT NULL, results INTEGER NOT NULL, innovation INTEGER NOT NULL, comment VARCHAR,
      submitted_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE calibration_adjustments (
      id VARCHAR PRIMARY KEY, scorecard_id VARCHAR NOT NULL, from_band VARCHAR, to_band VARCHAR NOT NULL,
      reason VARCHAR NOT NULL, actor VARCHAR, adjusted_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE score_snapshots (
      scorecard_id VARCHAR PRIMARY KEY, period_id VARCHAR NOT NULL, result VARCHAR NOT NULL, taken_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE review_plans (
      id VARCHAR PRIMARY KEY, scorecard_id VARCHAR NOT NULL, action VARCHAR NOT NULL, owner_id VARCHAR,
      due_date DATE, status VARCHAR NOT NULL, follow_up_period VARCHAR, note VARCHAR, created_by VARCHAR,
      created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE recalibrations (
      id VARCHAR PRIMARY KEY, period_id VARCHAR NOT NULL, template_id VARCHAR, proposal VARCHAR NOT NULL,
      reason VARCHAR NOT NULL, status VARCHAR NOT NULL, proposed_by VARCHAR, proposed_at TIMESTAMP NOT NULL,
      decided_by VARCHAR, decided_at TIMESTAMP
    )`,
    `CREATE TABLE workflow_settings (
      key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL, updated_by VARCHAR, updated_at TIMESTAMP NOT NULL
    )`,
  ],
};
