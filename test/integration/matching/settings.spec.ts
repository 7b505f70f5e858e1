import { ConfigError, loadConfig } from '../../../src/config/app-config';
import { MatchingFixture } from './support';

describe('matching settings', () => {
  it('reads weights, windows and offer settings from the environment, with defaults', () => {
    const defaults = loadConfig({}).matching;
    expect(defaults).toEqual({
      weights: {},
      fairnessWindowDays: 90,
      removalUsesCourtLocation: false,
      urgentWithinDays: 30,
      planCandidatesPerCase: 10,
      offerTtlSeconds: 72 * 3600,
      autoRotate: true,
      maxPendingOffersPerCase: 1,
      offerSweepSeconds: 60,
    });
    const set = loadConfig({
      MATCHING_WEIGHTS: 'language=50, distance:10',
      OFFER_TTL: '48h',
      OFFER_AUTO_ROTATE: 'false',
      MATCHING_FAIRNESS_WINDOW_DAYS: '30',
    }).matching;
    expect(set).toMatchObject({
      weights: { language: 50, distance: 10 },
      offerTtlSeconds: 48 * 3600,
      autoRotate: false,
      fairnessWindowDays: 30,
    });
    expect(() => loadConfig({ MATCHING_WEIGHTS: 'charm=5' })).toThrow(ConfigError);
    expect(() => loadConfig({ MATCHING_WEIGHTS: 'charm=5' })).toThrow(
      /MATCHING_WEIGHTS must list factor=points pairs/,
    );
    expect(() => loadConfig({ OFFER_TTL: '3 days' })).toThrow(/OFFER_TTL must be a duration/);
  });

  it('ranks with the configured weights', async () => {
    const f = await MatchingFixture.start({
      env: { MATCHING_WEIGHTS: 'language=0,distance=100,capacity=0,experience=0,fairness=0' },
    });
    try {
      const { caseId } = await f.seekingCase();
      const near = await f.attorney({ languages: [{ code: 'eng', proficiency: 'native' }] });
      const far = await f.attorney({
        office: { zip: '10601' },
        travelRadiusMiles: 60,
        languages: [{ code: 'quc', proficiency: 'native' }],
      });
      const items = (await f.candidates(caseId).expect(200)).body.items as {
        attorneyId: string;
        maxScore: number;
      }[];
      expect(items.map((c) => c.attorneyId)).toEqual([near.id, far.id]);
      expect(items[0].maxScore).toBe(100);
    } finally {
      await f.close();
    }
  });
});
