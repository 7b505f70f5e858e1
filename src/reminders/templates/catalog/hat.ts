import type { MessageCatalog } from './types';

// Haitian Creole (Kreyòl ayisyen). ICU has no Haitian date data, so day and month names are here, and
// zones are named by city with the English name the family also sees on court papers.
const stop = 'Pou ou pa resevwa rapèl sa yo ankò, louvri lyen sa a: {stopUrl}';

export const hat: MessageCatalog = {
  language: 'hat',
  htmlLang: 'ht',
  dates: {
    kind: 'names',
    weekdays: ['dimanch', 'lendi', 'madi', 'mèkredi', 'jedi', 'vandredi', 'samdi'],
    months: [
      'janvye',
      'fevriye',
      'mas',
      'avril',
      'me',
      'jen',
      'jiyè',
      'out',
      'septanm',
      'oktòb',
      'novanm',
      'desanm',
    ],
    date: '{weekday} {day} {month} {year}',
    time: { morning: '{time} nan maten', afternoon: '{time} nan apremidi', evening: '{time} nan aswè' },
    zoneNameLocale: 'en-US',
  },
  patterns: {
    dateTime: '{date}, a {time}, {zone}',
    zone: 'lè {city} ({zoneName})',
    dateWithZone: '{date}, {zone}',
  },
  relativeDay: '{days, plural, =0 {jodi a} =1 {demen} other {nan # jou}}',
  labels: {
    when: 'Ki lè: {when}',
    whereInPerson: 'Ki kote: {courtName}, {address}',
    whereRemote: 'Ki kote: pa videyo oswa pa telefòn. {instructions}',
    joinLink: 'Lyen pou antre: {link}',
  },
  familyHearing: {
    child: {
      subject: 'Rapèl: ou gen yon odyans nan tribinal imigrasyon {relative}',
      greeting: 'Bonjou {name}. Sa a se yon rapèl ki soti nan Amparo.',
      hearing: 'Ou gen yon odyans nan tribinal imigrasyon {relative}.',
      whenLocal: 'Dapre lè kote ou ye a: {whenLocal}',
      mustAttend:
        'Ou dwe ale nan odyans sa a. Si ou pa ale, jij la ka bay lòd pou ou kite Etazini. ' +
        'Yo rele sa yon lòd depòtasyon. Si yon bagay anpeche ou ale, rele avoka ou oswa moun ' +
        'k ap ede ou ak dosye ou a touswit.',
      stop,
    },
    sponsor: {
      subject: 'Rapèl: {name} gen yon odyans nan tribinal imigrasyon {relative}',
      greeting: 'Bonjou. Sa a se yon rapèl ki soti nan Amparo.',
      hearing: '{name} gen yon odyans nan tribinal imigrasyon {relative}.',
      whenLocal: 'Dapre lè kote ou ye a: {whenLocal}',
      mustAttend:
        '{name} dwe ale nan odyans sa a. Si {name} pa ale, jij la ka bay lòd pou {name} kite Etazini. ' +
        'Yo rele sa yon lòd depòtasyon. Tanpri ede {name} rive alè. Si yon bagay anpeche {name} ale, ' +
        'rele avoka a oswa moun k ap ede ak dosye a touswit.',
      stop,
    },
  },
  familyDeadline: {
    child: {
      subject: 'Rapèl: yon dat enpòtan nan dosye imigrasyon ou',
      greeting: 'Bonjou {name}. Sa a se yon rapèl ki soti nan Amparo.',
      changeOfAddress:
        'Adrès ou chanje. Ou dwe bay tribinal imigrasyon an nouvo adrès ou pa pita pase {date}.',
      changeOfAddressWhy:
        'Tribinal la voye lèt sou odyans ou yo nan adrès sa a. Si adrès la pa bon, ou ka pa konnen lè ou gen yon odyans.',
      changeOfAddressHelp: 'Avoka ou oswa moun k ap ede ou ak dosye ou a ka ede ou ranpli fòm nan (EOIR-33).',
      general: 'Gen yon dat enpòtan nan dosye imigrasyon ou: {date}.',
      generalHelp:
        'Avoka ou oswa moun k ap ede ou ak dosye ou a ap di ou sa pou ou fè. Si ou gen kesyon, rele yo.',
      stop,
    },
    sponsor: {
      subject: 'Rapèl: yon dat enpòtan pou {name}',
      greeting: 'Bonjou. Sa a se yon rapèl ki soti nan Amparo.',
      changeOfAddress:
        'Adrès {name} chanje. Tribinal imigrasyon an dwe resevwa nouvo adrès {name} pa pita pase {date}.',
      changeOfAddressWhy:
        'Tribinal la voye lèt sou odyans yo nan adrès sa a. Si adrès la pa bon, {name} ka pa konnen lè li gen yon odyans.',
      changeOfAddressHelp: 'Avoka a oswa moun k ap ede ak dosye a ka ede ranpli fòm nan (EOIR-33).',
      general: 'Gen yon dat enpòtan nan dosye imigrasyon {name}: {date}.',
      generalHelp: 'Avoka a oswa moun k ap ede ak dosye a ap di ou sa pou ou fè. Si ou gen kesyon, rele yo.',
      stop,
    },
  },
  counsel: {
    hearingSubject: 'Odyans {relative}: {childName}, {courtName}',
    hearingIntro: 'Ou gen yon odyans {relative} pou kliyan ou {childName}.',
    client: 'Kliyan: {childName}',
    court: 'Tribinal: {courtName}',
    hearingType: 'Kalite odyans: {hearingType}',
    whenLocal: 'Lè pa ou: {whenLocal}',
    caseReference: 'Referans dosye: {caseReference}',
    caseLink: 'Louvri dosye a: {caseUrl}',
    deadlineSubject: 'Dat limit: {ruleTitle} ({childName})',
    deadlineIntro: 'Gen yon dat limit k ap vini pou kliyan ou {childName}.',
    deadline: 'Dat limit: {ruleTitle}',
    due: 'Dènye jou: {date}',
    stop: 'Pou sispann rapèl sa yo: {stopUrl}',
    hearingTypes: {
      master: 'odyans preliminè (master calendar)',
      individual: 'odyans endividyèl (individual/merits)',
    },
  },
  stopConfirmation: {
    subject: 'Rapèl Amparo yo sispann',
    stoppedEmail: 'Ou p ap resevwa rapèl Amparo ankò nan adrès imèl sa a.',
    stoppedSms: 'Ou p ap resevwa rapèl Amparo ankò nan nimewo telefòn sa a.',
    familyNote:
      'Sa pa anile okenn odyans. Tout dat tribinal yo toujou valab. ' +
      'Si ou gen kesyon, rele avoka ou oswa moun k ap ede ou ak dosye a.',
    counselNote: 'Odyans yo ak dat limit yo toujou nan Amparo ak nan kalandriye ou.',
  },
  stopPage: {
    confirmTitle: 'Sispann rapèl Amparo yo?',
    confirmEmail:
      'Amparo voye rapèl pou dat tribinal yo nan adrès imèl sa a. Èske ou vle sispann resevwa yo?',
    confirmSms:
      'Amparo voye rapèl pou dat tribinal yo nan nimewo telefòn sa a. Èske ou vle sispann resevwa yo?',
    confirmNote:
      'Anyen pa chanje si ou pa peze bouton an. Dat tribinal yo toujou valab, avèk oswa san rapèl.',
    stopButton: 'Wi, sispann rapèl yo',
    restartOffer: 'Ou chanje lide? Ou ka remete rapèl yo nenpòt ki lè.',
    restartButton: 'Remete rapèl yo',
    restartedTitle: 'Rapèl Amparo yo remete',
    restartedEmail: 'W ap resevwa rapèl Amparo ankò nan adrès imèl sa a.',
    restartedSms: 'W ap resevwa rapèl Amparo ankò nan nimewo telefòn sa a.',
  },
};
