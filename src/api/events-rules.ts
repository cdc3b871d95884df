/**
 * `fanout serve --rules`: the rules file installed on the default bus, its workflows deployed with the
 * profile's substitutions (as the schedules' are), its queues and watched buckets created.
 */
import { readFileSync } from 'node:fs';
import { installRules, parseRulesFile, RulesFileError, type LocalEvents } from '../events';
import { applySubstitutions, loadProfile } from '../integrations';
import type { LocalStepFunctions } from '../runtime';
import type { LocalS3 } from '../s3';
import { deployWorkflow, serverSubstitutions } from '../schedules';
import { queueArn, type LocalSqs } from '../sqs';

export interface RulesFileOptions {
  file: string;
  profile: string | undefined;
  url: string;
  service: LocalStepFunctions;
  sqs: LocalSqs;
  s3: LocalS3;
  events: LocalEvents;
}

export function installRulesFile(options: RulesFileOptions): void {
  const profile = loadProfile(options.profile);
  const substitutions = serverSubstitutions(profile.substitutions, options.url);
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    throw new RulesFileError(`cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const rules = parseRulesFile(applySubstitutions(text, substitutions), options.file, profile.root);
  const { region, accountId } = options.service.location;
  installRules(rules, options.events, {
    deployWorkflow: (file) => deployWorkflow(options.service, file, substitutions),
    ensureQueue: (name) => {
      options.sqs.createQueue({ QueueName: name });
      return queueArn(region, accountId, name);
    },
    watchBucket: (name) => options.s3.watchBucket(name),
  });
}
