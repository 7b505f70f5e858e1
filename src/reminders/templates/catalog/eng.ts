import type { MessageCatalog } from './types';

const stop = 'To stop these reminders, open this link: {stopUrl}';

export const eng: MessageCatalog = {
  language: 'eng',
  htmlLang: 'en',
  dates: { kind: 'intl', locale: 'en-US' },
  patterns: {
    dateTime: '{date}, {time} {zone}',
    zone: '{zoneName} ({city})',
    dateWithZone: '{date}, {zone}',
  },
  relativeDay: '{days, plural, =0 {today} =1 {tomorrow} one {in # day} other {in # days}}',
  labels: {
    when: 'When: {when}',
    whereInPerson: 'Where: {courtName}, {address}',
    whereRemote: 'Where: by video or phone. {instructions}',
    joinLink: 'Link to join: {link}',
  },
  familyHearing: {
    child: {
      subject: 'Reminder: your immigration court hearing is {relative}',
      greeting: 'Hi {name}. This is a reminder from Amparo.',
      hearing: 'You have a hearing at immigration court {relative}.',
      whenLocal: 'In your time zone: {whenLocal}',
      mustAttend:
        'You must go to this hearing. If you miss it, the judge can order you to leave the United States. ' +
        'This is called an order of removal. If something stops you from going, call your lawyer or legal helper right away.',
      stop,
    },
    sponsor: {
      subject: 'Reminder: {name} has an immigration court hearing {relative}',
      greeting: 'Hello. This is a reminder from Amparo.',
      hearing: '{name} has a hearing at immigration court {relative}.',
      whenLocal: 'In your time zone: {whenLocal}',
      mustAttend:
        '{name} must go to this hearing. If {name} misses it, the judge can order {name} to leave the United States. ' +
        'This is called an order of removal. Please help {name} get there on time. ' +
        'If something stops {name} from going, call the lawyer or legal helper right away.',
      stop,
    },
  },
  familyDeadline: {
    child: {
      subject: 'Reminder: an important date in your immigration case',
      greeting: 'Hi {name}. This is a reminder from Amparo.',
      changeOfAddress:
        'Your address changed. You must give the immigration court your new address by {date}.',
      changeOfAddressWhy:
        'The court sends letters about your hearings to this address. If the address is wrong, you might not hear about a hearing.',
      changeOfAddressHelp: 'Your lawyer or legal helper can help you fill in the form (EOIR-33).',
      general: 'There is an important date in your immigration case: {date}.',
      generalHelp: 'Your lawyer or legal helper will tell you what to do. If you have questions, call them.',
      stop,
    },
    sponsor: {
      subject: 'Reminder: an important date for {name}',
      greeting: 'Hello. This is a reminder from Amparo.',
      changeOfAddress:
        "{name}'s address changed. The immigration court must get {name}'s new address by {date}.",
      changeOfAddressWhy:
        'The court sends letters about hearings to this address. If the address is wrong, {name} might not hear about a hearing.',
      changeOfAddressHelp: 'The lawyer or legal helper can help fill in the form (EOIR-33).',
      general: "There is an important date in {name}'s immigration case: {date}.",
      generalHelp: 'The lawyer or legal helper will tell you what to do. If you have questions, call them.',
      stop,
    },
  },
  counsel: {
    hearingSubject: 'Hearing {relative}: {childName}, {courtName}',
    hearingIntro: 'You have a hearing {relative} for your client {childName}.',
    client: 'Client: {childName}',
    court: 'Court: {courtName}',
    hearingType: 'Hearing type: {hearingType}',
    whenLocal: 'Your time: {whenLocal}',
    caseReference: 'Case reference: {caseReference}',
    caseLink: 'Open the case: {caseUrl}',
    deadlineSubject: 'Deadline: {ruleTitle} ({childName})',
    deadlineIntro: 'A deadline is coming up for your client {childName}.',
    deadline: 'Deadline: {ruleTitle}',
    due: 'Due: {date}',
    stop: 'To stop these reminders: {stopUrl}',
    hearingTypes: { master: 'master calendar hearing', individual: 'individual (merits) hearing' },
  },
  stopConfirmation: {
    subject: 'Amparo reminders stopped',
    stoppedEmail: 'You will not get any more Amparo reminders at this email address.',
    stoppedSms: 'You will not get any more Amparo reminders at this phone number.',
    familyNote:
      'This does not cancel any court hearing. Every court date still counts. ' +
      'If you have questions, call your lawyer or legal helper.',
    counselNote: 'Hearings and deadlines are still listed in Amparo and in your calendar feed.',
  },
  stopPage: {
    confirmTitle: 'Stop Amparo reminders?',
    confirmEmail: 'Amparo sends reminders of court dates to this email address. Do you want to stop them?',
    confirmSms: 'Amparo sends reminders of court dates to this phone number. Do you want to stop them?',
    confirmNote:
      'Nothing changes unless you press the button. Court dates still count, with or without reminders.',
    stopButton: 'Yes, stop reminders',
    restartOffer: 'Changed your mind? You can turn reminders back on at any time.',
    restartButton: 'Turn reminders back on',
    restartedTitle: 'Amparo reminders are back on',
    restartedEmail: 'You will get Amparo reminders at this email address again.',
    restartedSms: 'You will get Amparo reminders at this phone number again.',
  },
};
