import { RecordingIngestService, RecordingQueryService, RetentionService } from '../../recordings/index.js';
import { describeEachDb } from '../helpers/db.js';
import { sineWav, writeFile } from './helpers/fixtures.js';
import { ingestEnv } from './helpers/ingest-env.js';

const DAY = 86_400_000;

describeEachDb('recording retention', (get) => {
  it('deletes expired audio, keeps metadata, respects legal hold and per-recording policy; reports usage', async () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const env = await ingestEnv(get(), { clock: () => t0, defaultRetentionDays: 30, ffmpegPath: null });
    const ingest = new RecordingIngestService(env.deps);
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const bytes = sineWav({ sampleRate: 8000, channels: 1, seconds: 0.25, amp: 0.2 + i / 10 });
      ids.push((await ingest.ingestFile(writeFile(env.spoolDir, `r${i}.wav`, bytes), { callKey: `pbx:r${i}` })).recording.publicId);
    }
    const [plain, held, longer, forever] = ids as [string, string, string, string];
    const retention = new RetentionService(env.deps);
    await retention.setLegalHold(held, true);
    expect((await retention.setRetentionDays(longer, 365)).expiresAt?.getTime()).toBe(t0.getTime() + 365 * DAY);
    await retention.setRetentionDays(forever, null); // back to the default: 30 days
    const usage = await retention.usageReport(t0);
    expect(usage).toMatchObject({ recordings: 4, committed: 4, failed: 0, withAudio: 4, audioMs: 1000, legalHold: 1, audioDeleted: 0, expiringWithin7Days: 0 });
    expect(usage.store.objects).toBe(4);
    expect(usage.audioBytes).toBe(usage.store.bytes);

    expect(await retention.run(new Date(t0.getTime() + 29 * DAY))).toMatchObject({ expired: 0, audioDeleted: 0 });
    const run = await retention.run(new Date(t0.getTime() + 31 * DAY));
    expect(run).toMatchObject({ expired: 2, audioDeleted: 2, shared: 0 });
    expect(run.bytesFreed).toBe(2 * (44 + 4000));

    const query = new RecordingQueryService(env.deps);
    const gone = await query.get(plain);
    expect(gone).toMatchObject({ state: 'committed', hasAudio: false, callKey: 'pbx:r0', durationMs: 250 });
    expect(gone.audioDeletedAt?.getTime()).toBe(t0.getTime() + 31 * DAY);
    expect(gone.peaks.length).toBeGreaterThan(0);
    await expect(query.openAudio(plain)).rejects.toMatchObject({ code: 'not_found' });
    expect((await query.get(held)).hasAudio).toBe(true);
    expect((await query.get(longer)).hasAudio).toBe(true);
    expect((await query.get(forever)).hasAudio).toBe(false);

    const after = await retention.usageReport(new Date(t0.getTime() + 31 * DAY));
    expect(after).toMatchObject({ withAudio: 2, audioDeleted: 2, store: { objects: 2 } });
    // releasing the hold lets the next run delete it
    await retention.setLegalHold(held, false);
    expect(await retention.run(new Date(t0.getTime() + 32 * DAY))).toMatchObject({ expired: 1, audioDeleted: 1 });
    expect(await retention.run(new Date(t0.getTime() + 32 * DAY))).toMatchObject({ expired: 0 });
  });

  it('unknown or malformed public ids are not found', async () => {
    const env = await ingestEnv(get());
    await expect(new RetentionService(env.deps).setLegalHold('AAAAAAAAAAAAAAAAAAAAAA', true)).rejects.toMatchObject({ code: 'not_found' });
    await expect(new RecordingQueryService(env.deps).get('../../etc/passwd')).rejects.toMatchObject({ code: 'not_found' });
  });
});
