import { readFileSync } from 'node:fs';
import { render } from '../answer/render.js';
import type { Channel } from '../core/types.js';
import type { Logger } from '../logger.js';

/** What staff are told: a case id, the channel and the kind. Never message text or a phone number. */
export interface StaffAlert {
  caseId: string;
  channel: Channel;
  kind: 'crisis' | 'emergency';
}

export interface StaffAlerts {
  /** Fire and forget: returns at once, delivery happens in the background and never throws. */
  notify(alert: StaffAlert): void;
  /** Resolves when every delivery started so far has finished (for tests and shutdown). */
  settled(): Promise<void>;
}

export interface StaffAlertOptions {
  webhookUrl?: string;
  /** Posts the staff text into a Teams channel (a proactive message), when configured. */
  teams?: (text: string) => Promise<void>;
  log: Logger;
  /** Path of the reviewed staff text template. */
  templatePath?: string;
  fetchFn?: typeof fetch;
  timeoutMs?: number;
}

export const createStaffAlerts = (options: StaffAlertOptions): StaffAlerts => {
  const { webhookUrl, teams, log, fetchFn = fetch, timeoutMs = 5000 } = options;
  const template = readFileSync(options.templatePath ?? 'prompts/staff/alert.md', 'utf8').trim();
  const pending = new Set<Promise<void>>();

  const deliver = async (alert: StaffAlert) => {
    const at = new Date().toISOString();
    const jobs: Promise<unknown>[] = [];
    if (webhookUrl) {
      jobs.push(
        fetchFn(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...alert, at }),
          signal: AbortSignal.timeout(timeoutMs),
        }).then((res) => {
          if (!res.ok) throw new Error(`webhook answered ${res.status}`);
        }),
      );
    }
    if (teams) {
      jobs.push(teams(render(template, { case_id: alert.caseId, channel: alert.channel, kind: alert.kind }, 'prompts/staff/alert.md')));
    }
    const results = await Promise.allSettled(jobs);
    for (const r of results) {
      if (r.status === 'rejected') log.error('staff_alert_failed', { caseId: alert.caseId, reason: (r.reason as Error).name });
      else log.info('staff_alert_sent', { caseId: alert.caseId, kind: alert.kind });
    }
  };

  return {
    notify(alert) {
      if (!webhookUrl && !teams) return;
      const job = deliver(alert).finally(() => pending.delete(job));
      pending.add(job);
    },
    async settled() {
      await Promise.allSettled([...pending]);
    },
  };
};
