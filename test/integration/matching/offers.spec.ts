import { eventually, MatchingFixture, outboxMessages } from './support';

describe('offers: lifecycle, de-identified view, e-mails, bad input', () => {
  let f: MatchingFixture;

  beforeAll(async () => {
    f = await MatchingFixture.start();
  });
  afterAll(() => f.close());

  const counts = async () =>
    (
      await f.query<{ offers: number; audit: number; offered: number }>(
        `SELECT (SELECT count(*)::int FROM offers) AS offers,
                (SELECT count(*)::int FROM audit_events WHERE action LIKE 'offer.%') AS audit,
                (SELECT count(*)::int FROM cases WHERE status = 'offered') AS offered`,
      )
    )[0];

  it('offers a case to a named attorney, shows the attorney only a de-identified summary, and e-mails it', async () => {
    const { caseId } = await f.seekingCase({
      child: {
        firstName: 'Yesenia',
        lastName: 'Quixtan',
        aNumber: 'A-207-118-443',
        dateOfBirth: '2011-02-03',
        phone: '(718) 555-0177',
        email: 'yesenia.family@example.org',
        address: { street: '88-10 Roosevelt Ave Apt 4F', zip: '11372' },
        sponsor: {
          firstName: 'Marta',
          lastName: 'Quixtan',
          relationshipCategory: 1,
          phone: '718-555-0166',
          email: 'marta.sponsor@example.org',
          preferredLanguage: 'spa',
          reminderChannels: ['email'],
          address: { street: '88-10 Roosevelt Ave Apt 4F', zip: '11372' },
        },
      },
      caseType: 'sijs',
      handoff: { safetyFlags: ['trafficking_indicators'], shelterNotes: 'Yesenia prefers female counsel' },
    });
    const atty = await f.attorney({ languages: [{ code: 'quc', proficiency: 'native' }] });
    const created = await f.offer(caseId, { attorneyId: atty.id }).expect(201);
    expect(created.body).toMatchObject({
      status: 'pending',
      source: 'named',
      caseId,
      attorney: { id: atty.id },
      case: {
        caseType: 'sijs',
        age: expect.any(Number),
        state: 'NY',
        county: 'Queens',
        flags: ['trafficking_indicators'],
      },
    });
    expect(created.body.explanation.summary).toMatch(
      /mi; speaks K'iche' \(native\); admitted in NY; 3 of 3 slots open/,
    );
    expect(await f.caseStatus(caseId)).toBe('offered');

    const own = await f.t.http().get(`/offers/${created.body.id}`).set(atty.auth).expect(200);
    const listed = await f.t.http().get('/offers').set(atty.auth).expect(200);
    for (const body of [own.body, listed.body]) {
      const json = JSON.stringify(body);
      for (const secret of [
        'Yesenia',
        'Quixtan',
        'Marta',
        '207118443',
        '207-118-443',
        '2011-02-03',
        '555-0177',
        '5550177',
        '555-0166',
        '5550166',
        'yesenia.family',
        'marta.sponsor',
        'Roosevelt',
        'female counsel',
        caseId,
      ]) {
        expect({ secret, found: json.includes(secret) }).toEqual({ secret, found: false });
      }
    }
    expect(own.body).toMatchObject({
      case: {
        caseType: 'sijs',
        languages: { primary: 'quc', others: ['spa'], sponsor: 'spa' },
        county: 'Queens',
        state: 'NY',
        court: { code: 'NYC' },
        flags: ['trafficking_indicators'],
      },
    });
    expect(own.body.caseId).toBeUndefined();
    // Exact distance (or distance points) would locate the child's home: the attorney sees it rounded.
    expect(Number.isInteger(own.body.explanation.distanceMiles)).toBe(true);
    for (const factor of own.body.explanation.factors as { points: number }[]) {
      expect(Math.round(factor.points * 10)).toBeCloseTo(factor.points * 10, 9);
    }
    expect(Number.isInteger(created.body.explanation.distanceMiles)).toBe(false);

    // The attorney's e-mail carries the same summary and nothing that identifies the child.
    const [mail] = await eventually(
      () => outboxMessages(f.t, created.body.id),
      (m) => m.length > 0,
    );
    expect(mail).toContain(`To: ${atty.email}`);
    expect(mail).toContain('Child');
    for (const secret of ['Yesenia', 'Quixtan', '207118443', '2011-02-03', '555-0177', 'Roosevelt', caseId]) {
      expect({ secret, found: mail.includes(secret) }).toEqual({ secret, found: false });
    }

    // Accepted: the case is the attorney's, who now sees it.
    const accepted = await f.t.http().post(`/offers/${created.body.id}/accept`).set(atty.auth).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', caseId });
    expect(await f.caseStatus(caseId)).toBe('represented');
    await f.t.http().get(`/cases/${caseId}`).set(atty.auth).expect(200);
    const coordinatorMail = await eventually(
      () => outboxMessages(f.t, 'Offer accepted'),
      (m) => m.some((x) => x.includes(created.body.id)),
    );
    expect(coordinatorMail.find((x) => x.includes(created.body.id))).toContain(`To: ${f.coordinator.email}`);
    const [load] = await f.query<{ open_matters: number; matters: number[] }>(
      'SELECT open_matters, matters_by_type AS matters FROM attorneys WHERE id = $1',
      [atty.id],
    );
    expect(load).toEqual({ open_matters: 1, matters: [0, 0, 1, 0, 0, 0] });
  });

  it('moves the case back to seeking counsel on decline (reason required) and on withdraw', async () => {
    const { caseId } = await f.seekingCase();
    const atty = await f.attorney();
    const first = await f.offer(caseId, { attorneyId: atty.id }).expect(201);
    const noReason = await f.t
      .http()
      .post(`/offers/${first.body.id}/decline`)
      .set(atty.auth)
      .send({})
      .expect(400);
    expect(noReason.body.code).toBe('validation_failed');
    const declined = await f.t
      .http()
      .post(`/offers/${first.body.id}/decline`)
      .set(atty.auth)
      .send({ reason: '  At capacity until March  ' })
      .expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'At capacity until March' });
    expect(await f.caseStatus(caseId)).toBe('seeking_counsel');
    await eventually(
      () => outboxMessages(f.t, first.body.id).filter((m) => m.includes('Offer declined')),
      (m) => m.length === 1,
    );

    // The decliner is no longer a candidate; another attorney gets it, then the coordinator withdraws.
    const candidates = await f.candidates(caseId).expect(200);
    expect(candidates.body.items.map((c: { attorneyId: string }) => c.attorneyId)).not.toContain(atty.id);
    const again = await f.offer(caseId, { attorneyId: atty.id }).expect(422);
    expect(again.body).toMatchObject({
      code: 'attorney_ineligible',
      details: [{ code: 'declined_this_case' }],
    });
    const other = await f.attorney();
    const second = await f.offer(caseId, { attorneyId: other.id }).expect(201);
    expect(await f.caseStatus(caseId)).toBe('offered');
    const withdrawn = await f.t
      .http()
      .post(`/offers/${second.body.id}/withdraw`)
      .set(f.coordinator.auth)
      .send({ reason: 'family found counsel' })
      .expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawReason: 'family found counsel' });
    expect(await f.caseStatus(caseId)).toBe('seeking_counsel');
    await eventually(
      () => outboxMessages(f.t, 'Offer withdrawn').filter((m) => m.includes(other.email)),
      (m) => m.length === 1,
    );
  });

  it('offers to the next best candidate, skipping those who declined or hold the offer', async () => {
    const { caseId } = await f.seekingCase({ child: { primaryLanguage: 'mam', otherLanguages: [] } });
    const best = await f.attorney({ languages: [{ code: 'mam', proficiency: 'native' }] });
    const second = await f.attorney({ languages: [{ code: 'mam', proficiency: 'fluent' }] });
    const ranked = (await f.candidates(caseId).expect(200)).body.items.map(
      (c: { attorneyId: string }) => c.attorneyId,
    );
    expect(ranked.slice(0, 2)).toEqual([best.id, second.id]);
    const first = await f.offer(caseId, { next: true }).expect(201);
    expect(first.body).toMatchObject({ source: 'next_best', attorney: { id: best.id } });
    await f.t
      .http()
      .post(`/offers/${first.body.id}/decline`)
      .set(best.auth)
      .send({ reason: 'conflict of interest' })
      .expect(200);
    const next = await f.offer(caseId, { next: true }).expect(201);
    expect(next.body.attorney.id).toBe(second.id);
  });

  it('answers bad input with a stable 4xx code and changes nothing', async () => {
    const { caseId } = await f.seekingCase();
    const paused = await f.attorney();
    await f.t
      .http()
      .patch('/attorneys/me')
      .set(paused.auth)
      .send({ pausedUntil: new Date(Date.now() + 30 * 86_400_000).toISOString() })
      .expect(200);
    const full = await f.attorney({ capacity: 0 });
    const asylumOnly = await f.attorney({ practiceAreas: ['asylum'] });
    const elsewhere = await f.t.login('coordinator');
    const foreign = await f.attorney({}, elsewhere);
    const { caseId: intakeCase } = await f.seekingCase();
    await f.query(`UPDATE cases SET status = 'intake' WHERE id = $1`, [intakeCase]);
    const ok = await f.attorney();

    const before = await counts();
    const cases: [Record<string, unknown>, number, string, string?][] = [
      [{}, 422, 'offer_target_required'],
      [{ attorneyId: ok.id, next: true }, 422, 'offer_target_required'],
      [{ next: false }, 400, 'validation_failed'],
      [{ attorneyId: 'not-a-uuid' }, 400, 'validation_failed'],
      [{ attorneyId: paused.id }, 422, 'attorney_ineligible', 'attorney_paused'],
      [{ attorneyId: full.id }, 422, 'attorney_ineligible', 'attorney_at_capacity'],
      [{ attorneyId: asylumOnly.id }, 422, 'attorney_ineligible', 'case_type_not_practised'],
      [{ attorneyId: foreign.id }, 404, 'attorney_not_found'],
    ];
    for (const [body, status, code, detail] of cases) {
      const res = await f.offer(caseId, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      if (detail) expect(res.body.details.map((d: { code: string }) => d.code)).toContain(detail);
    }
    expect((await f.offer(intakeCase, { attorneyId: ok.id }).expect(409)).body.code).toBe(
      'case_not_seeking_counsel',
    );
    expect((await f.offer(caseId, { attorneyId: ok.id }, elsewhere.auth).expect(404)).body.code).toBe(
      'case_not_found',
    );
    expect(await counts()).toEqual(before);
    expect(await f.caseStatus(caseId)).toBe('seeking_counsel');

    // One pending offer per case (by default): a second one is refused until the first is answered.
    const offer = await f.offer(caseId, { attorneyId: ok.id }).expect(201);
    const second = await f.attorney();
    expect((await f.offer(caseId, { attorneyId: second.id }).expect(409)).body.code).toBe(
      'case_has_pending_offer',
    );

    // Someone else's offer is invisible; accept by the wrong attorney changes nothing.
    const afterOffer = await counts();
    expect(
      (await f.t.http().post(`/offers/${offer.body.id}/accept`).set(second.auth).expect(404)).body.code,
    ).toBe('offer_not_found');
    expect((await f.t.http().get(`/offers/${offer.body.id}`).set(second.auth).expect(404)).body.code).toBe(
      'offer_not_found',
    );
    expect(
      (await f.t.http().post(`/offers/${offer.body.id}/withdraw`).set(elsewhere.auth).send({}).expect(404))
        .body.code,
    ).toBe('offer_not_found');
    expect(await counts()).toEqual(afterOffer);

    // A withdrawn offer cannot be accepted or declined; withdrawing twice is refused.
    await f.t.http().post(`/offers/${offer.body.id}/withdraw`).set(f.coordinator.auth).send({}).expect(200);
    const afterWithdraw = await counts();
    expect(
      (await f.t.http().post(`/offers/${offer.body.id}/accept`).set(ok.auth).expect(409)).body.code,
    ).toBe('offer_withdrawn');
    expect(
      (
        await f.t
          .http()
          .post(`/offers/${offer.body.id}/decline`)
          .set(ok.auth)
          .send({ reason: 'x' })
          .expect(409)
      ).body.code,
    ).toBe('offer_withdrawn');
    expect(
      (
        await f.t
          .http()
          .post(`/offers/${offer.body.id}/withdraw`)
          .set(f.coordinator.auth)
          .send({})
          .expect(409)
      ).body.code,
    ).toBe('offer_withdrawn');
    expect(await counts()).toEqual(afterWithdraw);
    expect(await f.caseStatus(caseId)).toBe('seeking_counsel');
  });

  it('lets coordinators list their organization’s offers by case and status, and nobody else’s', async () => {
    const { caseId } = await f.seekingCase();
    const atty = await f.attorney();
    const offer = await f.offer(caseId, { attorneyId: atty.id }).expect(201);
    const mine = await f.t
      .http()
      .get('/offers')
      .query({ caseId, status: 'pending' })
      .set(f.coordinator.auth)
      .expect(200);
    expect(mine.body).toMatchObject({ total: 1, items: [{ id: offer.body.id, caseId }] });
    const other = await f.t.login('coordinator');
    const theirs = await f.t.http().get('/offers').query({ caseId }).set(other.auth).expect(200);
    expect(theirs.body.total).toBe(0);
    const admin = await f.t.login('admin');
    const all = await f.t.http().get('/offers').query({ caseId }).set(admin.auth).expect(200);
    expect(all.body.total).toBe(1);
  });

  it('withdraws pending offers when the coordinator closes the case', async () => {
    const { caseId } = await f.seekingCase();
    const atty = await f.attorney();
    const offer = await f.offer(caseId, { attorneyId: atty.id }).expect(201);
    await f.t
      .http()
      .post(`/cases/${caseId}/status`)
      .set(f.coordinator.auth)
      .send({ status: 'closed', reason: 'family moved abroad' })
      .expect(200);
    const after = await f.t.http().get(`/offers/${offer.body.id}`).set(f.coordinator.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'withdrawn', withdrawReason: 'the case is now closed' });
    expect(
      (await f.t.http().post(`/offers/${offer.body.id}/accept`).set(atty.auth).expect(409)).body.code,
    ).toBe('offer_withdrawn');
  });
});
