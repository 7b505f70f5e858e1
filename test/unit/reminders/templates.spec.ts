import fc from 'fast-check';
import {
  CATALOGS,
  renderCounselDeadlineReminder,
  renderCounselHearingReminder,
  renderFamilyDeadlineReminder,
  renderFamilyHearingReminder,
  renderStopConfirmation,
  resolveTemplateLanguage,
  TEMPLATE_LANGUAGES,
  type FamilyHearingReminderInput,
  type MessageCatalog,
  type TemplateLanguage,
} from '../../../src/reminders/templates';
import { placeholdersOf } from '../../../src/reminders/templates/message-text';
import { at } from './support';

const NY = 'America/New_York';

function familyInput(overrides: Partial<FamilyHearingReminderInput> = {}): FamilyHearingReminderInput {
  return {
    language: 'eng',
    audience: 'child',
    childFirstName: 'Ana',
    startsAt: at('2026-03-03T14:00:00Z'), // Tuesday, March 3, 2026, 9:00 AM EST
    courtZone: NY,
    recipientZone: NY,
    location: {
      kind: 'in_person',
      courtName: 'Broadway Immigration Court',
      address: '290 Broadway, New York, NY 10007',
    },
    stopUrl: 'https://amparo.example/unsubscribe/tok123',
    now: at('2026-02-28T15:00:00Z'),
    ...overrides,
  };
}

const EXPECTED: Record<
  TemplateLanguage,
  { when: string; dueDate: string; removal: string; today: string; tomorrow: string; inFiveDays: string }
> = {
  eng: {
    when: 'Tuesday, March 3, 2026, 9:00 AM Eastern Time (New York)',
    dueDate: 'Tuesday, March 10, 2026, Eastern Time (New York)',
    removal: 'order of removal',
    today: 'today',
    tomorrow: 'tomorrow',
    inFiveDays: 'in 5 days',
  },
  spa: {
    when: 'martes, 3 de marzo de 2026, 9:00 a.m., hora oriental (New York)',
    dueDate: 'martes, 10 de marzo de 2026, hora oriental (New York)',
    removal: 'orden de deportación',
    today: 'hoy',
    tomorrow: 'mañana',
    inFiveDays: 'en 5 días',
  },
  por: {
    when: 'terça-feira, 3 de março de 2026, 9:00, Horário do Leste (New York)',
    dueDate: 'terça-feira, 10 de março de 2026, Horário do Leste (New York)',
    removal: 'ordem de deportação',
    today: 'hoje',
    tomorrow: 'amanhã',
    inFiveDays: 'em 5 dias',
  },
  fra: {
    when: 'mardi 3 mars 2026, 9:00, heure de l’Est nord-américain (New York)',
    dueDate: 'mardi 10 mars 2026, heure de l’Est nord-américain (New York)',
    removal: "ordre d'expulsion",
    today: "aujourd'hui",
    tomorrow: 'demain',
    inFiveDays: 'dans 5 jours',
  },
  hat: {
    when: 'madi 3 mas 2026, a 9:00 nan maten, lè New York (Eastern Time)',
    dueDate: 'madi 10 mas 2026, lè New York (Eastern Time)',
    removal: 'lòd depòtasyon',
    today: 'jodi a',
    tomorrow: 'demen',
    inFiveDays: 'nan 5 jou',
  },
};

describe('message catalogs', () => {
  type Leaves = Map<string, string>;
  function leaves(value: unknown, path = '', out: Leaves = new Map()): Leaves {
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) leaves(child, path ? `${path}.${key}` : key, out);
    }
    return out;
  }
  // Date data differs by design (Intl or names); plural forms differ by language.
  const compared = (catalog: MessageCatalog) =>
    new Map(
      [...leaves(catalog)].filter(
        ([path]) => !path.startsWith('dates') && !path.startsWith('relativeDay.inDays'),
      ),
    );
  const english = compared(CATALOGS.eng);

  it('has the five required languages', () => {
    expect(TEMPLATE_LANGUAGES.sort()).toEqual(['eng', 'fra', 'hat', 'por', 'spa']);
  });

  it.each(TEMPLATE_LANGUAGES)('%s has every message, with the same placeholders as English', (language) => {
    const catalog = compared(CATALOGS[language]);
    expect([...catalog.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, message] of catalog) {
      if (path === 'language' || path === 'htmlLang') continue;
      expect({ path, placeholders: new Set(placeholdersOf(message)) }).toEqual({
        path,
        placeholders: new Set(placeholdersOf(english.get(path) ?? '')),
      });
      // No markup, and no apostrophe right before a brace (ICU would quote the placeholder away).
      expect({ path, stray: message.match(/[<>]|'\{/g) }).toEqual({ path, stray: null });
    }
    expect(CATALOGS[language].language).toBe(language);
  });
});

describe('resolveTemplateLanguage', () => {
  it.each(TEMPLATE_LANGUAGES)('%s has its own template', (language) => {
    expect(resolveTemplateLanguage(language)).toEqual({
      language,
      templateLanguage: language,
      callNeeded: false,
    });
  });

  it.each(['quc', 'mam', 'kjb', 'ixl', 'xyz'])(
    '%s (no written template) → Spanish and a call',
    (language) => {
      expect(resolveTemplateLanguage(language)).toEqual({
        language,
        templateLanguage: 'spa',
        callNeeded: true,
      });
    },
  );

  it('languages from outside Latin America do not get Spanish', () => {
    expect(resolveTemplateLanguage('prs')).toEqual({
      language: 'prs',
      templateLanguage: 'eng',
      callNeeded: true,
    });
    expect(resolveTemplateLanguage('wol')).toEqual({
      language: 'wol',
      templateLanguage: 'fra',
      callNeeded: true,
    });
  });

  it.each(['es', 'SP', 'ENG', 'Spanish', ''])(
    'refuses %j (not ISO 639-3; EOIR codes are never converted)',
    (code) => {
      expect(() => resolveTemplateLanguage(code)).toThrow(/not an ISO 639-3/);
    },
  );
});

describe('family hearing reminder', () => {
  it('matches the plain English wording, end to end', () => {
    const message = renderFamilyHearingReminder(familyInput());
    expect(message.subject).toBe('Reminder: your immigration court hearing is in 3 days');
    expect(message.text).toBe(
      [
        'Hi Ana. This is a reminder from Amparo.',
        'You have a hearing at immigration court in 3 days.',
        'When: Tuesday, March 3, 2026, 9:00 AM Eastern Time (New York)\n' +
          'Where: Broadway Immigration Court, 290 Broadway, New York, NY 10007',
        'You must go to this hearing. If you miss it, the judge can order you to leave the United States. ' +
          'This is called an order of removal. If something stops you from going, call your lawyer or legal helper right away.',
        'To stop these reminders, open this link: https://amparo.example/unsubscribe/tok123',
      ].join('\n\n'),
    );
    expect(message.html).toContain(
      '<a href="https://amparo.example/unsubscribe/tok123">https://amparo.example/unsubscribe/tok123</a>',
    );
    expect(message.html.startsWith('<div lang="en">')).toBe(true);
  });

  describe.each(TEMPLATE_LANGUAGES)('in %s', (language) => {
    it.each(['child', 'sponsor'] as const)(
      'to the %s: names the child, the court time with its zone, the stakes, the stop link',
      (audience) => {
        const message = renderFamilyHearingReminder(familyInput({ language, audience }));
        expect(message).toMatchObject({ language, templateLanguage: language, callNeeded: false });
        expect(message.text).toContain('Ana');
        expect(message.text).toContain(EXPECTED[language].when);
        expect(message.text).toContain('290 Broadway, New York, NY 10007');
        expect(message.text).toContain(EXPECTED[language].removal);
        expect(message.text).toContain('https://amparo.example/unsubscribe/tok123');
        expect(message.subject.length).toBeGreaterThan(10);
        expect(message.html).toContain(`lang="${CATALOGS[language].htmlLang}"`);
        if (audience === 'sponsor') expect(message.subject).toContain('Ana');
      },
    );

    it('says "tomorrow" and "today" on the recipient\'s calendar', () => {
      const tomorrow = renderFamilyHearingReminder(
        familyInput({ language, now: at('2026-03-03T04:30:00Z') }),
      ); // 23:30 EST Mar 2
      const today = renderFamilyHearingReminder(familyInput({ language, now: at('2026-03-03T12:00:00Z') }));
      const inFiveDays = renderFamilyHearingReminder(
        familyInput({ language, now: at('2026-02-26T12:00:00Z') }),
      );
      expect(tomorrow.text).toContain(EXPECTED[language].tomorrow);
      expect(today.text).toContain(EXPECTED[language].today);
      expect(inFiveDays.text).toContain(EXPECTED[language].inFiveDays);
    });
  });

  it("shows the time in the recipient's own zone too, when their clock differs (remote hearing after a move)", () => {
    const message = renderFamilyHearingReminder(
      familyInput({
        recipientZone: 'America/Los_Angeles',
        location: {
          kind: 'remote',
          instructions: 'Call the number on your notice.',
          joinUrl: 'https://webex.example/j/9',
        },
      }),
    );
    expect(message.text).toContain('When: Tuesday, March 3, 2026, 9:00 AM Eastern Time (New York)');
    expect(message.text).toContain(
      'In your time zone: Tuesday, March 3, 2026, 6:00 AM Pacific Time (Los Angeles)',
    );
    expect(message.text).toContain('Where: by video or phone. Call the number on your notice.');
    expect(message.html).toContain('<a href="https://webex.example/j/9">');
  });

  it.each([
    ['America/Detroit', NY, '2026-03-03T14:00:00Z'],
    ['America/Phoenix', 'America/Los_Angeles', '2026-07-07T16:00:00Z'], // both UTC−7 in summer
  ])('shows one time when %s and %s read the same clock', (recipientZone, courtZone, startsAt) => {
    const message = renderFamilyHearingReminder(
      familyInput({ recipientZone, courtZone, startsAt: at(startsAt), now: at('2026-03-01T00:00:00Z') }),
    );
    expect(message.text).not.toContain('In your time zone');
  });

  it('names Phoenix (no DST) and Honolulu zones', () => {
    const phoenix = renderFamilyHearingReminder(
      familyInput({
        courtZone: 'America/Phoenix',
        recipientZone: 'America/Phoenix',
        startsAt: at('2026-07-07T16:00:00Z'),
      }),
    );
    expect(phoenix.text).toContain('Tuesday, July 7, 2026, 9:00 AM Mountain Standard Time (Phoenix)');
    const honolulu = renderFamilyHearingReminder(familyInput({ recipientZone: 'Pacific/Honolulu' }));
    expect(honolulu.text).toContain(
      'Tuesday, March 3, 2026, 4:00 AM Hawaii-Aleutian Standard Time (Honolulu)',
    );
  });

  it("a K'iche' speaker gets the Spanish text, and the coordinator is told a call is needed", () => {
    const message = renderFamilyHearingReminder(familyInput({ language: 'quc', audience: 'sponsor' }));
    expect(message).toMatchObject({ language: 'quc', templateLanguage: 'spa', callNeeded: true });
    expect(message.text).toContain(EXPECTED.spa.when);
    expect(message.html).toContain('lang="es"');
  });

  it('carries no case details: no A-number, case type or case reference, even if the caller passes them', () => {
    const caseRecord = {
      aNumber: 'A-201-555-019',
      aNumberDigits: '201555019',
      caseType: 'asylum',
      caseReference: 'AMP-77',
    };
    for (const language of [...TEMPLATE_LANGUAGES, 'quc']) {
      for (const audience of ['child', 'sponsor'] as const) {
        const leaky = { ...caseRecord, ...familyInput({ language, audience }) };
        const hearing = renderFamilyHearingReminder(leaky);
        const deadline = renderFamilyDeadlineReminder({
          ...caseRecord,
          language,
          audience,
          childFirstName: 'Ana',
          topic: 'general',
          dueDate: '2026-03-10',
          courtZone: NY,
          stopUrl: 'https://amparo.example/u/1',
        });
        for (const message of [hearing, deadline]) {
          const all = `${message.subject}\n${message.text}\n${message.html}`;
          expect(all).not.toMatch(/201.?555.?019/);
          expect(all).not.toMatch(/asylum|AMP-77/i);
        }
      }
    }
  });

  it('refuses to render a hearing that is already past, or without a stop link', () => {
    expect(() => renderFamilyHearingReminder(familyInput({ now: at('2026-03-05T12:00:00Z') }))).toThrow(
      /already past/,
    );
    expect(() => renderFamilyHearingReminder(familyInput({ stopUrl: ' ' }))).toThrow(/Stop link is required/);
  });
});

describe('HTML escaping', () => {
  const hostile = `<script>alert("x")</script> & 'co'`;

  it('escapes every interpolated value in the HTML and leaves the text as written', () => {
    const message = renderFamilyHearingReminder(
      familyInput({
        childFirstName: hostile,
        location: {
          kind: 'remote',
          instructions: '<img src=x onerror=alert(1)>',
          joinUrl: 'javascript:alert(1)',
        },
      }),
    );
    expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    expect(message.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(message.html).not.toMatch(/<script|<img|href="javascript/i);
    expect(message.text).toContain(hostile);
  });

  it('escapes quotes inside link addresses', () => {
    const message = renderFamilyHearingReminder(
      familyInput({ stopUrl: 'https://amparo.example/u/"onmouseover="x' }),
    );
    expect(message.html).toContain('href="https://amparo.example/u/&quot;onmouseover=&quot;x"');
  });

  it('keeps subjects on one line', () => {
    const message = renderFamilyHearingReminder(
      familyInput({ audience: 'sponsor', childFirstName: 'Ana\r\nBcc: x@y.z' }),
    );
    expect(message.subject).not.toMatch(/[\r\n]/);
  });

  it('only ever emits its own tags, whatever the input (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => s.trim().length > 0),
        fc.string({ minLength: 1 }).filter((s) => s.trim().length > 0),
        fc.string(),
        fc.constantFrom(...TEMPLATE_LANGUAGES),
        (name, address, instructions, language) => {
          for (const location of [
            { kind: 'in_person' as const, courtName: address, address },
            { kind: 'remote' as const, instructions, joinUrl: `https://x.example/${instructions}` },
          ]) {
            const { html } = renderFamilyHearingReminder(
              familyInput({ language, childFirstName: name, location }),
            );
            const tags = html.match(/<[^>]*>?/g) ?? [];
            for (const tag of tags)
              expect(tag).toMatch(/^<(\/?(div|p|a)|br|div lang="[a-z]+"|a href="[^"<>]*")>$/);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('family deadline reminder', () => {
  it.each(TEMPLATE_LANGUAGES)(
    'change of address in %s: the due date with the court zone named',
    (language) => {
      for (const audience of ['child', 'sponsor'] as const) {
        const message = renderFamilyDeadlineReminder({
          language,
          audience,
          childFirstName: 'Ana',
          topic: 'change_of_address',
          dueDate: '2026-03-10',
          courtZone: NY,
          stopUrl: 'https://amparo.example/u/1',
        });
        expect(message.text).toContain(EXPECTED[language].dueDate);
        expect(message.text).toContain('EOIR-33');
        expect(message.text).toContain('https://amparo.example/u/1');
        if (audience === 'sponsor') expect(message.text).toContain('Ana');
      }
    },
  );

  it('a general deadline points the family to their lawyer, without filing mechanics', () => {
    const message = renderFamilyDeadlineReminder({
      language: 'eng',
      audience: 'child',
      childFirstName: 'Ana',
      topic: 'general',
      dueDate: '2026-03-10',
      courtZone: 'America/Chicago',
      stopUrl: 'https://amparo.example/u/1',
    });
    expect(message.text).toContain(
      'There is an important date in your immigration case: Tuesday, March 10, 2026, Central Time (Chicago).',
    );
    expect(message.text).not.toContain('EOIR');
  });
});

describe('counsel reminders', () => {
  const counselHearing = {
    childName: 'Ana López',
    courtName: 'New York - Broadway',
    caseReference: 'AMP-2026-0012',
    caseUrl: 'https://amparo.example/cases/12',
    startsAt: at('2026-03-03T14:00:00Z'),
    courtZone: NY,
    recipientZone: NY,
    location: { kind: 'in_person' as const, courtName: 'New York - Broadway', address: '290 Broadway' },
    stopUrl: 'https://amparo.example/u/att',
    now: at('2026-02-24T14:00:00Z'),
  };

  it('include the case details', () => {
    const message = renderCounselHearingReminder({
      ...counselHearing,
      language: 'eng',
      hearingType: 'master',
    });
    expect(message.subject).toBe('Hearing in 7 days: Ana López, New York - Broadway');
    for (const detail of [
      'Client: Ana López',
      'Court: New York - Broadway',
      'Hearing type: master calendar hearing',
      'When: Tuesday, March 3, 2026, 9:00 AM Eastern Time (New York)',
      'Case reference: AMP-2026-0012',
      'Open the case: https://amparo.example/cases/12',
    ]) {
      expect(message.text).toContain(detail);
    }
    expect(message.html).toContain('<a href="https://amparo.example/cases/12">');
  });

  it.each(TEMPLATE_LANGUAGES)('render in %s, with unknown hearing types shown as given', (language) => {
    const message = renderCounselHearingReminder({ ...counselHearing, language, hearingType: 'bond' });
    expect(message.text).toContain(EXPECTED[language].when);
    expect(message.text).toContain('AMP-2026-0012');
    expect(message.text).toContain('bond');
    const deadline = renderCounselDeadlineReminder({
      language,
      childName: 'Ana López',
      ruleTitle: 'Filings before a master calendar hearing',
      dueDate: '2026-03-10',
      courtZone: NY,
      courtName: 'New York - Broadway',
      caseReference: 'AMP-2026-0012',
      caseUrl: 'https://amparo.example/cases/12',
      stopUrl: 'https://amparo.example/u/att',
    });
    expect(deadline.text).toContain(EXPECTED[language].dueDate);
    expect(deadline.subject).toContain('Filings before a master calendar hearing');
  });
});

describe('stop confirmation', () => {
  it.each(TEMPLATE_LANGUAGES)(
    'in %s, says which channel stopped and that court dates still count',
    (language) => {
      const sms = renderStopConfirmation({ language, audience: 'family', channel: 'sms' });
      const email = renderStopConfirmation({ language, audience: 'family', channel: 'email' });
      expect(sms.text).not.toBe(email.text);
      expect(sms.text).toContain(CATALOGS[language].stopConfirmation.familyNote);
      expect(sms.subject).toBe(CATALOGS[language].stopConfirmation.subject);
      const counsel = renderStopConfirmation({ language, audience: 'counsel', channel: 'email' });
      expect(counsel.text).toContain(CATALOGS[language].stopConfirmation.counselNote);
    },
  );
});
