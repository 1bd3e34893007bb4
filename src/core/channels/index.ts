import { type ChannelClassifier, createChannelClassifier } from './classify.js';
import type { ChannelGroup, ChannelRule, TouchInput } from './types.js';

export {
  type ChannelClassifier,
  CLICK_IDS,
  createChannelClassifier,
  hostOf,
  type TouchClassification,
} from './classify.js';
export { ga4ChannelGroup, PAID_MEDIUM } from './ga4.js';
export { DEFAULT_CHANNELS, defaultChannelName, type NamedChannel, normaliseChannelName } from './named.js';
export { compileChannelRules } from './rules.js';
export { BUILTIN_SOURCES, buildSourceCatalog, type KnownSource, type SourceCatalog } from './sources.js';
export * from './types.js';

let builtin: ChannelClassifier | undefined;
const defaults = (): ChannelClassifier => {
  builtin ??= createChannelClassifier();
  return builtin;
};

/** Classifies one touch (built-in source lists unless a classifier with Matomo lists/user rules is given). */
export function classifyChannel(touch: TouchInput, classifier: ChannelClassifier = defaults()) {
  return classifier.classifyChannel(touch);
}

/** Resolves a channel name or alias ('百度SEM', 'baidu ads', '巨量引擎', 'Google Ads', …) to its channel and group. */
export function resolveChannelName(
  name: string,
  rules?: readonly ChannelRule[],
): { channel: string; channel_group: ChannelGroup } | undefined {
  return (rules?.length ? createChannelClassifier({ rules }) : defaults()).resolveChannelName(name);
}
