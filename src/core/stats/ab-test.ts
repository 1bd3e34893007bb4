import { UserError } from '../errors.js';
import { probabilityToBeatControl } from './bayes.js';
import { minimumDetectableEffect, sampleSizePerArm } from './power.js';
import {
  type Arm,
  absoluteLift,
  checkArm,
  chiSquare2x2,
  type Interval,
  relativeLift,
  twoProportionZTest,
} from './proportions.js';

/** A message in both languages. */
export interface Bilingual {
  code: string;
  zh: string;
  en: string;
}

export interface AbTestOptions {
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Power for MDE and sample size (default 0.8). */
  power?: number;
  /** The test is still running (no end date yet): results seen now are peeks. */
  ongoing?: boolean;
}

/** Full analysis of a two-arm conversion test. */
export interface AbTestResult {
  control: Arm & { rate: number };
  variant: Arm & { rate: number };
  alpha: number;
  z: number;
  p: number;
  chi2: number;
  chi2P: number;
  significant: boolean;
  absoluteLift: number;
  absoluteInterval: Interval;
  relativeLift: number | null;
  relativeInterval: Interval;
  probabilityToBeatControl: number;
  /** Smallest absolute lift detectable with the smaller arm's sample at this power. */
  minimumDetectableEffect: number | null;
  /** Visitors per arm needed to detect the observed lift at this power. */
  requiredPerArm: number | null;
  verdict: Bilingual;
  warnings: Bilingual[];
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** Analyses control vs variant: z-test, chi-square, lift intervals, power, Bayesian P(beat), verdict, warnings. */
export function analyseAbTest(control: Arm, variant: Arm, options: AbTestOptions = {}): AbTestResult {
  checkArm(control, 'control');
  checkArm(variant, 'variant');
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const { z, p } = twoProportionZTest(control, variant);
  const chi = chiSquare2x2(control, variant);
  const abs = absoluteLift(control, variant, alpha);
  const rel = relativeLift(control, variant, alpha);
  const rc = control.conversions / control.visitors;
  const rv = variant.conversions / variant.visitors;
  const significant = p < alpha;
  const mde = minimumDetectableEffect(rc, Math.min(control.visitors, variant.visitors), alpha, power);
  const required = sampleSizePerArm(rc, rv - rc, alpha, power);
  const verdict: Bilingual = !significant
    ? {
        code: 'inconclusive',
        zh: `差异不显著（p = ${p.toFixed(4)} ≥ ${alpha}），不能认定变体优于或劣于对照`,
        en: `no significant difference (p = ${p.toFixed(4)} ≥ ${alpha}); the variant is neither better nor worse`,
      }
    : rv > rc
      ? {
          code: 'variant_wins',
          zh: `变体显著优于对照（转化率 ${pct(rv)} 对 ${pct(rc)}，p = ${p.toFixed(4)}）`,
          en: `variant wins (conversion ${pct(rv)} vs ${pct(rc)}, p = ${p.toFixed(4)})`,
        }
      : {
          code: 'control_wins',
          zh: `变体显著差于对照（转化率 ${pct(rv)} 对 ${pct(rc)}，p = ${p.toFixed(4)}）`,
          en: `variant loses (conversion ${pct(rv)} vs ${pct(rc)}, p = ${p.toFixed(4)})`,
        };
  const warnings: Bilingual[] = [];
  if (chi.minExpected < 5) {
    warnings.push({
      code: 'small_counts',
      zh: '某个单元格的期望频数小于 5，正态/卡方近似不可靠，结论需谨慎',
      en: 'an expected cell count is below 5: the normal/chi-square approximation is unreliable',
    });
  }
  if (!significant && mde !== null && Math.abs(rv - rc) < mde) {
    const need = required === null ? '' : `；检测到当前差异每组约需 ${required} 访客`;
    const needEn = required === null ? '' : `; about ${required} visitors per arm would detect the observed difference`;
    warnings.push({
      code: 'underpowered',
      zh: `样本不足：当前样本的最小可检测效应为 ${pct(mde)}（绝对值），观察到的差异为 ${pct(rv - rc)}${need}`,
      en: `under-powered: the minimum detectable effect at this sample is ${pct(mde)} (absolute), the observed difference is ${pct(rv - rc)}${needEn}`,
    });
  }
  if (options.ongoing) {
    warnings.push({
      code: 'peeking',
      zh: '试验尚未结束：中途查看并在显著时停止（peeking）会抬高假阳性率，请达到预定样本量后再下结论',
      en: 'the test is still running: stopping when p first drops below alpha (peeking) inflates false positives; wait for the planned sample size',
    });
  }
  return {
    control: { ...control, rate: rc },
    variant: { ...variant, rate: rv },
    alpha,
    z,
    p,
    chi2: chi.chi2,
    chi2P: chi.p,
    significant,
    absoluteLift: abs.lift,
    absoluteInterval: abs.interval,
    relativeLift: rel.lift,
    relativeInterval: rel.interval,
    probabilityToBeatControl: probabilityToBeatControl(control, variant),
    minimumDetectableEffect: mde,
    requiredPerArm: required,
    verdict,
    warnings,
  };
}

/** Parses `conversions/visitors` (e.g. `5/83`). */
export function parseArm(text: string, name: string): Arm {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UserError('bad_arm', `${name}: expected conversions/visitors such as 5/83, got "${text}"`);
  const arm = { conversions: Number(m[1]), visitors: Number(m[2]) };
  checkArm(arm, name);
  return arm;
}
