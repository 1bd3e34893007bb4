import type { RouteModule } from '../index.js';
import { calibrationRoutes } from './calibration.js';
import { feedbackRoutes } from './feedback.js';
import { incentiveRoutes } from './incentives.js';
import { peopleRoutes } from './people.js';
import { periodRoutes } from './periods.js';
import { recalibrationRoutes } from './recalibration.js';
import { reviewRoutes } from './reviews.js';
import { scorecardRoutes } from './scorecards.js';

/** The assessment-workflow route modules (periods, people, scorecards, feedback, calibration, reviews, incentives). */
export const workflowRouteModules: RouteModule[] = [
  { name: 'periods', plugin: periodRoutes },
  { name: 'people', plugin: peopleRoutes },
  { name: 'scorecards', plugin: scorecardRoutes },
  { name: 'feedback', plugin: feedbackRoutes },
  { name: 'calibration', plugin: calibrationRoutes },
  { name: 'reviews', plugin: reviewRoutes },
  { name: 'incentives', plugin: incentiveRoutes },
  { name: 'recalibration', plugin: recalibrationRoutes },
];
